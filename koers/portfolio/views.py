import functools

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts.http import AuthenticatedHttpRequest
from koers.core import charts
from koers.core import derived as kept
from koers.core.access import requires
from koers.core.spreadsheets import CONTENT_TYPES, spreadsheet_response, workbook_bytes
from koers.members.models import Institution
from koers.members.selectors import institution_chosen
from koers.themes.models import Theme

from . import derived, exports, importing, selectors, services
from .forms import (
    CoverageFilterForm,
    ImportForm,
    ImportSettingsForm,
    InstitutionChoiceForm,
    PortfolioFilterForm,
    ProjectForm,
)
from .models import ImportBatch, Project

PAGE_SIZE = 25


def _listing(request: HttpRequest, *, fixed_institution: Institution | None = None) -> dict:
    form = PortfolioFilterForm(request.GET or None)
    filters = form.filters()
    if fixed_institution is not None:
        filters["institution"] = fixed_institution

    @functools.cache
    def listing() -> dict[str, object]:
        """Worked out only when the list is not kept in the shared cache (the template calls it)."""
        projects = selectors.projects(**filters)
        page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
        # The chart counts the whole list, thousands of projects unfiltered: kept until the portfolio changes.
        chart = derived.remember(
            "per-theme-chart", filters, lambda: _per_theme_chart(selectors.status_per_theme(projects=projects))
        )
        return {"page_obj": page, "per_theme": chart}

    # The list and its chart are the same for every member with the same filters: kept until the portfolio, its
    # themes or the institutions change.
    kept.pin()  # before the template keeps what it shows of the institution read above
    return {
        "form": form,
        "listing": listing,
        "query": request.GET.urlencode(),
        "kept_query": kept.query_key(request, form),
        "topics": derived.KEPT_TOPICS,
    }


def _per_theme_chart(per_theme: selectors.StatusPerTheme) -> charts.Chart | None:
    """A bar per theme, cut by status: the projects in the list, all pages together."""
    if not per_theme.themes:
        return None
    return charts.stacked(
        ident="chart-projects-per-theme",
        title=_("Projecten per thema en status"),
        labels=per_theme.themes,
        series=[charts.Series(f"project-{status.value}", str(status.label)) for status in per_theme.statuses],
        values=per_theme.counts,
        label_heading=_("Thema"),
    )


@requires("portfolio.view_project")
def project_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "portfolio/project_list.html", _listing(request))


@requires("portfolio.view_project")
def my_portfolio(request: AuthenticatedHttpRequest) -> HttpResponse:
    institution = request.user.institution
    if institution is None:
        messages.info(request, _("Kies eerst je instelling in je profiel; dan zie je hier haar portfolio."))
        return redirect("accounts:profile")
    context = _listing(request, fixed_institution=institution)
    context["institution"] = institution
    return render(request, "portfolio/project_list.html", context)


@requires("portfolio.view_project")
def export(request: AuthenticatedHttpRequest, fmt: str) -> HttpResponse:
    filters = PortfolioFilterForm(request.GET or None).filters()
    projects = selectors.projects(**filters).prefetch_related("partners")
    return spreadsheet_response(
        [exports.columns(), *exports.rows(projects)],
        fmt=fmt,
        title=_("Portfolio"),
        filename=f"koers-portfolio-{timezone.localdate().isoformat()}",
    )


@requires("portfolio.view_project")
def project_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    try:
        project = selectors.project_detail(pk=pk)
    except Project.DoesNotExist as error:
        raise Http404 from error
    themes = list(project.themes.all())
    colleagues = selectors.who_else(themes=themes, exclude_institution=project.institution)
    context = {
        "project": project,
        "contact": selectors.shown_contact(project=project),
        "colleagues": colleagues,
        "lift_along": selectors.lift_along(colleagues=colleagues, institution=project.institution),
        "can_change": request.user.has_perm("portfolio.change_project", project),
    }
    return render(request, "portfolio/project_detail.html", context)


