from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Ambition


class AmbitionForm(forms.ModelForm):
    class Meta:
        model = Ambition
        fields = ["start_year", "start_half", "level", "readiness", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "start_year": _("Het jaar waarin je instelling met dit thema wil beginnen (2018 tot en met 2040).")
        }
