"""A scale from 1 to 5; the results show how often each value was given and the mean."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Answer, Question
from .base import AnswerRefused, QuestionKind, common_field_settings, percent, question_field

MSG_SCALE = _("Kies een waarde van 1 tot en met 5.")
VALUES = range(1, 6)
CHOICES = [(str(n), str(n)) for n in VALUES]


class Scale(QuestionKind):
    value = Question.Kind.SCALE
    answer_field = "value"

    def form_fields(self, question, *, poll, mine):
        field = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect, **common_field_settings(question))
        field.help_text = _("1 is het laagst, 5 het hoogst.")
        field.initial = str(mine[0].value) if mine else None
        return {question_field(question): field}

    def form_value(self, question, data):
        name = question_field(question)
        return int(data[name]) if data.get(name) else None

    def api_answer(self, answers):
        return answers[0].value

    def answers(self, question, value, *, poll):
        if value not in (1, 2, 3, 4, 5):
            raise AnswerRefused(MSG_SCALE)
        return [Answer(question=question, value=value)], 0

    def tally(self, row, groups, texts):
        values = {value: n for _option, value, n in groups if value is not None}
        row.scale = [(v, values.get(v, 0), percent(values.get(v, 0), row.respondents)) for v in VALUES]
        total = sum(values.values())
        row.mean = round(sum(v * n for v, n in values.items()) / total, 1) if total else None
