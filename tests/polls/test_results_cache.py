"""A closed poll's counts are final: counted once and then kept; an open or just-closed poll is counted every time."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from koers.polls.models import Poll
from koers.polls.selectors import COUNTS_FINAL_AFTER, results
from koers.polls.services import ballot_cast

from ..factories import UserFactory
from .conftest import HOUR, make_poll, option

pytestmark = pytest.mark.django_db


def vote(poll, institution, choice):
    answers = {poll.questions.get().pk: option(poll, choice).pk}
    ballot_cast(poll=poll, voter=UserFactory(institution=institution), answers=answers)


def closes(poll, at):
    Poll.objects.filter(pk=poll.pk).update(opens_at=at - 24 * HOUR, closes_at=at)
    return Poll.objects.get(pk=poll.pk)


def counted(poll):
    """The option counts, the respondents and the number of queries of one tally."""
    with CaptureQueriesContext(connection) as queries:
        tally = results(poll=poll)
    return [r.count for r in tally.questions[0].options], tally.respondents, len(queries)


@pytest.fixture
def voted(institution):
    poll = make_poll(questions=[("Route", "een", ["Afspraak", "Feit"])])
    for choice in ["Afspraak", "Afspraak", "Feit"]:
        vote(poll, institution, choice)
    return poll


def test_a_poll_closed_a_while_ago_is_counted_once(voted):
    poll = closes(voted, timezone.now() - COUNTS_FINAL_AFTER - HOUR)
    assert counted(poll) == ([2, 1], 3, 6)
    assert counted(poll) == ([2, 1], 3, 3)  # questions, options and the audience only


def test_an_open_poll_is_counted_every_time(voted, institution):
    assert counted(voted) == ([2, 1], 3, 6)
    vote(voted, institution, "Feit")
    assert counted(voted) == ([2, 2], 4, 6)


def test_a_poll_that_just_closed_is_still_counted_every_time(voted):
    poll = closes(voted, timezone.now() - COUNTS_FINAL_AFTER / 2)
    assert counted(poll) == ([2, 1], 3, 6)
    assert counted(poll) == ([2, 1], 3, 6)


def test_a_reopened_poll_is_counted_afresh(voted, institution):
    closed = closes(voted, timezone.now() - COUNTS_FINAL_AFTER - HOUR)
    assert counted(closed) == ([2, 1], 3, 6)
    vote(closes(closed, timezone.now() + HOUR), institution, "Feit")
    assert counted(closes(closed, timezone.now() - COUNTS_FINAL_AFTER - 2 * HOUR)) == ([2, 2], 4, 6)
