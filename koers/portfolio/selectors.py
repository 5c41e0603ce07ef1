"""Reads for the portfolio. The coverage matrix is one aggregate query, whatever the number of projects."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from koers.members.models import Institution
from koers.members.selectors import active_members, member_cards
from koers.themes.models import Theme
from koers.themes.selectors import themes_in_order

from .models import Project

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
) -> QuerySet:
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


@dataclass(frozen=True)
class Colleague:
    institution: Institution
    projects: list
    contacts: list  # MemberCard, consented fields only
    further_along: bool


def who_else(*, themes: list[Theme], exclude_institution: Institution | None) -> list[Colleague]:
    """Other colleges with projects on any of these themes, with their consented contacts.

    A college counts as further along when it has a running or finished project on one of the themes.
    """
    theme_ids = [t.pk for t in themes]
    related = list(
        Project.objects.filter(themes__in=theme_ids)
        .exclude(institution=exclude_institution)
        .select_related("institution")
        .distinct()
        .order_by("institution__name", "title")
    )
    by_institution: dict[int, list[Project]] = {}
    for project in related:
        by_institution.setdefault(project.institution_id, []).append(project)
    contacts: dict[int, list] = {}
    people = active_members().filter(institution_id__in=list(by_institution))
    for card in member_cards(people.order_by("full_name")):
        contacts.setdefault(card.institution.pk, []).append(card)
    result = []
    for institution_projects in by_institution.values():
        institution = institution_projects[0].institution
        further = any(p.status in (Project.Status.RUNNING, Project.Status.DONE) for p in institution_projects)
        result.append(Colleague(institution, institution_projects, contacts.get(institution.pk, []), further))
    return result


def lift_along(*, colleagues: list[Colleague], institution: Institution | None) -> list[Colleague]:
    """For a small college: larger colleges that are further along on the same themes ("meeliften")."""
    if institution is None or institution.size_band != Institution.SizeBand.SMALL:
        return []
    return [c for c in colleagues if c.further_along and c.institution.size_band != Institution.SizeBand.SMALL]


@dataclass(frozen=True)
class Coverage:
    institutions: list
    themes: list
    counts: dict  # (institution id, theme id) -> number of projects
    theme_totals: dict
    uncovered: list


def coverage_matrix(*, kind: str = "", size_band: str = "") -> Coverage:
    """Institutions × themes with project counts, in three queries however many projects there are."""
    institutions = Institution.objects.order_by("name")
    if kind:
        institutions = institutions.filter(kind=kind)
    if size_band:
        institutions = institutions.filter(size_band=size_band)
    institutions = list(institutions)
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


def theme_projects(*, theme: Theme) -> QuerySet:
    return projects(theme=theme, sort="institution")
