"""Reads for the portfolio. The coverage matrix is one aggregate query, whatever the number of projects."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar

from django.db.models import Aggregate, Case, Count, Exists, F, Max, Model, OuterRef, Q, QuerySet, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from koers.accounts.models import User
from koers.members.models import Consent, Institution, SharedField
from koers.members.selectors import MemberCard, active_members, member_cards
from koers.themes.models import Theme
from koers.themes.selectors import themes_in_order

from . import importing
from .models import ImportBatch, Project

if TYPE_CHECKING:  # the type of annotated querysets' rows exists only in the stubs
    from django_stubs_ext import WithAnnotations

SORTS = {
    "title": ("title", "pk"),
    "-updated": ("-last_reviewed", "title", "pk"),
    "institution": ("institution__name", "title", "pk"),
    "status": ("status", "title", "pk"),
    "start": ("start_date", "title", "pk"),
}
ACTIVE = [Project.Status.PLANNED, Project.Status.RUNNING, Project.Status.DONE]


def _on_theme(theme: Theme) -> Exists:
    """A project is on ``theme`` (an EXISTS on the link table: no join, so no project counts twice)."""
    return Exists(Project.themes.through.objects.filter(project_id=OuterRef("pk"), theme=theme))


def projects(
    *,
    theme: Theme | None = None,
    status: str = "",
    institution: Institution | None = None,
    kind: str = "",
    size_band: str = "",
    quadrant: str = "",
    q: str = "",
    sort: str = "title",
) -> QuerySet[Project]:
    result = Project.objects.select_related("institution", "contact").prefetch_related("themes")
    if theme is not None:
        result = result.filter(_on_theme(theme))
    if status:
        result = result.filter(status=status)
    if institution is not None:
        result = result.filter(institution=institution)
    if kind:
        result = result.filter(institution__kind=kind)
    if size_band:
        result = result.filter(institution__size_band=size_band)
    if quadrant:
        horizon, _, domain = quadrant.partition("/")
        result = result.filter(horizon=horizon, domain=domain)
    for word in q.split():
        result = result.filter(Q(title__icontains=word) | Q(description__icontains=word))
    return result.order_by(*SORTS.get(sort, SORTS["title"]))


def project_detail(*, pk: int) -> Project:
    return (
        Project.objects.select_related("institution", "contact", "contact__institution")
        .prefetch_related("themes", "partners", "contact__consents", "contact__expertise")
        .get(pk=pk)
    )


def shown_contact(*, project: Project) -> User | None:
    """A project's contact person while they are an active member; a departed one is no longer named."""
    contact = project.contact
    return contact if contact is not None and contact.is_active else None


@dataclass(frozen=True)
class Colleague:
    institution: Institution
    projects: Sequence[Project]  # the first SHOWN by title
    contacts: list[MemberCard]  # consented fields only; the first SHOWN
    further_along: bool
    more_projects: int = 0  # on these themes, besides those shown
    more_contacts: bool = False


# Per college the page names a few projects and contacts and links to the college's page for the rest:
# at national scale a theme has hundreds of projects and thousands of members. Of the colleges it names the
# first few; the coverage matrix shows them all.
SHOWN = 5
COLLEGES = 10
FURTHER = [Project.Status.RUNNING, Project.Status.DONE]
REACHABLE = [SharedField.EMAIL, SharedField.PHONE]


class Standing(TypedDict):
    """What who_else() reads beside each project, counted over its college's projects on the themes."""

    total: int  # how many projects the college has on the themes
    further: int  # 1 when one of them is running or finished, else 0


# A queryset of projects or members, kept with whatever it was annotated with.
Rows = TypeVar("Rows", bound="QuerySet[Model]")


def _per_institution(expression: Aggregate) -> Window:
    return Window(expression, partition_by=[F("institution_id")])


def _first(queryset: Rows, *order: str, limit: int = SHOWN) -> Rows:
    """The first rows of each institution in this order (a window function: one query)."""
    order_by = [F(o[1:]).desc() if o.startswith("-") else F(o).asc() for o in order]
    place = Window(RowNumber(), partition_by=[F("institution_id")], order_by=order_by)
    return queryset.annotate(place=place).filter(place__lte=limit)


class Colleagues(list[Colleague]):
    """The colleges shown, and how many more there are."""

    more_colleges: int = 0


