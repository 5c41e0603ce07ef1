from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.core.forms import DateInput, FilterForm, ModelChoiceField
from koers.themes.models import Theme

from .models import Institution, Position, SharedField
from .selectors import active_members


class DirectoryFilterForm(FilterForm):
    q = forms.CharField(label=_("Zoek op naam"), required=False, max_length=100)
    institution = ModelChoiceField(
        label=_("Instelling"),
        queryset=Institution.objects.order_by("name"),
        required=False,
        to_field_name="slug",
        empty_label=_("Alle instellingen"),
    )
    theme = ModelChoiceField(
        label=_("Expertise"),
        queryset=Theme.objects.order_by("name"),
        required=False,
        to_field_name="slug",
        empty_label=_("Alle thema's"),
    )


class ConsentForm(forms.Form):
    fields_shared = forms.MultipleChoiceField(
        label=_("Dit mag het netwerk van mij zien"),
        choices=SharedField.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class InstitutionForm(forms.ModelForm):
    class Meta:
        model = Institution
        fields = ["name", "short_name", "kind", "city", "website", "institution_code", "schac_home", "size_band"]


class PositionForm(forms.ModelForm):
    user = ModelChoiceField(
        label=_("Lid"),
        queryset=get_user_model().objects.none(),
        error_messages={"invalid_choice": _("Kies een actief lid uit de lijst.")},
    )

    class Meta:
        model = Position
        fields = ["user", "kind", "start_date", "end_date", "note", "hand_over"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}
        help_texts = {"end_date": _("De laatste dag in deze functie. Leeg laten als die nog niet vaststaat.")}

    hand_over = forms.BooleanField(
        label=_("Overdracht: de termijn van de huidige voorzitter eindigt op de dag vóór de begindatum"),
        required=False,
        help_text=_("Alleen voor de functie voorzitter."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = active_members().select_related("institution").order_by("full_name")
        self.fields["user"].empty_label = _("Kies een lid")
        self.fields["user"].label_from_instance = lambda u: f"{u.full_name} ({u.institution or '-'})"
        self.fields["start_date"].initial = timezone.localdate


class PositionEndForm(forms.Form):
    end_date = forms.DateField(
        label=_("Einddatum"),
        widget=DateInput(),
        initial=timezone.localdate,
        help_text=_("De laatste dag in deze functie."),
    )


class InstitutionProfileFilterForm(FilterForm):
    """Filters on the kind and size of institution, shared by the portfolio and the roadmap."""

    kind = forms.ChoiceField(
        label=_("Soort instelling"), choices=[("", _("Alle soorten")), *Institution.Kind.choices], required=False
    )
    size_band = forms.ChoiceField(
        label=_("Omvang"), choices=[("", _("Alle omvangen")), *Institution.SizeBand.choices], required=False
    )
