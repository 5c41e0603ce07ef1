import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.core.forms import DateInput

from .models import AccessToken

DEFAULT_VALID_DAYS = 90


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Naam"),
        max_length=100,
        help_text=_("Waarvoor gebruik je het? Bijvoorbeeld: koppeling portfolio met ons projectenoverzicht."),
    )
    scope = forms.ChoiceField(label=_("Rechten"), choices=AccessToken.Scope.choices, initial=AccessToken.Scope.READ)
    expires_on = forms.DateField(
        label=_("Geldig tot en met"), widget=DateInput(), help_text=_("Hoogstens een jaar vanaf vandaag.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = timezone.localdate() + datetime.timedelta(days=DEFAULT_VALID_DAYS)
