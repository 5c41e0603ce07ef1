"""The items of the feed "Wat is er nieuw", written in Python: a page shows 25 of them, and a template item (an
include's loop with a dozen tags, filters, a translation and the themes read twice) cost about a third of the
page.

``{% activity_items items %}`` writes the list as activity/items.html's loop did; tests/activity/
test_feed_items.py holds the markup to that, in both languages.
"""

from collections.abc import Iterable

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from koers.core.templatetags.dates import date_shown

from ..models import Activity

register = template.Library()


@register.simple_tag(takes_context=True)
def activity_items(context: template.Context, items: Iterable[Activity]) -> SafeString:
    """The ``<ul>`` of ``items`` (with their themes prefetched); who did it only for a signed-in reader."""
    user = context.get("user")
    signed_in = user is not None and user.is_authenticated
    rows = []
    for item in items:
        themes = item.themes.all()
        named = ""
        if themes:
            named = f'<span class="meta">· {", ".join(conditional_escape(theme.name) for theme in themes)}</span>'
        actor = ""
        if signed_in and item.actor:
            by = gettext("door %(name)s") % {"name": conditional_escape(item.actor.get_full_name())}
            actor = f'<span class="meta">· {by}</span>'
        rows.append(
            '\n  <li class="card">\n'
            f'    <span class="meta">{conditional_escape(item.label)} · <time datetime="'
            f'{conditional_escape(date_shown(item.created_at, "c"))}">'
            f"{conditional_escape(date_shown(item.created_at, 'j F Y H:i'))}</time></span><br>\n"
            f'    <a href="{conditional_escape(item.url)}">{conditional_escape(item.title)}</a>\n'
            f"    {named}\n"
            f"    {actor}\n"
            "  </li>\n  "
        )
    return mark_safe(f'<ul class="activity-list">\n  {"".join(rows)}\n</ul>')  # noqa: S308 - every value is escaped
