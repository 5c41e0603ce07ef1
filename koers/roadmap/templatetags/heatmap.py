"""The cells of the national roadmap's heatmap (roadmap/national.html, and one row on a theme's hub).

Nationally the table has 57 themes × 10 half-years, shown twice (a table and, on a phone, a list per theme): a
template loop with an include, a ``{% url %}`` and a ``{% blocktranslate %}`` per cell took most of the page's
time. These tags put a row's cells together in one go, with the same markup: each number is formatted once per
page and a cell's link is built from the table's address instead of reversed per cell.
"""

from django import template
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from koers.themes.models import Theme

from ..selectors import HeatCell

register = template.Library()


def cell_url(prefix: str, slug: str, year: int, half: int) -> str:
    """The address of a cell's page (``roadmap:cell``), given ``prefix``, the address of the national table;
    the same as reversing it (a test holds them together)."""
    return f"{prefix}{slug}/{year}/{half}/"


class _Cells:
    """What every cell of one rendering shares: the viewer's right to follow a cell, the filters to pass on,
    the formatted numbers and the two half-year names."""

    def __init__(self, context: template.Context, query: str):
        user = context.get("user")
        self.links = bool(user is not None and user.is_authenticated)
        self.prefix = reverse("roadmap:national")
        self.query = f"?{escape(query)}" if query else ""
        self.numbers: dict[int, str] = {}
        self.labels: dict[int, str] = {}
        self.halves = {1: gettext("H1"), 2: gettext("H2")}

    def number(self, value: int) -> str:
        shown = self.numbers.get(value)
        if shown is None:
            shown = self.numbers[value] = localize(value)
        return shown

    def label(self, count: int) -> str:
        """The words that a screen reader says for a cell with ``count`` colleges (singular or plural)."""
        label = self.labels.get(count)
        if label is None:
            label = self.labels[count] = ngettext(
                "%(counter)s instelling, %(theme)s, %(year)s halfjaar %(half)s",
                "%(counter)s instellingen, %(theme)s, %(year)s halfjaar %(half)s",
                count,
            )
        return label

    def count(self, theme: Theme, name: str, cell: HeatCell) -> str:
        """The number in a cell: a link to the cell's colleges for a member."""
        if not cell.count:
            return "0"
        shown = self.number(cell.count)
        if not self.links:
            return shown
        label = self.label(cell.count) % {
            "counter": shown,
            "theme": name,
            "year": self.number(cell.year),
            "half": self.number(cell.half),
        }
        url = cell_url(self.prefix, theme.slug, cell.year, cell.half)
        return f'<a href="{url}{self.query}" aria-label="{label}">{shown}</a>'


def _shared(context: template.Context, query: str) -> _Cells:
    # One per rendering of a page (the render context lasts one rendering).
    key = f"heatmap {query}"
    shared = context.render_context.get(key)
    if shared is None:
        shared = context.render_context[key] = _Cells(context, query)
    return shared


@register.simple_tag(takes_context=True)
def heat_cells(context: template.Context, theme: Theme, cells: list[HeatCell], query: str = "") -> SafeString:
    """A theme's row of the table: per half-year a coloured cell with its count."""
    shared = _shared(context, query)
    name = escape(theme.name)
    row = [f'<td class="heat heat-{cell.shade}">{shared.count(theme, name, cell)}</td>' for cell in cells]
    return mark_safe("".join(row))  # noqa: S308 -- the theme's name is escaped, the rest is numbers and markup


@register.simple_tag(takes_context=True)
def heat_list(context: template.Context, theme: Theme, cells: list[HeatCell], query: str = "") -> SafeString:
    """A theme's cells as the items of a description list: the half-year, then its count."""
    shared = _shared(context, query)
    name = escape(theme.name)
    items = [
        f'<div class="heat heat-{cell.shade}"><dt>{shared.number(cell.year)} {shared.halves[cell.half]}</dt>'
        f"<dd>{shared.count(theme, name, cell)}</dd></div>"
        for cell in cells
    ]
    return mark_safe("".join(items))  # noqa: S308 -- the theme's name is escaped, the rest is numbers and markup


# The milestones under the table: nationally some hundreds, each a marker in the table and a line in the list.
# (``stones`` are the views' NumberedMilestone: number, period, milestone, half, url, status.)


@register.simple_tag
def milestone_markers(cell: list) -> SafeString:
    """One half-year's cell of the milestone row: a numbered marker per milestone, linking to its line below."""
    if not cell:
        return format_html('<span class="visually-hidden">{}</span>', gettext("geen mijlpaal"))
    markers = [
        f'<a class="milestone-marker" href="#mijlpaal-{stone.number}">{localize(stone.number)}'
        f'<span class="visually-hidden">: {escape(stone.milestone.title)}</span></a> '
        for stone in cell
    ]
    return mark_safe("".join(markers))  # noqa: S308 -- the titles are escaped, the rest is numbers and markup


@register.simple_tag
def milestone_items(stones: list) -> SafeString:
    """The lines of the list of milestones, in the order of their numbers."""
    items = [
        f'<li id="mijlpaal-{stone.number}"><span class="milestone-marker" aria-hidden="true">{localize(stone.number)}'
        f'</span> <span class="milestone-period">{localize(stone.period[0])} {escape(stone.half)}</span> '
        f'<a href="{escape(stone.url)}">{escape(stone.milestone.title)}</a> '
        f'<span class="meta">{escape(stone.milestone.target)} · {escape(stone.status)}</span></li>'
        for stone in stones
    ]
    return mark_safe("".join(items))  # noqa: S308 -- every text is escaped, the rest is numbers and markup
