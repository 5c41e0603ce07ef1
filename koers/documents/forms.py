from django import forms
from django.utils.translation import gettext_lazy as _

from koers.core.forms import FilterForm
from koers.themes.forms import theme_filter_field, themes_field

from . import registry
from .models import Document

FILE_HELP = _("PDF, PowerPoint, Word, Excel of een afbeelding; hoogstens 20 MB.")


class DocumentForm(forms.ModelForm):
    themes = themes_field(required=False)

    class Meta:
        model = Document
        fields = ["title", "description", "themes", "audience"]
        widgets = {"audience": forms.RadioSelect}


class DocumentUploadForm(DocumentForm):
    file = forms.FileField(label=_("Bestand"), help_text=FILE_HELP)
    note = forms.CharField(label=_("Toelichting bij deze versie (optioneel)"), max_length=300, required=False)


class VersionForm(forms.Form):
    file = forms.FileField(label=_("Nieuwe versie"), help_text=FILE_HELP)
    note = forms.CharField(label=_("Wat is er veranderd? (optioneel)"), max_length=300, required=False)


class AttachForm(forms.Form):
    """A document added on a meeting's or advice's page: the title defaults to the file's name."""

    file = forms.FileField(label=_("Document"), help_text=FILE_HELP)
    title = forms.CharField(label=_("Titel (optioneel)"), max_length=200, required=False)


def kind_choices() -> list[tuple[str, str]]:
    return [
        ("", str(_("Alle soorten"))),
        ("geen", str(_("Losse documenten"))),
        *((owner.kind, str(owner.name)) for owner in registry.owners()),
    ]


class LibraryFilterForm(FilterForm):
    q = forms.CharField(label=_("Zoek in titels"), required=False, max_length=100)
    theme = theme_filter_field()
    kind = forms.ChoiceField(label=_("Hoort bij"), required=False, choices=kind_choices)
