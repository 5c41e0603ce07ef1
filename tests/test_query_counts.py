"""Every list page runs the same number of queries for 1 item as for 3 or more (no query per row)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from koers.accounts.models import User
from koers.activity.services import record_activity
from koers.advice.models import Status
from koers.core.audit import audit_record
from koers.documents.services import document_create, version_add
from koers.members.audit import MemberAction
from koers.polls.models import Call
from koers.portfolio.models import Project
from koers.roadmap.models import Ambition, PlanItem, ReferenceItem

from .advice.conftest import make_advice
from .factories import (
    AgendaFactory,
    InstitutionFactory,
    MembershipRequestFactory,
    ThemeFactory,
    UserFactory,
    make_steering,
    share,
)
from .meetings.conftest import make_item, make_meeting
from .notifications.helpers import tell
from .pages import page_and_queries
from .polls.conftest import make_poll

DAY = datetime.timedelta(days=1)


def add_members(n: int, institution):
    theme = ThemeFactory()
    for _ in range(n):
        user = UserFactory(institution=institution)
        user.expertise.add(theme)
        share(user, "email", "phone", "job_title", "expertise")


def add_institutions(n: int, institution):
    for _ in range(n):
        UserFactory(institution=InstitutionFactory())


def add_positions(n: int, institution):
    for _ in range(n):
        make_steering(UserFactory(institution=institution))


def add_requests(n: int, institution):
    for _ in range(n):
        MembershipRequestFactory(institution=institution)
        MembershipRequestFactory(institution=institution, status="rejected")


def add_audit_events(n: int, institution):
    for _ in range(n):
        user = UserFactory(institution=institution)
        audit_record(actor=user, action=MemberAction.CONSENT_GRANTED, target=user)


def add_themes(n: int, institution):
    agenda = AgendaFactory()
    for _ in range(n):
        theme = ThemeFactory(agenda=AgendaFactory())
        theme.related.add(ThemeFactory(agenda=agenda))


def add_activities(n: int, institution):
    for i in range(n):
        user = UserFactory(institution=institution)
        theme = ThemeFactory()
        record_activity(kind="ambition.filled", target=theme, audience="public", themes=[theme], actor=user)
        record_activity(kind="project.added", target=theme, institution=institution, themes=[theme], actor=user)
        poll = make_poll(title=f"Peiling {i}")
        record_activity(kind="poll.closed", target=poll, audience="restricted", actor=user)


def add_institution_hub(n: int, institution):
    """n of each list on an institution's hub: members, projects, ambitions, reference items, positions."""
    add_members(n, institution)
    for number in range(n):
        theme = ThemeFactory()
        Project.objects.create(institution=institution, title=f"Project {number}").themes.add(theme)
        Ambition.objects.create(institution=institution, theme=theme, start_year=2027, start_half=1)
        ReferenceItem.objects.create(
            name=f"Item {number}", slug=f"item-{number}", rationale="-", recommendation_since="2026-01-01"
        ).themes.add(theme)
        make_steering(UserFactory(institution=institution))


def add_theme_hub(n: int, institution):
    """n of each list on a theme's hub: projects (at n colleges), plan items, reference items, meetings, polls,
    advice, experts, related themes, documents."""
    theme = ThemeFactory(slug="hub-thema")
    steering = make_steering(UserFactory(institution=institution)).user
    for number in range(n):
        college = InstitutionFactory()
        Project.objects.create(institution=college, title=f"Project {number}", contact=UserFactory()).themes.add(theme)
        Ambition.objects.create(institution=college, theme=theme, start_year=2027, start_half=number % 2 + 1)
        PlanItem.objects.create(title=f"Plan {number}", theme=theme, year=2027, rank=number + 1)
        ReferenceItem.objects.create(
            name=f"Item {number}", slug=f"item-{number}", rationale="-", recommendation_since="2026-01-01"
        ).themes.add(theme)
        make_meeting(days=10 + number, theme=theme)
        make_meeting(days=-10 - number, theme=theme)
        make_poll(title=f"Peiling {number}", theme=theme)
        make_advice(actor=steering, title=f"Advies {number}", themes=[theme], target_year=2027, target_quarter=2)
        expert = UserFactory(institution=college)
        expert.expertise.add(theme)
        share(expert, "email", "expertise")
        theme.related.add(ThemeFactory())
        document_create(
            actor=steering,
            title=f"Document {number}",
            audience="openbaar",
            themes=[theme],
            target=None,
            upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4"),
        )


def add_profile(n: int, institution):
    """n projects the profile's member is the contact for, n current positions, n expertise themes."""
    person = UserFactory(institution=institution, full_name="Profiel Persoon", email="profiel@college.example")
    share(person, "email", "expertise")
    for number in range(n):
        Project.objects.create(institution=institution, title=f"Project {number}", contact=person)
        make_steering(person, kind=["steering_member", "chair", "secretary"][number])
        person.expertise.add(ThemeFactory())


