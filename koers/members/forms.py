from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.themes.models import Theme

from .models import Institution, Position, SharedField


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Zoek op naam"), required=False, max_length=100)
    institution = forms.ModelChoiceField(
        label=_("Instelling"), queryset=Institution.objects.order_by("name"), required=False,
        to_field_name="slug", empty_label=_("Alle instellingen"),
    )
    theme = forms.ModelChoiceField(
        label=_("Expertise"), queryset=Theme.objects.order_by("name"), required=False, to_field_name="slug",
        empty_label=_("Alle thema's"),
    )


class ConsentForm(forms.Form):
    fields_shared = forms.MultipleChoiceField(
        label=_("Dit mag het netwerk van mij zien"), choices=SharedField.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class InstitutionForm(forms.ModelForm):
    class Meta:
        model = Institution
        fields = ["name", "short_name", "kind", "city", "website", "institution_code", "schac_home", "size_band"]


class PositionForm(forms.ModelForm):
    user = forms.ModelChoiceField(
        label=_("Lid"), queryset=get_user_model().objects.none(),
        error_messages={"invalid_choice": _("Kies een actief lid uit de lijst.")},
    )

    class Meta:
        model = Position
        fields = ["user", "kind", "start_date", "end_date", "note"]
        widgets = {"start_date": forms.DateInput(attrs={"type": "date"}), "end_date": forms.DateInput(attrs={"type": "date"})}
        help_texts = {"end_date": _("Leeg laten als de termijn nog geen einddatum heeft.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .selectors import active_members

        self.fields["user"].queryset = active_members().select_related("institution").order_by("full_name")
        self.fields["user"].label_from_instance = lambda u: f"{u.full_name} ({u.institution or '-'})"
        self.fields["start_date"].initial = timezone.localdate


class PositionEndForm(forms.Form):
    end_date = forms.DateField(label=_("Einddatum"), widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate)


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Je wachtwoord"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Ter bevestiging dat jij het bent."),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Dit wachtwoord klopt niet."))
        return password
