from django import forms
from django.utils.translation import gettext_lazy as _

MSG_WRONG_PASSWORD = _("Dit wachtwoord klopt niet.")


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Je wachtwoord"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Ter bevestiging dat jij het bent."),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(MSG_WRONG_PASSWORD)
        return password
