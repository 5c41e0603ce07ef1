"""Each kind of question on its own: its ballot fields, reading a form or API answer, checking it into
answers, tallying the database's grouped counts, and one's own answers for the API."""

import pytest
from django import forms

from koers.polls.kinds import KINDS, QUICK_POLL_KINDS, kind_of, question_kinds_for
from koers.polls.kinds.base import (
    MSG_FOREIGN_OPTION,
    MSG_OPTION_TWICE,
    MSG_TOO_MANY,
    AnswerRefused,
    QuestionResult,
)
from koers.polls.kinds.dots import (
    MSG_DOTS_BUDGET,
    MSG_DOTS_NEGATIVE,
    MSG_DOTS_PER_OPTION,
    dots_adjusted,
    dots_used,
    read_count,
)
from koers.polls.kinds.ranking import MSG_RANK_GAPS, MSG_RANK_TWICE, rank_problem
from koers.polls.kinds.scale import MSG_SCALE
from koers.polls.models import Answer, Poll, Question
from koers.polls.services import ballot_cast, poll_publish

from .conftest import make_poll

SURVEY = [
    ("Eén keuze", "een", ["A", "B", "C"]),
    ("Meer keuzes", "meer", ["A", "B", "C"]),
    ("Schaal", "schaal", []),
    ("Open", "open", []),
    ("Rangorde", "rangorde", ["A", "B", "C"]),
]


@pytest.fixture
def survey(db):
    poll = make_poll(questions=SURVEY, publish=False)
    poll.questions.filter(kind="meer").update(max_choices=2)
    poll.questions.filter(kind="rangorde").update(max_choices=2)
    return poll


@pytest.fixture
def dot_vote(db):
    return make_poll(kind=Poll.Kind.DOTS, dots=5, max_per_option=3, questions=[("", "stippen", ["A", "B", "C"])])


def question_of(poll: Poll, kind: str) -> Question:
    return poll.questions.prefetch_related("options").get(kind=kind)


def ids(question: Question) -> list[int]:
    return [o.pk for o in question.options.all()]


def refused(call) -> str:
    with pytest.raises(AnswerRefused) as error:
        call()
    return error.value.message


def stored(answers: list[Answer]) -> list[tuple]:
    return [(a.option.label if a.option else None, a.value, a.text) for a in answers]


def tally(question: Question, respondents: int, groups: list, texts=()) -> QuestionResult:
    row = QuestionResult(question=question, respondents=respondents)
    question.kind_spec.tally(row, groups, list(texts))
    return row


def options_out(row: QuestionResult) -> list[tuple]:
    return [(r.option.label, r.count, r.dots, r.share, r.place) for r in row.options]


# The registry -------------------------------------------------------------------------------------------


def test_every_question_kind_has_its_class():
    assert set(KINDS) == set(Question.Kind.values)
    assert all(kind_of(value).value == value for value in Question.Kind.values)
    answer_fields = {value: kind.answer_field for value, kind in KINDS.items()}
    assert answer_fields == {
        "een": "option",
        "meer": "options",
        "schaal": "value",
        "open": "text",
        "stippen": "dots",
        "rangorde": "ranking",
    }
    assert [value for value, kind in KINDS.items() if kind.has_options] == ["een", "meer", "stippen", "rangorde"]
    assert [value for value, kind in KINDS.items() if kind.several_per_ballot] == ["meer", "stippen", "rangorde"]


def test_the_question_kinds_each_kind_of_poll_may_have():
    assert set(QUICK_POLL_KINDS) == {"een", "meer", "rangorde"}
    assert [v for v, _label in question_kinds_for(Poll.Kind.POLL)] == ["een", "meer", "rangorde"]
    assert [v for v, _label in question_kinds_for(Poll.Kind.DOTS)] == ["stippen"]
    assert [v for v, _label in question_kinds_for(Poll.Kind.SURVEY)] == ["een", "meer", "schaal", "open", "rangorde"]


# One choice -----------------------------------------------------------------------------------------------


