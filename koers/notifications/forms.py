from django import forms

from .models import Frequency, Kind


class PreferencesForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in Kind.choices:
            self.fields[value] = forms.ChoiceField(label=label, choices=Frequency.choices, initial=Frequency.IMMEDIATE)
