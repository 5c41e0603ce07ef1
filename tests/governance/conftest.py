import datetime

import pytest
from django.utils import timezone

from koers.governance.models import Nomination, Vacancy
from koers.governance.services import election_start, nomination_create, vacancy_open
from koers.polls.models import Poll
from koers.polls.services import ballot_cast

from ..factories import UserFactory

HOUR = datetime.timedelta(hours=1)


def day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


def vacancy_data(**changes) -> dict:
    return {
        "kind": "steering_member",
        "title": "Lid regiegroep",
        "profile": "We zoeken een **informatiemanager** met ervaring in samenwerking.",
        "seats": 1,
        "ranked": False,
        "nominations_open_until": day(7),
        "term_start": day(60),
        "term_end": None,
        **changes,
    }


def open_vacancy(actor, **changes) -> Vacancy:
    return vacancy_open(actor=actor, data=vacancy_data(**changes))


def end_nominations(vacancy: Vacancy) -> Vacancy:
    """The nomination period is over (moved into the past; the data rules forbid opening it so)."""
    Vacancy.objects.filter(pk=vacancy.pk).update(nominations_open_until=day(-1))
    vacancy.refresh_from_db()
    return vacancy


def candidates(vacancy: Vacancy, people) -> list[Nomination]:
    return [nomination_create(actor=person, vacancy=vacancy, nominee=person) for person in people]


def start_election(vacancy: Vacancy, actor, people, *, hours: int = 48) -> Poll:
    candidates(vacancy, people)
    end_nominations(vacancy)
    poll = election_start(actor=actor, vacancy=vacancy, closes_at=timezone.now() + hours * HOUR)
    vacancy.refresh_from_db()
    return poll


def option_of(vacancy: Vacancy, person):
    return Nomination.objects.get(vacancy=vacancy, nominee=person).option


def vote(vacancy: Vacancy, voter, *people) -> None:
    """Vote for these people: in order of preference in a ranked election, all of them otherwise."""
    poll = Poll.objects.get(pk=vacancy.election_id)
    question = poll.questions.get()
    options = [option_of(vacancy, person).pk for person in people]
    if question.kind == "rangorde":
        answer = {pk: rank for rank, pk in enumerate(options, start=1)}
    elif question.kind == "meer":
        answer = options
    else:
        (answer,) = options
    ballot_cast(poll=poll, voter=voter, answers={question.pk: answer})


def votes(vacancy: Vacancy, groups: list[tuple[int, list]]) -> None:
    """(how many, [people in order]) → that many new members cast that ballot."""
    for n, people in groups:
        for _ in range(n):
            vote(vacancy, UserFactory(), *people)


def close_election(vacancy: Vacancy) -> None:
    now = timezone.now()
    Poll.objects.filter(pk=vacancy.election_id).update(opens_at=now - 3 * HOUR, closes_at=now - HOUR)
    vacancy.refresh_from_db()


@pytest.fixture
def people(db):
    """Three candidates with names that sort as A, B, C on the ballot."""
    return [
        UserFactory(full_name="Anna Bakker", email="anna@college.example"),
        UserFactory(full_name="Bert Claassen", email="bert@college.example"),
        UserFactory(full_name="Carla Dijkstra", email="carla@college.example"),
    ]
