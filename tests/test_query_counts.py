"""Every list page runs the same number of queries for 1 item as for 3 or more (no query per row)."""

import datetime

import pytest
from django.urls import reverse

from koers.core.audit import audit_record
from koers.members.audit import MemberAction

from .factories import (
    AgendaFactory,
    InstitutionFactory,
    MembershipRequestFactory,
    ThemeFactory,
    UserFactory,
    make_steering,
    share,
)
from .meetings.conftest import make_meeting
from .notifications.helpers import tell
from .polls.conftest import make_poll


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


@pytest.mark.parametrize("count", [1, 3])
def test_dashboard_query_count(client, django_assert_num_queries, member, institution, count):
    add_members(count, institution)
    for n in range(count):
        tell(recipients=[member], kind="meetings", subject=f"Melding {n}")
        UserFactory(new_until=datetime.date.today() + datetime.timedelta(days=100))
        make_poll(title=f"Open peiling {n}")
        make_meeting(title=f"Komende bijeenkomst {n}")
    client.force_login(member)
    with django_assert_num_queries(16):
        response = client.get(reverse("dashboard:home"))
    assert response.status_code == 200
    assert response.content.decode().count("Open peiling ") == count
    assert response.content.decode().count("Komende bijeenkomst ") == count