def who_else(*, themes: list[Theme], exclude_institution: Institution | None, colleges: int = COLLEGES) -> Colleagues:
    """Other colleges with projects on any of these themes, with their consented contacts.

    A college counts as further along when it has a running or finished project on one of the themes. At most
    ``colleges`` are shown, by name: those further along first, then those with the most projects on the themes.
    Three queries (and one for the contacts' cards) however many projects, colleges and members there are.
    """
    links = Project.themes.through.objects.filter(project_id=OuterRef("pk"), theme_id__in=[t.pk for t in themes])
    on_themes = Project.objects.filter(Exists(links)).exclude(institution=exclude_institution)
    standing = (
        on_themes.order_by()
        .values("institution_id")
        .annotate(n=Count("id"), further=Max(Case(When(status__in=FURTHER, then=1), default=0)))
        .order_by("-further", "-n", "institution__name", "institution_id")
    )
    ranked = [row["institution_id"] for row in standing]
    chosen = ranked[:colleges]
    result = Colleagues()
    result.more_colleges = len(ranked) - len(chosen)
    if not chosen:
        return result
    by_institution: dict[int, list[WithAnnotations[Project, Standing]]] = {}
    shown_projects = (
        on_themes.filter(institution_id__in=chosen)
        .select_related("institution")
        .annotate(
            total=_per_institution(Count("id")),
            further=_per_institution(Max(Case(When(status__in=FURTHER, then=1), default=0))),
        )
    )
    for project in _first(shown_projects, "title", "pk").order_by("institution__name", "title", "pk"):
        by_institution.setdefault(project.institution_id, []).append(project)
    # Members who share an e-mail address or phone number are named first; one more is read to know there are more.
    reachable = Exists(Consent.objects.filter(user_id=OuterRef("pk"), field__in=REACHABLE))
    people = active_members().filter(institution_id__in=chosen).annotate(reachable=reachable)
    contacts: dict[int, list[MemberCard]] = {}
    first_people = _first(people, "-reachable", "full_name", "pk", limit=SHOWN + 1).order_by("place")
    for card in member_cards(first_people, expertise=False):
        if card.institution is not None:  # always: the people were read by institution
            contacts.setdefault(card.institution.pk, []).append(card)
    for institution_id, shown in by_institution.items():
        cards = contacts.get(institution_id, [])
        result.append(
            Colleague(
                institution=shown[0].institution,
                projects=shown,
                contacts=sorted(cards[:SHOWN], key=lambda c: (c.full_name, c.pk)),
                further_along=shown[0].further == 1,
                more_projects=shown[0].total - len(shown),
                more_contacts=len(cards) > SHOWN,
            )
        )
    return result


def lift_along(*, colleagues: list[Colleague], institution: Institution | None) -> list[Colleague]:
    """For a small college: larger colleges that are further along on the same themes ("meeliften")."""
    if institution is None or institution.size_band != Institution.SizeBand.SMALL:
        return []
    return [c for c in colleagues if c.further_along and c.institution.size_band != Institution.SizeBand.SMALL]


COVERAGE_SORTS = ("naam", "dekking")  # by name; by coverage: most themes first


@dataclass(frozen=True)
class Coverage:
    institutions: list[Institution]  # the rows, in the order asked for
    themes: list[Theme]
    counts: dict[tuple[int, int], int]  # (institution id, theme id) -> number of projects
    theme_totals: dict[int, int]  # theme id -> number of projects
    uncovered: list[Theme]
    covered: dict[int, int]  # institution id -> number of themes it has a project on
    hidden: int  # institutions left out because they have no project (hide_empty)


def coverage_matrix(*, kind: str = "", size_band: str = "", sort: str = "naam", hide_empty: bool = False) -> Coverage:
    """Institutions × themes with project counts, in three queries however many projects there are.

    ``hide_empty`` leaves out the institutions without a project on any theme. ``sort`` "dekking" puts the
    institutions with projects on the most themes first, then those with the most projects on them (a project
    counts once per theme), then by name; otherwise, and for an unknown value, the order is by name."""
    chosen = Institution.objects.order_by("name")
    if kind:
        chosen = chosen.filter(kind=kind)
    if size_band:
        chosen = chosen.filter(size_band=size_band)
    institutions = list(chosen)
    themes = themes_in_order()
    rows = (
        Project.themes.through.objects.filter(project__institution__in=[i.pk for i in institutions])
        .values_list("project__institution_id", "theme_id")
        .annotate(n=Count("project_id"))
    )
    counts = {(institution_id, theme_id): n for institution_id, theme_id, n in rows}
    totals: dict[int, int] = {}
    covered: dict[int, int] = {}
    projects_on_themes: dict[int, int] = {}
    for (institution_id, theme_id), n in counts.items():
        totals[theme_id] = totals.get(theme_id, 0) + n
        covered[institution_id] = covered.get(institution_id, 0) + 1
        projects_on_themes[institution_id] = projects_on_themes.get(institution_id, 0) + n
    shown = [i for i in institutions if covered.get(i.pk)] if hide_empty else institutions
    if sort == "dekking":  # a stable sort: equal coverage keeps the order by name
        shown = sorted(shown, key=lambda i: (-covered.get(i.pk, 0), -projects_on_themes.get(i.pk, 0)))
    uncovered = [t for t in themes if not totals.get(t.pk)]
    return Coverage(shown, themes, counts, totals, uncovered, covered, len(institutions) - len(shown))


