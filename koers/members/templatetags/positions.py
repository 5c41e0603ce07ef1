"""The rows of a table of positions, written in Python: the steering group's page lists every term there has been
(sixty after a few years), and a template row (a dozen tags, filters and translations) cost about 0.2 ms each.

``{% position_rows positions %}`` writes the ``<tr>`` of each position, as members/position_table.html's loop did,
with the table's ``show_institution`` and ``can_manage`` from the context; tests/members/test_position_rows.py
holds the markup exactly.
"""

from collections.abc import Iterable

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from koers.core.links import url_for
from koers.core.models import choice_label
from koers.core.templatetags.dates import date
from koers.core.templatetags.koers import member_link

from ..models import Position

register = template.Library()


def _term(position: Position) -> str:
    start = conditional_escape(date(position.start_date, "j F Y"))
    end = conditional_escape(date(position.end_date, "j F Y")) if position.end_date else ""
    if position.is_upcoming:
        term = gettext("vanaf %(start)s") % {"start": start}
        if end:
            term += " " + gettext("tot en met %(end)s") % {"end": end}
        return term
    return f"{start} – {end or conditional_escape(gettext('heden'))}"


def _manage(position: Position) -> str:
    if position.end_date and not position.is_current and not position.is_upcoming:
        return "<td></td>"
    name = conditional_escape(position.user.full_name)
    if position.end_date:
        label, text = gettext("Einddatum wijzigen: %(name)s") % {"name": name}, gettext("Einddatum wijzigen")
    else:
        label, text = gettext("Termijn beëindigen: %(name)s") % {"name": name}, gettext("Termijn beëindigen")
    link = format_html(
        '<a href="{}" aria-label="{}">{}</a>', url_for("members:position-end", position.pk), mark_safe(label), text
    )
    return f"<td>{link}</td>"


@register.simple_tag(takes_context=True)
def position_rows(context: template.Context, positions: Iterable[Position]) -> SafeString:
    kind_label = conditional_escape(gettext("Functie"))
    name_label = conditional_escape(gettext("Naam"))
    institution_label = conditional_escape(gettext("Instelling"))
    term_label = conditional_escape(gettext("Termijn"))
    show_institution = context.get("show_institution")
    can_manage = context.get("can_manage")
    rows = []
    for position in positions:
        institution = ""
        if show_institution:
            shown = conditional_escape(str(position.institution)) if position.institution else "-"
            institution = f'<td data-label="{institution_label}">{shown}</td>'
        kind = conditional_escape(choice_label(Position.Kind, position.kind))
        rows.append(
            "\n    <tr>\n"
            f'      <td data-label="{kind_label}">{kind}</td>\n'
            f'      <td data-label="{name_label}">{conditional_escape(member_link(context, position.user))}</td>\n'
            f"      {institution}\n"
            f'      <td data-label="{term_label}">{_term(position)}</td>\n'
            f"      {_manage(position) if can_manage else ''}\n"
            "    </tr>\n  "
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value above is escaped
