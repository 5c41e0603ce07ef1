"""The reader's own bits of a part of a page that is kept in the shared cache (``{% cached_until %}``).

A kept part is the same for every reader with the same key. Where it would show something of the reader alone —
the CSRF token of a form, the links to edit their own comment, whether they voted in a poll — its tags write a
mark instead (``mark("csrf")``, ``mark("own", comment.pk, comment.author_id)``), and ``{% for_reader %}`` around
the kept part fills the marks in for the reader who asked, kept or not. Each kind of mark has one filler, which
the app that writes the mark registers (``register``); it gets every mark of its kind in the part at once, so
that it can ask the database once for all of them.

A mark is an HTML comment with numbers only: nothing a member types can make one, because text is escaped.
"""

import re
from collections.abc import Callable, Sequence

from django import template
from django.template.defaulttags import CsrfTokenNode

MARK = re.compile(r"<!--koers:([a-z]+)((?::\d+)*)-->")

# What a filler gets: the template context and the numbers of each of its marks; what it gives: the markup for
# each mark (by its numbers), or none for a mark that shows nothing to this reader.
Filler = Callable[[template.Context, Sequence[tuple[int, ...]]], dict[tuple[int, ...], str]]
_FILLERS: dict[str, Filler] = {}


def mark(kind: str, *numbers: int) -> str:
    """The mark of ``kind`` with ``numbers`` that ``fill`` replaces with the reader's own markup."""
    if kind not in _FILLERS:
        raise LookupError(f"no filler for marks of kind {kind!r}")
    return f"<!--koers:{kind}{''.join(f':{int(number)}' for number in numbers)}-->"


def register(kind: str, filler: Filler) -> None:
    _FILLERS[kind] = filler


def fill(html: str, context: template.Context) -> str:
    """``html`` with every mark replaced by the markup its filler gives for this reader."""
    if "<!--koers:" not in html:
        return html
    wanted: dict[str, list[tuple[int, ...]]] = {}
    for kind, numbers in MARK.findall(html):
        wanted.setdefault(kind, []).append(tuple(int(number) for number in numbers.split(":")[1:]))
    filled = {kind: _FILLERS[kind](context, list(dict.fromkeys(marks))) for kind, marks in wanted.items()}

    def replace(found: re.Match[str]) -> str:
        numbers = tuple(int(number) for number in found[2].split(":")[1:])
        return filled[found[1]].get(numbers, "")

    return MARK.sub(replace, html)


def _csrf(context: template.Context, marks: Sequence[tuple[int, ...]]) -> dict[tuple[int, ...], str]:
    """What ``{% csrf_token %}`` writes, for every CSRF mark."""
    return {(): CsrfTokenNode().render(context)}


register("csrf", _csrf)
