import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from koers.accounts.http import AuthenticatedHttpRequest
from koers.core import charts, derived
from koers.core.access import public, requires
from koers.members.forms import InstitutionProfileFilterForm
from koers.members.models import Institution
from koers.members.selectors import institution_chosen
from koers.themes.models import Theme

from . import selectors, services
from .forms import (
    AdoptionsForm,
    AmbitionForm,
    MemberReferenceFilterForm,
    PlanFilterForm,
    PlanItemForm,
    ReferenceFilterForm,
    ReferenceItemForm,
)
from .milestones import Milestone, milestones
from .models import Adoption, Ambition, PlanItem, ReferenceItem

if TYPE_CHECKING:  # the type of gettext_lazy's strings exists only in the stubs
    from django_stubs_ext import StrOrPromise

# A column of a roadmap table: a year (the multi-year plan) or a (year, half) pair (the national table).
Period = TypeVar("Period", int, tuple[int, int])


def _movers(themes: list[Theme]) -> list[tuple[Theme, list[Ambition]]]:
    movers = selectors.early_movers()
    return [(theme, movers[theme.pk]) for theme in themes if theme.pk in movers]


def _milestones(periods: list[Period], period_of: Callable[[Milestone], Period | None]) -> list[list[Milestone]]:
    """The milestones (see .milestones) in the columns (``periods``) of a roadmap table; [] when there are none."""
    years = sorted({period[0] if isinstance(period, tuple) else period for period in periods})
    cells: dict[Period, list[Milestone]] = {period: [] for period in periods}
    for milestone in milestones(years=years):
        period = period_of(milestone)
        if period in cells:
            cells[period].append(milestone)
    return list(cells.values()) if any(cells.values()) else []


@dataclass(frozen=True)
class NumberedMilestone:
    """A milestone of the national table: a numbered marker in its half-year, told in full in the list below.

    What the page shows of it is looked up once here: the table and the list show hundreds of them nationally."""

    number: int
    period: tuple[int, int]
    milestone: Milestone
    half: str  # "H1" or "H2", translated
    url: str
    status: str  # in lower case, as the list shows it


def _numbered(periods: list[tuple[int, int]], cells: list[list[Milestone]]) -> list[list[NumberedMilestone]]:
    """The milestone cells of the national table, numbered 1, 2, ... from left to right."""
    halves = {1: _("H1"), 2: _("H2")}
    numbered: list[list[NumberedMilestone]] = []
    number = 0
    for period, cell in zip(periods, cells, strict=False):
        numbered.append([])
        for stone in cell:
            number += 1
            status = str(stone.get_status_display()).lower()
            numbered[-1].append(
                NumberedMilestone(number, period, stone, halves[period[1]], stone.get_absolute_url(), status)
            )
    return numbered


def _half_year(milestone: Milestone) -> tuple[int, int] | None:
    """The (year, half) column of the national table that a milestone falls in."""
    if milestone.target_year is None or milestone.target_quarter is None:
        return None
    return (milestone.target_year, 1 + (milestone.target_quarter > 2))


def _year(milestone: Milestone) -> int | None:
    """The year column of the multi-year plan that a milestone falls in."""
    return milestone.target_year


def _profile_filter(request: HttpRequest) -> InstitutionProfileFilterForm | None:
    """Filters on institution type and size, for members only."""
    allowed = selectors.profile_filters_allowed(user=request.user)
    return InstitutionProfileFilterForm(request.GET or None) if allowed else None


@public
def national(request: HttpRequest) -> HttpResponse:
    form = _profile_filter(request)
    filters = form.filters() if form else {}
    members = request.user.is_authenticated

    @functools.cache
    def table() -> dict[str, object]:
        """Worked out only when the kept table is not in the shared cache (the template calls it)."""
        heat = selectors.heatmap(**filters)
        numbered = _numbered(heat.periods, _milestones(heat.periods, _half_year))
        return {
            "heat": heat,
            "rows": heat.rows(),
            # College names are for members; guests see the national aggregate only.
            "movers": _movers(heat.themes) if members else [],
            # Per half-year its milestones (numbered markers in the table), and all of them in a list below it.
            "milestones": numbered,
            "milestone_list": [stone for cell in numbered for stone in cell],
        }

    context = {
        "form": form,
        "table": table,
        "query": request.GET.urlencode(),
        "kept_query": derived.query_key(request, form),
        "members": members,
        "topics": selectors.kept_topics(),
        "today": timezone.localdate(),  # the columns start with this year
    }
    return render(request, "roadmap/national.html", context)


