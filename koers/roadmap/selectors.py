"""Reads for the national roadmap. The heatmap is one aggregate query, whatever the number of colleges."""

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict, cast

from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, When, Window
from django.db.models.functions import ExtractMonth, ExtractYear, RowNumber
from django.utils import timezone

from koers.accounts.models import User
from koers.core import derived
from koers.members.models import Institution
from koers.themes.models import Theme
from koers.themes.selectors import themes_in_order

from .milestones import topics as milestone_topics
from .models import Adoption, AdoptionState, Ambition, AmbitionChange, PlanItem, Recommendation, ReferenceItem

if TYPE_CHECKING:  # the type of annotated querysets' rows exists only in the stubs
    from django_stubs_ext import WithAnnotations

YEARS_AHEAD = 4


# What the roadmap's parts kept in the shared cache (koers.core.derived) show besides the roadmap itself: themes
# and institutions, and on the national table, the plan and a theme's heat row also the milestones of the apps that
# register them. A change of any of these topics makes such a part be worked out again.
KEPT_TOPICS = "roadmap themes institutions"


def kept_topics() -> str:
    """KEPT_TOPICS and the topics of the registered milestone sources, for a part that shows milestones."""
    return f"{KEPT_TOPICS} {milestone_topics()}".strip()


def _profile(prefix: str = "", *, kind: str = "", size_band: str = "") -> Q:
    """The institution-profile filter (kind and size band), on institutions reached through `prefix`."""
    condition = Q()
    if kind:
        condition &= Q(**{f"{prefix}kind": kind})
    if size_band:
        condition &= Q(**{f"{prefix}size_band": size_band})
    return condition


def profile_filters_allowed(*, user: User | AnonymousUser) -> bool:
    """Whether ``user`` may narrow national figures by the kind and size of institution: members only, since for
    guests a kind and size that fit one or two colleges would show those colleges' own answers."""
    return user.is_authenticated


def _ambitions(*, kind: str = "", size_band: str = "") -> QuerySet[Ambition]:
    return Ambition.objects.filter(_profile("institution__", kind=kind, size_band=size_band))


HEAT_SHADES = 4  # the darkest of the heatmap's colours; 0 is an empty cell


