"""Several choices: any number of the question's options, up to its ``max_choices``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Answer, Question
from .base import MSG_TOO_MANY, AnswerRefused, OptionKind, common_field_settings, question_field


class MultipleChoice(OptionKind):
    value = Question.Kind.MULTIPLE
    answer_field = "options"
    quick_poll = True
    several_per_ballot = True

    def form_fields(self, question, *, poll, mine):
        choices = [(str(o.pk), o.label) for o in question.options.all()]
        field = forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common_field_settings(question)
        )
        field.initial = [str(a.option_id) for a in mine]
        if question.max_choices:
            field.help_text = _("Kies hoogstens %(max)s.") % {"max": question.max_choices}
        return {question_field(question): field}

    def form_value(self, question, data):
        return [int(pk) for pk in data.get(question_field(question)) or []]

    def api_value(self, question, value):
        self.check_api_options(question, list(value), once=False)  # naming an option twice chooses it once
        return list(dict.fromkeys(value))

    def api_answer(self, answers):
        return [a.option_id for a in answers]

    def answers(self, question, value, *, poll):
        options = self.options(question)
        chosen = list(dict.fromkeys(value))
        if question.max_choices and len(chosen) > question.max_choices:
            raise AnswerRefused(MSG_TOO_MANY % {"max": question.max_choices})
        self.check_chosen(chosen, options)
        return [Answer(question=question, option=options[pk]) for pk in chosen], 0
