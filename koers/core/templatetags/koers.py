from django import forms, template
from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.http import urlencode

from koers.core.audit import action_label
from koers.core.markdown import render_markdown

register = template.Library()


@register.filter
def aria(field: forms.BoundField):
    """Render a widget with its help text and errors tied to it for screen readers."""
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-help")
    attrs: dict[str, str | bool] = {}
    if field.errors:
        described.append(f"{field.auto_id}-error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    widget = field.as_widget(attrs=attrs)
    if field.field.show_hidden_initial:
        widget += field.as_hidden(only_initial=True)
    return widget


@register.filter
def is_checkbox(field: forms.BoundField) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def is_multiple_choice(field: forms.BoundField) -> bool:
    return isinstance(field.field.widget, forms.CheckboxSelectMultiple | forms.RadioSelect)


@register.filter
def markdown(text: str):
    return render_markdown(text)


@register.simple_tag(takes_context=True)
def page_url(context, page_number: int) -> str:
    """The current URL with its filters kept and only the page number changed."""
    query = context["request"].GET.copy()
    query["page"] = page_number
    return "?" + urlencode(sorted(query.lists()), doseq=True)


@register.filter
def dict_get(mapping: dict, key):
    """``mapping[key]``, or nothing: for dictionaries keyed by ids."""
    return mapping.get(key, [])


@register.filter
def audit_action(value: str) -> str:
    """An audit action's label, from the app that declares it (koers.core.audit)."""
    return action_label(value)


@register.filter
def euro(amount: int | None) -> str:
    """A whole euro amount in the notation of the active language: € 350.000 in Dutch, € 350,000 in English.

    Grouping is forced here rather than switched on for every number (USE_THOUSAND_SEPARATOR), which
    would also group years, ids and counts.
    """
    if amount is None:
        return ""
    grouped = numberformat.format(
        amount,
        get_format("DECIMAL_SEPARATOR"),
        decimal_pos=0,
        grouping=3,
        thousand_sep=get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )
    return f"€ {grouped}"
