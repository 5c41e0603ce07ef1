"""The kinds of poll question, one module each; this maps each ``Question.Kind`` value to its kind.

Adding a kind: a ``Question.Kind`` value, a module here with a ``QuestionKind`` subclass, and its line below.
"""

from typing import TYPE_CHECKING

from ..models import Poll, Question
from .base import QuestionKind
from .dots import Dots
from .multiple import MultipleChoice
from .ranking import Ranking
from .scale import Scale
from .single import SingleChoice
from .text import OpenAnswer

if TYPE_CHECKING:  # the type of gettext_lazy's strings exists only in the stubs
    from django_stubs_ext import StrOrPromise

KINDS: dict[str, QuestionKind] = {
    kind.value: kind() for kind in (SingleChoice, MultipleChoice, Scale, OpenAnswer, Dots, Ranking)
}
# The question kinds of a quick poll: one question, answered in one go.
QUICK_POLL_KINDS = tuple(value for value, kind in KINDS.items() if kind.quick_poll)


def kind_of(value: str) -> QuestionKind:
    return KINDS[value]


def question_kinds_for(poll_kind: str) -> list[tuple[str, "StrOrPromise"]]:
    """The (value, label) choices of the questions a poll of this kind may have."""
    if poll_kind == Poll.Kind.POLL:
        allowed = [value for value, kind in KINDS.items() if kind.quick_poll]
    elif poll_kind == Poll.Kind.DOTS:
        allowed = [value for value, kind in KINDS.items() if kind.dot_vote]
    else:
        allowed = [value for value, kind in KINDS.items() if not kind.dot_vote]
    return [(value, label) for value, label in Question.Kind.choices if value in allowed]
