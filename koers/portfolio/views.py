from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core.access import requires
from koers.members.models import Institution
from koers.themes.models import Theme

from . import exports, selectors, services
from .forms import InstitutionChoiceForm, PortfolioFilterForm, ProjectForm
from .models import Project

PAGE_SIZE = 25


def _listing(request: HttpRequest, *, fixed_institution: Institution | None = None) -> dict:
    form = PortfolioFilterForm(request.GET or None)
    filters = form.filters()
    if fixed_institution is not None:
        filters["institution"] = fixed_institution
    page = Paginator(selectors.projects(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    return {"form": form, "page_obj": page, "query": request.GET.urlencode()}


@requires("portfolio.view_project")
def project_list(request: HttpRequest) -> HttpResponse:
    return render(request, "portfolio/project_list.html", _listing(request))


@requires("portfolio.view_project")
def my_portfolio(request: HttpRequest) -> HttpResponse:
    institution = request.user.institution
    if institution is None:
        messages.info(request, _("Kies eerst je instelling in je profiel; dan zie je hier haar portfolio."))
        return redirect("accounts:profile")
    context = _listing(request, fixed_institution=institution)
    context["institution"] = institution
    return render(request, "portfolio/project_list.html", context)


@requires("portfolio.view_project")
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    filters = PortfolioFilterForm(request.GET or None).filters()
    projects = selectors.projects(**filters).prefetch_related("partners")
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        response = HttpResponse(exports.as_csv(projects), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            exports.as_xlsx(projects),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="koers-portfolio-{stamp}.{fmt}"'
    return response


@requires("portfolio.view_project")
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        project = selectors.project_detail(pk=pk)
    except Project.DoesNotExist as error:
        raise Http404 from error
    themes = list(project.themes.all())
    colleagues = selectors.who_else(themes=themes, exclude_institution=project.institution)
    context = {
        "project": project,
        "colleagues": colleagues,
        "lift_along": selectors.lift_along(colleagues=colleagues, institution=project.institution),
        "can_change": request.user.has_perm("portfolio.change_project", project),
    }
    return render(request, "portfolio/project_detail.html", context)


def _project_form(request: HttpRequest, *, institution: Institution, project: Project | None) -> HttpResponse:
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


@requires("portfolio.add_project")
def project_create(request: HttpRequest) -> HttpResponse:
    slug = request.GET.get("instelling")
    institution = get_object_or_404(Institution, slug=slug) if slug else request.user.institution
    if institution is None:  # e.g. an administrator: first choose whose project it is
        form = InstitutionChoiceForm(request.GET if "instelling" in request.GET else None)
        form.is_valid()  # shows "required" when "Verder" was pressed without a choice
        return render(request, "portfolio/choose_institution.html", {"form": form})
    if not request.user.has_perm("portfolio.change_project", Project(institution=institution)):
        raise PermissionDenied
    return _project_form(request, institution=institution, project=None)


@requires("portfolio.view_project")
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(Project.objects.select_related("institution"), pk=pk)
    if not request.user.has_perm("portfolio.change_project", project):
        raise PermissionDenied
    return _project_form(request, institution=project.institution, project=project)


@requires("portfolio.view_project")
def project_delete(request: HttpRequest, pk: int) -> HttpResponse:
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
    return render(request, "portfolio/project_confirm_delete.html", {"project": project})


@requires("portfolio.view_project")
def coverage(request: HttpRequest) -> HttpResponse:
    form = PortfolioFilterForm(request.GET or None)
    filters = form.filters()
    matrix = selectors.coverage_matrix(kind=filters.get("kind", ""), size_band=filters.get("size_band", ""))
    rows = [
        (institution, [(theme, matrix.counts.get((institution.pk, theme.pk), 0)) for theme in matrix.themes])
        for institution in matrix.institutions
    ]
    totals = [(theme, matrix.theme_totals.get(theme.pk, 0)) for theme in matrix.themes]
    return render(request, "portfolio/coverage.html", {"form": form, "matrix": matrix, "rows": rows, "totals": totals})


@requires("portfolio.view_project")
def theme_portfolio(request: HttpRequest, slug: str) -> HttpResponse:
    theme = get_object_or_404(Theme.objects.select_related("agenda"), slug=slug)
    colleagues = selectors.who_else(themes=[theme], exclude_institution=request.user.institution)
    context = {
        "theme": theme,
        "projects": list(selectors.theme_projects(theme=theme)),
        "colleagues": colleagues,
        "lift_along": selectors.lift_along(colleagues=colleagues, institution=request.user.institution),
    }
    return render(request, "portfolio/theme_portfolio.html", context)