def heat_shade(count: int, maximum: int) -> int:
    """The colour of a heatmap cell: 0 when empty, else 1 to HEAT_SHADES by its share of the busiest cell.

    The one rule for the colours: the cells and the legend (heat_legend) both come from it."""
    if not count or not maximum:
        return 0
    return min(HEAT_SHADES, 1 + (HEAT_SHADES * count - 1) // maximum)


@dataclass(frozen=True)
class HeatBand:
    """A colour of the heatmap's legend and the counts it stands for, ``low`` to ``high``."""

    shade: int
    low: int
    high: int


def heat_legend(maximum: int) -> list[HeatBand]:
    """Every colour that a count from 0 to ``maximum`` gets (see heat_shade), with its range of counts.

    A colour that no count gets is left out, so the legend never shows an empty step."""
    bands = [HeatBand(0, 0, 0)]
    for count in range(1, maximum + 1):
        shade = heat_shade(count, maximum)
        if shade == bands[-1].shade:
            bands[-1] = HeatBand(shade, bands[-1].low, count)
        else:
            bands.append(HeatBand(shade, count, count))
    return bands


@dataclass(frozen=True)
class HeatCell:
    year: int
    half: int
    count: int  # colleges that want to start the theme in this half-year
    shade: int  # see heat_shade


@dataclass(frozen=True)
class Heatmap:
    themes: list[Theme]
    periods: list[tuple[int, int]]  # (year, half)
    counts: dict[tuple[int, int, int], int]  # (theme id, year, half) -> number of colleges
    maximum: int

    def rows(self) -> list[tuple[Theme, list[HeatCell]]]:
        """Per theme its cells, one per half-year, empty ones too."""
        return [(theme, self.row(theme)) for theme in self.themes]

    def row(self, theme: Theme) -> list[HeatCell]:
        """One theme's cells, one per half-year (its hub shows them)."""
        return [self._cell(theme, year, half) for year, half in self.periods]

    def _cell(self, theme: Theme, year: int, half: int) -> HeatCell:
        count = self.counts.get((theme.pk, year, half), 0)
        return HeatCell(year, half, count, heat_shade(count, self.maximum))

    @property
    def legend(self) -> list[HeatBand]:
        return heat_legend(self.maximum)


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


def cell(*, theme: Theme, year: int, half: int, kind: str = "", size_band: str = "") -> QuerySet[Ambition]:
    return (
        _ambitions(kind=kind, size_band=size_band)
        .filter(theme=theme, start_year=year, start_half=half)
        .select_related("institution")
        .order_by("institution__name")
    )


def early_movers(*, limit: int = 3) -> dict[int, list[Ambition]]:
    """Per theme the colleges that start first (one query, which returns only those: a window function numbers
    each theme's ambitions, so the page does not read every ambition of the country)."""
    order = ["start_year", "start_half", "institution__name"]
    place = Window(RowNumber(), partition_by=[F("theme_id")], order_by=[F(field).asc() for field in order])
    movers: dict[int, list[Ambition]] = {}
    first = (
        Ambition.objects.select_related("institution")
        .annotate(place=place)
        .filter(place__lte=limit)
        .order_by("theme_id", *order)
    )
    for ambition in first:
        movers.setdefault(ambition.theme_id, []).append(ambition)
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
    # How many colleges start in each half-year per theme, counted by the database: a few hundred rows
    # instead of every ambition in the country.
    starts: dict[int, dict[int, int]] = {}
    for row in Ambition.objects.values("theme_id", "start_year", "start_half").annotate(n=Count("id")).order_by():
        starts.setdefault(row["theme_id"], {})[row["start_year"] * 2 + row["start_half"] - 1] = row["n"]
    rows = []
    for theme in themes:
        histogram = sorted(starts.get(theme.pk, {}).items())
        colleges = sum(n for _, n in histogram)
        mine = own.get(theme.pk)
        ahead = sum(n for v, n in histogram if mine and v < mine.start_year * 2 + mine.start_half - 1)
        median = None
        if colleges:
            middle = _median_low(histogram, colleges)
            median = (middle // 2, middle % 2 + 1)
        rows.append(ThemeRow(theme, mine, colleges, ahead, median))
    return rows


def _median_low(histogram: list[tuple[int, int]], total: int) -> int:
    """statistics.median_low of the values a sorted (value, count) histogram stands for."""
    index, seen = (total - 1) // 2, 0
    for value, n in histogram:
        seen += n
        if seen > index:
            return value
    raise ValueError("empty histogram")


def history(*, institution: Institution, limit: int = 20) -> list[AmbitionChange]:
    return list(AmbitionChange.objects.filter(institution=institution).select_related("theme", "changed_by")[:limit])


# The multi-year plan ------------------------------------------------------------------------------


def plan_items(*, theme: Theme | None = None, status: str = "", year: int | None = None) -> QuerySet[PlanItem]:
    items = PlanItem.objects.select_related("theme", "owner", "owner__institution").order_by("rank")
    if theme is not None:
        items = items.filter(theme=theme)
    if status:
        items = items.filter(status=status)
    if year is not None:
        items = items.filter(year=year)
    return items


@dataclass(frozen=True)
class Timeline:
    years: list[int]
    rows: list[tuple[Theme, list[list[PlanItem]]]]  # (theme, [items per year])


def plan_timeline(items: list[PlanItem]) -> Timeline:
    """The plan as themes × years, from the items already read (one query for the themes)."""
    this_year = timezone.localdate().year
    years_seen = [item.year for item in items] or [this_year]
    years = list(range(min(min(years_seen), this_year), max(max(years_seen), this_year + YEARS_AHEAD - 1) + 1))
    cells: dict[tuple[int, int], list[PlanItem]] = {}
    for item in items:
        cells.setdefault((item.theme_id, item.year), []).append(item)
    planned = {theme_id for theme_id, _year in cells}
    rows = [
        (theme, [cells.get((theme.pk, year), []) for year in years])
        for theme in themes_in_order()
        if theme.pk in planned
    ]
    return Timeline(years=years, rows=rows)


# The reference list -------------------------------------------------------------------------------


class AdoptionCounts(TypedDict):
    """How many institutions stand where on a reference item (see ADOPTION_COUNTS)."""

    in_use: int
    planned: int
    not_applicable: int


ADOPTION_COUNTS = {
    "in_use": AdoptionState.IN_USE,
    "planned": AdoptionState.PLANNED,
    "not_applicable": AdoptionState.NOT_APPLICABLE,
}


def reference_items(
    *,
    item_kind: str = "",
    recommendation: str = "",
    theme: Theme | None = None,
    kind: str = "",
    size_band: str = "",
) -> "QuerySet[WithAnnotations[ReferenceItem, AdoptionCounts]]":
    """The reference list with its national adoption counts: one aggregate query (and one for the themes)."""
    items = ReferenceItem.objects.prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))
    if item_kind:
        items = items.filter(kind=item_kind)
    if recommendation:
        items = items.filter(recommendation=recommendation)
    if theme is not None:
        items = items.filter(themes=theme)
    counts = {
        field: Count(
            "adoptions",
            distinct=True,
            filter=Q(adoptions__state=state) & _profile("adoptions__institution__", kind=kind, size_band=size_band),
        )
        for field, state in ADOPTION_COUNTS.items()
    }
    # Recommended items first, advised-against last; by name within each.
    advice_order = Case(*(When(recommendation=value, then=n) for n, value in enumerate(Recommendation.values)))
    # The counts are annotated under names built from ADOPTION_COUNTS, which the type checker cannot follow.
    return cast(
        "QuerySet[WithAnnotations[ReferenceItem, AdoptionCounts]]",
        items.annotate(**counts).order_by(advice_order, "name"),
    )


def institution_count(*, kind: str = "", size_band: str = "") -> int:
    return Institution.objects.filter(_profile(kind=kind, size_band=size_band)).count()