@requires("roadmap.view_detail")
def cell(request: AuthenticatedHttpRequest, slug: str, year: int, half: int) -> HttpResponse:
    if half not in (1, 2):
        raise Http404
    theme = get_object_or_404(Theme, slug=slug)
    filters = InstitutionProfileFilterForm(request.GET or None).filters()
    ambitions = list(selectors.cell(theme=theme, year=year, half=half, **filters))
    return render(request, "roadmap/cell.html", {"theme": theme, "year": year, "half": half, "ambitions": ambitions})


def _institution(request: AuthenticatedHttpRequest) -> Institution | None:
    """?instelling=<slug>, else the member's own (None if neither)."""
    try:
        return institution_chosen(user=request.user, slug=request.GET.get("instelling", ""))
    except Institution.DoesNotExist as error:
        raise Http404 from error


@requires("roadmap.view_detail")
def own(request: AuthenticatedHttpRequest) -> HttpResponse:
    institution = _institution(request)
    if institution is None:
        messages.info(request, _("Kies eerst je instelling in je profiel; dan zie je hier haar roadmap."))
        return redirect("accounts:profile")
    derived.pin()  # before the template keeps what it shows of the institution read above
    context = {
        "institution": institution,
        # Worked out only when the table is not kept in the shared cache (the template calls them).
        "rows": functools.cache(lambda: selectors.own_roadmap(institution=institution)),
        "history": functools.cache(lambda: selectors.history(institution=institution)),
        "can_change": request.user.has_perm("roadmap.change_ambition", institution),
        "elsewhere": institution.pk != request.user.institution_id,  # the edit links name the institution
        # The history names who changed an ambition.
        "topics": f"{selectors.KEPT_TOPICS} members",
    }
    return render(request, "roadmap/own.html", context)


@requires("roadmap.view_detail")
def ambition_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    institution = _institution(request)
    if institution is None:
        raise Http404
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


