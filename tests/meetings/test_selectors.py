"""Who may see a meeting, its report and its files, and which meetings a list holds: the rules the pages and
the API both read from koers.meetings.selectors."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from koers.meetings import selectors
from koers.meetings.models import Meeting, Registration

from ..factories import UserFactory
from .conftest import make_meeting

CONCEPT, PUBLISHED = Meeting.Status.CONCEPT, Meeting.Status.PUBLISHED
MEMBERS, EVERYONE = Meeting.ReportAudience.MEMBERS, Meeting.ReportAudience.EVERYONE
ROLES = ["guest", "member", "steering", "admin"]


@pytest.fixture
def users(member, steering, admin_user):
    return {"guest": AnonymousUser(), "member": member, "steering": steering, "admin": admin_user}


def _meeting(status: str, report: str | None = None) -> Meeting:
    """A meeting; ``report`` None leaves the report unpublished, else publishes it for that audience."""
    published = {"report_published_at": timezone.now(), "report_audience": report} if report else {}
    return make_meeting(status=status, **published)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (CONCEPT, {"guest": False, "member": False, "steering": True, "admin": True}),
        (PUBLISHED, {"guest": False, "member": True, "steering": True, "admin": True}),
        (Meeting.Status.PAST, {"guest": False, "member": True, "steering": True, "admin": True}),
        (Meeting.Status.CANCELLED, {"guest": False, "member": True, "steering": True, "admin": True}),
    ],
)
def test_meeting_visible(users, status, expected):
    meeting = _meeting(status)
    assert {role: selectors.meeting_visible(meeting=meeting, user=users[role]) for role in ROLES} == expected


def test_an_inactive_member_sees_no_meeting(db):
    meeting = _meeting(PUBLISHED)
    assert not selectors.meeting_visible(meeting=meeting, user=UserFactory(is_active=False))


@pytest.mark.parametrize(
    ("status", "report", "expected"),
    [
        (PUBLISHED, None, {"guest": False, "member": False, "steering": True, "admin": True}),
        (PUBLISHED, MEMBERS, {"guest": False, "member": True, "steering": True, "admin": True}),
        (PUBLISHED, EVERYONE, {"guest": True, "member": True, "steering": True, "admin": True}),
        # A concept's report is never published, whatever its audience says.
        (CONCEPT, EVERYONE, {"guest": False, "member": False, "steering": True, "admin": True}),
    ],
)
def test_report_visible(users, status, report, expected):
    meeting = _meeting(status, report)
    assert {role: selectors.report_visible(meeting=meeting, user=users[role]) for role in ROLES} == expected


@pytest.mark.parametrize(
    ("status", "report", "expected"),
    [
        (CONCEPT, None, {"guest": False, "member": False, "steering": True, "admin": True}),
        (PUBLISHED, None, {"guest": False, "member": True, "steering": True, "admin": True}),
        (PUBLISHED, MEMBERS, {"guest": False, "member": True, "steering": True, "admin": True}),
        (PUBLISHED, EVERYONE, {"guest": True, "member": True, "steering": True, "admin": True}),
    ],
)
def test_attachment_visible(users, status, report, expected):
    meeting = _meeting(status, report)
    assert {role: selectors.attachment_visible(meeting=meeting, user=users[role]) for role in ROLES} == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [("member", ["Gepubliceerd", "Geannuleerd"]), ("steering", ["Concept", "Gepubliceerd", "Geannuleerd"])],
)
def test_meetings_visible_to_holds_concepts_only_for_the_steering_group(users, role, expected):
    for days, (title, status) in enumerate(
        [("Concept", CONCEPT), ("Gepubliceerd", PUBLISHED), ("Geannuleerd", Meeting.Status.CANCELLED)]
    ):
        make_meeting(title=title, status=status, days=days + 1)
    meetings = selectors.meetings_visible_to(user=users[role]).order_by("starts_at")
    assert [m.title for m in meetings] == expected


def test_meetings_with_counts_counts_places_and_marks_ones_own(member, other_member):
    meeting = make_meeting(status=CONCEPT)
    Registration.objects.create(meeting=meeting, user=member, status=Registration.Status.REGISTERED)
    Registration.objects.create(meeting=meeting, user=other_member, status=Registration.Status.WAITING)
    row = selectors.meetings_with_counts(user=member).get()
    assert (row.registered, row.mine) == (1, True)
    assert selectors.meetings_with_counts(user=UserFactory()).get().mine is False


@pytest.mark.parametrize(
    ("days", "status", "registered", "can_register", "can_cancel"),
    [
        (14, PUBLISHED, False, True, False),
        (14, PUBLISHED, True, False, True),
        (14, CONCEPT, False, False, False),
        (14, Meeting.Status.CANCELLED, False, False, False),
        (-1, PUBLISHED, False, False, False),  # started yesterday: no registering, no cancelling
        (-1, PUBLISHED, True, False, False),
    ],
)
def test_registration_state_says_what_a_member_may_do(member, days, status, registered, can_register, can_cancel):
    meeting = make_meeting(days=days, status=status)
    if registered:
        Registration.objects.create(meeting=meeting, user=member, status=Registration.Status.REGISTERED)
    state = selectors.registration_state(meeting=meeting, user=member)
    assert (state.mine is not None, state.can_register, state.can_cancel) == (registered, can_register, can_cancel)


def test_registration_state_counts_places_and_who_waits_before(member, other_member, steering):
    meeting = make_meeting(capacity=1)
    now = timezone.now()
    for offset, (user, status) in enumerate(
        [
            (steering, Registration.Status.REGISTERED),
            (other_member, Registration.Status.WAITING),
            (member, Registration.Status.WAITING),
        ]
    ):
        registration = Registration.objects.create(meeting=meeting, user=user, status=status)
        Registration.objects.filter(pk=registration.pk).update(created_at=now + datetime.timedelta(minutes=offset))
    state = selectors.registration_state(meeting=meeting, user=member)
    assert (state.registered, state.waiting_before, state.mine.status) == (1, 1, Registration.Status.WAITING)
    assert selectors.registration_state(meeting=meeting, user=steering).waiting_before is None


def test_registrations_first_places_then_the_waiting_list_and_by_status(member, other_member, steering):
    meeting = make_meeting()
    Registration.objects.create(meeting=meeting, user=member, status=Registration.Status.WAITING)
    Registration.objects.create(meeting=meeting, user=other_member, status=Registration.Status.REGISTERED)
    Registration.objects.create(meeting=meeting, user=steering, status=Registration.Status.REGISTERED)
    assert [r.user for r in selectors.registrations(meeting=meeting)] == [other_member, steering, member]
    waiting = selectors.registrations(meeting=meeting, status=Registration.Status.WAITING)
    assert [r.user for r in waiting] == [member]
