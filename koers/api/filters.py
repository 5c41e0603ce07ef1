"""List filters come from the HTML filter forms, so the API filters exactly as the pages do.

A form's fields become the endpoint's documented query parameters; an invalid value is a 400 here
(a page drops it and shows the form error instead).
"""

from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError

from koers.core.forms import chosen_filters

from .fields import MSG_NUL, has_nul

PAGING = {"page", "page_size"}


def _choices(field: forms.ChoiceField) -> list[str]:
    values: list[str] = []
    # A ChoiceField's choices are normalised to a list of pairs when the field is made (the stubs allow more).
    for value, label in field.choices:  # type: ignore[union-attr,misc]
        if isinstance(label, (list, tuple)):  # a group of choices
            values.extend(str(inner) for inner, _label in label)
        elif value not in ("", None):
            values.append(str(value))
    return values


def _schema_type(field: forms.Field):
    if isinstance(field, forms.ModelChoiceField):
        return OpenApiTypes.STR if field.to_field_name else OpenApiTypes.INT
    if isinstance(field, forms.BooleanField):
        return OpenApiTypes.BOOL
    if isinstance(field, forms.IntegerField):
        return OpenApiTypes.INT
    if isinstance(field, forms.DateField):
        return OpenApiTypes.DATE
    return OpenApiTypes.STR


def form_parameters(form_class: type[forms.Form]) -> list[OpenApiParameter]:
    parameters = []
    for name, field in form_class.base_fields.items():
        enum = None
        if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            # An empty value means "all", as on the page.
            enum = _choices(field) + ([] if field.required else [""])
        parameters.append(
            OpenApiParameter(
                name,
                _schema_type(field),
                OpenApiParameter.QUERY,
                description=str(field.help_text or field.label or ""),
                enum=enum or None,
            )
        )
    return parameters


def form_filters(form_class: type[forms.Form], query_params, **form_kwargs) -> dict:
    """The valid filters of a request, or a 400 naming each invalid one."""
    data = {key: value for key, value in query_params.items() if key not in PAGING}
    # Refused before the form runs: a slug field (ModelChoiceField) would look a NUL up, and PostgreSQL fails
    # such a query. The form's text fields refuse NUL themselves (Django's ProhibitNullCharactersValidator).
    nul = {
        name: [str(MSG_NUL)]
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.ModelChoiceField) and has_nul(data.get(name))
    }
    if nul:
        raise ValidationError(nul)
    form = form_class(data, **form_kwargs)
    if not form.is_valid():
        raise ValidationError({name: [str(message) for message in messages] for name, messages in form.errors.items()})
    return chosen_filters(form.cleaned_data)
