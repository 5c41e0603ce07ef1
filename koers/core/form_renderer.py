"""The form renderer: Django's, with its select lists written in Python.

Django renders a ``<select>`` through one template and includes another for every option; the search filters' list
of 110 institutions took 4 ms that way, on every page with such a filter. ``FormRenderer`` writes the same HTML
for Django's own select and option templates directly (tests/core/test_form_renderer.py compares the two for every
kind of select), and leaves every other widget to Django's templates.
"""

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString, mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


class FormRenderer(DjangoTemplates):
    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget")
        if template_name == SELECT and widget is not None and _plain(widget):
            return _select(widget)
        return super().render(template_name, context, request=request)


def _plain(widget: dict[str, Any]) -> bool:
    return all(option["template_name"] == OPTION for _, options, _ in widget["optgroups"] for option in options)


def _text(value: Any, context: Context) -> str:
    """``{{ value }}``: localised and escaped, as the templates show it."""
    return render_value_in_context(value, context)


def _formatted(value: Any) -> str:
    """``{{ value|stringformat:'s' }}``."""
    text = str(value)
    return conditional_escape(mark_safe(text) if isinstance(value, SafeData) else text)  # noqa: S308


def _attrs(attrs: dict[str, Any], context: Context) -> str:
    """django/forms/widgets/attrs.html."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_text(name, context)}" if value is True else f' {_text(name, context)}="{_formatted(value)}"')
    return "".join(parts)


def _select(widget: dict[str, Any]) -> SafeString:
    context = Context(autoescape=True)
    html = [f'<select name="{_text(widget["name"], context)}"{_attrs(widget["attrs"], context)}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            html.append(f'\n  <optgroup label="{_text(group_name, context)}">')
        for option in options:
            html.append(
                f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"], context)}>'
                f"{_text(option['label'], context)}</option>\n"  # the option's template ends with a newline
            )
        if group_name:
            html.append("\n  </optgroup>")
    html.append("\n</select>")
    return mark_safe("".join(html))  # noqa: S308 - every value above is escaped
