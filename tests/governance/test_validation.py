"""A vacancy's rules and the election's closing time, written once in the model module and used by the
steering group's forms and the services."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from koers.governance.forms import ElectionStartForm, VacancyForm
from koers.governance.models import (
    MSG_CLOSES_IN_PAST,
    MSG_ONE_SEAT,
    MSG_TERM_BEFORE_DEADLINE,
    MSG_TERM_END_BEFORE_START,
    Vacancy,
    check_election_closes_at,
)

from .conftest import HOUR, day, vacancy_data


@pytest.mark.parametrize(
    "changes",
    [{}, {"kind": "chair"}, {"seats": 3}, {"term_start": day(8)}, {"term_end": day(60)}, {"term_end": day(800)}],
)
def test_clean_accepts_a_sound_vacancy(changes):
    Vacancy(**vacancy_data(**changes)).clean()


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"kind": "chair", "seats": 2}, {"seats": [str(MSG_ONE_SEAT)]}),
        ({"kind": "secretary", "seats": 3}, {"seats": [str(MSG_ONE_SEAT)]}),
        ({"term_start": day(7)}, {"term_start": [str(MSG_TERM_BEFORE_DEADLINE)]}),
        ({"term_end": day(59)}, {"term_end": [str(MSG_TERM_END_BEFORE_START)]}),
        (
            {"kind": "chair", "seats": 2, "term_start": day(6), "term_end": day(5)},
            {
                "seats": [str(MSG_ONE_SEAT)],
                "term_start": [str(MSG_TERM_BEFORE_DEADLINE)],
                "term_end": [str(MSG_TERM_END_BEFORE_START)],
            },
        ),
    ],
)
def test_clean_refuses_impossible_seats_and_dates_on_their_fields(changes, errors):
    with pytest.raises(ValidationError) as raised:
        Vacancy(**vacancy_data(**changes)).clean()
    assert raised.value.message_dict == errors


def test_the_form_shows_the_models_messages_on_their_fields(db):
    data = vacancy_data(kind="chair", seats=2, term_start=day(7), term_end=day(6))
    form = VacancyForm({name: "" if value is None else value for name, value in data.items()})
    assert form.errors == {
        "seats": [str(MSG_ONE_SEAT)],
        "term_start": [str(MSG_TERM_BEFORE_DEADLINE)],
        "term_end": [str(MSG_TERM_END_BEFORE_START)],
    }


def test_an_election_closes_in_the_future():
    check_election_closes_at(timezone.now() + HOUR)
    with pytest.raises(ValidationError) as raised:
        check_election_closes_at(timezone.now())
    assert raised.value.messages == [str(MSG_CLOSES_IN_PAST)]


def test_the_election_form_says_so_on_the_closing_time():
    closes_at = timezone.localtime(timezone.now() - HOUR)
    form = ElectionStartForm({"closes_at": closes_at.strftime("%Y-%m-%dT%H:%M")})
    assert form.errors == {"closes_at": [str(MSG_CLOSES_IN_PAST)]}
