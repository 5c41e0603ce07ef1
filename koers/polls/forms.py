import dataclasses

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.core.forms import DateInput, DateTimeInput

from .models import Call, Poll, Question, SignUp
from .services import MSG_REQUIRED, QUICK_POLL_KINDS, question_field

MSG_CLOSES_BEFORE_OPENING = _("De sluiting moet na de opening liggen.")
MSG_DOTS_NEEDED = _("Geef het aantal stippen dat elke stemmer mag verdelen.")
MSG_ANONYMOUS_FINAL = _("Een anonieme stem kan niet worden gewijzigd; zet het wijzigen van een stem uit.")
MSG_MEETING_NEEDED = _("Kies de bijeenkomst waarvan de deelnemers stemmen.")
MSG_CAP_ABOVE_BUDGET = _("Het maximum per optie kan niet hoger zijn dan het aantal stippen.")
SCALE = [(str(n), str(n)) for n in range(1, 6)]


class PollForm(forms.ModelForm):
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

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", MSG_CLOSES_BEFORE_OPENING)
        if data.get("kind") == Poll.Kind.DOTS:
            if not data.get("dots"):
                self.add_error("dots", MSG_DOTS_NEEDED)
            elif data.get("max_per_option") and data["max_per_option"] > data["dots"]:
                self.add_error("max_per_option", MSG_CAP_ABOVE_BUDGET)
        if data.get("anonymous") and data.get("allow_change"):
            self.add_error("allow_change", MSG_ANONYMOUS_FINAL)
        if data.get("audience") == Poll.Audience.ATTENDEES and not data.get("meeting"):
            self.add_error("meeting", MSG_MEETING_NEEDED)
        return data


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
        kinds = Question.Kind.choices
        if poll.kind == Poll.Kind.POLL:
            kinds = [(k, label) for k, label in kinds if k in QUICK_POLL_KINDS]
        elif poll.kind == Poll.Kind.DOTS:
            kinds = [(k, label) for k, label in kinds if k == Question.Kind.DOTS]
        else:
            kinds = [(k, label) for k, label in kinds if k != Question.Kind.DOTS]
        self.fields["kind"].choices = kinds
        if self.instance.pk:
            self.fields["options"].initial = "\n".join(o.label for o in self.instance.options.all())
        else:
            self.fields["position"].initial = poll.questions.count() + 1

    def option_labels(self) -> list[str]:
        lines = (line.strip() for line in self.cleaned_data.get("options", "").splitlines())
        return list(dict.fromkeys(line for line in lines if line))


@dataclasses.dataclass
class BallotRow:
    """One question on the ballot: its field, or (dots, ranking) a field per option, with the question's errors."""

    question: Question
    field: forms.BoundField | None = None
    parts: list = dataclasses.field(default_factory=list)
    used: int = 0
    errors: list = dataclasses.field(default_factory=list)


def rank_choices(count: int) -> list[tuple[str, str]]:
    """'not chosen', then '1e keus' … for as many places as there are to give."""
    return [("", _("niet gekozen"))] + [(str(n), _("%(rank)se keus") % {"rank": n}) for n in range(1, count + 1)]


class BallotForm(forms.Form):
    """The ballot: a field per question; a dot vote has a number field per option, a ranking a place per option."""

    def __init__(self, *args, poll: Poll, questions: list[Question], own: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.poll, self.questions = poll, questions
        self.question_errors: dict[int, list] = {}  # errors the voting service gave a whole question
        own = own or {}
        for question in questions:
            name = question_field(question)
            mine = own.get(question.pk, [])
            choices = [(str(o.pk), o.label) for o in question.options.all()]
            common = {"label": question.text, "required": question.required}
            common["error_messages"] = {"required": MSG_REQUIRED}
            if question.kind == Question.Kind.SINGLE:
                field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
                field.initial = str(mine[0].option_id) if mine else None
            elif question.kind == Question.Kind.MULTIPLE:
                field = forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
                field.initial = [str(a.option_id) for a in mine]
                if question.max_choices:
                    field.help_text = _("Kies hoogstens %(max)s.") % {"max": question.max_choices}
            elif question.kind == Question.Kind.SCALE:
                field = forms.ChoiceField(choices=SCALE, widget=forms.RadioSelect, **common)
                field.help_text = _("1 is het laagst, 5 het hoogst.")
                field.initial = str(mine[0].value) if mine else None
            elif question.kind == Question.Kind.TEXT:
                field = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, **common)
                field.initial = mine[0].text if mine else ""
            elif question.kind == Question.Kind.RANKED:
                given = {a.option_id: a.value for a in mine}
                options = list(question.options.all())
                places = rank_choices(min(len(options), question.max_choices or len(options)))
                for option in options:
                    self.fields[f"{name}-r{option.pk}"] = forms.TypedChoiceField(
                        label=option.label,
                        choices=places,
                        coerce=int,
                        empty_value=None,
                        required=False,
                        initial=str(given[option.pk]) if option.pk in given else "",
                    )
                continue
            else:
                given = {a.option_id: a.value for a in mine}
                cap = poll.max_per_option or poll.dots
                for option in question.options.all():
                    self.fields[f"{name}-o{option.pk}"] = forms.IntegerField(
                        label=option.label, min_value=0, max_value=cap, required=False, initial=given.get(option.pk, 0)
                    )
                continue
            self.fields[name] = field

    def dot_fields(self, question: Question) -> list:
        return [self[f"{question_field(question)}-o{o.pk}"] for o in question.options.all()]

    def rank_fields(self, question: Question) -> list:
        return [self[f"{question_field(question)}-r{o.pk}"] for o in question.options.all()]

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
            if question.kind == Question.Kind.RANKED:
                rows.append(BallotRow(question, parts=self.rank_fields(question), errors=errors))
                continue
            if question.kind != Question.Kind.DOTS:
                rows.append(BallotRow(question, field=self[question_field(question)]))
                continue
            fields = self.dot_fields(question)
            if self.is_bound:
                used = dots_used(self.data, question)
            else:
                used = sum(field.initial or 0 for field in fields)
            rows.append(BallotRow(question, parts=fields, used=used, errors=errors))
        return rows

    def answers(self) -> dict:
        """The answers in the form the voting service takes."""
        data, answers = self.cleaned_data, {}
        for question in self.questions:
            name = question_field(question)
            if question.kind == Question.Kind.DOTS:
                answers[question.pk] = {o.pk: data.get(f"{name}-o{o.pk}") or 0 for o in question.options.all()}
            elif question.kind == Question.Kind.RANKED:
                ranks = {o.pk: data.get(f"{name}-r{o.pk}") for o in question.options.all()}
                answers[question.pk] = {pk: rank for pk, rank in ranks.items() if rank is not None}
            elif question.kind == Question.Kind.MULTIPLE:
                answers[question.pk] = [int(pk) for pk in data.get(name) or []]
            elif question.kind in (Question.Kind.SINGLE, Question.Kind.SCALE):
                answers[question.pk] = int(data[name]) if data.get(name) else None
            else:
                answers[question.pk] = data.get(name, "")
        return answers


def dots_used(data, question: Question) -> int:
    """The dots a (partly filled) ballot puts on a question, for the live counter; unreadable counts as 0."""
    total = 0
    for option in question.options.all():
        try:
            total += max(0, int(data.get(f"{question_field(question)}-o{option.pk}") or 0))
        except ValueError:
            continue
    return total


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
