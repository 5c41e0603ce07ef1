"""Charts drawn on the server as SVG: no chart script in the browser, so the strict CSP holds.

Plain numbers and labels go in; a ``Chart`` comes out with the SVG and the same numbers as a table. The
template ``core/chart.html`` shows both: the picture, with its values printed as text next to the bars, and the
table in a ``<details>`` beneath it for screen readers and for anyone who wants the exact figures.

The SVG scales by its viewBox (it is as wide as its container, never wider), its colours come from classes in
charts.css (one class per series key, no inline styles), and every label is escaped. This module knows nothing
of the domain apps: they build the numbers in their selectors and pass them here.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

WIDTH = 400  # viewBox width; text is in viewBox units, so it stays readable down to a 390 px screen
LINE = 20  # height of a line of label text
CHARS = 38  # characters on a label line before it wraps
MAX_LINES = 3  # a longer label is cut short with an ellipsis (the table has it in full)
BAR = 22  # height of a bar
GAP = 14  # space between rows
VALUE_SPACE = 110  # room right of the longest bar for its value
COLUMN_HEIGHT = 200  # height of the tallest column in a column chart


@dataclass(frozen=True)
class Series:
    """One kind of value in a stacked chart: ``key`` names its colour class (``chart-<key>`` in charts.css)."""

    key: str
    label: str


@dataclass(frozen=True)
class Table:
    """The chart's numbers as a table: a caption, column headings (the first over the row headers), rows."""

    caption: str
    head: list[str]
    rows: list[tuple[str, list[str]]]


@dataclass(frozen=True)
class Chart:
    ident: str  # unique on the page: the ids of the SVG's title and description and of the table's caption
    title: str
    svg: SafeString
    table: Table


def _number(value: float) -> str:
    return number_format(value, decimal_pos=None if float(value).is_integer() else 1, force_grouping=True)


def _coord(value: float) -> str:
    """A coordinate in the SVG: at most one decimal, a dot whatever the language."""
    text = f"{round(value, 1):.1f}"
    return text[:-2] if text.endswith(".0") else text


def wrap(label: str, chars: int = CHARS, lines: int = MAX_LINES) -> list[str]:
    """A label in lines of at most ``chars`` characters, broken between words; at most ``lines`` lines."""
    result: list[str] = []
    current = ""
    for word in label.split():
        while len(word) > chars:  # a single word longer than a line is cut
            if current:
                result.append(current)
                current = ""
            result.append(word[:chars])
            word = word[chars:]
        if current and len(current) + 1 + len(word) > chars:
            result.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current or not result:
        result.append(current)
    if len(result) > lines:
        result = result[:lines]
        result[-1] = result[-1][: chars - 1].rstrip() + "…"
    return result


def _text(x: float, y: float, text: str, css: str, anchor: str = "") -> SafeString:
    if anchor:
        return format_html(
            '<text x="{}" y="{}" class="{}" text-anchor="{}">{}</text>', _coord(x), _coord(y), css, anchor, text
        )
    return format_html('<text x="{}" y="{}" class="{}">{}</text>', _coord(x), _coord(y), css, text)


def _rect(x: float, y: float, width: float, height: float, css: str) -> SafeString:
    return format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" class="{}"/>',
        _coord(x),
        _coord(y),
        _coord(width),
        _coord(height),
        css,
    )


def _join(parts: Sequence[SafeString]) -> SafeString:
    return format_html_join("", "{}", ((part,) for part in parts))


def _svg(ident: str, kind: str, height: float, title: str, desc: str, body: Sequence[SafeString]) -> SafeString:
    """The outer <svg>: an image named by its title and described by its values in words."""
    return format_html(
        '<svg class="chart chart-{}" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title" '
        'aria-describedby="{}-desc" focusable="false">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        kind,
        WIDTH,
        _coord(height),
        ident,
        ident,
        ident,
        title,
        ident,
        desc,
        _join(body),
    )


def _legend(series: Sequence[Series], y: float) -> tuple[list[SafeString], float]:
    """Swatches with their labels, flowing over as many lines as needed; returns the parts and the next y."""
    parts: list[SafeString] = []
    x = 0.0
    for item in series:
        width = 22 + len(item.label) * 8.5 + 16
        if x and x + width > WIDTH:
            x, y = 0.0, y + LINE + 4
        parts.append(format_html('<g class="chart-{}">{}</g>', item.key, _rect(x, y + 2, 16, 16, "chart-swatch")))
        parts.append(_text(x + 22, y + 15, item.label, "chart-label"))
        x += width
    return parts, y + LINE + 10


def _label_lines(label: str, y: float) -> tuple[list[SafeString], float]:
    parts = []
    for line in wrap(label):
        y += LINE
        parts.append(_text(0, y - 5, line, "chart-label"))
    return parts, y