def theme_projects(*, theme: Theme) -> QuerySet[Project]:
    return projects(theme=theme, sort="institution")


@dataclass(frozen=True)
class CollegeOnTheme:
    """An institution with projects on a theme: how many, and the first few by title."""

    institution: Institution
    projects: list[Project]
    count: int

    @property
    def more(self) -> int:
        return self.count - len(self.projects)


def theme_colleges(*, theme: Theme, first: int = 3) -> list[CollegeOnTheme]:
    """The institutions with projects on this theme, by name, each with its number of projects and its first
    ``first`` by title (a theme's hub: at national scale a theme has thousands of projects, which its portfolio
    page lists page by page). Two queries, whatever the numbers."""
    on_theme = Project.objects.filter(_on_theme(theme))
    ranked = (
        on_theme.select_related("institution")
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("institution_id")], order_by=[F("title").asc(), F("pk").asc()]),
        )
        .filter(rank__lte=first)
        .order_by("institution__name", "institution_id", "title", "pk")
    )
    counts = dict(on_theme.order_by().values_list("institution_id").annotate(n=Count("pk")))
    colleges: list[CollegeOnTheme] = []
    for project in ranked:
        if not colleges or colleges[-1].institution.pk != project.institution_id:
            colleges.append(CollegeOnTheme(project.institution, [], counts[project.institution_id]))
        colleges[-1].projects.append(project)
    return colleges


# What an institution still has to do (the dashboard's gaps and checklist) ---------------------------------

# A project not reviewed for this long is due for a look. ``Project.last_reviewed`` ("laatst bijgewerkt") is set
# whenever the project is saved through the form, the API or an import.
REVIEW_AFTER = datetime.timedelta(days=365)
# Finished and stopped projects need no more reviews.
REVIEWED_STATUSES = [Project.Status.IDEA, Project.Status.PLANNED, Project.Status.RUNNING]


def projects_to_review(*, institution: Institution, after: datetime.timedelta = REVIEW_AFTER) -> QuerySet[Project]:
    """This institution's ideas, planned and running projects not reviewed within ``after`` (or never),
    longest unreviewed first."""
    before = timezone.localdate() - after
    return (
        Project.objects.filter(institution=institution, status__in=REVIEWED_STATUSES)
        .filter(Q(last_reviewed__isnull=True) | Q(last_reviewed__lt=before))
        .order_by(F("last_reviewed").asc(nulls_first=True), "title", "pk")
    )


def portfolio_reviewed_since(*, institution: Institution, day: datetime.date) -> bool:
    """Whether any project of this institution was added or reviewed on or after ``day``."""
    return projects_reviewed_since(institution=institution, day=day).exists()


def projects_reviewed_since(*, institution: Institution, day: datetime.date) -> QuerySet[Project]:
    return Project.objects.filter(institution=institution, last_reviewed__gte=day)


@dataclass(frozen=True)
class StatusPerTheme:
    """How many projects each theme has per status: ``counts[i][j]`` for theme i, status j (``statuses`` order).

    Themes in the order of ``themes_in_order`` (agenda by agenda, then by name), those without projects left
    out. A project with several themes counts under each.
    """

    themes: list[str]
    statuses: list[Project.Status]
    counts: list[list[int]]