def test_single_choice(survey):
    question = question_of(survey, "een")
    kind = question.kind_spec
    a, b, c = ids(question)
    name = f"q{question.pk}"
    fields = kind.form_fields(question, poll=survey, mine=[Answer(option_id=b)])
    assert list(fields) == [name] and isinstance(fields[name], forms.ChoiceField)
    assert (fields[name].choices, fields[name].initial) == ([(str(a), "A"), (str(b), "B"), (str(c), "C")], str(b))
    assert (kind.form_value(question, {name: str(c)}), kind.form_value(question, {name: ""})) == (c, None)
    assert kind.api_value(question, a) == a
    assert refused(lambda: kind.api_value(question, 10**9)) == MSG_FOREIGN_OPTION
    answers, used = kind.answers(question, b, poll=survey)
    assert (stored(answers), used) == ([("B", None, "")], 0)
    assert refused(lambda: kind.answers(question, 10**9, poll=survey)) == MSG_FOREIGN_OPTION
    row = tally(question, 4, [(a, None, 3), (b, None, 1)])
    assert options_out(row) == [("A", 3, 0, 75.0, 0), ("B", 1, 0, 25.0, 0), ("C", 0, 0, 0.0, 0)]
    assert kind.api_answer([Answer(option_id=b)]) == b


# Several choices --------------------------------------------------------------------------------------------


def test_several_choices(survey):
    question = question_of(survey, "meer")
    kind = question.kind_spec
    a, b, c = ids(question)
    name = f"q{question.pk}"
    fields = kind.form_fields(question, poll=survey, mine=[Answer(option_id=a), Answer(option_id=c)])
    assert isinstance(fields[name], forms.MultipleChoiceField)
    assert (fields[name].initial, str(fields[name].help_text)) == ([str(a), str(c)], "Kies hoogstens 2.")
    assert kind.form_value(question, {name: [str(a), str(c)]}) == [a, c]
    assert kind.form_value(question, {}) == []
    assert kind.api_value(question, [c, a, c]) == [c, a]  # naming an option twice chooses it once
    assert refused(lambda: kind.api_value(question, [a, 10**9])) == MSG_FOREIGN_OPTION
    answers, _used = kind.answers(question, [b, a, b], poll=survey)
    assert stored(answers) == [("B", None, ""), ("A", None, "")]
    assert refused(lambda: kind.answers(question, [a, b, c], poll=survey)) == MSG_TOO_MANY % {"max": 2}
    assert refused(lambda: kind.answers(question, [a, 10**9], poll=survey)) == MSG_FOREIGN_OPTION
    # Shares are of the respondents (distinct ballots), so they may add up to more than 100.
    row = tally(question, 2, [(a, None, 2), (c, None, 1)])
    assert options_out(row) == [("A", 2, 0, 100.0, 0), ("B", 0, 0, 0.0, 0), ("C", 1, 0, 50.0, 0)]
    assert kind.api_answer([Answer(option_id=a), Answer(option_id=c)]) == [a, c]


# Scale ------------------------------------------------------------------------------------------------------


def test_scale(survey):
    question = question_of(survey, "schaal")
    kind = question.kind_spec
    name = f"q{question.pk}"
    field = kind.form_fields(question, poll=survey, mine=[Answer(value=4)])[name]
    assert (field.choices, field.initial) == ([(str(n), str(n)) for n in range(1, 6)], "4")
    assert (kind.form_value(question, {name: "3"}), kind.form_value(question, {})) == (3, None)
    assert kind.api_value(question, 7) == 7  # the service checks the range, for the site and the API alike
    answers, _used = kind.answers(question, 5, poll=survey)
    assert stored(answers) == [(None, 5, "")]
    for wrong in (0, 6, "3"):
        assert refused(lambda wrong=wrong: kind.answers(question, wrong, poll=survey)) == MSG_SCALE
    row = tally(question, 4, [(None, 2, 1), (None, 5, 3)])
    assert row.scale == [(1, 0, 0.0), (2, 1, 25.0), (3, 0, 0.0), (4, 0, 0.0), (5, 3, 75.0)]
    assert (row.mean, row.options) == (4.2, [])
    assert tally(question, 0, []).mean is None
    assert kind.api_answer([Answer(value=2)]) == 2


# Open answer ------------------------------------------------------------------------------------------------


