"""The cells of the coverage matrix (portfolio/coverage.html).

Nationally the matrix has 110 institutions × 57 themes: a template loop over its 6,270 cells took three quarters
of the page's time, so each row's cells are put together here in one go, with the same markup the loop gave.
"""

from django import template
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# No project on the theme: a dot for the eye, "0" for a screen reader.
EMPTY_CELL = '<td class="empty"><span aria-hidden="true">·</span><span class="visually-hidden">0</span></td>'


@register.simple_tag(takes_context=True)
def coverage_cells(context: template.Context, counts: list[int]) -> SafeString:
    """One institution's cells: its number of projects per theme, in the order of the columns."""
    # Each number is formatted once for the whole page (the render context lasts one rendering).
    shown: dict[int, str] = context.render_context.get("coverage_cells") or {0: EMPTY_CELL}
    context.render_context["coverage_cells"] = shown
    cells = []
    for count in counts:
        cell = shown.get(count)
        if cell is None:
            cell = shown[count] = f'<td class="covered">{localize(count)}</td>'
        cells.append(cell)
    return mark_safe("".join(cells))  # noqa: S308 -- numbers and fixed markup only
