from django import forms
from django.utils.translation import gettext_lazy as _

from koers.core.forms import FilterForm
from koers.members.models import Institution

from .models import Ambition


class AmbitionForm(forms.ModelForm):
    class Meta:
        model = Ambition
        fields = ["start_year", "start_half", "level", "readiness", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "start_year": _("Het jaar waarin je instelling met dit thema wil beginnen (2018 tot en met 2040).")
        }


class RoadmapFilterForm(FilterForm):
    kind = forms.ChoiceField(
        label=_("Soort instelling"), choices=[("", _("Alle soorten")), *Institution.Kind.choices], required=False
    )
    size_band = forms.ChoiceField(
        label=_("Omvang"), choices=[("", _("Alle omvangen")), *Institution.SizeBand.choices], required=False
    )