def bars(
    *,
    ident: str,
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    texts: Sequence[str] | None = None,
    maximum: float | None = None,
    label_heading: str = "",
    value_heading: str = "",
) -> Chart:
    """A horizontal bar per label, its label above it and its value (``texts``, or the number) beside it.

    Bars are as long as value / maximum of the bar room; ``maximum`` defaults to the largest value.
    """
    shown = list(texts) if texts is not None else [_number(v) for v in values]
    top = maximum if maximum is not None else max(values, default=0)
    room = WIDTH - VALUE_SPACE
    parts: list[SafeString] = []
    y = 0.0
    for label, value, text in zip(labels, values, shown, strict=True):
        lines, y = _label_lines(label, y)
        parts.extend(lines)
        length = room * value / top if top > 0 else 0
        parts.append(_rect(0, y, room, BAR, "chart-track"))
        if length > 0:
            parts.append(_rect(0, y, length, BAR, "chart-bar"))
        parts.append(_text(length + 6, y + BAR - 6, text, "chart-value"))
        y += BAR + GAP
    desc = "; ".join(f"{label}: {text}" for label, text in zip(labels, shown, strict=True))
    svg = _svg(ident, "bars", max(y - GAP, 1), title, desc, parts)
    rows = [(label, [text]) for label, text in zip(labels, shown, strict=True)]
    table = Table(title, [label_heading, value_heading], rows)
    return Chart(ident=ident, title=title, svg=svg, table=table)


def _table(
    title: str, label_heading: str, labels: Sequence[str], series: Sequence[Series], values: Sequence[Sequence[int]]
) -> Table:
    head = [label_heading, *(s.label for s in series), _("Totaal")]
    rows = [(label, [*map(_number, row), _number(sum(row))]) for label, row in zip(labels, values, strict=True)]
    return Table(title, head, rows)


def _described(labels: Sequence[str], series: Sequence[Series], values: Sequence[Sequence[int]]) -> str:
    return "; ".join(
        f"{label}: " + ", ".join(f"{s.label} {_number(n)}" for s, n in zip(series, row, strict=True))
        for label, row in zip(labels, values, strict=True)
    )


def stacked(
    *,
    ident: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    values: Sequence[Sequence[int]],
    label_heading: str = "",
) -> Chart:
    """A horizontal bar per label, cut into one segment per series; ``values[i][j]``: label i, series j.

    The longest bar fills the bar room; each segment shows its number when it fits, each bar its total.
    """
    top = max((sum(row) for row in values), default=0)
    room = WIDTH - VALUE_SPACE
    parts, y = _legend(series, 0)
    for label, row in zip(labels, values, strict=True):
        lines, y = _label_lines(label, y)
        parts.extend(lines)
        x = 0.0
        for item, value in zip(series, row, strict=True):
            if not value:
                continue
            length = room * value / top
            text = _number(value)
            inside = _text(x + length / 2, y + BAR - 6, text, "chart-count", "middle")
            fits = length >= len(text) * 9 + 6
            parts.append(
                format_html(
                    '<g class="chart-{}">{}{}</g>',
                    item.key,
                    _rect(x, y, length, BAR, "chart-segment"),
                    inside if fits else "",
                )
            )
            x += length
        parts.append(_text(x + 6, y + BAR - 6, _number(sum(row)), "chart-value"))
        y += BAR + GAP
    svg = _svg(ident, "stacked", max(y - GAP, 1), title, _described(labels, series, values), parts)
    return Chart(ident=ident, title=title, svg=svg, table=_table(title, label_heading, labels, series, values))


def columns(
    *,
    ident: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    values: Sequence[Sequence[int]],
    label_heading: str = "",
) -> Chart:
    """A column per label (a period, say), stacked by series, its total above it and its label below it.

    A label may hold a line break ("2025\\n1e helft"). The tallest column is ``COLUMN_HEIGHT`` high.
    """
    top = max((sum(row) for row in values), default=0)
    parts, y = _legend(series, 0)
    base = y + LINE + COLUMN_HEIGHT  # room for the total above the tallest column
    slot = WIDTH / max(len(labels), 1)
    width = min(56.0, slot * 0.7)
    for index, (label, row) in enumerate(zip(labels, values, strict=True)):
        middle = slot * index + slot / 2
        left = middle - width / 2
        height_so_far = 0.0
        for item, value in zip(series, row, strict=True):
            if not value:
                continue
            height = COLUMN_HEIGHT * value / top
            text = _number(value)
            fits = height >= 18 and width >= len(text) * 9 + 4
            inside = _text(middle, base - height_so_far - height / 2 + 5, text, "chart-count", "middle")
            parts.append(
                format_html(
                    '<g class="chart-{}">{}{}</g>',
                    item.key,
                    _rect(left, base - height_so_far - height, width, height, "chart-segment"),
                    inside if fits else "",
                )
            )
            height_so_far += height
        parts.append(_text(middle, base - height_so_far - 6, _number(sum(row)), "chart-value", "middle"))
        for number, line in enumerate(label.split("\n"), start=1):
            parts.append(_text(middle, base + number * LINE, line, "chart-tick", "middle"))
    parts.append(
        format_html('<line x1="0" y1="{}" x2="{}" y2="{}" class="chart-axis"/>', _coord(base), WIDTH, _coord(base))
    )
    lines = max((label.count("\n") + 1 for label in labels), default=1)
    height = base + lines * LINE + 6
    flat = [label.replace("\n", " ") for label in labels]
    svg = _svg(ident, "columns", height, title, _described(flat, series, values), parts)
    return Chart(ident=ident, title=title, svg=svg, table=_table(title, label_heading, flat, series, values))
