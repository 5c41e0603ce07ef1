from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from koers.core.forms import ModelChoiceField, ModelMultipleChoiceField
from koers.members.models import Institution
from koers.themes.models import Theme

from . import services
from .models import MembershipRequest, User, normalise_email

MSG_UNKNOWN_INSTITUTION = _("Kies een instelling uit de lijst.")


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mailadres"), widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    error_messages = {
        "invalid_login": _(
            "Dit e-mailadres en wachtwoord horen niet bij elkaar. Let op hoofdletters in je wachtwoord."
        ),
        "inactive": _("Dit account is niet actief."),
    }

    def clean_username(self) -> str:
        # django-axes counts failures per username as authenticate() receives it; without normalising,
        # every change of case (GERDA@..., Gerda@...) would get a fresh set of attempts.
        return normalise_email(self.cleaned_data["username"])


class MembershipRequestForm(forms.ModelForm):
    institution = ModelChoiceField(
        queryset=Institution.objects.order_by("name"),
        label=_("Instelling"),
        empty_label=_("Kies je instelling"),
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
        label=_("Reden van afwijzing"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("De aanvrager ontvangt deze reden per e-mail."),
    )


class ProfileForm(forms.ModelForm):
    expertise = ModelMultipleChoiceField(
        queryset=Theme.objects.select_related("agenda"),
        required=False,
        label=_("Expertise"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("De thema's waarover je kennis wilt delen."),
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
        self.fields["institution"].empty_label = _("Geen instelling")
        self.fields["institution"].error_messages["invalid_choice"] = MSG_UNKNOWN_INSTITUTION


# Django 5.2 reworded its "password too short" message, but its Dutch catalogue only translates the old
# wording, so Dutch members were told in English. The old msgid is still translated, so use that. The
# strings are in variables so that makemessages does not copy Django's text into our own catalogue.
_TOO_SHORT = (
    "This password is too short. It must contain at least %(min_length)d character.",
    "This password is too short. It must contain at least %(min_length)d characters.",
)


def _in_user_language(error: ValidationError) -> ValidationError:
    errors = []
    for item in error.error_list:
        if item.code == "password_too_short" and item.params:
            length = item.params["min_length"]
            item = ValidationError(ngettext(*_TOO_SHORT, length) % {"min_length": length}, code=item.code)
        errors.append(item)
    return ValidationError(errors)


class TranslatedPasswordMixin:
    def validate_password_for_user(self, user, password_field_name="password2"):
        password = self.cleaned_data.get(password_field_name)
        if password:
            try:
                password_validation.validate_password(password, user)
            except ValidationError as error:
                self.add_error(password_field_name, _in_user_language(error))


class InvitationPasswordForm(TranslatedPasswordMixin, SetPasswordForm):
    pass


class ResetPasswordForm(TranslatedPasswordMixin, SetPasswordForm):
    pass


class ChangePasswordForm(TranslatedPasswordMixin, PasswordChangeForm):
    pass


class RequestResetForm(PasswordResetForm):
    """Asks for a reset link. Saving queues one task for any valid address; the task looks for the member."""

    def save(self, *args, **kwargs) -> None:  # the view's e-mail options are the task's (accounts.tasks)
        services.password_reset_request(email=self.cleaned_data["email"], language=get_language())
