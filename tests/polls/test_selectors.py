"""The read rules the poll pages and the API share: who may see a poll, who may vote and why not, and
the poll's state in Python and in the database."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from koers.polls.models import Poll, PollState
from koers.polls.selectors import (
    MSG_ALREADY_VOTED,
    MSG_CLOSED,
    MSG_INSTITUTION_VOTED,
    MSG_INSTITUTION_VOTED_ANONYMOUS,
    MSG_NO_INSTITUTION,
    MSG_NOT_IN_AUDIENCE,
    MSG_NOT_OPEN,
    VoteEligibility,
    may_see,
    participation_of,
    vote_eligibility,
)
from koers.polls.services import ballot_cast, poll_create, poll_update

from ..factories import UserFactory
from .conftest import HOUR, make_poll, option


def eligibility(poll: Poll, user) -> VoteEligibility:
    return vote_eligibility(poll=poll, user=user, participation=participation_of(poll=poll, user=user))


def vote(poll: Poll, user) -> None:
    ballot_cast(poll=poll, voter=user, answers={poll.questions.get().pk: option(poll, "Ja").pk})


# Who may see a poll -----------------------------------------------------------------------------------------


def test_the_audience_sees_a_published_poll_and_the_organisers_every_poll(member, steering, admin_user):
    published, draft = make_poll(), make_poll(publish=False)
    steering_only = make_poll(audience=Poll.Audience.STEERING)
    assert [may_see(poll=p, user=member) for p in (published, draft, steering_only)] == [True, False, False]
    assert [may_see(poll=p, user=steering) for p in (published, draft, steering_only)] == [True, True, True]
    assert [may_see(poll=p, user=admin_user) for p in (published, draft, steering_only)] == [True, True, True]


def test_a_poll_for_attendees_is_seen_by_those_taking_part(member, other_member):
    from koers.meetings.services import registration_create  # the meetings app is only needed by this test

    from ..meetings.conftest import make_meeting

    meeting = make_meeting()
    registration_create(meeting=meeting, user=member)
    poll = make_poll(audience=Poll.Audience.ATTENDEES, meeting=meeting)
    assert (may_see(poll=poll, user=member), may_see(poll=poll, user=other_member)) == (True, False)


# Who may vote, and why not ----------------------------------------------------------------------------------


def test_a_member_of_the_audience_may_vote_in_an_open_poll(member):
    assert eligibility(make_poll(), member) == VoteEligibility(True, "")


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        ({"publish": False}, MSG_NOT_OPEN),
        ({"opens_at": 1, "closes_at": 2}, MSG_NOT_OPEN),
        ({"opens_at": -3, "closes_at": -1}, MSG_CLOSED),
        ({"audience": Poll.Audience.STEERING}, MSG_NOT_IN_AUDIENCE),
    ],
)
def test_why_a_member_may_not_vote(member, given, reason):
    now = timezone.now()
    given = {name: now + value * HOUR if name.endswith("_at") else value for name, value in given.items()}
    poll = make_poll(**given)
    assert eligibility(poll, member) == VoteEligibility(False, reason)


def test_one_vote_per_institution_needs_an_institution(db):
    poll = make_poll(unit=Poll.Unit.INSTITUTION)
    assert eligibility(poll, UserFactory(institution=None)) == VoteEligibility(False, MSG_NO_INSTITUTION)


def test_only_ones_own_vote_can_be_changed_where_the_poll_allows_it(member, institution):
    changeable, final, anonymous = make_poll(), make_poll(allow_change=False), make_poll(anonymous=True)
    for poll in (changeable, final, anonymous):
        vote(poll, member)
    assert eligibility(changeable, member) == VoteEligibility(True, "")
    assert eligibility(final, member) == VoteEligibility(False, MSG_ALREADY_VOTED, conflict=True)
    assert eligibility(anonymous, member) == VoteEligibility(False, MSG_ALREADY_VOTED, conflict=True)
    # One vote per institution: a colleague's vote counts for everyone at the institution.
    per_institution = make_poll(unit=Poll.Unit.INSTITUTION)
    vote(per_institution, member)
    colleague = UserFactory(institution=institution)
    # She did not vote herself, and the poll allows changes: she is told who voted for her institution.
    named = MSG_INSTITUTION_VOTED % {"name": "Gerda Visser"}
    assert eligibility(per_institution, colleague) == VoteEligibility(False, named, conflict=True)
    anonymous = make_poll(unit=Poll.Unit.INSTITUTION, anonymous=True)
    vote(anonymous, member)
    assert eligibility(anonymous, colleague) == VoteEligibility(False, MSG_INSTITUTION_VOTED_ANONYMOUS, conflict=True)


def test_the_reasons_come_before_an_earlier_vote(member):
    poll = make_poll(allow_change=False)
    vote(poll, member)
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - datetime.timedelta(seconds=1))
    poll.refresh_from_db()
    assert eligibility(poll, member) == VoteEligibility(False, MSG_CLOSED)


# The state, in Python and in the database ------------------------------------------------------------------


def test_every_state_is_the_same_in_python_and_in_the_database(db):
    now = timezone.now()
    polls = {
        PollState.DRAFT: make_poll(publish=False),
        PollState.SCHEDULED: make_poll(opens_at=now + HOUR, closes_at=now + 2 * HOUR),
        PollState.OPEN: make_poll(),
        PollState.CLOSED: make_poll(opens_at=now - 2 * HOUR, closes_at=now - HOUR),
    }
    assert set(polls) == set(PollState)
    for state, poll in polls.items():
        assert poll.state == state
        assert list(Poll.objects.in_state(state)) == [poll]
    assert {p.pk: p.current_state for p in Poll.objects.with_state()} == {p.pk: s for s, p in polls.items()}


def test_the_state_changes_at_the_opening_and_the_closing_time(db):
    poll = make_poll()
    for moment, state in [
        (poll.opens_at - datetime.timedelta(microseconds=1), PollState.SCHEDULED),
        (poll.opens_at, PollState.OPEN),
        (poll.closes_at - datetime.timedelta(microseconds=1), PollState.OPEN),
        (poll.closes_at, PollState.CLOSED),
    ]:
        assert [p.current_state for p in Poll.objects.with_state(now=moment)] == [state]
        assert list(Poll.objects.in_state(state, now=moment)) == [poll]


# The rules of a poll's settings ----------------------------------------------------------------------------


def settings_errors(**data) -> dict:
    now = timezone.now()
    defaults = {"title": "T", "opens_at": now, "closes_at": now + HOUR}
    with pytest.raises(ValidationError) as error:
        poll_create(actor=None, data={**defaults, **data})
    return {name: [str(m) for m in messages] for name, messages in error.value.message_dict.items()}


def test_the_rules_of_a_polls_settings(db):
    now = timezone.now()
    assert settings_errors(closes_at=now) == {"closes_at": ["De sluiting moet na de opening liggen."]}
    assert settings_errors(kind=Poll.Kind.DOTS) == {"dots": ["Geef het aantal stippen dat elke stemmer mag verdelen."]}
    assert settings_errors(kind=Poll.Kind.DOTS, dots=2, max_per_option=3) == {
        "max_per_option": ["Het maximum per optie kan niet hoger zijn dan het aantal stippen."]
    }
    assert settings_errors(anonymous=True, allow_change=True) == {
        "allow_change": ["Een anonieme stem kan niet worden gewijzigd; zet het wijzigen van een stem uit."]
    }
    assert settings_errors(audience=Poll.Audience.ATTENDEES) == {
        "meeting": ["Kies de bijeenkomst waarvan de deelnemers stemmen."]
    }
    assert not Poll.objects.exists()


def test_a_changed_poll_keeps_to_the_rules(poll):
    data = {"anonymous": True, "allow_change": True}
    with pytest.raises(ValidationError) as error:
        poll_update(actor=None, poll=poll, data=data)
    assert list(error.value.message_dict) == ["allow_change"]
    poll.refresh_from_db()
    assert (poll.anonymous, poll.allow_change) == (False, True)
