from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from koers.core.forms import DateInput, ModelChoiceField, ModelMultipleChoiceField
from koers.members.forms import InstitutionProfileFilterForm
from koers.members.models import Institution
from koers.members.selectors import active_members
from koers.themes.forms import theme_filter_field, themes_field

from . import importing
from .models import ImportBatch, Project
from .selectors import COVERAGE_SORTS, SORTS
from .services import MSG_COLUMN_TWICE

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
    institution = ModelChoiceField(
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
    partners = ModelMultipleChoiceField(
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

    instelling = ModelChoiceField(
        label=_("Instelling"),
        queryset=Institution.objects.order_by("name"),
        empty_label=_("Kies een instelling"),
        to_field_name="slug",
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Bestand"),
        help_text=_(
            "Excel (.xlsx) of CSV, hoogstens 5 MB. Je eigen overzicht kan ook: je kiest daarna welke kolom wat is."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class ImportSettingsForm(forms.Form):
    """Which sheets to import, which column of the file is which column of Koers, and what an empty cell does."""

    clear_empty = forms.BooleanField(
        label=_("Lege cellen wissen"),
        required=False,
        help_text=_(
            "Aangevinkt maakt een lege cel het opgeslagen veld van een bestaand project leeg. "
            "Niet aangevinkt blijft de opgeslagen waarde staan."
        ),
    )

    def __init__(self, *args, batch: ImportBatch, **kwargs):
        super().__init__(*args, **kwargs)
        self.columns = importing.columns_of(batch.tables)
        names = [t["name"] for t in batch.tables]
        if len(names) > 1:
            self.fields["sheets"] = forms.MultipleChoiceField(
                label=_("Bladen"),
                choices=[(n, n) for n in names],
                initial=batch.sheets,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("Kies één blad of meer; de rijen van elk blad worden met de naam van het blad getoond."),
            )
        choices = [("", _("Niet importeren")), *[(c, c) for c in importing.COLUMNS]]
        examples = importing.examples(batch.tables)
        self.mapping_rows = []
        for index, (header_key, header) in enumerate(self.columns):
            name = f"kolom_{index}"
            self.fields[name] = forms.ChoiceField(
                label=_("Kolom '%(header)s'") % {"header": header},
                choices=choices,
                required=False,
                initial=batch.mapping.get(header_key, ""),
            )
            self.mapping_rows.append((self[name], header, examples.get(header_key, "")))
        self.fields["clear_empty"].initial = batch.clear_empty
        self.order_fields(["sheets"])

    def clean(self):
        data = super().clean()
        used = [data.get(f"kolom_{i}") for i in range(len(self.columns))]
        used = [u for u in used if u]
        if len(used) != len(set(used)):
            raise ValidationError(MSG_COLUMN_TWICE)
        return data

    def mapping(self) -> dict[str, str]:
        return {k: self.cleaned_data.get(f"kolom_{i}") or "" for i, (k, _h) in enumerate(self.columns)}

    def chosen_sheets(self, batch: ImportBatch) -> list[str]:
        return self.cleaned_data.get("sheets") or [t["name"] for t in batch.tables][:1]
