from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.core.forms import DateTimeInput, ModelChoiceField, ModelMultipleChoiceField
from koers.members.selectors import active_members

from .models import AgendaItem, Contribution, Meeting, Registration, Topic


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = [
            "title",
            "theme",
            "starts_at",
            "ends_at",
            "venue",
            "address",
            "online_url",
            "host",
            "capacity",
            "status",
            "description",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "capacity": _("Leeg: geen maximum. Wie zich aanmeldt als het vol is, komt op de wachtlijst."),
            "status": _("Een concept zien alleen de regiegroep; bij annuleren krijgen de aangemelde leden bericht."),
            "description": _("Je kunt Markdown gebruiken."),
        }


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = [
            "position",
            "starts_at",
            "duration",
            "kind",
            "title",
            "presenter",
            "presenter_name",
            "presenter_organisation",
            "description",
        ]
        widgets = {
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        presenter = self.fields["presenter"]
        presenter.queryset = active_members().select_related("institution").order_by("full_name")
        presenter.label_from_instance = lambda u: (
            f"{u.full_name} ({u.institution.name})" if u.institution else u.full_name
        )
        presenter.empty_label = _("Geen lid (of een externe spreker)")


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Bijlage"), help_text=_("PDF, PowerPoint, Word, Excel of een afbeelding; hoogstens 20 MB.")
    )


class RegistrationForm(forms.ModelForm):
    class Meta:
        model = Registration
        fields = ["note"]
        labels = {"note": _("Dieet- of toegankelijkheidswensen (optioneel)")}


class TopicForm(forms.ModelForm):
    class Meta:
        model = Topic
        fields = ["title", "theme", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ScheduleForm(forms.Form):
    meeting = ModelChoiceField(label=_("Bijeenkomst"), queryset=Meeting.objects.none())
    starts_at = forms.TimeField(label=_("Begintijd"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    duration = forms.IntegerField(label=_("Duur (minuten)"), min_value=1, max_value=480, initial=30)
    kind = forms.ChoiceField(label=_("Soort"), choices=AgendaItem.Kind.choices, initial=AgendaItem.Kind.PRESENTATION)

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings


class StatementForm(forms.Form):
    text = forms.CharField(label=_("Stelling of vraag"), max_length=300)


class ContributionForm(forms.ModelForm):
    class Meta:
        model = Contribution
        fields = ["kind", "statement", "text", "heading", "table"]
        widgets = {"kind": forms.RadioSelect, "text": forms.Textarea(attrs={"rows": 3, "maxlength": 1000})}

    def __init__(self, *args: Any, item: AgendaItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # no empty choice: every card has a type
        cast(forms.ChoiceField, self.fields["kind"]).choices = Contribution.Kind.choices
        statement = cast(forms.ModelChoiceField, self.fields["statement"])
        statement.queryset = item.statements.all()
        statement.empty_label = _("Geen (bij het hele agendapunt)")
        if not item.statements.exists():
            del self.fields["statement"]


class ReportForm(forms.ModelForm):
    publish = forms.BooleanField(label=_("Gepubliceerd"), required=False)

    class Meta:
        model = Meeting
        fields = ["report", "report_audience", "publish"]
        widgets = {"report": forms.Textarea(attrs={"rows": 14}), "report_audience": forms.RadioSelect}
        help_texts = {
            "report": _(
                "Markdown. Bijlagen, kaarten van de ronde tafels en de uitslagen van peilingen "
                "bij de bijeenkomst komen er vanzelf bij."
            )
        }


class AttendanceForm(forms.Form):
    present = ModelMultipleChoiceField(
        label=_("Aanwezig"), queryset=active_members(), required=False, widget=forms.CheckboxSelectMultiple
    )
    walk_in = ModelChoiceField(label=_("Ook aanwezig (niet aangemeld)"), queryset=active_members(), required=False)

    def __init__(self, *args: Any, registrations: list[Registration], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [r.user_id for r in registrations]
        # The members offered to tick: the registered ones (attendance_set marks the unticked absent).
        self.offered = active_members().filter(pk__in=ids).order_by("full_name")
        present = cast(forms.ModelMultipleChoiceField, self.fields["present"])
        present.queryset = self.offered
        present.initial = [r.user_id for r in registrations if r.attended]
        walk_in = cast(forms.ModelChoiceField, self.fields["walk_in"])
        walk_in.queryset = active_members().exclude(pk__in=ids).select_related("institution").order_by("full_name")
        walk_in.empty_label = _("Niemand")
