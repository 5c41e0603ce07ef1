"""Many voters at once against PostgreSQL: every accepted ballot counted exactly once, never a second one."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from koers.polls.models import Answer, Ballot, Participation, Poll
from koers.polls.services import ballot_cast

from ..factories import InstitutionFactory, UserFactory
from .conftest import make_poll, option

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def fire(poll, voters, answers) -> tuple[int, list]:
    """Every voter casts at the same moment, in its own thread and connection."""
    barrier = threading.Barrier(len(voters))
    accepted, refused, unexpected = [], [], []

    def cast(voter):
        try:
            barrier.wait()
            ballot_cast(poll=poll, voter=voter, answers=answers)
            accepted.append(voter.pk)
        except ValidationError as error:
            refused.append(error.messages)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            unexpected.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=cast, args=(voter,)) for voter in voters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert unexpected == []
    return len(accepted), refused


def test_every_member_counts_once_even_when_submitting_twice_at_once():
    poll = make_poll(allow_change=False)
    members = [UserFactory() for _ in range(15)]
    accepted, refused = fire(poll, members * 2, {poll.questions.get().pk: option(poll, "Ja").pk})
    assert accepted == 15
    assert refused == [["Je hebt al gestemd; een stem kan in deze peiling niet worden gewijzigd."]] * 15
    assert (Participation.objects.count(), Ballot.objects.count(), Answer.objects.count()) == (15, 15, 15)


def test_one_ballot_per_institution_when_colleagues_vote_at_once():
    poll = make_poll(unit=Poll.Unit.INSTITUTION)
    college = InstitutionFactory()
    colleagues = [UserFactory(institution=college) for _ in range(10)]
    accepted, refused = fire(poll, colleagues, {poll.questions.get().pk: option(poll, "Nee").pk})
    assert accepted == 1 and len(refused) == 9
    assert (Participation.objects.count(), Ballot.objects.count(), Answer.objects.count()) == (1, 1, 1)


def test_dot_budget_holds_when_one_voter_changes_at_once():
    poll = make_poll(kind=Poll.Kind.DOTS, dots=3, questions=[("", "stippen", ["A", "B", "C"])])
    question = poll.questions.get()
    voter = UserFactory()
    ballot_cast(poll=poll, voter=voter, answers={question.pk: {option(poll, "A").pk: 3}})
    accepted, refused = fire(poll, [voter] * 8, {question.pk: {option(poll, "B").pk: 2, option(poll, "C").pk: 1}})
    assert (accepted, refused) == (8, [])
    ballot = Ballot.objects.get()
    assert ballot.dots_used == 3
    assert sorted(ballot.answers.values_list("option__label", "value")) == [("B", 2), ("C", 1)]
