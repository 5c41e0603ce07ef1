from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Agenda, Theme

if TYPE_CHECKING:  # the type of gettext_lazy's strings exists only in the stubs
    from django_stubs_ext import StrOrPromise


def theme_filter_field() -> forms.ModelChoiceField:
    """The "Thema" filter of list pages: themes by name, chosen by slug in the address."""
    return forms.ModelChoiceField(
        label=_("Thema"),
        queryset=Theme.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("Alle thema's"),
    )


LABEL_THEMES = _("Thema's")


def themes_field(*, label: "StrOrPromise" = LABEL_THEMES, required: bool = True) -> forms.ModelMultipleChoiceField:
    """Themes as checkboxes, for anything that belongs to one or more themes."""
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=Theme.objects.select_related("agenda").order_by("name"),
        required=required,
        widget=forms.CheckboxSelectMultiple,
    )


class AgendaForm(forms.ModelForm):
    class Meta:
        model = Agenda
        fields = ["name", "start_year", "end_year", "description"]

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("Het eindjaar ligt vóór het beginjaar."))
        return data


class ThemeForm(forms.ModelForm):
    related = themes_field(label=_("Verwante thema's (dwarsverbanden)"), required=False)

    class Meta:
        model = Theme
        fields = ["agenda", "line", "name", "description", "related"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["related"].queryset = self.fields["related"].queryset.exclude(pk=self.instance.pk)

    def clean(self):
        data = super().clean()
        agenda, name = data.get("agenda"), data.get("name")
        if (
            agenda
            and name
            and Theme.objects.filter(agenda=agenda, name__iexact=name).exclude(pk=self.instance.pk).exists()
        ):
            self.add_error("name", _("Deze agenda heeft al een thema met deze naam."))
        return data
