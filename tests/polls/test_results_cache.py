"""A closed poll's counts are final: counted once and then kept; an open or just-closed poll is counted every time."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from koers.polls.models import Participation, Poll
from koers.polls.selectors import COUNTS_FINAL_AFTER, results
from koers.polls.services import ballot_cast, poll_update
from koers.privacy.services import account_delete

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


# Whatever changes what is counted forgets the cached counts, in the memory cache as in the database cache (the
# shared cache of several app servers without Redis); tests/resilience does the same on two servers with Redis.

DATABASE_CACHE = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "koers_cache"}}
LOCKED = ["kind", "unit", "anonymous", "dots", "max_per_option"]


@pytest.fixture(params=["memory", "database"])
def shared_cache(request, settings):
    if request.param == "database":
        settings.CACHES = DATABASE_CACHE
    return request.param


def tally(poll):
    result = results(poll=Poll.objects.get(pk=poll.pk))
    return [r.count for r in result.questions[0].options], result.questions[0].respondents, result.respondents


def closing_time(poll, closes_at):
    data = {name: getattr(poll, name) for name in LOCKED}
    poll_update(actor=None, poll=Poll.objects.get(pk=poll.pk), data={**data, "closes_at": closes_at})


def test_a_vote_after_reopening_counts_when_the_old_closing_time_returns(
    shared_cache, voted, institution, django_capture_on_commit_callbacks
):
    first_closing = timezone.now() - 2 * COUNTS_FINAL_AFTER  # after the opening, an hour ago
    with django_capture_on_commit_callbacks(execute=True):
        closing_time(voted, first_closing)
    assert tally(voted) == ([2, 1], 3, 3)  # counted and kept under the first closing time
    # Reopened, and the old numbers still kept (a page that counted before the reopening stored them after it).
    closes(voted, timezone.now() + HOUR)
    with django_capture_on_commit_callbacks(execute=True):
        vote(voted, institution, "Feit")
        closing_time(voted, timezone.localtime(first_closing))  # closed again at that time, as a form gives it
    assert tally(voted) == ([2, 2], 4, 4)
    cache.clear()
    assert tally(voted) == ([2, 2], 4, 4)  # what the database counts


def test_a_ballot_forgets_the_counts_of_its_poll(shared_cache, voted, institution, django_capture_on_commit_callbacks):
    # An app server whose clock runs ahead sees the poll closed (and final) while the others still take votes.
    closes = timezone.now() + HOUR
    closing_time(voted, closes)
    ahead = closes + COUNTS_FINAL_AFTER + HOUR
    with mock.patch("django.utils.timezone.now", return_value=ahead):
        assert tally(voted) == ([2, 1], 3, 3)
    with django_capture_on_commit_callbacks(execute=True):
        vote(voted, institution, "Feit")
    with mock.patch("django.utils.timezone.now", return_value=ahead):
        assert tally(voted) == ([2, 2], 4, 4)


def test_an_erased_members_ballot_keeps_counting(shared_cache, voted, member, django_capture_on_commit_callbacks):
    """Erasure keeps the ballots (the member guide: "Je stemmen blijven meetellen, zonder je naam"), so the cached
    counts stay what the database counts: the ballot is still in, no longer linked to the member."""
    answers = {voted.questions.get().pk: option(voted, "Feit").pk}
    ballot_cast(poll=voted, voter=member, answers=answers)
    with django_capture_on_commit_callbacks(execute=True):
        closing_time(voted, timezone.now() - 2 * COUNTS_FINAL_AFTER)
    assert tally(voted) == ([2, 2], 4, 4)
    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=member)
    assert Participation.objects.filter(poll=voted, user=member).count() == 0
    assert tally(voted) == ([2, 2], 4, 4)
    cache.clear()
    assert tally(voted) == ([2, 2], 4, 4)
