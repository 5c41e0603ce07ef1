from typing import cast

from django import forms
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from koers.core.forms import DateInput, DateTimeInput

from .kinds import question_kinds_for
from .kinds.base import BallotRow, question_field
from .models import Call, Poll, Question, SignUp


class PollForm(forms.ModelForm):
    """A poll's settings; their rules are ``Poll.clean``'s, which the form runs."""

    class Meta:
        model = Poll
        fields = [
            "title",
            "kind",
            "description",
            "audience",
            "unit",
            "anonymous",
            "allow_change",
            "visibility",
            "opens_at",
            "closes_at",
            "quorum",
            "dots",
            "max_per_option",
            "theme",
            "meeting",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "opens_at": DateTimeInput(),
            "closes_at": DateTimeInput(),
        }
        help_texts = {
            "kind": _(
                "Een snelle peiling heeft één vraag; een enquête meer; bij een stipstemming verdeelt ieder stippen."
            ),
            "unit": _(
                "Bij één stem per instelling stemt het eerste lid van een instelling namens haar; "
                "collega's zien dat er al gestemd is."
            ),
            "anonymous": _(
                "Niemand kan in Koers zien wie wat koos, ook de beheerder niet. Een anonieme stem is definitief."
            ),
            "quorum": _("Het deel van de instellingen dat moet meedoen, in procenten. Leeg: geen quorum."),
            "dots": _("Alleen bij een stipstemming."),
            "max_per_option": _("Alleen bij een stipstemming. Leeg: geen maximum."),
            "opens_at": _("Datum en tijd."),
            "closes_at": _("Datum en tijd. De peiling sluit dan vanzelf."),
        }


class QuestionForm(forms.ModelForm):
    options = forms.CharField(
        label=_("Opties"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Eén optie per regel, in de volgorde waarin ze op het stembiljet staan."),
    )

    class Meta:
        model = Question
        fields = ["text", "kind", "required", "max_choices", "position", "options"]
        help_texts = {
            "max_choices": _("Alleen bij meerdere keuzes of een rangorde. Leeg: geen maximum."),
            "position": _("Vragen staan op volgorde van dit getal."),
        }

    def __init__(self, *args, poll: Poll, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = question_kinds_for(poll.kind)
        if self.instance.pk:
            self.fields["options"].initial = "\n".join(o.label for o in self.instance.options.all())
        else:
            self.fields["position"].initial = poll.questions.count() + 1

    def option_labels(self) -> list[str]:
        lines = (line.strip() for line in self.cleaned_data.get("options", "").splitlines())
        return list(dict.fromkeys(line for line in lines if line))


class BallotForm(forms.Form):
    """The ballot: each question's field(s), as its kind (koers.polls.kinds) makes them."""

    def __init__(
        self, *args, poll: Poll, questions: list[Question], own: dict | None = None, adjusting: bool = False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.poll, self.questions = poll, questions
        self.adjusting = adjusting  # shown again after a − or + without JavaScript: nothing is checked yet
        self.question_errors: dict[int, list] = {}  # errors the voting service gave a whole question
        own = own or {}
        for question in questions:
            self.fields.update(question.kind_spec.form_fields(question, poll=poll, mine=own.get(question.pk, [])))

    def full_clean(self) -> None:
        if self.adjusting:
            self._errors, self.cleaned_data = ErrorDict(), {}
            return
        super().full_clean()

    @staticmethod
    def adjustment(data, *, poll: Poll, questions: list[Question]):
        """The ballot as posted with the − or + that was pressed (``adjust``, e.g. ``q3-o7:+1``) applied;
        None when no known button was pressed. Nothing is saved: the ballot is shown again."""
        name, _sep, step = str(data.get("adjust", "")).rpartition(":")
        if step not in ("-1", "+1"):
            return None
        adjusted = data.copy()
        for question in questions:
            if question.kind_spec.adjust(question, adjusted, name, int(step), poll=poll):
                return adjusted
        return None

    def add_service_errors(self, error) -> None:
        """The voting service's errors per question: on the question's field, or (dots, ranking) on the question."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        by_field = {question_field(q): q for q in self.questions}
        for key, errors in error.error_dict.items():
            if key in self.fields:
                self.add_error(key, errors)
                continue
            self.add_error(None, errors)
            if key in by_field:
                messages = [message for e in errors for message in e.messages]
                self.question_errors.setdefault(by_field[key].pk, []).extend(messages)

    def rows(self) -> list[BallotRow]:
        rows = []
        for question in self.questions:
            errors = self.question_errors.get(question.pk, [])
            rows.append(question.kind_spec.ballot_row(self, question, errors))
        return rows

    def answers(self) -> dict:
        """The answers in the form the voting service takes."""
        return {q.pk: q.kind_spec.form_value(q, self.cleaned_data) for q in self.questions}


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Poll
        fields = ["outcome"]
        widgets = {"outcome": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"outcome": _("Wat het netwerk met de uitslag doet. Je kunt Markdown gebruiken.")}


class CallForm(forms.ModelForm):
    class Meta:
        model = Call
        fields = ["title", "text", "theme", "wanted", "closes_on"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5}), "closes_on": DateInput()}


class SignUpForm(forms.ModelForm):
    class Meta:
        model = SignUp
        fields = ["motivation"]
        widgets = {"motivation": forms.Textarea(attrs={"rows": 3})}
        labels = {"motivation": _("Motivatie (optioneel)")}
