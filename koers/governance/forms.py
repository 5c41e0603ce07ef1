from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.core.forms import DateInput, DateTimeInput, ModelChoiceField, ModelMultipleChoiceField
from koers.members.selectors import active_members

from .models import Nomination, Vacancy, check_election_closes_at


class VacancyForm(forms.ModelForm):
    class Meta:
        model = Vacancy
        fields = ["kind", "title", "profile", "seats", "ranked", "nominations_open_until", "term_start", "term_end"]
        widgets = {
            "profile": forms.Textarea(attrs={"rows": 8}),
            "nominations_open_until": DateInput(),
            "term_start": DateInput(),
            "term_end": DateInput(),
        }
        help_texts = {"seats": _("Een voorzitter of secretaris: één zetel.")}


class MemberChoiceField(ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.full_name} ({obj.institution.name})" if obj.institution else obj.full_name


class NominationForm(forms.Form):
    nominee = MemberChoiceField(
        label=_("Wie draag je voor?"),
        queryset=active_members(),
        help_text=_(
            "Kies jezelf om je kandidaat te stellen. Draag je iemand anders voor, dan moet die eerst aanvaarden."
        ),
    )
    motivation = forms.CharField(
        label=_("Motivatie (optioneel)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Alle leden zien de motivatie van een kandidaat."),
    )

    def __init__(self, *args, vacancy: Vacancy, **kwargs):
        super().__init__(*args, **kwargs)
        # A declared ModelChoiceField (above); self.fields holds it as a plain Field for the type checker.
        cast(forms.ModelChoiceField, self.fields["nominee"]).queryset = (
            active_members()
            .exclude(nominations__vacancy=vacancy)
            .select_related("institution")
            .order_by("full_name", "id")
        )


class ElectionStartForm(forms.Form):
    closes_at = forms.DateTimeField(
        label=_("Stemmen kan tot"),
        widget=DateTimeInput(),
        help_text=_("Datum en tijd. De verkiezing opent direct en moet sluiten vóór het begin van de termijn."),
    )

    def clean_closes_at(self):
        closes_at = self.cleaned_data["closes_at"]
        check_election_closes_at(closes_at)
        return closes_at


class CandidateChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Nomination) -> str:
        return obj.nominee.full_name


class ResultConfirmForm(forms.Form):
    elected = CandidateChoiceField(
        label=_("Gekozen"),
        queryset=Nomination.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Zoals de telling aangeeft. Bij een gelijke stand kiest de regiegroep uit de gelijk geëindigden."),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["elected"].queryset = candidates


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden (optioneel)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("De kandidaten krijgen de reden te lezen."),
    )
