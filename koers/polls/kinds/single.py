"""One choice: one option of the question."""

from django import forms

from ..models import Answer, Question
from .base import OptionKind, common_field_settings, question_field


class SingleChoice(OptionKind):
    value = Question.Kind.SINGLE
    answer_field = "option"
    quick_poll = True

    def form_fields(self, question, *, poll, mine):
        choices = [(str(o.pk), o.label) for o in question.options.all()]
        field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common_field_settings(question))
        field.initial = str(mine[0].option_id) if mine else None
        return {question_field(question): field}

    def form_value(self, question, data):
        name = question_field(question)
        return int(data[name]) if data.get(name) else None

    def api_value(self, question, value):
        self.check_api_options(question, [value])
        return value

    def api_answer(self, answers):
        return answers[0].option_id

    def answers(self, question, value, *, poll):
        options = self.options(question)
        self.check_chosen([value], options)
        return [Answer(question=question, option=options[value])], 0
