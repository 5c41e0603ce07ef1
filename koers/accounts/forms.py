from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from koers.members.models import Institution
from koers.themes.models import Theme

from .models import MembershipRequest, User, normalise_email

MSG_UNKNOWN_INSTITUTION = _("Kies een instelling uit de lijst. Staat jouw instelling er niet bij? Kies dan 'Anders' en noem haar in de toelichting.")


class SignInForm(AuthenticationForm):
    username = forms.EmailField(label=_("E-mailadres"), widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}))
    error_messages = {
        "invalid_login": _("Dit e-mailadres en wachtwoord horen niet bij elkaar. Let op hoofdletters in je wachtwoord."),
        "inactive": _("Dit account is niet actief."),
    }


class MembershipRequestForm(forms.ModelForm):
    institution = forms.ModelChoiceField(
        queryset=Institution.objects.order_by("name"), label=_("Instelling"),
        error_messages={"invalid_choice": MSG_UNKNOWN_INSTITUTION},
    )

    class Meta:
        model = MembershipRequest
        fields = ["full_name", "email", "institution", "job_title", "motivation"]
        labels = {"job_title": _("Functie of rol binnen je instelling")}
        help_texts = {
            "email": _("Gebruik het e-mailadres van je werk."),
            "motivation": _("Optioneel: waarom je lid wilt worden of wat je wilt inbrengen."),
        }
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "motivation": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden van afwijzing"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("De aanvrager ontvangt deze reden per e-mail."),
    )


class ProfileForm(forms.ModelForm):
    expertise = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.select_related("agenda"), required=False, label=_("Expertise"),
        widget=forms.CheckboxSelectMultiple, help_text=_("De thema's waarover je kennis wilt delen."),
    )

    class Meta:
        model = User
        fields = ["full_name", "job_title", "institution", "phone", "expertise", "language"]
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        self.fields["institution"].queryset = Institution.objects.order_by("name")
        self.fields["institution"].error_messages["invalid_choice"] = MSG_UNKNOWN_INSTITUTION


class InvitationPasswordForm(SetPasswordForm):
    pass
