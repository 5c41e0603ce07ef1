from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from koers.core.access import public, requires
from koers.members.forms import InstitutionProfileFilterForm
from koers.members.models import Institution
from koers.themes.models import Theme

from . import selectors, services
from .forms import AmbitionForm
from .models import Ambition


def _shade(count: int, maximum: int) -> int:
    """0 for an empty cell, else 1-4 by share of the busiest cell (the legend explains the steps)."""
    if not count or not maximum:
        return 0
    return min(4, 1 + (4 * count - 1) // maximum)


def _movers(themes: list[Theme]) -> list[tuple[Theme, list[Ambition]]]:
    movers = selectors.early_movers()
    return [(theme, movers[theme.pk]) for theme in themes if theme.pk in movers]


@public
def national(request: HttpRequest) -> HttpResponse:
    form = InstitutionProfileFilterForm(request.GET or None)
    filters = form.filters()
    heat = selectors.heatmap(**filters)
    rows = [
        (theme, [(period, heat.counts.get((theme.pk, *period), 0)) for period in heat.periods]) for theme in heat.themes
    ]
    rows = [(theme, [(p, n, _shade(n, heat.maximum)) for p, n in cells]) for theme, cells in rows]
    members = request.user.is_authenticated
    context = {
        "form": form,
        "heat": heat,
        "rows": rows,
        "query": request.GET.urlencode(),
        # College names are for members; guests see the national aggregate only.
        "movers": _movers(heat.themes) if members else [],
    }
    return render(request, "roadmap/national.html", context)


@requires("roadmap.view_detail")
def cell(request: HttpRequest, slug: str, year: int, half: int) -> HttpResponse:
    if half not in (1, 2):
        raise Http404
    theme = get_object_or_404(Theme, slug=slug)
    filters = InstitutionProfileFilterForm(request.GET or None).filters()
    ambitions = list(selectors.cell(theme=theme, year=year, half=half, **filters))
    return render(request, "roadmap/cell.html", {"theme": theme, "year": year, "half": half, "ambitions": ambitions})


def _institution(request: HttpRequest) -> Institution:
    slug = request.GET.get("instelling")
    institution = get_object_or_404(Institution, slug=slug) if slug else request.user.institution
    if institution is None:
        raise Http404
    return institution


@requires("roadmap.view_detail")
def own(request: HttpRequest) -> HttpResponse:
    if request.user.institution is None and not request.GET.get("instelling"):
        messages.info(request, _("Kies eerst je instelling in je profiel; dan zie je hier haar roadmap."))
        return redirect("accounts:profile")
    institution = _institution(request)
    context = {
        "institution": institution,
        "rows": selectors.own_roadmap(institution=institution),
        "history": selectors.history(institution=institution),
        "can_change": request.user.has_perm("roadmap.change_ambition", institution),
    }
    return render(request, "roadmap/own.html", context)


@requires("roadmap.view_detail")
def ambition_edit(request: HttpRequest, slug: str) -> HttpResponse:
    institution = _institution(request)
    if not request.user.has_perm("roadmap.change_ambition", institution):
        raise PermissionDenied
    theme = get_object_or_404(Theme, slug=slug)
    ambition = Ambition.objects.filter(institution=institution, theme=theme).first()
    suffix = f"?instelling={institution.slug}" if institution.pk != request.user.institution_id else ""
    if request.method == "POST" and request.POST.get("action") == "remove":
        services.ambition_remove(actor=request.user, institution=institution, theme=theme)
        messages.success(request, _("De ambitie voor %(theme)s is verwijderd.") % {"theme": theme.name})
        return redirect(f"{reverse('roadmap:own')}{suffix}")
    form = AmbitionForm(request.POST or None, instance=ambition)
    if request.method == "POST" and form.is_valid():
        try:
            services.ambition_save(actor=request.user, institution=institution, theme=theme, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("De ambitie voor %(theme)s is opgeslagen.") % {"theme": theme.name})
            return redirect(f"{reverse('roadmap:own')}{suffix}")
    context = {"form": form, "theme": theme, "institution": institution, "ambition": ambition}
    return render(request, "roadmap/ambition_form.html", context, status=400 if form.errors else 200)
