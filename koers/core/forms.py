from django import forms


class DateInput(forms.DateInput):
    """A native date picker; browsers need the ISO format whatever the interface language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
