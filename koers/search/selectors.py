"""Search across everything, for one reader: the page, the suggestions and the API call ``search``.

A reader finds only what they may open: the entries' audience is a first cut in the query, and for every kind whose
rules depend on the reader the domain's own read selectors decide, for all candidates of that kind at once (see
``kinds.py``). Counts, order and pages are taken after that decision, so nothing withheld leaks through them.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page, Paginator
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from koers.accounts.models import User
from koers.members.rules import is_member, steering_or_admin

from . import engine
from .kinds import BY_KEY, KINDS, MARK_END, MARK_START
from .models import Audience

PER_GROUP = 5  # hits per kind on the overview
PER_PAGE = 20  # hits per page of one kind
SUGGESTIONS = 8
MIN_LENGTH = 2


@dataclass(frozen=True)
class Hit:
    kind: str
    kind_label: Any
    object_id: int
    url: str
    title: SafeString
    snippet: SafeString
    updated_at: datetime.datetime | None


@dataclass
class Group:
    kind: str
    label: Any
    count: int
    hits: list[Hit] = field(default_factory=list)


@dataclass
class Results:
    query: str
    total: int
    groups: list[Group]  # best first: the kind of the best match leads
    page: Page[Any] | None = None  # one kind: the page of its hits

    @property
    def searched(self) -> bool:
        return bool(engine.words(self.query))


def audiences_for(user: User | AnonymousUser) -> tuple[str, ...]:
    if not is_member(user):
        return (Audience.PUBLIC,)
    if steering_or_admin(user):
        return (Audience.PUBLIC, Audience.MEMBERS, Audience.STEERING)
    return (Audience.PUBLIC, Audience.MEMBERS)


def marked(text: str) -> SafeString:
    """The text escaped, with the engine's match marks as <mark>: nothing else of it reaches the page as HTML."""
    return mark_safe(escape(text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))  # noqa: S308


def _visible(user: User | AnonymousUser, rows: list[engine.Row]) -> list[engine.Row]:
    """The matches ``user`` may open, in their order: the domain's rule per restricted kind, once per kind."""
    candidates: dict[str, list[int]] = {}
    for _entry, kind, object_id in rows:
        if BY_KEY[kind].visible is not None:
            candidates.setdefault(kind, []).append(object_id)
    allowed: dict[str, set[int]] = {}
    for kind, ids in candidates.items():
        rule = BY_KEY[kind].visible
        assert rule is not None
        allowed[kind] = rule(user, ids)
    return [row for row in rows if row[1] not in allowed or row[2] in allowed[row[1]]]


def _hits(terms: list[str], rows: list[engine.Row], prefix: bool = True) -> list[Hit]:
    texts = engine.snippets(terms, [row[0] for row in rows], prefix=prefix)
    hits = []
    for entry, kind, object_id in rows:
        if entry not in texts:
            continue
        title, snippet, url, updated = texts[entry]
        hits.append(
            Hit(kind, BY_KEY[kind].label, object_id, url, marked(title), marked(snippet), updated)  # type: ignore[arg-type]
        )
    return hits


def _filters(
    user: User | AnonymousUser, kinds: list[str] | None, theme: int | None, institution: int | None
) -> engine.Filters:
    return engine.Filters(
        audiences=audiences_for(user),
        kinds=tuple(kinds or ()),
        theme=theme,
        institution=institution,
    )


def search(
    *,
    user: User | AnonymousUser,
    query: str,
    kinds: list[str] | None = None,
    theme: int | None = None,
    institution: int | None = None,
    page: int = 1,
    per_group: int = PER_GROUP,
    per_page: int = PER_PAGE,
) -> Results:
    """The matches ``user`` may open, grouped per kind with counts, best first.

    With exactly one kind, ``page`` pages through all its hits; otherwise each group shows its best ``per_group``.
    """
    terms = engine.words(query)
    if not terms or sum(len(term) for term in terms) < MIN_LENGTH:
        return Results(query=query, total=0, groups=[])
    kinds = [kind for kind in (kinds or []) if kind in BY_KEY]
    rows = _visible(user, engine.matches(terms, _filters(user, kinds, theme, institution)))
    by_kind: dict[str, list[engine.Row]] = {}
    for row in rows:  # best first, so the groups come in the order of their best match
        by_kind.setdefault(row[1], []).append(row)
    groups = [Group(kind, BY_KEY[kind].label, len(kind_rows)) for kind, kind_rows in by_kind.items()]
    results = Results(query=query, total=len(rows), groups=groups)
    if len(kinds) == 1:
        paginator = Paginator(rows, per_page)
        results.page = paginator.get_page(page)
        shown = list(results.page.object_list)
    else:
        shown = [row for kind_rows in by_kind.values() for row in kind_rows[:per_group]]
    hits = _hits(terms, shown)
    for group in groups:
        group.hits = [hit for hit in hits if hit.kind == group.kind]
    if results.page is not None:
        results.page.object_list = hits
    return results


def suggestions(*, user: User | AnonymousUser, query: str, limit: int = SUGGESTIONS) -> list[Hit]:
    """A few titles while typing: the last word counts as the start of a word."""
    terms = engine.words(query)
    if not terms or sum(len(term) for term in terms) < MIN_LENGTH:
        return []
    # A few more candidates than shown, as some may be withheld from this reader.
    rows = engine.matches(terms, _filters(user, None, None, None), limit=limit * 5)
    return _hits(terms, _visible(user, rows)[:limit])


def kind_choices() -> list[tuple[str, Any]]:
    return [(kind.key, kind.label) for kind in KINDS]
