"""What every kind of question knows: its ballot field, how to read a form or API answer, how to check it
into Answer rows, and how to tally it. Each kind is one module in this package; ``__init__`` maps
``Question.Kind`` values to them.
"""

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from ..models import Answer, Option, Poll, Question

if TYPE_CHECKING:  # the type of gettext_lazy's strings exists only in the stubs
    from django_stubs_ext import StrOrPromise

MSG_REQUIRED = _("Deze vraag is verplicht.")
MSG_FOREIGN_OPTION = _("Kies een optie van deze vraag.")
# The number picks the plural when the message is filled in: MSG_TOO_MANY % {"max": 1}.
MSG_TOO_MANY = ngettext_lazy("Kies hoogstens %(max)s optie.", "Kies hoogstens %(max)s opties.", "max")
MSG_OPTION_TWICE = _("Je noemde een optie meer dan één keer.")


class AnswerRefused(Exception):
    """An answer its question cannot take; ``message`` is shown under the question."""

    def __init__(self, message: "StrOrPromise") -> None:
        super().__init__(message)
        self.message = message


def question_field(question: Question) -> str:
    """The form field (and error key) of a question on the ballot."""
    return f"q{question.pk}"


def percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


@dataclass
class BallotRow:
    """One question on the ballot: its field, or (dots, ranking) a field per option shown by ``template``."""

    question: Question
    field: forms.BoundField | None = None
    parts: list = dataclasses.field(default_factory=list)
    used: int = 0
    left: int = 0  # a dot vote: the dots not yet given
    errors: list = dataclasses.field(default_factory=list)
    template: str = ""


@dataclass
class OptionResult:
    option: Option
    count: int
    dots: int
    share: float  # percent of the question's respondents (of all dots in a dot vote)
    place: int = 0  # in a dot vote: the ranking, ties sharing a place


@dataclass
class QuestionResult:
    question: Question
    respondents: int
    options: list[OptionResult] = dataclasses.field(default_factory=list)
    scale: list[tuple[int, int, float]] = dataclasses.field(default_factory=list)  # (value, count, percent)
    mean: float | None = None
    texts: list[str] = dataclasses.field(default_factory=list)
    more_texts: int = 0

    @property
    def kind(self) -> "QuestionKind":
        """The question's kind, for what the results table shows (dots, first preferences)."""
        return self.question.kind_spec


# A count of answers to a question: (option id, value, how many), grouped by the database.
Groups = list[tuple[int | None, int | None, int]]


class QuestionKind:
    """One kind of question. Subclasses set the class attributes and implement the methods they need."""

    value: ClassVar[str]  # the Question.Kind value
    answer_field: ClassVar[str]  # the API field that carries the answer (``answer_field`` of a question)
    has_options: ClassVar[bool] = False
    several_per_ballot: ClassVar[bool] = False  # a ballot may hold several answers: count distinct ballots
    quick_poll: ClassVar[bool] = False  # may be the one question of a quick poll
    dot_vote: ClassVar[bool] = False  # the question of a dot vote (and only there)
    counts_dots: ClassVar[bool] = False  # the results show dots and places rather than votes
    first_preferences: ClassVar[bool] = False  # the results show how often an option was first choice
    reads_texts: ClassVar[bool] = False  # the tally reads the answers' texts

    # The ballot form ----------------------------------------------------------------------------------

    def form_fields(self, question: Question, *, poll: Poll, mine: list[Answer]) -> dict[str, forms.Field]:
        """The ballot's field(s) for this question, filled in with one's own earlier answers."""
        raise NotImplementedError

    def ballot_row(self, form: forms.Form, question: Question, errors: list) -> BallotRow:
        return BallotRow(question, field=form[question_field(question)])

    def form_value(self, question: Question, data: dict) -> Any:
        """The cleaned form's answer in the shape ``ballot_cast`` takes."""
        raise NotImplementedError

    def adjust(self, question: Question, data: Any, name: str, step: int, *, poll: Poll) -> bool:
        """A − or + button on the ballot (the dot vote's): change ``data`` in place; False if not this question's."""
        return False

    # The API ------------------------------------------------------------------------------------------

    def api_value(self, question: Question, value: Any) -> Any:
        """The API's answer (in ``answer_field``, not None) in the shape ``ballot_cast`` takes."""
        return value

    def api_answer(self, answers: list[Answer]) -> Any:
        """One's own answers (in option order) as the value of ``answer_field``."""
        raise NotImplementedError

    # Voting -------------------------------------------------------------------------------------------

    def given(self, value: Any) -> Any:
        """The answer with what counts as not answering taken out."""
        return value

    def is_blank(self, value: Any) -> bool:
        return value in (None, "", [], {})

    def answers(self, question: Question, value: Any, *, poll: Poll) -> tuple[list[Answer], int]:
        """The unsaved answers to a question that was answered, and the dots they use; or AnswerRefused."""
        raise NotImplementedError

    # The tally ----------------------------------------------------------------------------------------

    def read_texts(self, answers, question: Question) -> list[str]:
        """The texts the results show (only when ``reads_texts``): one query."""
        return []

    def tally(self, row: QuestionResult, groups: Groups, texts: list[str]) -> None:
        """Fill in the question's results from the database's grouped counts."""
        raise NotImplementedError


def common_field_settings(question: Question) -> dict:
    return {"label": question.text, "required": question.required, "error_messages": {"required": MSG_REQUIRED}}


class OptionKind(QuestionKind):
    """A kind answered by choosing options of the question."""

    has_options = True

    @staticmethod
    def options(question: Question) -> dict[int, Option]:
        return {o.pk: o for o in question.options.all()}

    @staticmethod
    def check_chosen(chosen: list, options: dict) -> None:
        """Every chosen option is one of the question's."""
        if any(pk not in options for pk in chosen):
            raise AnswerRefused(MSG_FOREIGN_OPTION)

    @staticmethod
    def check_api_options(question: Question, chosen: list, *, once: bool = True) -> None:
        """The API's options: each named once (where ``once``), and all of this question."""
        if once and len(set(chosen)) != len(chosen):
            raise AnswerRefused(MSG_OPTION_TWICE)
        if not set(chosen) <= {option.pk for option in question.options.all()}:
            raise AnswerRefused(MSG_FOREIGN_OPTION)

    def counts_group(self, value: int | None) -> bool:
        """Whether a group of answers with this value counts in the option tally."""
        return True

    def share(self, result: OptionResult, respondents: int, total_dots: int) -> float:
        return percent(result.count, respondents)

    def tally(self, row: QuestionResult, groups: Groups, texts: list[str]) -> None:
        counts: dict[int | None, int] = {}  # per option id (an option question's answers all have one)
        dots: dict[int | None, int] = {}
        for option_id, value, n in groups:
            if not self.counts_group(value):
                continue
            counts[option_id] = counts.get(option_id, 0) + n
            dots[option_id] = dots.get(option_id, 0) + (value or 0) * n
        total_dots = sum(dots.values())
        for option in row.question.options.all():
            result = OptionResult(option, counts.get(option.pk, 0), dots.get(option.pk, 0), 0.0)
            result.share = self.share(result, row.respondents, total_dots)
            row.options.append(result)
