"""The polls page keeps its rows in the shared cache (polls/poll_list.html) per kind of reader and page, until a
poll changes, someone votes or a poll opens or closes by the clock; the column "Jouw stem" is each reader's own."""

from unittest import mock

import pytest
from django.utils import timezone

from koers.polls.services import ballot_cast

from ..pages import asked_twice, main_and_queries, row_cells, signed_in
from .conftest import HOUR, make_poll, option

pytestmark = pytest.mark.django_db


def listed(client, **query) -> tuple[str, int]:
    return main_and_queries(client, "/peilingen/", query)


def row(html: str, poll) -> list[str]:
    """The cells of a poll's row: respondents and the reader's vote."""
    return row_cells(html, f"/peilingen/{poll.pk}/")[-2:]


def test_the_list_is_kept_and_read_without_its_queries(member, steering):
    poll = make_poll(title="Open peiling")
    make_poll(title="Gesloten", opens_at=timezone.now() - 48 * HOUR, closes_at=timezone.now() - HOUR)
    again, asked, asked_again = asked_twice(signed_in(member), "/peilingen/")
    # Kept: the session and the member, then only who voted in the polls shown. Not kept, besides: when a poll
    # next opens or closes, the open polls, the closed ones (counted, then a page of them), their respondents.
    assert (asked, asked_again) == (8, 3)
    assert row(again, poll) == ["0", "<strong>nog niet gestemd</strong>"]


def test_each_reader_sees_their_own_vote_and_a_vote_shows_at_once(member, other_member):
    poll = make_poll(title="Open peiling")
    closed = make_poll(title="Gesloten", opens_at=timezone.now() - 48 * HOUR, closes_at=timezone.now() - HOUR)
    theirs, mine = signed_in(other_member), signed_in(member)
    listed(theirs)
    ballot_cast(poll=poll, voter=member, answers={poll.questions.get().pk: option(poll, "Ja").pk})
    as_member, as_other = listed(mine)[0], listed(theirs)[0]
    assert row(as_member, poll) == ["1", "gestemd"]
    assert row(as_other, poll) == ["1", "<strong>nog niet gestemd</strong>"]
    assert row(as_member, closed) == row(as_other, closed) == ["0", "-"]


def test_the_steering_group_and_the_organisers_keep_their_own_lists(member, steering):
    make_poll(title="Voor de regiegroep", audience="regiegroep")
    make_poll(title="Nog een concept", publish=False)
    as_member, as_steering = listed(signed_in(member))[0], listed(signed_in(steering))[0]
    assert ("Voor de regiegroep" in as_member, "Voor de regiegroep" in as_steering) == (False, True)
    assert ("Nog een concept" in as_member, "Nog een concept" in as_steering) == (False, True)


def test_a_poll_that_opens_or_closes_by_the_clock_moves_at_once(member):
    now = timezone.now()
    poll = make_poll(title="Straks open", opens_at=now + HOUR, closes_at=now + 2 * HOUR)
    client = signed_in(member)
    assert "Binnenkort" in listed(client)[0]
    with mock.patch("django.utils.timezone.now", return_value=now + HOUR):
        opened = listed(client)[0]
    assert ("Binnenkort" in opened, row(opened, poll)) == (False, ["0", "<strong>nog niet gestemd</strong>"])
    with mock.patch("django.utils.timezone.now", return_value=now + 2 * HOUR):
        closed = listed(client)[0]
    assert ("Er staat nu geen peiling open." in closed, row(closed, poll)) == (True, ["0", "-"])


def test_a_changed_title_shows_at_once_and_odd_query_strings_are_not_kept(member):
    poll = make_poll(title="Oude titel")
    client = signed_in(member)
    listed(client)
    poll.title = "Nieuwe titel"
    poll.save()
    assert "Nieuwe titel" in listed(client)[0]
    odd, asked = listed(client, x="1")
    assert listed(client, x="1") == (odd, asked)  # worked out for this reader alone, every time
    assert asked > listed(client)[1]
