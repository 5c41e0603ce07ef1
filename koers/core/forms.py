from django import forms


class DateInput(forms.DateInput):
    """A native date picker; browsers need the ISO format whatever the interface language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    """A native date-and-time picker, in the ISO format browsers need."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def chosen_filters(cleaned_data: dict) -> dict:
    """The filters a list applies: an empty value means "all", so it is left out (the pages and the API alike)."""
    return {key: value for key, value in cleaned_data.items() if value not in ("", None)}


class FilterForm(forms.Form):
    """A GET form of list filters."""

    def filters(self) -> dict:
        """The valid filters; an invalid one is dropped (and shown as an error), the others still apply."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return chosen_filters(self.cleaned_data)
