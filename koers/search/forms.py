from django import forms
from django.utils.translation import gettext_lazy as _

from koers.core.forms import ModelChoiceField
from koers.members.models import Institution
from koers.themes.models import Theme

from .kinds import KINDS


class SearchFilters(forms.Form):
    """The question and filters of a search; the page and the API read them with this form."""

    q = forms.CharField(label=_("Zoekterm"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Soort"), required=False, choices=[("", _("Alles"))] + [(kind.key, kind.label) for kind in KINDS]
    )
    theme = ModelChoiceField(
        label=_("Thema"),
        queryset=Theme.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("Alle thema's"),
    )
    institution = ModelChoiceField(
        label=_("Instelling"),
        queryset=Institution.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("Alle instellingen"),
    )


class SearchForm(SearchFilters):
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000, widget=forms.HiddenInput)