def test_open_answer(survey):
    question = question_of(survey, "open")
    kind = question.kind_spec
    name = f"q{question.pk}"
    field = kind.form_fields(question, poll=survey, mine=[Answer(text="eerder")])[name]
    assert (type(field), field.max_length, field.initial) == (forms.CharField, 2000, "eerder")
    assert (kind.form_value(question, {name: "tekst"}), kind.form_value(question, {})) == ("tekst", "")
    answers, _used = kind.answers(question, "  ruimte  ", poll=survey)
    assert stored(answers) == [(None, None, "ruimte")]
    assert kind.is_blank("") and not kind.is_blank("x")
    row = tally(question, 3, [(None, None, 3)], texts=["a", "b"])
    assert (row.texts, row.more_texts) == (["a", "b"], 1)
    assert kind.api_answer([Answer(text="mijn antwoord")]) == "mijn antwoord"


def test_open_answers_read_their_texts_in_order_without_empty_ones(survey, member, other_member):
    question = question_of(survey, "open")
    survey.questions.exclude(pk=question.pk).update(required=False)
    poll_publish(actor=None, poll=survey)
    ballot_cast(poll=survey, voter=member, answers={question.pk: "zeker"})
    ballot_cast(poll=survey, voter=other_member, answers={question.pk: "anders"})
    assert question.kind_spec.read_texts(Answer.objects.all(), question) == ["anders", "zeker"]


# Dots -------------------------------------------------------------------------------------------------------


def test_dots(dot_vote):
    question = question_of(dot_vote, "stippen")
    kind = question.kind_spec
    a, b, c = ids(question)
    fields = kind.form_fields(question, poll=dot_vote, mine=[Answer(option_id=b, value=2)])
    assert list(fields) == [f"q{question.pk}-o{pk}" for pk in (a, b, c)]
    assert [(f.max_value, f.initial) for f in fields.values()] == [(3, 0), (3, 2), (3, 0)]
    data = {f"q{question.pk}-o{a}": 2, f"q{question.pk}-o{b}": None}
    assert kind.form_value(question, data) == {a: 2, b: 0, c: 0}
    typed = {f"q{question.pk}-o{a}": "2", f"q{question.pk}-o{b}": "x", f"q{question.pk}-o{c}": "-1"}
    assert dots_used(typed, question) == 2  # the live counter: unreadable and negative count as 0
    assert kind.api_value(question, [{"option": a, "dots": 2}, {"option": c, "dots": 1}]) == {a: 2, c: 1}
    assert refused(lambda: kind.api_value(question, [{"option": a, "dots": 1}] * 2)) == MSG_OPTION_TWICE
    assert kind.is_blank({a: 0, b: 0}) and not kind.is_blank({a: 1})
    answers, used = kind.answers(question, {a: 3, b: 0, c: 2}, poll=dot_vote)
    assert (stored(answers), used) == ([("A", 3, ""), ("C", 2, "")], 5)
    assert refused(lambda: kind.answers(question, {a: -1, b: 2}, poll=dot_vote)) == MSG_DOTS_NEGATIVE
    assert refused(lambda: kind.answers(question, {a: 4}, poll=dot_vote)) == MSG_DOTS_PER_OPTION % {"max": 3}
    over = {a: 3, b: 3}
    assert refused(lambda: kind.answers(question, over, poll=dot_vote)) == MSG_DOTS_BUDGET % {"used": 6, "budget": 5}
    assert refused(lambda: kind.answers(question, {10**9: 1}, poll=dot_vote)) == MSG_FOREIGN_OPTION
    # Shares are of all dots; options with as many dots share a place.
    row = tally(question, 3, [(a, 1, 2), (b, 3, 1), (c, 1, 1), (c, 2, 2)])
    assert options_out(row) == [("C", 3, 5, 50.0, 1), ("B", 1, 3, 30.0, 2), ("A", 2, 2, 20.0, 3)]
    row = tally(question, 2, [(a, 2, 1), (b, 2, 1)])
    assert [(label, place) for label, *_rest, place in options_out(row)] == [("A", 1), ("B", 1), ("C", 3)]
    assert kind.api_answer([Answer(option_id=a, value=2)]) == [{"option": a, "dots": 2}]


# Ranking ----------------------------------------------------------------------------------------------------


