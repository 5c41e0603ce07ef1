from collections.abc import Sequence

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from koers.core.forms import FilterForm
from koers.members.forms import InstitutionProfileFilterForm
from koers.members.selectors import active_members
from koers.themes.forms import theme_filter_field, themes_field
from koers.themes.models import Theme

from .models import (
    Adoption,
    AdoptionState,
    Ambition,
    PlanItem,
    PlanStatus,
    Recommendation,
    ReferenceItem,
    ReferenceKind,
    check_adoption_answer,
)


class AmbitionForm(forms.ModelForm):
    class Meta:
        model = Ambition
        fields = ["start_year", "start_half", "level", "readiness", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "start_year": _("Het jaar waarin je instelling met dit thema wil beginnen (2018 tot en met 2040).")
        }


class PlanItemForm(forms.ModelForm):
    position = forms.IntegerField(
        label=_("Plaats in de prioriteitenvolgorde"),
        min_value=1,
        required=False,
        help_text=_(
            "1 is de hoogste prioriteit; een getal groter dan het aantal onderdelen zet het onderaan. "
            "Leeg: een nieuw onderdeel komt onderaan, een bestaand houdt zijn plaats."
        ),
    )

    class Meta:
        model = PlanItem
        fields = ["title", "theme", "year", "position", "status", "owner", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "year": _("Het jaar waarin het netwerk dit oppakt (2018 tot en met 2040)."),
            "owner": _("Het lid dat dit onderdeel trekt."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.order_by("name")
        owner = self.fields["owner"]
        owner.queryset = active_members().select_related("institution").order_by("full_name")
        owner.empty_label = _("Nog geen eigenaar")
        owner.label_from_instance = lambda user: (
            f"{user.full_name} ({user.institution.name})" if user.institution else user.full_name
        )
        if self.instance.pk:
            # Left empty on purpose: a form opened earlier must not undo moves made since.
            position = self.fields["position"]
            position.help_text = _("Nu op plaats %(rank)s. %(help)s") % {
                "rank": self.instance.rank,
                "help": position.help_text,
            }


class PlanFilterForm(FilterForm):
    theme = theme_filter_field()
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Alle statussen")), *PlanStatus.choices], required=False
    )


class ReferenceItemForm(forms.ModelForm):
    themes = themes_field(required=False)

    class Meta:
        model = ReferenceItem
        fields = ["name", "kind", "recommendation", "rationale", "link", "themes"]
        widgets = {"rationale": forms.Textarea(attrs={"rows": 6})}


class ReferenceFilterForm(FilterForm):
    """Filters on the items of the reference list."""

    item_kind = forms.ChoiceField(
        label=_("Soort item"), choices=[("", _("Alle soorten items")), *ReferenceKind.choices], required=False
    )
    recommendation = forms.ChoiceField(
        label=_("Advies"), choices=[("", _("Alle adviezen")), *Recommendation.choices], required=False
    )
    theme = theme_filter_field()


class MemberReferenceFilterForm(ReferenceFilterForm, InstitutionProfileFilterForm):
    """For members the institution-profile filters also narrow the adoption counts.

    Not for guests: a type and size that fit one or two colleges would show their answers.
    """

    field_order = ["item_kind", "recommendation", "theme", "kind", "size_band"]


class AdoptionsForm(forms.Form):
    """Where one institution stands with every item of the reference list: a stand and a note per item."""

    def __init__(self, *args, items: Sequence[ReferenceItem], adoptions: dict[int, Adoption], **kwargs):
        super().__init__(*args, **kwargs)
        self.reference_items = items
        for item in items:
            adoption = adoptions.get(item.pk)
            self.fields[f"state-{item.pk}"] = forms.ChoiceField(
                label=_("Stand bij %(name)s") % {"name": item.name},
                choices=[("", _("Nog niet ingevuld")), *AdoptionState.choices],
                required=False,
                initial=adoption.state if adoption else "",
                # The value as the page showed it travels along, so only what this person changed is saved
                # and a colleague's answer given meanwhile is kept.
                show_hidden_initial=True,
            )
            self.fields[f"note-{item.pk}"] = forms.CharField(
                label=_("Toelichting bij %(name)s") % {"name": item.name},
                max_length=300,
                required=False,
                initial=adoption.note if adoption else "",
                show_hidden_initial=True,
            )

    def rows(self) -> list:
        return [(item, self[f"state-{item.pk}"], self[f"note-{item.pk}"]) for item in self.reference_items]

    def clean(self):
        data = super().clean()
        for item in self.reference_items:
            try:
                check_adoption_answer(state=data.get(f"state-{item.pk}"), note=data.get(f"note-{item.pk}"))
            except ValidationError as error:
                self.add_error(f"note-{item.pk}", error.message_dict["note"])
        return data

    def choices(self) -> dict[int, tuple[str, str]]:
        """The items this person changed on the page: {item id: (state, note)}."""
        data, changed = self.cleaned_data, set(self.changed_data)
        return {
            item.pk: (data[f"state-{item.pk}"], data[f"note-{item.pk}"].strip())
            for item in self.reference_items
            if {f"state-{item.pk}", f"note-{item.pk}"} & changed
        }
