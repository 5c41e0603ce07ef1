"""Dots: the question of a dot vote. Each voter spreads the poll's dots over the options (at most
``max_per_option`` on one); the results rank the options by their dots, ties sharing a place.
"""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from ..models import Answer, Question
from .base import AnswerRefused, BallotRow, OptionKind, percent, question_field

MSG_DOTS_BUDGET = _("Je hebt %(used)s stippen verdeeld; je mag er hoogstens %(budget)s verdelen.")
# The number picks the plural when the message is filled in: MSG_DOTS_PER_OPTION % {"max": 1}.
MSG_DOTS_PER_OPTION = ngettext_lazy(
    "Op één optie mag hoogstens %(max)s stip.", "Op één optie mogen hoogstens %(max)s stippen.", "max"
)
MSG_DOTS_NEGATIVE = _("Een aantal stippen is 0 of meer.")


def option_field(question: Question, option_id: int) -> str:
    return f"{question_field(question)}-o{option_id}"


def read_count(value) -> int:
    """A count as typed on the ballot; what is not a whole number of 0 or more counts as 0."""
    try:
        return max(0, int(value or 0))
    except (TypeError, ValueError):
        return 0


def dots_used(data, question: Question) -> int:
    """The dots a (partly filled) ballot puts on a question, for the live counter; unreadable counts as 0."""
    return sum(read_count(data.get(option_field(question, option.pk))) for option in question.options.all())


def dots_adjusted(counts: dict[int, int], option_id: int, step: int, *, budget: int, cap: int) -> int:
    """The option's count after pressing − (step -1) or + (step +1) on the ballot.

    Never below 0; + adds nothing beyond the cap per option or the dots left on the other options, and
    never lowers a count typed above them (only − does that, one at a time).
    """
    current = counts.get(option_id, 0)
    if step < 0:
        return max(0, current + step)
    room = min(cap, budget - sum(n for pk, n in counts.items() if pk != option_id))
    return max(current, min(current + step, room))


@dataclass
class DotOption:
    """One option on the ballot of a dot vote: its field, its count and its dots as circles (filled or not)."""

    field: forms.BoundField
    count: int
    circles: list[bool]
    minus: str  # the values of the − and + buttons (``adjust``)
    plus: str


class Dots(OptionKind):
    value = Question.Kind.DOTS
    answer_field = "dots"
    several_per_ballot = True
    dot_vote = True
    counts_dots = True

    def form_fields(self, question, *, poll, mine):
        given = {a.option_id: a.value for a in mine}
        cap = poll.max_per_option or poll.dots
        return {
            option_field(question, option.pk): forms.IntegerField(
                label=option.label, min_value=0, max_value=cap, required=False, initial=given.get(option.pk, 0)
            )
            for option in question.options.all()
        }

    def ballot_row(self, form, question, errors):
        poll = form.poll
        cap = poll.max_per_option or poll.dots or 0
        parts = []
        for option in question.options.all():
            name = option_field(question, option.pk)
            field = form[name]
            count = read_count(field.value())
            circles = [True] * min(count, cap) + [False] * max(0, cap - count)
            parts.append(DotOption(field, count, circles, minus=f"{name}:-1", plus=f"{name}:+1"))
        used = sum(part.count for part in parts)
        left = max(0, (poll.dots or 0) - used)
        return BallotRow(question, parts=parts, used=used, left=left, errors=errors, template="polls/_ballot_dots.html")

    def adjust(self, question, data, name: str, step: int, *, poll) -> bool:
        """Press − or + at the option field ``name`` of this question: ``data`` (a mutable copy of the
        ballot as posted) gets the new count. False when the field is not one of this question's."""
        counts = {o.pk: read_count(data.get(option_field(question, o.pk))) for o in question.options.all()}
        option_id = next((pk for pk in counts if option_field(question, pk) == name), None)
        if option_id is None:
            return False
        cap = poll.max_per_option or poll.dots or 0
        data[name] = str(dots_adjusted(counts, option_id, step, budget=poll.dots or 0, cap=cap))
        return True

    def form_value(self, question, data):
        return {o.pk: data.get(option_field(question, o.pk)) or 0 for o in question.options.all()}

    def api_value(self, question, value):
        self.check_api_options(question, [row["option"] for row in value])
        return {row["option"]: row["dots"] for row in value}

    def api_answer(self, answers):
        return [{"option": a.option_id, "dots": a.value} for a in answers]

    def is_blank(self, value):
        return super().is_blank(value) or not any(value.values())

    def answers(self, question, value, *, poll):
        options = self.options(question)
        chosen = [pk for pk, n in value.items() if n]
        self.check_chosen(chosen, options)
        if any(n < 0 for n in value.values()):
            raise AnswerRefused(MSG_DOTS_NEGATIVE)
        if poll.max_per_option and any(n > poll.max_per_option for n in value.values()):
            raise AnswerRefused(MSG_DOTS_PER_OPTION % {"max": poll.max_per_option})
        used = sum(value.values())
        if used > (poll.dots or 0):
            raise AnswerRefused(MSG_DOTS_BUDGET % {"used": used, "budget": poll.dots})
        return [Answer(question=question, option=options[pk], value=value[pk]) for pk in chosen], used

    def share(self, result, respondents, total_dots):
        return percent(result.dots, total_dots)

    def tally(self, row, groups, texts):
        super().tally(row, groups, texts)
        row.options.sort(key=lambda r: (-r.dots, r.option.position))
        for result in row.options:  # options with as many dots share a place
            result.place = 1 + sum(1 for other in row.options if other.dots > result.dots)
