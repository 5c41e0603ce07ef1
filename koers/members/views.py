import functools
from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.middleware import HtmxDetails

from koers.core import derived
from koers.core.access import requires

from . import selectors, services
from .forms import ConsentForm, DirectoryFilterForm, InstitutionForm, PositionEndForm, PositionForm
from .models import Institution, Position, SharedField

if TYPE_CHECKING:  # only the type: accounts sits above members
    from koers.accounts.http import AuthenticatedHttpRequest

PAGE_SIZE = 25


class HtmxHttpRequest(HttpRequest):
    """A request that went through django-htmx's middleware, which tells whether htmx sent it (a type hint only)."""

    htmx: HtmxDetails


@requires("members.view_directory")
@vary_on_headers("HX-Request")
def directory(request: HtmxHttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None)
    filters = form.filters()

    @functools.cache
    def results() -> dict[str, object]:
        """Worked out only when the results are not kept in the shared cache (the template calls it)."""
        members = selectors.directory_search(
            query=filters.get("q") or "", institution=filters.get("institution"), theme=filters.get("theme")
        )
        page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
        return {"page_obj": page, "cards": selectors.member_cards(page.object_list)}

    context = {
        "form": form,
        "results": results,
        # The same for every member with the same search: kept until a member, an institution or a theme changes
        # (names, what members share, their expertise); whether a member is new changes with the day.
        "topics": selectors.CARD_TOPICS,
        "kept_query": derived.query_key(request, form),
        "today": timezone.localdate(),
    }
    # A history restore asks for the whole page even though it comes from htmx.
    partial = request.htmx and not request.htmx.history_restore_request
    template = "members/directory_results.html" if partial else "members/directory.html"
    return render(request, template, context)


@requires("members.view_institution")
def institution_list(request: "AuthenticatedHttpRequest") -> HttpResponse:
    page = derived.page_when_needed(request, selectors.institutions_with_counts, 60)
    # The same for every member: kept until an institution or a member changes (the member count).
    context = {"page_obj": page, "topics": "institutions members", "kept_query": derived.query_key(request)}
    return render(request, "members/institution_list.html", context)


@requires("members.change_institution")
def institution_edit(request: "AuthenticatedHttpRequest", slug: str) -> HttpResponse:
    institution = get_object_or_404(Institution, slug=slug)
    form = InstitutionForm(request.POST or None, instance=Institution.objects.get(pk=institution.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.institution_update(actor=request.user, institution=institution, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("De gegevens van %(name)s zijn opgeslagen.") % {"name": institution.name})
            return redirect(institution)
    return render(request, "members/institution_form.html", {"form": form, "institution": institution})


@requires("members.view_institution")
def steering_group(request: "AuthenticatedHttpRequest") -> HttpResponse:
    @functools.cache
    def positions() -> dict[str, list[Position]]:
        """Worked out only when the tables are not kept in the shared cache (the template calls it)."""
        return {
            "current": list(selectors.positions_current()),
            "upcoming": list(selectors.positions_upcoming()),
            "former": list(selectors.positions_former()),
        }

    context = {
        "positions": positions,
        "can_manage": request.user.has_perm("members.manage_positions"),
        # The same for every member (and for those who manage positions, with their links): kept until a position,
        # a member's name or an institution changes; which terms are current changes with the day.
        "topics": "positions members institutions",
        "today": timezone.localdate(),
    }
    return render(request, "members/steering_group.html", context)


@requires("members.manage_positions")
def position_add(request: "AuthenticatedHttpRequest") -> HttpResponse:
    form = PositionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            position = services.position_start(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(position)s is vastgelegd.") % {"position": position})
            return redirect("members:steering-group")
    return render(request, "members/position_form.html", {"form": form}, status=400 if form.errors else 200)


@requires("members.manage_positions")
def position_end(request: "AuthenticatedHttpRequest", pk: int) -> HttpResponse:
    position = get_object_or_404(Position.objects.select_related("user"), pk=pk)
    form = PositionEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.position_end(actor=request.user, position=position, end_date=form.cleaned_data["end_date"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("De termijn van %(position)s is beëindigd.") % {"position": position})
            return redirect("members:steering-group")
    return render(
        request, "members/position_end.html", {"form": form, "position": position}, status=400 if form.errors else 200
    )


@requires()
def consent(request: "AuthenticatedHttpRequest") -> HttpResponse:
    current = selectors.consents_of(user=request.user)
    form = ConsentForm(request.POST or None, initial={"fields_shared": list(current)})
    if request.method == "POST" and form.is_valid():
        changed = services.consents_save(user=request.user, fields=set(form.cleaned_data["fields_shared"]))
        messages.success(request, _("Je keuzes zijn opgeslagen.") if changed else _("Er is niets veranderd."))
        return redirect("members:consent")
    rows = [(value, label, current.get(value)) for value, label in SharedField.choices]
    return render(
        request,
        "members/consent.html",
        {"form": form, "rows": rows, "version": services.CONSENT_TEXT_VERSION},
    )


@require_POST
@requires()
def consent_withdraw(request: "AuthenticatedHttpRequest", field: str) -> HttpResponse:
    if field not in SharedField.values:
        raise Http404
    services.consent_set(user=request.user, field=field, granted=False)
    messages.success(
        request, _("Je deelt je %(field)s niet meer met het netwerk.") % {"field": SharedField(field).label.lower()}
    )
    return redirect("members:consent")
