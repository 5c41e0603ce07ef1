"""Reads for the portfolio. The coverage matrix is one aggregate query, whatever the number of projects."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar

from django.db.models import Aggregate, Case, Count, Exists, F, Max, Model, OuterRef, Q, QuerySet, When, Window
from django.db.models.functions import RowNumber

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
        result = result.filter(Exists(Project.themes.through.objects.filter(project_id=OuterRef("pk"), theme=theme)))
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
# at national scale a theme has hundreds of projects and thousands of members.
SHOWN = 5
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


def who_else(*, themes: list[Theme], exclude_institution: Institution | None) -> list[Colleague]:
    """Other colleges with projects on any of these themes, with their consented contacts.

    A college counts as further along when it has a running or finished project on one of the themes.
    Two queries (and two for the contacts' cards) however many projects and members there are.
    """
    links = Project.themes.through.objects.filter(project_id=OuterRef("pk"), theme_id__in=[t.pk for t in themes])
    on_themes = (
        Project.objects.filter(Exists(links))
        .exclude(institution=exclude_institution)
        .select_related("institution")
        .annotate(
            total=_per_institution(Count("id")),
            further=_per_institution(Max(Case(When(status__in=FURTHER, then=1), default=0))),
        )
    )
    by_institution: dict[int, list[WithAnnotations[Project, Standing]]] = {}
    for project in _first(on_themes, "title", "pk").order_by("institution__name", "title", "pk"):
        by_institution.setdefault(project.institution_id, []).append(project)
    if not by_institution:
        return []
    # Members who share an e-mail address or phone number are named first; one more is read to know there are more.
    reachable = Exists(Consent.objects.filter(user_id=OuterRef("pk"), field__in=REACHABLE))
    people = active_members().filter(institution_id__in=list(by_institution)).annotate(reachable=reachable)
    contacts: dict[int, list[MemberCard]] = {}
    for card in member_cards(_first(people, "-reachable", "full_name", "pk", limit=SHOWN + 1).order_by("place")):
        if card.institution is not None:  # always: the people were read by institution
            contacts.setdefault(card.institution.pk, []).append(card)
    result = []
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


@dataclass(frozen=True)
class Coverage:
    institutions: list[Institution]
    themes: list[Theme]
    counts: dict[tuple[int, int], int]  # (institution id, theme id) -> number of projects
    theme_totals: dict[int, int]  # theme id -> number of projects
    uncovered: list[Theme]


def coverage_matrix(*, kind: str = "", size_band: str = "") -> Coverage:
    """Institutions × themes with project counts, in three queries however many projects there are."""
    chosen = Institution.objects.order_by("name")
    if kind:
        chosen = chosen.filter(kind=kind)
    if size_band:
        chosen = chosen.filter(size_band=size_band)
    institutions = list(chosen)
    themes = themes_in_order()
    rows = (
        Project.themes.through.objects.filter(project__institution__in=[i.pk for i in institutions])
        .values("project__institution_id", "theme_id")
        .annotate(n=Count("project_id"))
    )
    counts = {(r["project__institution_id"], r["theme_id"]): r["n"] for r in rows}
    totals: dict[int, int] = {}
    for (_, theme_id), n in counts.items():
        totals[theme_id] = totals.get(theme_id, 0) + n
    return Coverage(institutions, themes, counts, totals, [t for t in themes if not totals.get(t.pk)])


def theme_projects(*, theme: Theme) -> QuerySet[Project]:
    return projects(theme=theme, sort="institution")


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