def status_per_theme(*, projects: QuerySet[Project]) -> StatusPerTheme:
    """For these projects (a filtered list, say): the counts per theme and status, in one aggregate query."""
    statuses = list(Project.Status)
    rows = (
        Project.themes.through.objects.filter(project__in=projects.order_by().values("pk"))
        .values("theme__agenda__start_year", "theme__agenda__name", "theme__name", "theme_id", "project__status")
        .annotate(n=Count("*"))
        .order_by()
    )
    per_theme: dict[tuple[bool, int, str, str, int], list[int]] = {}
    for row in rows:
        year = row["theme__agenda__start_year"]  # an agenda without a start year last, as PostgreSQL sorts it
        key = (year is None, year or 0, row["theme__agenda__name"], row["theme__name"], row["theme_id"])
        per_theme.setdefault(key, [0] * len(statuses))[statuses.index(Project.Status(row["project__status"]))] += row[
            "n"
        ]
    ordered = sorted(per_theme)
    return StatusPerTheme(
        themes=[name for _last, _year, _agenda, name, _pk in ordered],
        statuses=statuses,
        counts=[per_theme[key] for key in ordered],
    )


@dataclass
class ImportReview:
    """What the preview of an import shows: every row checked, the summary, and what is not imported."""

    rows: list[importing.Row]
    summary: dict[str, Any]
    title_mapped: bool
    unmapped: list[str]  # headers of columns not imported
    other_sheets: list[str]  # sheets of the file not chosen
    warnings: list[tuple[str, int, str, str]]  # (sheet, row, column, message) of the file and of the rows
    unmatched_contacts: list[str]


def import_review(*, batch: ImportBatch) -> ImportReview:
    title_mapped = "titel" in batch.mapping.values() or not batch.tables
    rows = (
        importing.check(institution=batch.institution, rows=batch.rows, clear_empty=batch.clear_empty)
        if title_mapped
        else []
    )
    warnings = [
        (table["name"], number, column, message)
        for table in batch.tables
        if table["name"] in batch.sheets
        for number, column, message in table["warnings"]
    ]
    warnings += [(row.sheet, row.number, column, message) for row in rows for column, message in row.warnings]
    unmatched = list(  # in the order of the file, each once
        dict.fromkeys(
            row.values["contactpersoon"] for row in rows for column, _m in row.warnings if column == "contactpersoon"
        )
    )
    return ImportReview(
        rows=rows,
        summary=importing.summary(rows),
        title_mapped=title_mapped,
        unmapped=[header for k, header in importing.columns_of(batch.tables) if not batch.mapping.get(k)],
        other_sheets=[t["name"] for t in batch.tables if t["name"] not in batch.sheets],
        warnings=warnings,
        unmatched_contacts=unmatched,
    )


def rejected_workbook(*, batch: ImportBatch, rows: list[importing.Row]) -> list[tuple[str, list[list[str]]]]:
    """The refused rows per sheet, in the file's own columns and a column "reden": fix and upload again."""
    refused = {(row.sheet, row.number): row for row in rows if row.action == "rejected"}
    sheets = []
    for table in batch.tables:
        if table["name"] not in batch.sheets:
            continue
        width = len(table["headers"])
        out = [[*table["headers"], "reden"]]
        for number, cells in table["rows"]:
            row = refused.get((table["name"], number))
            if row is not None:
                reasons = "; ".join(f"{column}: {message}" for column, message in row.errors)
                out.append([*cells, *[""] * (width - len(cells)), reasons])
        sheets.append((table["name"] or "Afgewezen", out))
    if not sheets:  # an import kept before the tables were: its rows as Koers's columns
        out = [[*importing.COLUMNS, "reden"]]
        for row in refused.values():
            reasons = "; ".join(f"{column}: {message}" for column, message in row.errors)
            out.append([*[row.values.get(c, "") for c in importing.COLUMNS], reasons])
        sheets.append(("Afgewezen", out))
    return sheets


def institution_projects(*, institution: Institution) -> QuerySet[Project]:
    """An institution's own projects, by title (its hub)."""
    return projects(institution=institution)


def institution_projects_first(*, institution: Institution, limit: int) -> tuple[Sequence[Project], int]:
    """The first ``limit`` of an institution's projects by title and how many it has (the hub shows a few and links
    to the portfolio for all: a large college has hundreds). The count is a query of its own, on the index: a
    window count in the same query read every project's row, three times slower at national scale."""
    projects = institution_projects(institution=institution)
    shown = list(projects[:limit])
    return shown, (projects.count() if len(shown) == limit else len(shown))


def contact_projects(*, user: User) -> QuerySet[Project]:
    """The projects a member is the contact person for (their profile), by title."""
    return (
        Project.objects.filter(contact=user)
        .select_related("institution")
        .prefetch_related("themes")
        .order_by("title", "pk")
    )
