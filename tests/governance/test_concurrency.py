"""Simultaneous requests against PostgreSQL: one nomination per person, one confirmation, one chair vacancy."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from koers.governance.models import Nomination, Vacancy
from koers.governance.services import (
    MSG_ALREADY_NOMINATED,
    MSG_ALREADY_RUNNING,
    MSG_NO_ELECTION,
    MSG_NOT_OPEN,
    election_start,
    nomination_accept,
    nomination_create,
    result_confirm,
    vacancy_open,
)
from koers.members.models import Position

from ..factories import UserFactory, make_steering
from .conftest import HOUR, close_election, end_nominations, open_vacancy, start_election, vacancy_data, votes

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def fire(calls) -> tuple[list, list]:
    """Every call at the same moment, each in its own thread and connection: (results, refusal messages)."""
    barrier = threading.Barrier(len(calls))
    done, refused, unexpected = [], [], []

    def run(call):
        try:
            barrier.wait()
            done.append(call())
        except ValidationError as error:
            refused.append(error.messages)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            unexpected.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert unexpected == []
    return done, refused


def test_ten_members_nominating_the_same_person_at_once_make_one_nomination():
    steering = make_steering(UserFactory()).user
    vacancy = open_vacancy(steering)
    nominee = UserFactory(full_name="Anna Bakker")
    members = [UserFactory() for _ in range(10)]
    done, refused = fire([lambda m=m: nomination_create(actor=m, vacancy=vacancy, nominee=nominee) for m in members])
    assert len(done) == 1
    assert refused == [[str(MSG_ALREADY_NOMINATED % {"name": "Anna Bakker"})]] * 9
    assert Nomination.objects.count() == 1


def test_the_steering_group_confirming_at_once_appoints_once():
    steering = [make_steering(UserFactory()).user for _ in range(5)]
    people = [UserFactory() for _ in range(3)]
    vacancy = open_vacancy(steering[0], seats=2)
    start_election(vacancy, steering[0], people)
    votes(vacancy, [(2, people[:2]), (1, people[1:])])
    close_election(vacancy)
    elected = list(Nomination.objects.filter(nominee__in=people[:2]))
    before = Position.objects.count()
    done, refused = fire([lambda s=s: result_confirm(actor=s, vacancy=vacancy, elected=elected) for s in steering])
    assert len(done) == 1 and refused == [[str(MSG_NO_ELECTION)]] * 4
    assert Position.objects.count() == before + 2


def test_two_chair_vacancies_opened_at_once_make_one():
    steering = [make_steering(UserFactory()).user for _ in range(6)]
    data = vacancy_data(kind="chair", title="Voorzitter")
    done, refused = fire([lambda s=s: vacancy_open(actor=s, data=data) for s in steering])
    assert len(done) == 1
    assert refused == [[str(MSG_ALREADY_RUNNING)]] * 5
    assert Vacancy.objects.count() == 1


def test_accepting_while_the_election_starts_is_on_the_ballot_or_refused():
    steering = make_steering(UserFactory()).user
    people = [UserFactory() for _ in range(2)]
    late = UserFactory()
    vacancy = open_vacancy(steering)
    for person in people:
        nomination_create(actor=person, vacancy=vacancy, nominee=person)
    pending = nomination_create(actor=people[0], vacancy=vacancy, nominee=late)
    end_nominations(vacancy)
    done, refused = fire(
        [
            lambda: nomination_accept(actor=late, nomination=pending),
            lambda: election_start(actor=steering, vacancy=vacancy, closes_at=timezone.now() + 48 * HOUR),
        ]
    )
    pending.refresh_from_db()
    assert len(done) + len(refused) == 2
    if refused:  # the election came first: the late acceptance is refused and not on the ballot
        assert refused == [[str(MSG_NOT_OPEN)]]
        assert (pending.status, pending.option) == ("voorgedragen", None)
    else:  # the acceptance came first: a candidate like the others
        assert pending.status == "aanvaard" and pending.option is not None
