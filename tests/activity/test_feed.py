"""Who sees which activity (exact lists per role), "voor mij", new since the last visit, and the Atom feed."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from koers.activity.models import Activity, Audience, FeedVisit
from koers.activity.selectors import NEWEST_WINDOW, activities_for, newest_for
from koers.activity.services import record_activity
from koers.advice.models import Follow
from koers.polls.models import Poll

from ..advice.conftest import make_advice
from ..factories import ThemeFactory
from ..polls.conftest import make_poll

DAY = datetime.timedelta(days=1)
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def world(db, steering, member, other_member, institution, other_institution):
    """One item of each audience, at fixed moments (oldest first)."""
    now = timezone.now()
    data = ThemeFactory(name="Data")
    theme_of_member = ThemeFactory(name="Privacy")
    member.expertise.add(theme_of_member)
    members_poll = make_poll(title="Peiling voor leden")
    steering_poll = make_poll(title="Peiling voor de regiegroep", audience=Poll.Audience.STEERING)
    advice = make_advice(actor=steering, title="Gevolgd advies")
    Activity.objects.all().delete()

    def at(days, **fields):
        target = fields.pop("target")
        return record_activity(at=now - days * DAY, target=target, **fields)

    at(9, kind="ambition.filled", target=data, title="Openbaar nieuws", audience=Audience.PUBLIC, themes=[data])
    at(8, kind="project.added", target=data, title="Project bij mijn instelling", institution=institution)
    at(7, kind="project.added", target=data, title="Project elders", institution=other_institution, themes=[data])
    at(6, kind="project.added", target=data, title="Project in mijn thema", themes=[theme_of_member])
    at(5, kind="poll.opened", target=members_poll, audience=Audience.RESTRICTED)
    at(4, kind="poll.opened", target=steering_poll, audience=Audience.RESTRICTED)
    at(3, kind="advice.status", target=advice)
    record_activity(kind="poll.opened", target=members_poll, title="Straks", at=now + DAY, audience=Audience.PUBLIC)
    return {"advice": advice}


def titles(activities):
    return [a.title for a in activities]


def test_guest_sees_public_items_only(world, client):
    assert titles(activities_for(user=AnonymousUser())) == ["Openbaar nieuws"]


def test_member_sees_what_she_may_open(world, member, other_member):
    everything_for_members = [
        "Gevolgd advies",
        "Peiling voor leden",
        "Project in mijn thema",
        "Project elders",
        "Project bij mijn instelling",
        "Openbaar nieuws",
    ]
    assert titles(activities_for(user=member)) == everything_for_members
    assert titles(activities_for(user=other_member)) == everything_for_members


def test_steering_group_also_sees_its_own_poll(world, steering):
    assert titles(activities_for(user=steering)) == [
        "Gevolgd advies",
        "Peiling voor de regiegroep",
        "Peiling voor leden",
        "Project in mijn thema",
        "Project elders",
        "Project bij mijn instelling",
        "Openbaar nieuws",
    ]


def test_for_me_is_my_themes_institution_and_what_i_follow(world, member, other_member):
    assert titles(activities_for(user=member, personal=True)) == [
        "Project in mijn thema",
        "Project bij mijn instelling",
    ]
    Follow.objects.create(advice=world["advice"], user=member)
    assert titles(activities_for(user=member, personal=True)) == [
        "Gevolgd advies",
        "Project in mijn thema",
        "Project bij mijn instelling",
    ]
    assert titles(activities_for(user=other_member, personal=True)) == ["Project elders"]


def page_titles(response, heading_id):
    page = response.content.decode()
    if f'id="{heading_id}"' not in page:
        return []
    section = page.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]
    return [line.split(">", 1)[1].split("<", 1)[0] for line in section.split('<a href="')[1:]]


def test_feed_page_marks_what_is_new_since_the_last_visit(world, client, member):
    client.force_login(member)
    first = client.get(reverse("activity:feed"))
    assert first.status_code == 200
    assert "Nieuw voor jou" in first.content.decode()  # a first visit: everything is new
    assert len(page_titles(first, "feed-new")) == 6
    assert page_titles(first, "feed-older") == []
    FeedVisit.objects.filter(user=member).update(seen_at=timezone.now() - 5 * DAY - datetime.timedelta(hours=1))
    second = client.get(reverse("activity:feed"))
    assert "Nieuw sinds je vorige bezoek" in second.content.decode()
    assert page_titles(second, "feed-new") == ["Gevolgd advies", "Peiling voor leden"]
    assert page_titles(second, "feed-older") == [
        "Project in mijn thema",
        "Project elders",
        "Project bij mijn instelling",
        "Openbaar nieuws",
    ]
    third = client.get(reverse("activity:feed"))
    assert page_titles(third, "feed-new") == []
    assert FeedVisit.objects.get(user=member).seen_at > timezone.now() - DAY


def test_feed_page_for_me(world, client, member):
    client.force_login(member)
    response = client.get(reverse("activity:feed") + "?voor=mij")
    assert page_titles(response, "feed-new") == ["Project in mijn thema", "Project bij mijn instelling"]


def test_guest_feed_page_links_the_atom_feed(world, client):
    response = client.get(reverse("activity:feed"))
    page = response.content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in page
    assert page_titles(response, "feed-older") == ["Openbaar nieuws"]
    assert not FeedVisit.objects.exists()


def test_atom_feed_holds_the_public_items_exactly(world, client):
    public = Activity.objects.get(title="Openbaar nieuws")
    response = client.get(reverse("activity:atom"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}title") == "Koers — wat is er nieuw"
    assert root.findtext(f"{ATOM}id") == "http://testserver/nieuw/"
    assert root.find(f"{ATOM}updated") is not None
    entries = root.findall(f"{ATOM}entry")
    assert [
        (
            e.findtext(f"{ATOM}title"),
            e.find(f"{ATOM}link").get("href"),
            e.findtext(f"{ATOM}id"),
            e.findtext(f"{ATOM}updated"),
        )
        for e in entries
    ] == [
        (
            "Ambitie op de roadmap: Openbaar nieuws",
            f"http://testserver{public.url}",
            f"http://testserver/nieuw/#activiteit-{public.pk}",
            public.created_at.isoformat(),
        )
    ]


@pytest.mark.parametrize("limit", [1, 2, 3, 5, 10])
def test_the_newest_are_the_start_of_the_feed_for_every_role(world, member, other_member, steering, limit):
    for user in (AnonymousUser(), member, other_member, steering):
        assert titles(newest_for(user=user, limit=limit)) == titles(activities_for(user=user)[:limit])


def test_the_newest_ask_the_full_rule_when_the_window_hides_too_many(world, member, steering):
    """The newest activities a member may not open fill the whole window: the next ones still show."""
    now = timezone.now()
    for number in range(NEWEST_WINDOW):
        hidden = make_poll(title=f"Alleen de regiegroep {number}", audience=Poll.Audience.STEERING)
        record_activity(kind="poll.opened", target=hidden, audience=Audience.RESTRICTED, at=now - number * DAY / 10)
    assert titles(newest_for(user=member, limit=1)) == ["Gevolgd advies"]
    newest = titles(newest_for(user=steering, limit=2))
    assert newest == titles(activities_for(user=steering)[:2])
    assert newest == ["Alleen de regiegroep 3", "Alleen de regiegroep 2"]  # each poll's opening, when it was made


def test_the_newest_without_restricted_ones_take_one_query(db, member, django_assert_num_queries):
    theme = ThemeFactory(name="Data")
    Activity.objects.all().delete()
    now = timezone.now()
    for number in range(3):
        record_activity(kind="ambition.filled", target=theme, title=f"Nieuws {number}", at=now - number * DAY)
    with django_assert_num_queries(1):
        assert titles(newest_for(user=member, limit=2)) == ["Nieuws 0", "Nieuws 1"]


def test_dashboard_shows_the_newest_five(world, client, member):
    client.force_login(member)
    page = client.get(reverse("dashboard:home")).content.decode()
    section = page.split('id="whats-new"', 1)[1].split("</section>", 1)[0]
    assert section.count("<li>") == 5
    assert "Gevolgd advies" in section
    assert "Openbaar nieuws" not in section  # the sixth
    assert reverse("activity:feed") in section


def test_the_next_pages_of_a_visit_compare_with_the_same_previous_visit(world, client, member, monkeypatch):
    monkeypatch.setattr("koers.activity.views.PAGE_SIZE", 4)
    client.force_login(member)
    client.get(reverse("activity:feed"))  # the first visit
    FeedVisit.objects.filter(user=member).update(seen_at=timezone.now() - 7 * DAY - datetime.timedelta(hours=1))
    first = client.get(reverse("activity:feed"))
    assert page_titles(first, "feed-new") == [
        "Gevolgd advies",
        "Peiling voor leden",
        "Project in mijn thema",
        "Project elders",
    ]
    second = client.get(reverse("activity:feed") + "?page=2")
    assert page_titles(second, "feed-new") == []
    assert page_titles(second, "feed-older") == ["Project bij mijn instelling", "Openbaar nieuws"]
    FeedVisit.objects.filter(user=member).update(seen_at=timezone.now() - 9 * DAY + datetime.timedelta(hours=1))
    again = client.get(reverse("activity:feed"))
    assert page_titles(again, "feed-new") == [
        "Gevolgd advies",
        "Peiling voor leden",
        "Project in mijn thema",
        "Project elders",
    ]
    assert page_titles(client.get(reverse("activity:feed") + "?page=2"), "feed-new") == ["Project bij mijn instelling"]
