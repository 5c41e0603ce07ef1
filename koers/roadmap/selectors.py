"""Reads for the national roadmap. The heatmap is one aggregate query, whatever the number of colleges."""

import statistics
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils import timezone

from koers.members.models import Institution
from koers.themes.models import Theme
from koers.themes.selectors import themes_in_order

from .models import Ambition, AmbitionChange

YEARS_AHEAD = 4


def _ambitions(*, kind: str = "", size_band: str = "") -> QuerySet:
    ambitions = Ambition.objects.all()
    if kind:
        ambitions = ambitions.filter(institution__kind=kind)
    if size_band:
        ambitions = ambitions.filter(institution__size_band=size_band)
    return ambitions


@dataclass(frozen=True)
class Heatmap:
    themes: list
    periods: list  # (year, half)
    counts: dict  # (theme id, year, half) -> number of colleges
    maximum: int


def periods_between(first: int, last: int) -> list[tuple[int, int]]:
    return [(year, half) for year in range(first, last + 1) for half in (1, 2)]


def heatmap(*, kind: str = "", size_band: str = "") -> Heatmap:
    rows = (
        _ambitions(kind=kind, size_band=size_band)
        .values("theme_id", "start_year", "start_half")
        .annotate(n=Count("id"))
    )
    counts = {(r["theme_id"], r["start_year"], r["start_half"]): r["n"] for r in rows}
    year = timezone.localdate().year
    years = [y for (_, y, _) in counts] or [year]
    themes = themes_in_order()
    return Heatmap(
        themes=themes,
        periods=periods_between(min(min(years), year - 1), max(max(years), year + YEARS_AHEAD - 1)),
        counts=counts,
        maximum=max(counts.values(), default=0),
    )


def cell(*, theme: Theme, year: int, half: int, kind: str = "", size_band: str = "") -> QuerySet:
    return (
        _ambitions(kind=kind, size_band=size_band)
        .filter(theme=theme, start_year=year, start_half=half)
        .select_related("institution")
        .order_by("institution__name")
    )


def early_movers(*, limit: int = 3) -> dict[int, list[Ambition]]:
    """Per theme the colleges that start first (one query)."""
    movers: dict[int, list[Ambition]] = {}
    for ambition in Ambition.objects.select_related("institution").order_by(
        "theme_id", "start_year", "start_half", "institution__name"
    ):
        bucket = movers.setdefault(ambition.theme_id, [])
        if len(bucket) < limit:
            bucket.append(ambition)
    return movers


@dataclass(frozen=True)
class ThemeRow:
    theme: Theme
    ambition: Ambition | None
    colleges: int  # how many colleges plotted this theme
    ahead: int  # of those, how many start earlier than this institution
    median: tuple[int, int] | None  # median start as (year, half)


def own_roadmap(*, institution: Institution) -> list[ThemeRow]:
    """Every theme with this institution's ambition beside the sector (two queries)."""
    themes = themes_in_order()
    own = {a.theme_id: a for a in Ambition.objects.filter(institution=institution)}
    starts: dict[int, list[int]] = {}
    for theme_id, year, half in Ambition.objects.values_list("theme_id", "start_year", "start_half"):
        starts.setdefault(theme_id, []).append(year * 2 + half - 1)
    rows = []
    for theme in themes:
        values = sorted(starts.get(theme.pk, []))
        mine = own.get(theme.pk)
        ahead = sum(1 for v in values if mine and v < mine.start_year * 2 + mine.start_half - 1)
        median = None
        if values:
            middle = int(statistics.median_low(values))
            median = (middle // 2, middle % 2 + 1)
        rows.append(ThemeRow(theme, mine, len(values), ahead, median))
    return rows


def history(*, institution: Institution, limit: int = 20) -> list[AmbitionChange]:
    return list(AmbitionChange.objects.filter(institution=institution).select_related("theme", "changed_by")[:limit])
