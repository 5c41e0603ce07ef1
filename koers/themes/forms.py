from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Agenda, Theme


class AgendaForm(forms.ModelForm):
    class Meta:
        model = Agenda
        fields = ["name", "start_year", "end_year", "description"]

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("Het eindjaar ligt vóór het beginjaar."))
        return data


class ThemeForm(forms.ModelForm):
    related = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.select_related("agenda").order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Verwante thema's (dwarsverbanden)"),
    )

    class Meta:
        model = Theme
        fields = ["agenda", "line", "name", "description", "related"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["related"].queryset = self.fields["related"].queryset.exclude(pk=self.instance.pk)

    def clean(self):
        data = super().clean()
        agenda, name = data.get("agenda"), data.get("name")
        if (
            agenda
            and name
            and Theme.objects.filter(agenda=agenda, name__iexact=name).exclude(pk=self.instance.pk).exists()
        ):
            self.add_error("name", _("Deze agenda heeft al een thema met deze naam."))
        return data