def test_ranking(survey):
    question = question_of(survey, "rangorde")
    kind = question.kind_spec
    a, b, c = ids(question)
    fields = kind.form_fields(question, poll=survey, mine=[Answer(option_id=c, value=1)])
    assert list(fields) == [f"q{question.pk}-r{pk}" for pk in (a, b, c)]
    assert [str(label) for _value, label in fields[f"q{question.pk}-r{a}"].choices] == [
        "niet gekozen",
        "1e keus",
        "2e keus",
    ]  # as many places as max_choices
    assert [f.initial for f in fields.values()] == ["", "", "1"]
    data = {f"q{question.pk}-r{a}": 2, f"q{question.pk}-r{b}": None, f"q{question.pk}-r{c}": 1}
    assert kind.form_value(question, data) == {a: 2, c: 1}
    assert kind.api_value(question, [c, a]) == {c: 1, a: 2}
    assert refused(lambda: kind.api_value(question, [a, a])) == MSG_OPTION_TWICE
    assert kind.given({a: 1, b: 0, c: None}) == {a: 1}  # 0 and nothing: not chosen
    answers, _used = kind.answers(question, {c: 1, a: 2}, poll=survey)
    assert stored(answers) == [("C", 1, ""), ("A", 2, "")]
    assert refused(lambda: kind.answers(question, [a], poll=survey)) == MSG_RANK_GAPS
    assert refused(lambda: kind.answers(question, {a: 1, b: 2, c: 3}, poll=survey)) == MSG_TOO_MANY % {"max": 2}
    assert refused(lambda: kind.answers(question, {a: 1, 10**9: 2}, poll=survey)) == MSG_FOREIGN_OPTION
    assert refused(lambda: kind.answers(question, {a: 1, b: 1}, poll=survey)) == MSG_RANK_TWICE % {"rank": 1}
    assert refused(lambda: kind.answers(question, {a: 1, b: 3}, poll=survey)) == MSG_RANK_GAPS
    problems = [rank_problem(ranks) for ranks in ([1, 2], [2], [True], ["1"], [])]
    assert problems == [None, MSG_RANK_GAPS, MSG_RANK_GAPS, MSG_RANK_GAPS, None]
    # The tally counts first preferences; shares are of the respondents.
    row = tally(question, 4, [(a, 1, 3), (a, 2, 1), (b, 2, 2), (c, 1, 1)])
    assert options_out(row) == [("A", 3, 3, 75.0, 0), ("B", 0, 0, 0.0, 0), ("C", 1, 1, 25.0, 0)]
    assert kind.api_answer([Answer(option_id=a, value=2), Answer(option_id=c, value=1)]) == [c, a]


def test_the_per_option_limit_counts_its_dots():
    assert str(MSG_DOTS_PER_OPTION % {"max": 1}) == "Op één optie mag hoogstens 1 stip."
    assert str(MSG_DOTS_PER_OPTION % {"max": 3}) == "Op één optie mogen hoogstens 3 stippen."


def test_the_choice_limit_counts_its_options():
    assert str(MSG_TOO_MANY % {"max": 1}) == "Kies hoogstens 1 optie."
    assert str(MSG_TOO_MANY % {"max": 2}) == "Kies hoogstens 2 opties."


# --- the dot vote's − and + (without JavaScript) -----------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "option", "step", "budget", "cap", "expected"),
    [
        ({1: 0, 2: 0}, 1, +1, 3, 3, 1),  # one more
        ({1: 1, 2: 0}, 1, -1, 3, 3, 0),  # one less
        ({1: 0, 2: 0}, 1, -1, 3, 3, 0),  # never below 0
        ({1: 2, 2: 1}, 1, +1, 3, 3, 2),  # no dots left: + adds nothing
        ({1: 1, 2: 1}, 1, +1, 3, 3, 2),  # the last dot left
        ({1: 2, 2: 0}, 1, +1, 5, 2, 2),  # at the cap per option
        ({1: 1, 2: 0}, 1, +1, 5, 2, 2),  # up to the cap
        ({1: 4, 2: 0}, 1, +1, 3, 3, 4),  # typed above the budget: + does not lower it
        ({1: 4, 2: 0}, 1, -1, 3, 3, 3),  # − lowers it one at a time
        ({1: 0, 2: 5}, 1, +1, 3, 3, 0),  # the others already use more than the budget
        ({2: 1}, 1, +1, 3, 3, 1),  # an option not yet counted starts at 0
    ],
)
def test_dots_adjusted(counts, option, step, budget, cap, expected):
    assert dots_adjusted(counts, option, step, budget=budget, cap=cap) == expected


@pytest.mark.parametrize(("typed", "count"), [("2", 2), ("", 0), (None, 0), ("-3", 0), ("twee", 0), ("1.5", 0)])
def test_read_count(typed, count):
    assert read_count(typed) == count
