"""Ranked choice: a ballot puts options in order 1, 2, 3 …; and the election polls the vacancies run."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from koers.polls.forms import QuestionForm
from koers.polls.models import Answer, Ballot, Participation, Poll
from koers.polls.selectors import export_rows, results
from koers.polls.services import (
    MSG_ELECTION_FIXED,
    MSG_FOREIGN_OPTION,
    MSG_RANK_GAPS,
    MSG_RANK_TWICE,
    MSG_REQUIRED,
    MSG_TOO_MANY,
    ballot_cast,
    poll_update,
    question_save,
)

from ..factories import UserFactory
from .conftest import make_poll, option

RANKING = [("Welke route heeft je voorkeur?", "rangorde", ["Afspraak", "Voldongen feit", "Verleiding"])]


@pytest.fixture
def ranked(db):
    return make_poll(kind=Poll.Kind.POLL, questions=RANKING)


def ranks(poll, **by_label) -> dict:
    question = poll.questions.get()
    return {question.pk: {option(poll, label).pk: rank for label, rank in by_label.items()}}


def labels(name: str) -> str:
    return {"a": "Afspraak", "v": "Voldongen feit", "l": "Verleiding"}[name]


def cast(poll, voter, order: str):
    """order: 'va' ranks Voldongen feit first, Afspraak second."""
    question = poll.questions.get()
    answer = {option(poll, labels(letter)).pk: rank for rank, letter in enumerate(order, start=1)}
    return ballot_cast(poll=poll, voter=voter, answers={question.pk: answer})


def stored(ballot) -> list[tuple[str, int]]:
    return sorted(ballot.answers.values_list("option__label", "value"), key=lambda row: row[1])


def test_a_ranking_is_stored_as_one_answer_per_ranked_option(ranked, member):
    ballot = cast(ranked, member, "la")
    assert stored(ballot) == [("Verleiding", 1), ("Afspraak", 2)]


def test_not_chosen_options_may_be_left_out_or_given_zero(ranked, member):
    question = ranked.questions.get()
    answer = {option(ranked, "Afspraak").pk: 1, option(ranked, "Verleiding").pk: 0}
    ballot = ballot_cast(poll=ranked, voter=member, answers={question.pk: answer})
    assert stored(ballot) == [("Afspraak", 1)]


def nothing_written() -> bool:
    return (Participation.objects.count(), Ballot.objects.count(), Answer.objects.count()) == (0, 0, 0)


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"Afspraak": 1, "Verleiding": 1}, MSG_RANK_TWICE % {"rank": 1}),
        ({"Afspraak": 1, "Verleiding": 2, "Voldongen feit": 2}, MSG_RANK_TWICE % {"rank": 2}),
        ({"Afspraak": 1, "Verleiding": 3}, MSG_RANK_GAPS),
        ({"Afspraak": 2}, MSG_RANK_GAPS),
        ({"Afspraak": -1}, MSG_RANK_GAPS),
        ({"Afspraak": "1"}, MSG_RANK_GAPS),
        ({"Afspraak": 1.5}, MSG_RANK_GAPS),
        ({"Afspraak": True}, MSG_RANK_GAPS),
        ({}, MSG_REQUIRED),
        ({"Afspraak": 0}, MSG_REQUIRED),
    ],
)
def test_ranks_run_from_one_without_gaps_or_doubles(ranked, member, given, message):
    question = ranked.questions.get()
    with pytest.raises(ValidationError) as error:
        ballot_cast(poll=ranked, voter=member, answers=ranks(ranked, **given) if given else {question.pk: {}})
    assert error.value.message_dict == {f"q{question.pk}": [str(message)]}
    assert nothing_written()


def test_only_options_of_the_question_and_only_a_mapping(ranked, member):
    question = ranked.questions.get()
    other = make_poll(title="Ander", questions=RANKING)
    foreign = other.questions.get().options.first()
    for answer, message in (({foreign.pk: 1}, MSG_FOREIGN_OPTION), ([option(ranked, "Afspraak").pk], MSG_RANK_GAPS)):
        with pytest.raises(ValidationError) as error:
            ballot_cast(poll=ranked, voter=member, answers={question.pk: answer})
        assert error.value.message_dict == {f"q{question.pk}": [str(message)]}
    assert nothing_written()


def test_a_ranking_may_be_capped(member):
    poll = make_poll(questions=RANKING)
    question = poll.questions.get()
    question.max_choices = 2
    question.save()
    with pytest.raises(ValidationError) as error:
        cast(poll, member, "alv")
    assert error.value.message_dict == {f"q{question.pk}": [str(MSG_TOO_MANY % {"max": 2})]}
    assert stored(cast(poll, member, "al")) == [("Afspraak", 1), ("Verleiding", 2)]


def test_a_quick_poll_may_hold_a_ranking(db):
    poll = make_poll(kind=Poll.Kind.POLL, questions=RANKING, publish=False)
    form = QuestionForm(poll=poll)
    assert [k for k, _label in form.fields["kind"].choices] == ["een", "meer", "rangorde"]
    survey = make_poll(publish=False)
    assert "rangorde" in [k for k, _label in QuestionForm(poll=survey).fields["kind"].choices]


def test_results_show_first_preferences_per_option(ranked):
    for order in ("av", "al", "va", "lva"):
        cast(ranked, UserFactory(), order)
    (row,) = results(poll=ranked).questions
    assert row.respondents == 4
    assert [(r.option.label, r.count, r.share) for r in row.options] == [
        ("Afspraak", 2, 50.0),
        ("Voldongen feit", 1, 25.0),
        ("Verleiding", 1, 25.0),
    ]


def test_the_export_gives_each_ranked_option_its_place(ranked, member):
    cast(ranked, member, "va")
    rows = export_rows(poll=ranked)
    assert sorted(row[-1] for row in rows) == ["Afspraak: 2", "Voldongen feit: 1"]


# The ballot page -----------------------------------------------------------------------------------------


def field(poll, label: str) -> str:
    return f"q{poll.questions.get().pk}-r{option(poll, label).pk}"


def test_the_ballot_has_a_place_to_choose_per_option(client, member, ranked):
    client.force_login(member)
    page = client.get(ranked.get_absolute_url()).content.decode()
    question = ranked.questions.get()
    assert f'<fieldset class="ranking" aria-describedby="rank-help-{question.pk}">' in page
    assert "<legend>Welke route heeft je voorkeur?" in page
    assert f'<label for="id_{field(ranked, "Afspraak")}">Afspraak</label>' in page
    assert '<option value="" selected>niet gekozen</option>' in page
    assert '<option value="1">1e keus</option><option value="2">2e keus</option><option value="3">3e keus</option>' in (
        page.replace("\n", "").replace("  ", "")
    )


def test_voting_through_the_ballot_turns_choices_into_ranks(client, member, ranked):
    client.force_login(member)
    data = {field(ranked, "Afspraak"): "2", field(ranked, "Voldongen feit"): "", field(ranked, "Verleiding"): "1"}
    response = client.post(ranked.get_absolute_url(), data)
    assert response.status_code == 302
    assert stored(Ballot.objects.get()) == [("Verleiding", 1), ("Afspraak", 2)]
    page = client.get(ranked.get_absolute_url()).content.decode()
    assert "Welke route heeft je voorkeur? Verleiding (1)" in page  # not anonymous: the member sees their ballot


def test_a_bad_ranking_is_explained_at_the_question_and_keeps_the_choices(client, member, ranked):
    client.force_login(member)
    question = ranked.questions.get()
    data = {field(ranked, "Afspraak"): "1", field(ranked, "Verleiding"): "1"}
    response = client.post(ranked.get_absolute_url(), data)
    assert response.status_code == 400
    page = response.content.decode()
    message = str(MSG_RANK_TWICE % {"rank": 1})
    assert page.count(message) == 2  # in the summary and at the question
    assert f'<small class="field-error" id="rank-error-{question.pk}">{message}</small>' in page
    assert f'aria-describedby="rank-help-{question.pk} rank-error-{question.pk}"' in page
    assert page.count('<option value="1" selected>1e keus</option>') == 2
    assert not Ballot.objects.exists()


def test_an_empty_ranking_is_required(client, member, ranked):
    client.force_login(member)
    nothing = {field(ranked, label): "" for label in ("Afspraak", "Voldongen feit", "Verleiding")}
    response = client.post(ranked.get_absolute_url(), nothing)  # as a browser sends it: every place "not chosen"
    assert response.status_code == 400
    assert response.content.decode().count(str(MSG_REQUIRED)) == 2
    assert not Ballot.objects.exists()


def test_an_unknown_place_is_refused_by_the_form(client, member, ranked):
    client.force_login(member)
    response = client.post(ranked.get_absolute_url(), {field(ranked, "Afspraak"): "9"})
    assert response.status_code == 400
    assert not Ballot.objects.exists()


# Election polls ------------------------------------------------------------------------------------------


def election_poll():
    poll = make_poll(
        kind=Poll.Kind.POLL,
        questions=RANKING,
        anonymous=True,
        visibility=Poll.Visibility.AFTER_CLOSING,
        election=True,
    )
    return poll


def test_an_election_is_always_secret(db):
    from django.db import IntegrityError, transaction

    poll = election_poll()
    for changes in ({"anonymous": False}, {"visibility": "altijd"}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Poll.objects.filter(pk=poll.pk).update(**changes)


def test_a_published_election_is_not_changed_through_the_polls(steering):
    poll = election_poll()
    question = poll.questions.get()
    with pytest.raises(ValidationError) as error:
        poll_update(actor=steering, poll=poll, data={"title": "Anders"})
    assert error.value.messages == [str(MSG_ELECTION_FIXED)]
    with pytest.raises(ValidationError) as error:
        question_save(poll=poll, question=question, data={"text": "Anders", "kind": "rangorde"}, options=["X", "Y"])
    assert error.value.messages == [str(MSG_ELECTION_FIXED)]
    poll.refresh_from_db()
    assert poll.title == "OOAPI als standaard"
    assert list(question.options.values_list("label", flat=True)) == ["Afspraak", "Voldongen feit", "Verleiding"]


@pytest.mark.parametrize("name", ["polls:poll-edit", "polls:poll-questions", "polls:poll-close"])
def test_the_organisers_pages_send_an_election_back(client, steering, name):
    poll = election_poll()
    client.force_login(steering)
    url = reverse(name, args=[poll.pk])
    response = client.post(url, {"title": "Anders"}, follow=True)
    assert response.redirect_chain == [(poll.get_absolute_url(), 302)]
    assert str(MSG_ELECTION_FIXED) in response.content.decode()
    poll.refresh_from_db()
    assert poll.is_open and poll.title == "OOAPI als standaard"
    page = client.get(poll.get_absolute_url()).content.decode()
    assert "Instellingen wijzigen" not in page and "Nu sluiten" not in page
    assert "Verkiezing: Snelle peiling" in page


def test_question_delete_is_refused_for_an_election(client, steering):
    poll = election_poll()
    question = poll.questions.get()
    client.force_login(steering)
    response = client.post(reverse("polls:question-delete", args=[poll.pk, question.pk]))
    assert response.status_code == 302
    assert poll.questions.count() == 1