def add_documents(n: int, institution):
    """n documents, each with two themes and two versions; every other one on a meeting's agenda item."""
    author = UserFactory(institution=institution)
    for number in range(n):
        target = make_item(make_meeting()) if number % 2 else None
        document = document_create(
            actor=author,
            title=f"Document {number}",
            audience="openbaar",
            themes=[ThemeFactory(), ThemeFactory()],
            target=target,
            upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4"),
        )
        version_add(actor=author, document=document, upload=SimpleUploadedFile("b.pdf", b"%PDF-1.4"))


CASES = [
    # (url name, kwargs, who asks, how to add n items, queries)
    ("members:directory", None, "member", add_members, 8),
    ("members:institution-list", None, "member", add_institutions, 4),
    ("members:institution-detail", {"slug": "horizon-college"}, "member", add_institution_hub, 19),
    ("themes:theme-detail", {"slug": "hub-thema"}, "member", add_theme_hub, 21),  # and when a meeting next ends
    ("themes:theme-detail", {"slug": "hub-thema"}, "guest", add_theme_hub, 10),
    ("members:profile", "profile", "member", add_profile, 8),
    ("members:steering-group", None, "steering", add_positions, 5),
    ("accounts:membership-request-list", None, "steering", add_requests, 5),
    ("core:audit-log", None, "steering", add_audit_events, 4),
    ("themes:theme-list", None, "guest", add_themes, 2),
    ("dashboard:home", None, "guest", add_themes, 2),
    ("activity:feed", None, "guest", add_activities, 3),
    ("activity:feed", None, "member", add_activities, 14),
    # count, page (with owner and content type), themes, versions, the theme filter's choices; a member's page
    # also reads the session and, in one query (koers.members.viewer), the member and what the header shows them
    ("documents:library", None, "member", add_documents, 7),
    ("documents:library", None, "guest", add_documents, 5),
]


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize(("name", "kwargs", "who", "add", "queries"), CASES, ids=[c[0] for c in CASES])
def test_list_query_count(
    client, django_assert_num_queries, member, steering, institution, name, kwargs, who, add, queries, count
):
    add(count, institution)
    if who != "guest":
        client.force_login({"member": member, "steering": steering}[who])
    if kwargs == "profile":  # the member the setup made
        kwargs = {"pk": User.objects.get(full_name="Profiel Persoon").pk}
    url = reverse(name, kwargs=kwargs)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_notification_list_query_count(client, django_assert_num_queries, member, count):
    for n in range(count):
        tell(recipients=[member], kind="meetings", subject=f"Melding {n}")
    client.force_login(member)
    with django_assert_num_queries(4):
        response = client.get(reverse("notifications:list"))
    assert response.status_code == 200
    assert response.content.decode().count("Melding ") == count


def add_dashboard_rows(n: int, *, member, steering, institution):
    """n rows in every card of the dashboard: for the member and for the steering group."""
    now = timezone.now()
    add_members(n, institution)
    for i in range(n):
        tell(recipients=[member, steering], kind="meetings", subject=f"Melding {i}")
        UserFactory(new_until=datetime.date.today() + datetime.timedelta(days=100))
        make_poll(title=f"Open peiling {i}")
        make_meeting(title=f"Komende bijeenkomst {i}")
        Call.objects.create(title=f"Oproep {i}", text="t", wanted=2, closes_on=datetime.date.today() + DAY)
        make_advice(actor=steering, title=f"Gevolgd advies {i}", status=Status.WORKING_GROUP, lead=member)
        Project.objects.create(institution=institution, title=f"Oud project {i}", status="lopend")
        Ambition.objects.create(institution=institution, theme=ThemeFactory(), start_year=2027)
        ReferenceItem.objects.create(
            name=f"Item {i}", slug=f"item-{i}", recommendation_since="2025-01-01", rationale="r"
        )
        MembershipRequestFactory(institution=institution)
        make_poll(title=f"Af te ronden peiling {i}", opens_at=now - 9 * DAY, closes_at=now - DAY)
        make_advice(actor=steering, title=f"Aangeboden advies {i}", status=Status.OFFERED)
        make_advice(actor=steering, title=f"Besloten advies {i}", status=Status.DECIDED)


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize(("who", "queries"), [("member", 20), ("steering", 25)])
def test_dashboard_query_count(client, django_assert_num_queries, member, steering, institution, who, queries, count):
    add_dashboard_rows(count, member=member, steering=steering, institution=institution)
    client.force_login({"member": member, "steering": steering}[who])
    with django_assert_num_queries(queries):
        response = client.get(reverse("dashboard:home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("Komende bijeenkomst ") == count + 3  # the list; the next meeting card names it thrice
    assert page.count("Oud project ") == count
    assert ("Voor de regiegroep" in page) is (who == "steering")


def test_a_second_dashboard_reads_its_kept_parts_from_the_shared_cache(client, member, steering, institution):
    """The colleagues, the new members, the institution's roadmap gaps and the coming meetings (with when a
    meeting next ends): eight queries fewer, the same page."""
    add_dashboard_rows(3, member=member, steering=steering, institution=institution)
    client.force_login(member)
    first, before = page_and_queries(client, reverse("dashboard:home"))
    second, after = page_and_queries(client, reverse("dashboard:home"))
    assert (before, after) == (20, 12)
    assert second == first
