from typing import TYPE_CHECKING, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import User
from koers.core.forms import DateInput, DateTimeInput, FilterForm, ModelChoiceField
from koers.meetings.models import Meeting
from koers.members.selectors import active_members
from koers.polls.models import Call, Poll
from koers.roadmap.models import PlanItem
from koers.themes.forms import theme_filter_field, themes_field

from .models import Advice, Decision, FollowUp, Status
from .rules import is_step_back

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django_stubs_ext import StrOrPromise


class MemberChoiceField(ModelChoiceField):
    """A member, named with their institution."""

    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name} ({obj.institution.name})" if obj.institution else obj.full_name


def _members_field(label: "StrOrPromise", queryset: "QuerySet[User]") -> MemberChoiceField:
    return MemberChoiceField(label=label, queryset=queryset)


class AdviceForm(forms.ModelForm):
    """What the advice is about; its text has its own, versioned form."""

    themes = themes_field()

    class Meta:
        model = Advice
        fields = [
            "title",
            "themes",
            "question",
            "target_year",
            "target_quarter",
            "budget",
            "funding",
            "plan_items",
            "polls",
            "meetings",
        ]
        widgets = {
            "question": forms.Textarea(attrs={"rows": 3}),
            "target_quarter": forms.Select(choices=[("", "—"), (1, "Q1"), (2, "Q2"), (3, "Q3"), (4, "Q4")]),
            "plan_items": forms.CheckboxSelectMultiple,
            "polls": forms.CheckboxSelectMultiple,
            "meetings": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "target_year": _("De tijdsambitie: wanneer het advies moet zijn uitgevoerd. Zichtbaar als mijlpaal."),
            "funding": _("Bijvoorbeeld: Npuls, SURF, de instellingen zelf."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_items"].queryset = PlanItem.objects.order_by("rank")
        self.fields["plan_items"].label_from_instance = lambda item: f"{item.rank}. {item.title} ({item.year})"
        # Polls of the steering group stay out: an advice's links are shown to everyone.
        self.fields["polls"].queryset = (
            Poll.objects.exclude(published_at=None).exclude(audience=Poll.Audience.STEERING).order_by("-closes_at")
        )
        meetings = self.fields["meetings"]
        meetings.queryset = Meeting.objects.exclude(status=Meeting.Status.CONCEPT).order_by("-starts_at")
        meetings.label_from_instance = lambda m: f"{m.title} ({timezone.localtime(m.starts_at):%d-%m-%Y})"

    def links(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("themes", "plan_items", "polls", "meetings")}

    def data_fields(self) -> dict:
        links = self.links()
        return {name: value for name, value in self.cleaned_data.items() if name not in links}


class AdviceCreateForm(AdviceForm):
    class Meta(AdviceForm.Meta):
        fields = [*AdviceForm.Meta.fields[:3], "summary", *AdviceForm.Meta.fields[3:]]
        widgets = {**AdviceForm.Meta.widgets, "summary": forms.Textarea(attrs={"rows": 3})}


class TextForm(forms.Form):
    summary = forms.CharField(label=_("Samenvatting"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    body = forms.CharField(
        label=_("Tekst"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_("Markdown: kopjes met ###, lijsten met -, **vet**. Elke opslag wordt een nieuwe versie."),
    )
    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


MSG_CONFIRM_STEP_BACK = _("Je zet het advies een stap terug. Vink aan dat je dat bewust doet.")


class TransitionForm(forms.Form):
    """The next step is chosen for you; a step back only with the confirmation ticked (no JavaScript needed)."""

    to = forms.ChoiceField(label=_("Nieuwe status"), widget=forms.RadioSelect)
    confirm_step_back = forms.BooleanField(
        label=_("Ja, ik zet het advies bewust een stap terug."),
        required=False,
        help_text=_("Alleen nodig als je een stap terug kiest."),
    )
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Komt in de tijdlijn en in de e-mail aan wie het advies volgt; openbaar bij aanbieden, besluit, "
            "uitvoering, afronden en intrekken. Verplicht bij intrekken."
        ),
    )
    decision = forms.ChoiceField(
        label=_("Besluit van de Adviesraad"), choices=[("", "—"), *Decision.choices], required=False
    )
    decision_rationale = forms.CharField(
        label=_("Motivering van de Adviesraad"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    decision_date = forms.DateField(label=_("Datum van het besluit"), required=False, widget=DateInput)
    endorsement_closes_at = forms.DateTimeField(
        label=_("Steunpeiling sluit op"),
        required=False,
        widget=DateTimeInput,
        help_text=_("Alleen bij consultatie: leeg laten als er geen steunpeiling nodig is."),
    )

    def __init__(self, *args, current: str, allowed: list[str], endorsement: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current
        cast(forms.ChoiceField, self.fields["to"]).choices = [
            (status, _("%(status)s (een stap terug)") % {"status": Status(status).label})
            if is_step_back(current, status)
            else (status, Status(status).label)
            for status in allowed
        ]
        # The first next step, never a step back or withdrawing; with only those, nothing is chosen beforehand.
        forward = [status for status in allowed if not is_step_back(current, status) and status != Status.WITHDRAWN]
        self.fields["to"].initial = forward[0] if forward else None
        if not any(is_step_back(current, status) for status in allowed):
            del self.fields["confirm_step_back"]
        if Status.DECIDED not in allowed:
            for name in ("decision", "decision_rationale", "decision_date"):
                del self.fields[name]
        if Status.CONSULTATION not in allowed or not endorsement:
            del self.fields["endorsement_closes_at"]

    def clean(self) -> dict:
        data = super().clean() or {}
        if is_step_back(self.current, data.get("to", self.current)) and not data.get("confirm_step_back"):
            self.add_error("confirm_step_back", MSG_CONFIRM_STEP_BACK)
        return data


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["date", "text", "done_by", "progress", "status"]
        widgets = {
            "date": DateInput,
            "text": forms.Textarea(attrs={"rows": 4}),
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5}),
        }
        help_texts = {"done_by": _("Wie het deed, bijvoorbeeld: de regiegroep met SURF.")}


class InviteForm(forms.Form):
    def __init__(self, *args, advice: Advice, **kwargs):
        super().__init__(*args, **kwargs)
        members = active_members().exclude(working_groups__advice=advice).select_related("institution")
        self.fields["user"] = _members_field(_("Lid"), members.order_by("full_name"))


class FromCallForm(forms.Form):
    call = ModelChoiceField(label=_("Oproep"), queryset=Call.objects.order_by("-closes_on"))


class LeadForm(forms.Form):
    def __init__(self, *args, advice: Advice, **kwargs):
        super().__init__(*args, **kwargs)
        group = active_members().filter(working_groups__advice=advice).select_related("institution")
        field = _members_field(_("Trekker"), group.order_by("full_name"))
        field.empty_label = None  # the group is small: its first member is a sensible default
        field.initial = advice.working_group.filter(is_lead=True).values_list("user_id", flat=True).first()
        self.fields["user"] = field


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Bijlage"), help_text=_("PDF, Office of afbeelding, hoogstens 20 MB."))


class AdviceFilterForm(FilterForm):
    # Keeps "Mijn werkgroepen" when other filters are applied on that tab.
    mijn = forms.BooleanField(required=False, widget=forms.HiddenInput)
    theme = theme_filter_field()
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("Alle statussen")), *Status.choices], required=False)


class CompareForm(forms.Form):
    older = forms.IntegerField(label=_("Van versie"), min_value=1)
    newer = forms.IntegerField(label=_("Naar versie"), min_value=1)
