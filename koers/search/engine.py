"""The two text engines behind one interface: FTS5 on SQLite, full-text search with Dutch stemming on PostgreSQL.

``matches`` returns every matching entry the audience and filters allow (id, kind, object id), best first;
``snippets`` the highlighted title and text of a page of them. Matches are marked with MARK_START / MARK_END,
which the selector turns into <mark> after escaping everything else.
"""

import re
from dataclasses import dataclass
from typing import Any

from django.db import connection

from .kinds import MARK_END, MARK_START

# (entry id, kind, object id)
Row = tuple[int, str, int]

WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 8


def words(query: str) -> list[str]:
    return WORD.findall(query.lower())[:MAX_WORDS]


@dataclass(frozen=True)
class Filters:
    audiences: tuple[str, ...]
    kinds: tuple[str, ...] = ()
    theme: int | None = None
    institution: int | None = None


def _where(filters: Filters) -> tuple[str, list[Any]]:
    clauses = [f"e.audience IN ({', '.join(['%s'] * len(filters.audiences))})"]
    params: list[Any] = list(filters.audiences)
    if filters.kinds:
        clauses.append(f"e.kind IN ({', '.join(['%s'] * len(filters.kinds))})")
        params.extend(filters.kinds)
    if filters.theme is not None:
        clauses.append("e.theme_keys LIKE %s")
        params.append(f"% {filters.theme} %")
    if filters.institution is not None:
        clauses.append("e.institution_id = %s")
        params.append(filters.institution)
    return " AND ".join(clauses), params


def _fts5_query(terms: list[str], prefix_last: bool) -> str:
    # Every word quoted (so nothing in it is FTS5 syntax) and as a prefix: "project" also finds "projecten".
    quoted = [f'"{term}"*' for term in terms]
    if not prefix_last:
        quoted = [f'"{term}"' for term in terms]
    return " ".join(quoted)


def _tsquery(terms: list[str], prefix_last: bool) -> str:
    parts = list(terms)
    if prefix_last:
        parts[-1] += ":*"
    return " & ".join(parts)


def matches(terms: list[str], filters: Filters, *, prefix: bool = True, limit: int | None = None) -> list[Row]:
    """(entry id, kind, object id) of every match, best first."""
    if not terms or not filters.audiences:
        return []
    where, params = _where(filters)
    tail = f" LIMIT {int(limit)}" if limit else ""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT e.id, e.kind, e.object_id FROM search_entry e, to_tsquery('dutch', %s) q "
                f"WHERE e.document @@ q AND {where} ORDER BY ts_rank(e.document, q) DESC, e.id" + tail,
                [_tsquery(terms, prefix), *params],
            )
        else:
            cursor.execute(
                "SELECT e.id, e.kind, e.object_id FROM search_entry_fts f JOIN search_entry e ON e.id = f.rowid "
                f"WHERE search_entry_fts MATCH %s AND {where} ORDER BY bm25(search_entry_fts, 5.0, 1.0), e.id" + tail,
                [_fts5_query(terms, prefix), *params],
            )
        return list(cursor.fetchall())


def snippets(terms: list[str], ids: list[int], *, prefix: bool = True) -> dict[int, tuple[str, str, str, object]]:
    """{entry id: (title marked, text excerpt marked, url, updated)} for these entries."""
    if not ids or not terms:
        return {}
    marks = f"StartSel={MARK_START}, StopSel={MARK_END}"
    in_ids = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT e.id, ts_headline('dutch', e.title, q, %s), "
                f"ts_headline('dutch', e.body, q, %s), e.url, e.updated_at "
                f"FROM search_entry e, to_tsquery('dutch', %s) q WHERE e.id IN ({in_ids})",
                [
                    f"{marks}, HighlightAll=true",
                    f'{marks}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "',
                    _tsquery(terms, prefix),
                    *ids,
                ],
            )
        else:
            cursor.execute(
                "SELECT f.rowid, highlight(search_entry_fts, 0, %s, %s), "
                "snippet(search_entry_fts, 1, %s, %s, '…', 24), e.url, e.updated_at "
                "FROM search_entry_fts f JOIN search_entry e ON e.id = f.rowid "
                f"WHERE search_entry_fts MATCH %s AND f.rowid IN ({in_ids})",
                [MARK_START, MARK_END, MARK_START, MARK_END, _fts5_query(terms, prefix), *ids],
            )
        return {row[0]: (row[1] or "", row[2] or "", row[3], row[4]) for row in cursor.fetchall()}
