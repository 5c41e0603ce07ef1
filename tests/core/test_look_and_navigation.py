"""Status badge families, the navigation groups and the breadcrumbs."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.urls import reverse

from koers.advice.models import Status as AdviceStatus
from koers.core.navigation import GUEST_GROUPS, MEMBER_GROUPS, navigation
from koers.core.status import FAMILIES, STATUS_FAMILY, status_family
from koers.governance.models import Nomination, Vacancy
from koers.meetings.models import Meeting
from koers.polls.models import PollState
from koers.portfolio.models import Project

STATE_CHOICES = {
    "project": Project.Status,
    "poll": PollState,
    "meeting": Meeting.Status,
    "advice": AdviceStatus,
    "vacancy": Vacancy.Status,
    "nomination": Nomination.Status,
}


@pytest.mark.parametrize("model", STATE_CHOICES, ids=list(STATE_CHOICES))
def test_every_state_has_a_family(model):
    choices = STATE_CHOICES[model]
    missing = [value for value in choices.values if value not in STATUS_FAMILY]
    assert missing == []
    assert {status_family(value) for value in choices.values} <= set(FAMILIES)


def test_one_family_per_kind_of_state_across_the_models():
    assert [status_family(v) for v in Project.Status.values] == ["neutral", "neutral", "active", "success", "inactive"]
    assert [status_family(v) for v in PollState.values] == ["neutral", "neutral", "active", "inactive"]
    assert [status_family(v) for v in Meeting.Status.values] == ["neutral", "active", "inactive", "danger"]
    assert [status_family(v) for v in AdviceStatus.values] == [
        "neutral",
        "active",
        "neutral",
        "warning",
        "active",
        "success",
        "active",
        "success",
        "inactive",
    ]
    assert status_family("onbekend") == "neutral"


def test_status_badge_renders_the_family_and_the_label():
    html = Template("{% load koers %}{% status_badge 'geannuleerd' 'Geannuleerd' %}").render(Context())
    assert html.strip() == (
        '<span class="utrecht-status-badge utrecht-status-badge--danger status-badge" data-status="geannuleerd">'
        "Geannuleerd</span>"
    )


def test_status_badge_escapes_the_value_and_the_label():
    html = Template("{% load koers %}{% status_badge value label %}").render(
        Context({"value": '"><b>', "label": "<script>x</script>"})
    )
    assert html == (
        '<span class="utrecht-status-badge utrecht-status-badge--neutral status-badge" '
        'data-status="&quot;&gt;&lt;b&gt;">&lt;script&gt;x&lt;/script&gt;</span>'
    )


def test_status_family_filter_for_a_badge_with_its_own_label():
    template = Template("{% load koers %}{{ 'verkiezing'|status_family }} {{ 'bevestigd'|status_family }}")
    html = template.render(Context())
    assert html == "active success"


def labels(groups):
    return [group.label for group in groups]


def test_guests_see_three_groups_without_the_member_pages():
    groups = navigation(AnonymousUser(), "roadmap", "reference-list")
    assert labels(groups) == ["Roadmap", "Thema's", "Adviezen"]
    assert [(link.label, link.current) for link in groups[0].links] == [("Landelijk", ""), ("Referentielijst", "page")]
    assert [group.current for group in groups] == [True, False, False]


def test_a_member_sees_six_groups_and_no_administration(member):
    groups = navigation(member, "calls", "call-detail")
    assert labels(groups) == ["Portfolio", "Roadmap", "Peilingen", "Bijeenkomsten", "Adviezen", "Netwerk"]
    polls = groups[2]
    assert polls.current is True
    assert polls.url == reverse("polls:poll-list")
    assert [(link.label, link.url, link.current) for link in polls.links] == [
        ("Peilingen", reverse("polls:poll-list"), ""),
        ("Oproepen", reverse("calls:call-list"), "true"),
    ]
    assert [group.key for group in groups if group.current] == ["polls"]


def test_the_steering_group_sees_the_administration_group_as_seventh(steering):
    groups = navigation(steering, "accounts", "membership-request-detail")
    assert len(groups) == 7
    admin = groups[-1]
    assert (admin.label, admin.current) == ("Beheer", True)
    assert [(link.label, link.current) for link in admin.links] == [("Aanvragen", "true"), ("Auditlog", "")]


def test_a_filtered_page_marks_its_own_link(member):
    advice = navigation(member, "advice", "advice-list", "mijn=1")[4]
    assert [(link.label, link.current) for link in advice.links] == [
        ("Alle adviezen", ""),
        ("Mijn werkgroepen", "page"),
        ("Transparantie", ""),
    ]
    advice = navigation(member, "advice", "advice-list", "")[4]
    assert [link.current for link in advice.links] == ["page", "", ""]


def test_a_page_without_a_link_of_its_own_is_under_the_first_page_of_its_group(member):
    portfolio = navigation(member, "portfolio", "project-create")[0]
    assert (portfolio.current, [link.current for link in portfolio.links]) == (True, ["true", "", "", ""])
    assert navigation(member, "accounts", "profile")[0].current is False


def test_at_most_seven_groups():
    assert len(MEMBER_GROUPS) <= 7
    assert len(GUEST_GROUPS) <= 7


def test_breadcrumbs_tag_from_url_names_objects_and_a_label(member):
    class Thing:
        def __str__(self):
            return "Het project"

        def get_absolute_url(self):
            return "/portfolio/projecten/7/"

    html = Template("{% load koers %}{% breadcrumbs 'portfolio:project-list' thing 'Bewerken' %}").render(
        Context({"thing": Thing()})
    )
    assert 'aria-label="Kruimelpad"' in html
    items = [part.split("</li>")[0] for part in html.split('<li class="utrecht-breadcrumb-nav__item">')[1:]]
    assert items == [
        '<a class="utrecht-link utrecht-breadcrumb-nav__link" href="/">Start</a>',
        '<a class="utrecht-link utrecht-breadcrumb-nav__link" href="/portfolio/">Projecten</a>',
        '<a class="utrecht-link utrecht-breadcrumb-nav__link" href="/portfolio/projecten/7/">Het project</a>',
        '<a class="utrecht-link utrecht-breadcrumb-nav__link utrecht-breadcrumb-nav__link--current" '
        'aria-current="page">Bewerken</a>',
    ]


def test_breadcrumbs_tag_leaves_out_an_object_that_does_not_exist_yet():
    html = Template("{% load koers %}{% breadcrumbs 'polls:poll-list' poll 'Nieuwe peiling' %}").render(
        Context({"poll": None})
    )
    assert html.count('<li class="utrecht-breadcrumb-nav__item">') == 3
    assert ">Peilingen</a>" in html
    assert 'aria-current="page">Nieuwe peiling</a>' in html


def crumbs(response) -> list[str]:
    html = response.content.decode()
    if 'aria-label="Kruimelpad"' not in html:
        return []
    nav = html.split('aria-label="Kruimelpad"')[1].split("</nav>")[0]
    return [part.split(">", 1)[1].split("</a>")[0] for part in nav.split('<a class="utrecht-link')[1:]]


def test_pages_below_the_top_level_get_breadcrumbs_and_top_pages_none(member_client, member):
    project = Project.objects.create(institution=member.institution, title="Website vernieuwen")
    assert crumbs(member_client.get(reverse("polls:poll-list"))) == []
    assert crumbs(member_client.get(reverse("dashboard:home"))) == []
    assert crumbs(member_client.get(reverse("polls:poll-create"))) == ["Start", "Peilingen", "Geen toegang"]
    assert crumbs(member_client.get(reverse("portfolio:project-create"))) == ["Start", "Projecten", "Nieuw project"]
    assert crumbs(member_client.get(reverse("portfolio:project-edit", args=[project.pk]))) == [
        "Start",
        "Projecten",
        "Website vernieuwen",
        "Project bewerken",
    ]
    assert crumbs(member_client.get(reverse("notifications:preferences"))) == [
        "Start",
        "Meldingen",
        "Meldingsinstellingen",
    ]
    assert crumbs(member_client.get(reverse("members:consent"))) == [
        "Start",
        "Mijn profiel",
        "Wat deel ik met het netwerk?",
    ]
    assert crumbs(member_client.get(reverse("members:institution-detail", args=[member.institution.slug]))) == [
        "Start",
        "Instellingen",
        member.institution.name,
    ]


def test_the_header_has_the_user_menu_with_the_unread_count(member_client, member):
    from koers.notifications.models import Kind, Notification

    html = member_client.get(reverse("dashboard:home")).content.decode()
    assert "ongelezen" not in html
    Notification.objects.create(user=member, kind=Kind.ADVICE, subject="Nieuw advies", url="/")
    html = member_client.get(reverse("dashboard:home")).content.decode()
    assert '<details class="user-menu">' in html
    assert 'class="utrecht-badge-counter counter">1<span class="visually-hidden"> ongelezen meldingen</span>' in html
    assert html.count('aria-label="Hoofdmenu"') == 2  # wide and narrow; one is hidden by the stylesheet