def _back(request: HttpRequest, fallback: str) -> str:
    """Where a form posted from a list returns to: its own `next` if that is a page of this site."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


# The multi-year plan ------------------------------------------------------------------------------


@requires("roadmap.view_detail")
def plan(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PlanFilterForm(request.GET or None)
    filters = form.filters()
    can_change = request.user.has_perm("roadmap.change_plan")
    # Moving one place only makes sense in the whole list: with a filter the neighbour may be hidden.
    can_reorder = can_change and not filters

    @functools.cache
    def plan() -> dict[str, object]:
        """Worked out only when the plan is not kept in the shared cache (the template calls it)."""
        items = list(selectors.plan_items(**filters))
        for item in items:  # shown twice (timeline and list) for each of up to a few hundred items: looked up once
            item.url = item.get_absolute_url()
            item.rank_label = _("prioriteit %(rank)s") % {"rank": item.rank}
        timeline = selectors.plan_timeline(items)
        return {
            "items": items,
            "timeline": timeline,
            "milestones": _milestones(timeline.years, _year),
            "last_rank": PlanItem.objects.count() if can_reorder else 0,
        }

    context = {
        "form": form,
        "plan": plan,
        "can_change": can_change,
        "can_reorder": can_reorder,
        "here": request.get_full_path(),
        "kept_query": derived.query_key(request, form),
        # The owners' names link to their profiles.
        "topics": f"{selectors.kept_topics()} members",
        "today": timezone.localdate(),  # the timeline starts with this year
    }
    return render(request, "roadmap/plan.html", context)


@requires("roadmap.view_detail")
def plan_item(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(selectors.plan_items(), pk=pk)
    return render(
        request, "roadmap/plan_item.html", {"item": item, "can_change": request.user.has_perm("roadmap.change_plan")}
    )


def _plan_item_form(request: AuthenticatedHttpRequest, item: PlanItem | None) -> HttpResponse:
    form = PlanItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.plan_item_save(actor=request.user, item=item, data=data, position=data["position"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(title)s staat in het meerjarenplan op plaats %(rank)s.")
                % {"title": saved.title, "rank": saved.rank},
            )
            return redirect(saved)
    return render(
        request, "roadmap/plan_item_form.html", {"form": form, "item": item}, status=400 if form.errors else 200
    )


@requires("roadmap.change_plan")
def plan_item_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _plan_item_form(request, None)


@requires("roadmap.change_plan")
def plan_item_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _plan_item_form(request, get_object_or_404(PlanItem, pk=pk))


@require_POST
@requires("roadmap.change_plan")
def plan_item_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(PlanItem, pk=pk)
    try:
        position = int(request.POST.get("position", ""))
    except ValueError:
        messages.error(request, _("Geef de nieuwe plaats als een getal."))
    else:
        services.plan_item_move(actor=request.user, item=item, position=position)
        messages.success(
            request, _("%(title)s staat nu op plaats %(rank)s.") % {"title": item.title, "rank": item.rank}
        )
    return redirect(f"{_back(request, reverse('roadmap:plan'))}#plan-item-{item.pk}")


@requires("roadmap.change_plan")
def plan_item_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(PlanItem, pk=pk)
    if request.method == "POST":
        services.plan_item_delete(actor=request.user, item=item)
        messages.success(request, _("%(title)s is uit het meerjarenplan verwijderd.") % {"title": item.title})
        return redirect("roadmap:plan")
    context = {
        "title": _("Onderdeel verwijderen"),
        "question": _('Weet je zeker dat je "%(title)s" uit het meerjarenplan wilt verwijderen?')
        % {"title": item.title},
        "confirm": _("Ja, verwijder het onderdeel"),
        "cancel_url": item.get_absolute_url(),
    }
    return render(request, "core/confirm_delete.html", context)


# The reference list -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    state: str
    label: "StrOrPromise"
    count: int
    x: float  # where the segment starts and how wide it is, in percent of the bar
    width: float


@dataclass(frozen=True)
class AdoptionBar:
    """The adoption counts as parts of one bar; the numbers are always printed beside it as well."""

    segments: list[Segment]
    unknown: int  # institutions that have not said where they stand
    unknown_share: int  # the same, in whole percent of all institutions


def _bar(item: ReferenceItem, total: int) -> AdoptionBar:
    segments, x = [], 0.0
    for field, state in selectors.ADOPTION_COUNTS.items():
        count: int = getattr(item, field)  # annotated by selectors.reference_items()
        width = 100 * count / total if total else 0
        segments.append(Segment(state, state.label, count, round(x, 2), round(width, 2)))
        x += width
    unknown = max(0, total - sum(segment.count for segment in segments))
    return AdoptionBar(segments, unknown, round(100 * unknown / total) if total else 0)


@dataclass(frozen=True)
class ReferenceRow:
    item: ReferenceItem
    bar: AdoptionBar
    mine: Adoption | None  # where the reader's own institution stands


@public
def reference_list(request: HttpRequest) -> HttpResponse:
    allowed = selectors.profile_filters_allowed(user=request.user)
    form_class = MemberReferenceFilterForm if allowed else ReferenceFilterForm
    form = form_class(request.GET or None)
    filters = form.filters()
    institution = request.user.institution if request.user.is_authenticated else None

    @functools.cache
    def table() -> dict[str, object]:
        """Worked out only when the list is not kept in the shared cache (the template calls it)."""
        total = selectors.institution_count(kind=filters.get("kind", ""), size_band=filters.get("size_band", ""))
        own = selectors.adoptions_of(institution=institution) if institution is not None else {}
        items = selectors.reference_items(**filters)
        return {"items": [ReferenceRow(item, _bar(item, total), own.get(item.pk)) for item in items], "total": total}

    context = {
        "form": form,
        "table": table,
        "institution": institution,
        "show_own": institution is not None,
        "can_change": request.user.has_perm("roadmap.change_reference"),
        "kept_query": derived.query_key(request, form),
        "filters_allowed": allowed,  # a guest's filters are not a member's
        "topics": selectors.KEPT_TOPICS,
    }
    return render(request, "roadmap/reference_list.html", context)


@public
def reference_item(request: HttpRequest, slug: str) -> HttpResponse:
    item = get_object_or_404(selectors.reference_items(), slug=slug)
    total = selectors.institution_count()
    member = request.user.has_perm("roadmap.view_detail")
    institution = request.user.institution if member and request.user.is_authenticated else None
    context = {
        "item": item,
        "bar": _bar(item, total),
        "history": _history_chart(selectors.adoption_history(item=item)),
        "total": total,
        # Which colleges stand where is college-level detail: for members only.
        "adopters": selectors.adopters(item=item) if member else None,
        "own": selectors.adoptions_of(institution=institution).get(item.pk) if institution else None,
        "institution": institution,
        "can_change": request.user.has_perm("roadmap.change_reference"),
    }
    return render(request, "roadmap/reference_item.html", context)


HALVES = {1: gettext_lazy("1e helft"), 2: gettext_lazy("2e helft")}


def _history_chart(history: selectors.AdoptionHistory) -> charts.Chart:
    """A column per half-year: how many institutions stood where at its end."""
    return charts.columns(
        ident="chart-adoption-history",
        title=_("Instellingen per stand aan het eind van elk halfjaar"),
        labels=[f"{year}\n{HALVES[half]}" for year, half in history.periods],
        series=[charts.Series(f"adoption-{state.value}", str(state.label)) for state in history.states],
        values=history.counts,
        label_heading=_("Halfjaar"),
    )


def _reference_item_form(request: AuthenticatedHttpRequest, item: ReferenceItem | None) -> HttpResponse:
    form = ReferenceItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        saved = services.reference_item_save(actor=request.user, item=item, data=form.cleaned_data)
        messages.success(request, _("%(name)s is opgeslagen in de referentielijst.") % {"name": saved.name})
        return redirect(saved)
    return render(
        request, "roadmap/reference_item_form.html", {"form": form, "item": item}, status=400 if form.errors else 200
    )


@requires("roadmap.change_reference")
def reference_item_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _reference_item_form(request, None)


@requires("roadmap.change_reference")
def reference_item_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    return _reference_item_form(request, get_object_or_404(ReferenceItem, slug=slug))


@requires("roadmap.change_reference")
def reference_item_delete(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    item = get_object_or_404(ReferenceItem, slug=slug)
    if request.method == "POST":
        services.reference_item_delete(actor=request.user, item=item)
        messages.success(request, _("%(name)s is uit de referentielijst verwijderd.") % {"name": item.name})
        return redirect("roadmap:reference-list")
    answers = item.adoptions.count()
    context = {
        "title": _("Item verwijderen"),
        "question": ngettext(
            'Weet je zeker dat je "%(name)s" uit de referentielijst wilt verwijderen? '
            "De stand die %(count)s instelling heeft ingevuld, gaat dan verloren.",
            'Weet je zeker dat je "%(name)s" uit de referentielijst wilt verwijderen? '
            "De stand die %(count)s instellingen hebben ingevuld, gaat dan verloren.",
            answers,
        )
        % {"name": item.name, "count": answers},
        "confirm": _("Ja, verwijder het item"),
        "cancel_url": item.get_absolute_url(),
    }
    return render(request, "core/confirm_delete.html", context)


@requires("roadmap.view_detail")
def adoptions(request: AuthenticatedHttpRequest) -> HttpResponse:
    institution = _institution(request)
    if institution is None:
        messages.info(request, _("Kies eerst je instelling in je profiel; dan vul je hier haar stand in."))
        return redirect("accounts:profile")
    if not request.user.has_perm("roadmap.change_adoption", institution):
        raise PermissionDenied
    items = list(selectors.reference_items())
    form = AdoptionsForm(request.POST or None, items=items, adoptions=selectors.adoptions_of(institution=institution))
    if request.method == "POST" and form.is_valid():
        changed = services.adoptions_save(actor=request.user, institution=institution, choices=form.choices())
        messages.success(
            request,
            ngettext(
                "De stand van %(name)s is opgeslagen (%(count)s item gewijzigd).",
                "De stand van %(name)s is opgeslagen (%(count)s items gewijzigd).",
                changed,
            )
            % {"name": institution.name, "count": changed},
        )
        return redirect(request.get_full_path())
    context = {"form": form, "institution": institution}
    return render(request, "roadmap/adoptions.html", context, status=400 if form.errors else 200)
