"""The theme hub, the institution hub and member profiles: what each role sees, and never an unconsented field."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from koers.documents.services import document_create
from koers.hubs.views import HUB_COLLEGE_PROJECTS, HUB_EXPERTS, HUB_PROJECTS
from koers.members.models import SharedField
from koers.members.selectors import member_card
from koers.portfolio.models import Project
from koers.roadmap.models import Ambition, PlanItem

from ..advice.conftest import make_advice
from ..factories import ThemeFactory, UserFactory, make_steering, share
from ..meetings.conftest import make_meeting
from ..polls.conftest import make_poll

pytestmark = pytest.mark.django_db


@pytest.fixture
def theme(institution, member, steering):
    theme = ThemeFactory(name="Datagedreven sturen", slug="datagedreven-sturen")
    Project.objects.create(institution=institution, title="Dashboard onderwijs", contact=member).themes.add(theme)
    Ambition.objects.create(
        institution=institution, theme=theme, start_year=timezone.localdate().year + 1, start_half=1
    )
    PlanItem.objects.create(title="Verkenning datastrategie", theme=theme, year=2027, rank=1)
    make_meeting(days=10, theme=theme, title="Datadag")
    make_poll(title="Welke datastandaard?", theme=theme)
    make_advice(actor=steering, title="Gedeelde datadefinities", themes=[theme], target_year=2027, target_quarter=3)
    member.expertise.add(theme)
    share(member, "expertise")
    return theme


def sections(html: str) -> list[str]:
    return re.findall(r'<section id="([a-z-]+)"', html)


def test_guests_see_the_public_sections_of_a_theme(client, theme):
    response = client.get(reverse("themes:theme-detail", args=[theme.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert sections(html) == ["verwant", "roadmap", "plan", "referentielijst", "adviezen", "documenten"]
    assert "Gedeelde datadefinities" in html and "Q3 2027" in html
    for members_only in ("Dashboard onderwijs", "Datadag", "Welke datastandaard?", "Gerda Visser", "Verkenning"):
        assert members_only not in html


def test_members_see_every_section_of_a_theme(member_client, theme, member, institution):
    response = member_client.get(reverse("themes:theme-detail", args=[theme.slug]))
    html = response.content.decode()
    assert sections(html) == [
        "verwant",
        "instellingen",
        "roadmap",
        "plan",
        "referentielijst",
        "bijeenkomsten",
        "peilingen",
        "adviezen",
        "documenten",
        "experts",
    ]
    assert [(c.institution.name, [p.title for p in c.projects], c.count) for c in response.context["colleges"]()] == [
        ("Horizon College", ["Dashboard onderwijs"], 1)
    ]
    assert [m.title for m in response.context["meetings"]()["upcoming"]] == ["Datadag"]
    assert [p.title for p in response.context["polls"]] == ["Welke datastandaard?"]
    assert [p.title for p in response.context["plan_items"]()] == ["Verkenning datastrategie"]
    assert [c.full_name for c in response.context["experts"]()["cards"]] == ["Gerda Visser"]
    assert f'<a href="/leden/{member.pk}/">Gerda Visser</a>' in html


def test_a_busy_theme_names_a_few_projects_and_experts_and_links_to_all(member_client, institution):
    theme = ThemeFactory(name="Druk thema", slug="druk-thema")
    for n in range(HUB_COLLEGE_PROJECTS + 2):
        Project.objects.create(institution=institution, title=f"Project {n}").themes.add(theme)
    for n in range(HUB_EXPERTS + 1):
        expert = UserFactory(full_name=f"Expert {n:02}", institution=institution)
        expert.expertise.add(theme)
        share(expert, SharedField.EXPERTISE)
    response = member_client.get(reverse("themes:theme-detail", args=[theme.slug]))
    html = response.content.decode()
    assert [len(c.projects) for c in response.context["colleges"]()] == [HUB_COLLEGE_PROJECTS]
    assert '<a href="/portfolio/?theme=druk-thema&amp;institution=horizon-college">en nog 2 projecten</a>' in html
    assert len(response.context["experts"]()["cards"]) == HUB_EXPERTS
    assert f'<a href="/leden/?theme=druk-thema">Alle {HUB_EXPERTS + 1} leden met deze expertise</a>' in html
    assert "1 instelling werkt aan dit thema." in html


def test_an_empty_theme_says_so_per_section(member_client):
    theme = ThemeFactory()
    html = member_client.get(reverse("themes:theme-detail", args=[theme.slug])).content.decode()
    for empty in (
        "Nog geen instelling heeft een project op dit thema.",
        "Nog geen instelling heeft een ambitie op dit thema in de roadmap gezet.",
        "Het meerjarenplan heeft nog niets op dit thema.",
        "De referentielijst heeft nog niets op dit thema.",
        "Geen komende bijeenkomsten op dit thema.",
        "Geen peilingen op dit thema.",
        "Nog geen adviezen op dit thema.",
        "Nog geen documenten op dit thema.",
        "Nog geen leden die deze expertise delen.",
    ):
        assert empty in html


def test_the_institution_hub_shows_projects_roadmap_and_participation(member_client, institution, theme):
    response = member_client.get(reverse("members:institution-detail", args=[institution.slug]))
    html = response.content.decode()
    assert [p.title for p in response.context["projects"]()["rows"]] == ["Dashboard onderwijs"]
    row = next(r for r in response.context["roadmap"]() if r.theme == theme)
    assert (row.colleges, row.ambition.start_half) == (1, 1)
    assert response.context["meetings_attended"] == 0 and response.context["polls_answered"] == 0
    assert sections(html) == ["leden", "projecten", "roadmap", "referentielijst", "functies", "deelname"]


def test_a_large_college_hub_lists_the_first_projects_and_links_to_all(member_client, institution):
    Project.objects.bulk_create(
        [Project(institution=institution, title=f"Project {n:02d}", status="lopend") for n in range(HUB_PROJECTS + 2)]
    )
    response = member_client.get(reverse("members:institution-detail", args=[institution.slug]))
    shown = [p.title for p in response.context["projects"]()["rows"]]
    assert shown == [f"Project {n:02d}" for n in range(HUB_PROJECTS)]
    assert response.context["projects"]()["count"] == HUB_PROJECTS + 2
    address = f"{reverse('portfolio:project-list')}?institution={institution.slug}"
    link = f'<a href="{address}">Alle 17 projecten in het portfolio</a>'
    assert link in response.content.decode()


def test_a_small_college_hub_lists_every_project_without_the_link(member_client, institution):
    Project.objects.create(institution=institution, title="Enig project", status="idee")
    html = member_client.get(reverse("members:institution-detail", args=[institution.slug])).content.decode()
    assert "Enig project" in html
    assert "projecten in het portfolio" not in html


def test_guests_do_not_open_hubs_of_institutions_or_profiles(client, institution, member):
    assert client.get(reverse("members:institution-detail", args=[institution.slug])).status_code == 302
    assert client.get(reverse("members:profile", args=[member.pk])).status_code == 302


def test_a_member_who_shares_nothing_has_a_page_with_name_and_institution(client_for, member, other_member):
    response = client_for(other_member).get(reverse("members:profile", args=[member.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Gerda Visser" in html and "Horizon College" in html
    assert "Dit lid deelt geen contactgegevens met het netwerk." in html
    assert "gerda@horizon.example" not in html


def test_the_profile_shows_positions_and_projects_the_member_is_contact_for(client_for, member, other_member):
    make_steering(member)
    Project.objects.create(institution=member.institution, title="Studentenportaal", contact=member)
    response = client_for(other_member).get(reverse("members:profile", args=[member.pk]))
    profile = response.context["profile"]()
    assert [p.get_kind_display() for p in profile["positions"]] == ["Lid regiegroep"]
    assert [p.title for p in profile["projects"]] == ["Studentenportaal"]


@pytest.mark.parametrize("field", SharedField.values)
def test_the_profile_shows_a_field_only_with_consent(client_for, member, other_member, field):
    theme = ThemeFactory(name="Cloudexpertise")
    member.phone, member.job_title = "06-12345678", "Informatiemanager"
    member.save()
    member.expertise.add(theme)
    values = {
        "email": "gerda@horizon.example",
        "phone": "06-12345678",
        "job_title": "Informatiemanager",
        "expertise": "Cloudexpertise",
    }
    url = reverse("members:profile", args=[member.pk])
    before = client_for(other_member).get(url).content.decode()
    assert not [name for name, value in values.items() if value in before]
    share(member, field)
    after = client_for(other_member).get(url).content.decode()
    assert [name for name, value in values.items() if value in after] == [field]


def test_former_and_erased_members_have_no_profile(client_for, member):
    former = UserFactory(full_name="Oud Lid", is_active=False)
    erased = UserFactory(full_name="Gewist Lid", anonymised_at=timezone.now())
    for user in (former, erased):
        assert client_for(member).get(reverse("members:profile", args=[user.pk])).status_code == 404


def render_link(person, viewer) -> str:
    request = RequestFactory().get("/")
    request.user = viewer
    return Template("{% load koers %}{% member_link person '-' %}").render(
        Context({"request": request, "person": person})
    )


def test_member_link_links_for_members_and_shows_the_plain_name_to_guests(member, other_member):
    assert render_link(member, other_member) == f'<a href="/leden/{member.pk}/">Gerda Visser</a>'
    assert render_link(member_card(member), other_member) == f'<a href="/leden/{member.pk}/">Gerda Visser</a>'
    assert render_link(member, AnonymousUser()) == "Gerda Visser"
    assert render_link(None, other_member) == "-"
    member.is_active = False
    assert render_link(member, other_member) == "Gerda Visser"
    assert render_link(UserFactory(full_name="<b>Kwaad</b>"), AnonymousUser()) == "&lt;b&gt;Kwaad&lt;/b&gt;"


def test_the_directory_and_institution_cards_link_to_the_profile(client_for, member, other_member, institution):
    link = f'<a href="/leden/{member.pk}/">Gerda Visser</a>'
    client = client_for(other_member)
    assert link in client.get(reverse("members:directory")).content.decode()
    assert link in client.get(reverse("members:institution-detail", args=[institution.slug])).content.decode()


def test_a_theme_lists_its_newest_documents_each_viewer_may_open(client, theme, member, steering):
    def upload(title: str, audience: str, themes: list):
        return document_create(
            actor=steering,
            title=title,
            audience=audience,
            themes=themes,
            target=None,
            upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4"),
        )

    upload("Openbare notitie", "openbaar", [theme])
    upload("Ledennotitie", "leden", [theme])
    upload("Ander thema", "openbaar", [ThemeFactory()])
    url = reverse("themes:theme-detail", args=[theme.slug])

    def listed(html: str) -> list[str]:
        section = html[html.index('<section id="documenten"') :]
        return re.findall(r'<li><a href="/documenten/\d+/">([^<]+)</a>', section[: section.index("</section>")])

    assert listed(client.get(url).content.decode()) == ["Openbare notitie"]
    client.force_login(member)
    html = client.get(url).content.decode()
    assert listed(html) == ["Ledennotitie", "Openbare notitie"]
    assert f'href="/documenten/?theme={theme.slug}"' in html
