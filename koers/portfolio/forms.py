from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.core.forms import DateInput
from koers.members.forms import InstitutionProfileFilterForm
from koers.members.models import Institution
from koers.members.selectors import active_members
from koers.themes.forms import theme_filter_field, themes_field

from .models import Project
from .selectors import COVERAGE_SORTS, SORTS

QUADRANTS = [(f"{h}/{d}", f"{hl} / {dl}") for h, hl in Project.Horizon.choices for d, dl in Project.Domain.choices]
SORT_CHOICES = [
    ("title", _("Titel")),
    ("institution", _("Instelling")),
    ("status", _("Status")),
    ("start", _("Begindatum")),
    ("-updated", _("Laatst bijgewerkt")),
]
assert {value for value, _label in SORT_CHOICES} == set(SORTS)


class PortfolioFilterForm(InstitutionProfileFilterForm):
    field_order = ["q", "theme", "status", "institution", "kind", "size_band", "quadrant", "sort"]
    q = forms.CharField(label=_("Zoek"), required=False, max_length=100)
    theme = theme_filter_field()
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Alle statussen")), *Project.Status.choices], required=False
    )
    institution = forms.ModelChoiceField(
        label=_("Instelling"),
        queryset=Institution.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("Alle instellingen"),
    )
    quadrant = forms.ChoiceField(label=_("Kwadrant"), choices=[("", _("Alle kwadranten")), *QUADRANTS], required=False)
    sort = forms.ChoiceField(label=_("Sorteer op"), choices=SORT_CHOICES, required=False)


COVERAGE_SORT_CHOICES = [("naam", _("Naam")), ("dekking", _("Dekking"))]
assert tuple(value for value, _label in COVERAGE_SORT_CHOICES) == COVERAGE_SORTS


class CoverageFilterForm(InstitutionProfileFilterForm):
    """The coverage matrix: which institutions (kind, size, with projects only) and in which order."""

    sort = forms.ChoiceField(label=_("Sorteer op"), choices=COVERAGE_SORT_CHOICES, required=False)
    hide_empty = forms.BooleanField(label=_("Verberg instellingen zonder projecten"), required=False)


class ProjectForm(forms.ModelForm):
    themes = themes_field()
    partners = forms.ModelMultipleChoiceField(
        label=_("Partnerinstellingen"),
        queryset=Institution.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Houd Ctrl (of Cmd) ingedrukt om meer instellingen te kiezen."),
    )

    class Meta:
        model = Project
        fields = [
            "title",
            "description",
            "status",
            "start_date",
            "end_date",
            "themes",
            "horizon",
            "domain",
            "budget_band",
            "contact",
            "partners",
        ]
        widgets = {"start_date": DateInput(), "end_date": DateInput(), "description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, institution: Institution, **kwargs):
        super().__init__(*args, **kwargs)
        # The form fields Django builds for these model fields: a foreign key and a field with choices.
        contact = cast(forms.ModelChoiceField, self.fields["contact"])
        contact.queryset = active_members().filter(institution=institution).order_by("full_name")
        contact.empty_label = _("Geen contactpersoon")
        cast(forms.ChoiceField, self.fields["budget_band"]).choices = [("", _("Onbekend")), *Project.BudgetBand.choices]


class InstitutionChoiceForm(forms.Form):
    """For the steering group: which institution a new project belongs to."""

    instelling = forms.ModelChoiceField(
        label=_("Instelling"),
        queryset=Institution.objects.order_by("name"),
        empty_label=_("Kies een instelling"),
        to_field_name="slug",
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Bestand"),
        help_text=_("Excel (.xlsx) of CSV, hoogstens 5 MB, met de kolommen van het sjabloon."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
