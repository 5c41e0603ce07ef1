"""An open answer: text; the results show the texts themselves (up to TEXT_ANSWERS_SHOWN)."""

from django import forms

from ..models import Answer, Question
from .base import QuestionKind, common_field_settings, question_field

TEXT_ANSWERS_SHOWN = 200


class OpenAnswer(QuestionKind):
    value = Question.Kind.TEXT
    answer_field = "text"
    reads_texts = True

    def form_fields(self, question, *, poll, mine):
        field = forms.CharField(
            widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, **common_field_settings(question)
        )
        field.initial = mine[0].text if mine else ""
        return {question_field(question): field}

    def form_value(self, question, data):
        return data.get(question_field(question), "")

    def api_answer(self, answers):
        return answers[0].text

    def answers(self, question, value, *, poll):
        return [Answer(question=question, text=str(value).strip())], 0

    def read_texts(self, answers, question):
        # Capped, so a survey with several open questions shows answers to each.
        return list(
            answers.filter(question=question)
            .exclude(text="")
            .order_by("text")
            .values_list("text", flat=True)[:TEXT_ANSWERS_SHOWN]
        )

    def tally(self, row, groups, texts):
        row.texts = texts
        row.more_texts = max(0, row.respondents - len(row.texts))