def _project_form(
    request: AuthenticatedHttpRequest, *, institution: Institution, project: Project | None
) -> HttpResponse:
    form = ProjectForm(request.POST or None, instance=project, institution=institution)
    if request.method == "POST" and form.is_valid():
        try:
            if project is None:
                saved = services.project_create(institution=institution, data=form.cleaned_data)
            else:
                saved = services.project_update(project=project, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Project %(title)s is opgeslagen.") % {"title": saved.title})
            return redirect(saved)
    return render(
        request,
        "portfolio/project_form.html",
        {"form": form, "project": project, "institution": institution},
        status=400 if form.errors else 200,
    )


def _chosen_institution(request: AuthenticatedHttpRequest) -> Institution | None:
    """The institution to add projects to: ?instelling=<slug>, else the member's own (None if neither)."""
    try:
        institution = institution_chosen(user=request.user, slug=request.GET.get("instelling", ""))
    except Institution.DoesNotExist as error:
        raise Http404 from error
    if institution is not None and not request.user.has_perm(
        "portfolio.change_project", Project(institution=institution)
    ):
        raise PermissionDenied
    return institution


def _choose_institution(request: HttpRequest) -> HttpResponse:
    """For someone without an institution (an administrator): first choose whose projects these are."""
    form = InstitutionChoiceForm(request.GET if "instelling" in request.GET else None)
    form.is_valid()  # shows "required" when "Verder" was pressed without a choice
    return render(request, "portfolio/choose_institution.html", {"form": form})


@requires("portfolio.add_project")
def project_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    institution = _chosen_institution(request)
    if institution is None:
        return _choose_institution(request)
    return _project_form(request, institution=institution, project=None)


@requires("portfolio.view_project")
def project_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(Project.objects.select_related("institution"), pk=pk)
    if not request.user.has_perm("portfolio.change_project", project):
        raise PermissionDenied
    return _project_form(request, institution=project.institution, project=project)


@requires("portfolio.view_project")
def project_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(Project.objects.select_related("institution"), pk=pk)
    if not request.user.has_perm("portfolio.change_project", project):
        raise PermissionDenied
    if request.method == "POST":
        services.project_delete(project=project)
        messages.success(request, _("Project %(title)s is verwijderd.") % {"title": project.title})
        return redirect(
            "portfolio:my-portfolio"
            if project.institution_id == request.user.institution_id
            else "portfolio:project-list"
        )
    context = {
        "title": _("Project verwijderen"),
        "question": _('Weet je zeker dat je "%(title)s" van %(name)s wilt verwijderen?')
        % {"title": project.title, "name": project.institution.name},
        "confirm": _("Ja, verwijder het project"),
        "cancel_url": project.get_absolute_url(),
    }
    return render(request, "core/confirm_delete.html", context)


@requires("portfolio.view_project")
def coverage(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CoverageFilterForm(request.GET or None)
    filters = form.filters()

    @functools.cache
    def table() -> dict[str, object]:
        """Worked out only when the matrix is not kept in the shared cache (the template calls it)."""
        matrix = selectors.coverage_matrix(**filters)
        # Per institution its number of projects per theme, in the order of the columns.
        theme_ids = [theme.pk for theme in matrix.themes]
        counts = matrix.counts
        rows = [
            (institution, [counts.get((institution.pk, theme_id), 0) for theme_id in theme_ids])
            for institution in matrix.institutions
        ]
        totals = [(theme, matrix.theme_totals.get(theme.pk, 0)) for theme in matrix.themes]
        return {"matrix": matrix, "rows": rows, "totals": totals}

    context = {"form": form, "table": table, "kept_query": kept.query_key(request, form), "topics": derived.KEPT_TOPICS}
    return render(request, "portfolio/coverage.html", context)


@requires("portfolio.view_project")
def theme_portfolio(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    kept.pin()  # before the theme is read: "Wie werkt ook hieraan?" is kept under generations from before
    theme = get_object_or_404(Theme.objects.select_related("agenda"), slug=slug)
    institution = request.user.institution

    # Worked out only when "Wie werkt ook hieraan?" is not kept in the shared cache (the template calls them).
    @functools.cache
    def colleagues() -> selectors.Colleagues:
        return selectors.who_else(themes=[theme], exclude_institution=institution)

    context = {
        "theme": theme,
        "page_obj": kept.page_when_needed(request, lambda: selectors.theme_projects(theme=theme), PAGE_SIZE),
        # The same for every member: kept until the portfolio, its themes or the institutions change.
        "topics": derived.KEPT_TOPICS,
        "kept_query": kept.query_key(request),
        "colleagues": colleagues,
        "lift_along": lambda: selectors.lift_along(colleagues=colleagues(), institution=institution),
        "institution": institution,
        # The contacts are members, with what they chose to share; whether one is new changes with the day.
        "who_else_topics": f"{derived.KEPT_TOPICS} members",
        "today": timezone.localdate(),
    }
    return render(request, "portfolio/theme_portfolio.html", context)


@requires("portfolio.add_project")
def import_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    institution = _chosen_institution(request)
    if institution is None:
        return _choose_institution(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    help_rows = importing.help_rows()
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.import_preview(
                actor=request.user, institution=institution, upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("portfolio:import-preview", pk=batch.pk)
    return render(
        request,
        "portfolio/import_start.html",
        {"form": form, "institution": institution, "help_header": help_rows[0], "help_rows": help_rows[1:]},
        status=400 if form.errors else 200,
    )


@requires("portfolio.view_project")
def import_template(request: AuthenticatedHttpRequest, fmt: str) -> HttpResponse:
    if fmt == "xlsx":
        # The template and its help sheet: which column names and values the import recognises.
        content = workbook_bytes(
            [(_("Projecten"), importing.template_rows()), (_("Toelichting"), importing.help_rows())]
        )
        response = HttpResponse(content, content_type=CONTENT_TYPES["xlsx"])
        response["Content-Disposition"] = 'attachment; filename="koers-projecten-sjabloon.xlsx"'
        return response
    return spreadsheet_response(
        importing.template_rows(), fmt=fmt, title="Projecten", filename="koers-projecten-sjabloon"
    )


def _import_batch(request: AuthenticatedHttpRequest, pk: int) -> ImportBatch:
    batch = get_object_or_404(ImportBatch.objects.select_related("institution"), pk=pk)
    if not request.user.has_perm("portfolio.change_project", Project(institution=batch.institution)):
        raise PermissionDenied
    return batch


@requires("portfolio.add_project")
def import_preview(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    batch = _import_batch(request, pk)
    settings_form = None
    if batch.state == ImportBatch.State.PREVIEW and batch.tables:
        settings_form = ImportSettingsForm(
            request.POST if "settings" in request.POST else None, batch=batch, prefix="indeling"
        )
    if request.method == "POST" and settings_form is not None and "settings" in request.POST:
        if settings_form.is_valid():
            try:
                services.import_configure(
                    batch=batch,
                    sheets=settings_form.chosen_sheets(batch),
                    mapping=settings_form.mapping(),
                    clear_empty=settings_form.cleaned_data["clear_empty"],
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            return redirect("portfolio:import-preview", pk=batch.pk)
    elif request.method == "POST" and (services.import_is_large(batch) or batch.state == ImportBatch.State.QUEUED):
        # A large file is written by a task; this page shows that it is being processed, then the result.
        try:
            services.import_commit_later(batch=batch)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.info(request, _("Het bestand wordt verwerkt. Deze pagina toont het resultaat zodra het klaar is."))
        return redirect("portfolio:import-preview", pk=batch.pk)
    elif request.method == "POST":
        try:
            created, updated = services.import_commit(batch=batch)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("portfolio:import-preview", pk=batch.pk)
        messages.success(
            request,
            _("Import vastgelegd: %(counts)s.")
            % {"counts": importing.committed_counts(created=created, updated=updated)},
        )
        return redirect(
            "portfolio:my-portfolio"
            if batch.institution_id == request.user.institution_id
            else "portfolio:project-list"
        )
    review = selectors.import_review(batch=batch) if batch.state == ImportBatch.State.PREVIEW else None
    page = Paginator(review.rows if review else [], 100).get_page(request.GET.get("page"))
    return render(
        request,
        "portfolio/import_preview.html",
        {
            "batch": batch,
            "page_obj": page,
            "review": review,
            "counts": review.summary if review else {},
            "settings_form": settings_form,
            "committed": importing.committed_counts(created=batch.created_count, updated=batch.updated_count),
            "several_sheets": len(batch.sheets) > 1,
            "queued_stale": services.import_queued_stale(batch),
        },
        status=400 if settings_form is not None and settings_form.errors else 200,
    )


@requires("portfolio.add_project")
def import_rejected(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The refused rows of an import as a workbook with a column "reden", to fix and upload again."""
    batch = _import_batch(request, pk)
    if batch.state != ImportBatch.State.PREVIEW:
        raise Http404
    review = selectors.import_review(batch=batch)
    content = workbook_bytes(selectors.rejected_workbook(batch=batch, rows=review.rows))
    response = HttpResponse(content, content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = 'attachment; filename="afgewezen-rijen.xlsx"'
    return response
