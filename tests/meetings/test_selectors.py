"""Who may see a meeting, its report and its files, and which meetings a list holds: the rules the pages and
the API both read from koers.meetings.selectors."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from koers.meetings import selectors
from koers.meetings.models import AgendaItem, Meeting, Registration
from koers.meetings.services import contribution_add, statement_add
from koers.polls.models import Poll
from koers.polls.services import ballot_cast

from ..factories import UserFactory
from ..polls.conftest import HOUR, make_poll, option
from .conftest import make_item, make_meeting

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


STEERING_ONLY = {"steering", "admin"}
MEMBERS_UP = {"member", "steering", "admin"}
EVERY_ROLE = set(ROLES)


@pytest.mark.parametrize(
    ("status", "report", "meeting_seen", "report_seen", "files_seen"),
    [
        (CONCEPT, None, STEERING_ONLY, STEERING_ONLY, STEERING_ONLY),
        # A concept's report is never published, whatever its audience says.
        (CONCEPT, EVERYONE, STEERING_ONLY, STEERING_ONLY, STEERING_ONLY),
        (PUBLISHED, None, MEMBERS_UP, STEERING_ONLY, MEMBERS_UP),
        (PUBLISHED, MEMBERS, MEMBERS_UP, MEMBERS_UP, MEMBERS_UP),
        (PUBLISHED, EVERYONE, MEMBERS_UP, EVERY_ROLE, EVERY_ROLE),
        (Meeting.Status.PAST, None, MEMBERS_UP, STEERING_ONLY, MEMBERS_UP),
        (Meeting.Status.PAST, EVERYONE, MEMBERS_UP, EVERY_ROLE, EVERY_ROLE),
        (Meeting.Status.CANCELLED, None, MEMBERS_UP, STEERING_ONLY, MEMBERS_UP),
    ],
)
def test_who_sees_a_meeting_its_report_and_its_files(users, status, report, meeting_seen, report_seen, files_seen):
    meeting = _meeting(status, report)

    def seen(rule) -> set[str]:
        return {role for role in ROLES if rule(meeting=meeting, user=users[role])}

    assert seen(selectors.meeting_visible) == meeting_seen
    assert seen(selectors.report_visible) == report_seen
    assert seen(selectors.attachment_visible) == files_seen


def test_an_inactive_member_sees_no_meeting(db):
    meeting = _meeting(PUBLISHED)
    assert not selectors.meeting_visible(meeting=meeting, user=UserFactory(is_active=False))


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


def test_report_items_are_those_with_an_outcome(member):
    meeting = make_meeting(days=-2, status=Meeting.Status.PAST)
    table = make_item(meeting)
    make_item(meeting, kind=AgendaItem.Kind.LUNCH, title="Lunch")  # nothing to report: left out
    workshop = make_item(meeting, kind=AgendaItem.Kind.WORKSHOP, title="Werkplaats")
    make_item(meeting, kind=AgendaItem.Kind.WORKSHOP, title="Lege werkplaats")  # no cards: left out
    statement_add(item=table, text="Roosteren doen we samen")
    contribution_add(item=workshop, author=member, data={"kind": "conclusie", "text": "Eén rooster", "statement": None})
    assert [item.title for item in selectors.report_items(meeting=meeting, user=member)] == [
        "Ronde tafels",
        "Werkplaats",
    ]


def test_report_polls_give_closed_results_without_open_answers_or_scale_details(member, steering):
    meeting = make_meeting(days=-2, status=Meeting.Status.PAST)
    now = timezone.now()
    questions = [("Route", "een", ["Ja", "Nee"]), ("Cijfer", "schaal", []), ("Toelichting", "open", [])]
    poll = make_poll(title="Welke route?", meeting=meeting, questions=questions, opens_at=now - 48 * HOUR)
    route, grade, note = poll.questions.all()
    ballot_cast(poll=poll, voter=member, answers={route.pk: option(poll, "Ja").pk, grade.pk: 4, note.pk: "Geheim"})
    Poll.objects.filter(pk=poll.pk).update(closes_at=now - HOUR)
    still_open = make_poll(title="Nog open", meeting=meeting)
    make_poll(title="Regiegroep", meeting=meeting, audience=Poll.Audience.STEERING)

    (closed, results), (pending, none) = selectors.report_polls(meeting=meeting)
    assert (closed.pk, pending.pk, none) == (poll.pk, still_open.pk, None)
    assert results.respondents == 1
    assert [(r.option.label, r.count) for r in results.questions[0].options] == [("Ja", 1), ("Nee", 0)]
    assert [(row.scale, row.mean, row.texts, row.more_texts) for row in results.questions] == [([], None, [], 0)] * 3
    assert "Geheim" not in str(results)


def test_a_guest_has_no_registration(member):
    meeting = make_meeting()
    Registration.objects.create(meeting=meeting, user=member, status=Registration.Status.REGISTERED)
    assert selectors.meetings_with_counts(user=AnonymousUser()).get().mine is False
    state = selectors.registration_state(meeting=meeting, user=AnonymousUser())
    assert (state.mine, state.registered, state.waiting_before, state.can_cancel) == (None, 1, None, False)
