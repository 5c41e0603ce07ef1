from django import forms
from django.utils.translation import gettext_lazy as _


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Je reactie"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Reden"), max_length=200, required=False)