def adoptions_of(*, institution: Institution) -> dict[int, Adoption]:
    return {a.item_id: a for a in Adoption.objects.filter(institution=institution)}


def adopters(*, item: ReferenceItem) -> list[tuple[AdoptionState, list[Adoption]]]:
    """Per adoption state the institutions in it, by name (college-level detail: for members)."""
    grouped: dict[str, list[Adoption]] = {state: [] for state in AdoptionState.values}
    for adoption in item.adoptions.select_related("institution").order_by("institution__name"):
        grouped[adoption.state].append(adoption)
    return [(AdoptionState(state), adoptions) for state, adoptions in grouped.items()]


# What an institution still has to fill in (the dashboard's gaps) ------------------------------------------


@dataclass(frozen=True)
class RoadmapGaps:
    """How much of the roadmap and the reference list an institution has not filled in yet."""

    themes: int  # all themes
    themes_open: int  # themes without an ambition of this institution
    items: int  # all reference items
    items_open: int  # reference items without this institution's stand

    @property
    def has_ambitions(self) -> bool:
        return self.themes_open < self.themes


def roadmap_gaps(*, institution: Institution) -> RoadmapGaps:
    """Themes without an ambition and reference items without a stand of this institution: two queries, kept in
    the shared cache until an ambition, a stand, a reference item or a theme changes (every member of the
    institution sees them on their dashboard)."""
    return derived.remember(("roadmap", "themes"), f"gaps:{institution.pk}", lambda: _gaps(institution))


def _gaps(institution: Institution) -> RoadmapGaps:
    has_ambition = Exists(Ambition.objects.filter(institution=institution, theme=OuterRef("pk")))
    themes = Theme.objects.aggregate(total=Count("pk"), open=Count("pk", filter=~has_ambition))
    has_stand = Exists(Adoption.objects.filter(institution=institution, item=OuterRef("pk")))
    items = ReferenceItem.objects.aggregate(total=Count("pk"), open=Count("pk", filter=~has_stand))
    return RoadmapGaps(themes["total"], themes["open"], items["total"], items["open"])


@dataclass(frozen=True)
class AdoptionHistory:
    """Per half-year (year, half) how many institutions stood where at its end: ``counts[i][j]`` for period i,
    state j (in ``states`` order).

    No earlier stands are kept: an institution counts from the half-year in which it recorded its present
    stand (the adoption's last change) onwards, so the picture shows when the present answers came in.
    """

    periods: list[tuple[int, int]]
    states: list[AdoptionState]
    counts: list[list[int]]


def adoption_history(*, item: ReferenceItem, periods: int = 6, today: datetime.date | None = None) -> AdoptionHistory:
    """The last ``periods`` half-years up to the present one (that of ``today``), cumulative, in one query."""
    states = list(AdoptionState)
    grouped = (
        Adoption.objects.filter(item=item)
        .alias(month=ExtractMonth("updated_at"))
        .annotate(year=ExtractYear("updated_at"), half=Case(When(month__lte=6, then=1), default=2))
        .values("year", "half", "state")
        .annotate(n=Count("*"))
        .order_by()
    )
    today = today or timezone.localdate()
    now = (today.year, 1 if today.month <= 6 else 2)
    added: dict[tuple[int, int], list[int]] = {}
    for row in grouped:
        per_state = added.setdefault((row["year"], row["half"]), [0] * len(states))
        per_state[states.index(AdoptionState(row["state"]))] += row["n"]
    first = min([*added, now])
    shown = _half_years(first, now)[-periods:]
    counts, running = [], [0] * len(states)
    for period in sorted(added):  # what came in before the first shown half-year counts in its total
        if period < shown[0]:
            running = [a + b for a, b in zip(running, added[period], strict=True)]
    for period in shown:
        running = [a + b for a, b in zip(running, added.get(period, [0] * len(states)), strict=True)]
        counts.append(running)
    return AdoptionHistory(periods=shown, states=states, counts=counts)


def _half_years(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    result, (year, half) = [], first
    while (year, half) <= last:
        result.append((year, half))
        year, half = (year, 2) if half == 1 else (year + 1, 1)
    return result


# The hubs: a theme's row of the national roadmap, an institution's reference-list stand --------------------


@dataclass(frozen=True)
class HeatRow:
    """One theme's row of the national heatmap, coloured against the whole map (the same cells and legend)."""

    theme: Theme
    cells: list[HeatCell]
    legend: list[HeatBand]

    @property
    def total(self) -> int:
        return sum(cell.count for cell in self.cells)


def theme_heat_row(*, theme: Theme) -> HeatRow:
    heat = heatmap()
    return HeatRow(theme=theme, cells=heat.row(theme), legend=heat.legend)


def reference_stand(*, institution: Institution) -> list[tuple[ReferenceItem, Adoption | None]]:
    """Every item of the reference list with this institution's adoption of it (None when it gave none)."""
    adoptions = adoptions_of(institution=institution)
    return [(item, adoptions.get(item.pk)) for item in reference_items()]
