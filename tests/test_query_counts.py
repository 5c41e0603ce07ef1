"""Every list page runs the same number of queries for 1 item as for 3 or more (no query per row)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from koers.advice.models import Status
from koers.core.audit import audit_record
from koers.documents.services import document_create, version_add
from koers.members.audit import MemberAction
from koers.polls.models import Call
from koers.portfolio.models import Project
from koers.roadmap.models import Ambition, ReferenceItem

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
    ("members:directory", None, "member", add_members, 12),
    ("members:institution-list", None, "member", add_institutions, 8),
    ("members:institution-detail", {"slug": "horizon-college"}, "member", add_members, 13),
    ("members:steering-group", None, "steering", add_positions, 9),
    ("accounts:membership-request-list", None, "steering", add_requests, 7),
    ("core:audit-log", None, "steering", add_audit_events, 6),
    ("themes:theme-list", None, "guest", add_themes, 2),
    ("dashboard:home", None, "guest", add_themes, 2),
    # count, page (with owner and content type), themes, versions, the theme filter's choices; a member's page
    # also reads the session, the user and what the header shows them
    ("documents:library", None, "member", add_documents, 11),
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
    url = reverse(name, kwargs=kwargs)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_notification_list_query_count(client, django_assert_num_queries, member, count):
    for n in range(count):
        tell(recipients=[member], kind="meetings", subject=f"Melding {n}")
    client.force_login(member)
    with django_assert_num_queries(8):
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
@pytest.mark.parametrize(("who", "queries"), [("member", 30), ("steering", 37)])
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
