from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.core.forms import ModelChoiceField, ModelMultipleChoiceField

from .models import Agenda, Theme

if TYPE_CHECKING:  # the type of gettext_lazy's strings exists only in the stubs
    from django_stubs_ext import StrOrPromise


def theme_filter_field() -> forms.ModelChoiceField:
    """The "Thema" filter of list pages: themes by name, chosen by slug in the address."""
    return ModelChoiceField(
        label=_("Thema"),
        queryset=Theme.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("Alle thema's"),
    )


LABEL_THEMES = _("Thema's")


def themes_field(*, label: "StrOrPromise" = LABEL_THEMES, required: bool = True) -> forms.ModelMultipleChoiceField:
    """Themes as checkboxes, for anything that belongs to one or more themes."""
    return ModelMultipleChoiceField(
        label=label,
        queryset=Theme.objects.select_related("agenda").order_by("name"),
        required=required,
        widget=forms.CheckboxSelectMultiple,
    )


class AgendaForm(forms.ModelForm):
    class Meta:
        model = Agenda
        fields = ["name", "start_year", "end_year", "description"]


class ThemeForm(forms.ModelForm):
    related = themes_field(label=_("Verwante thema's (dwarsverbanden)"), required=False)

    class Meta:
        model = Theme
        fields = ["agenda", "line", "name", "description", "related"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["related"].queryset = self.fields["related"].queryset.exclude(pk=self.instance.pk)
