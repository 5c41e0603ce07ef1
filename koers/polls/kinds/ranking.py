"""A ranking: the voter puts (some of) the options in order; Answer.value holds the rank, 1 first.

The tally here counts first preferences; an election's full count is the vacancy's (koers.governance).
"""

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Answer, Question
from .base import MSG_TOO_MANY, AnswerRefused, BallotRow, OptionKind, question_field

if TYPE_CHECKING:  # the type of gettext_lazy's strings exists only in the stubs
    from django_stubs_ext import StrOrPromise

MSG_RANK_GAPS = _("Nummer je keuzes aaneengesloten vanaf 1: 1e keus, 2e keus, enzovoort, zonder er een over te slaan.")
MSG_RANK_TWICE = _("Je gaf meer dan één optie als %(rank)se keus. Elke plaats mag maar één keer voorkomen.")


def option_field(question: Question, option_id: int) -> str:
    return f"{question_field(question)}-r{option_id}"


def rank_choices(count: int) -> list[tuple[str, "StrOrPromise"]]:
    """'not chosen', then '1e keus' … for as many places as there are to give."""
    return [("", _("niet gekozen"))] + [(str(n), _("%(rank)se keus") % {"rank": n}) for n in range(1, count + 1)]


def rank_problem(ranks: list) -> "StrOrPromise | None":
    """Why these ranks are not a preference order 1, 2, 3 … (whole numbers, no gaps, no place twice), or None."""
    if any(isinstance(rank, bool) or not isinstance(rank, int) or rank < 1 for rank in ranks):
        return MSG_RANK_GAPS
    for rank in sorted(ranks):
        if ranks.count(rank) > 1:
            return MSG_RANK_TWICE % {"rank": rank}
    if sorted(ranks) != list(range(1, len(ranks) + 1)):
        return MSG_RANK_GAPS
    return None


class Ranking(OptionKind):
    value = Question.Kind.RANKED
    answer_field = "ranking"
    quick_poll = True
    several_per_ballot = True
    first_preferences = True

    def form_fields(self, question, *, poll, mine):
        given = {a.option_id: a.value for a in mine}
        options = list(question.options.all())
        places = rank_choices(min(len(options), question.max_choices or len(options)))
        return {
            option_field(question, option.pk): forms.TypedChoiceField(
                label=option.label,
                choices=places,
                coerce=int,
                empty_value=None,
                required=False,
                initial=str(given[option.pk]) if option.pk in given else "",
            )
            for option in options
        }

    def ballot_row(self, form, question, errors):
        fields = [form[option_field(question, o.pk)] for o in question.options.all()]
        return BallotRow(question, parts=fields, errors=errors, template="polls/_ballot_ranking.html")

    def form_value(self, question, data):
        ranks = {o.pk: data.get(option_field(question, o.pk)) for o in question.options.all()}
        return {pk: rank for pk, rank in ranks.items() if rank is not None}

    def api_value(self, question, value):
        self.check_api_options(question, list(value))
        return {pk: rank for rank, pk in enumerate(value, start=1)}

    def api_answer(self, answers):
        return [a.option_id for a in sorted(answers, key=lambda a: a.value)]

    def given(self, value):
        if isinstance(value, dict):
            return {pk: rank for pk, rank in value.items() if rank not in (None, "", 0)}  # 0: not chosen
        return value

    def answers(self, question, value, *, poll):
        if not isinstance(value, dict):
            raise AnswerRefused(MSG_RANK_GAPS)
        options = self.options(question)
        chosen = list(value)
        if question.max_choices and len(chosen) > question.max_choices:
            raise AnswerRefused(MSG_TOO_MANY % {"max": question.max_choices})
        self.check_chosen(chosen, options)
        problem = rank_problem(list(value.values()))
        if problem:
            raise AnswerRefused(problem)
        return [Answer(question=question, option=options[pk], value=value[pk]) for pk in chosen], 0

    def counts_group(self, value):
        return value == 1  # first preferences only
