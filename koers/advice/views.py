from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from koers.accounts.http import AuthenticatedHttpRequest
from koers.comments.selectors import thread_context, thread_params
from koers.core import derived
from koers.core.access import public, refuse, requires
from koers.core.spreadsheets import spreadsheet_response
from koers.documents.forms import AttachForm as AttachmentForm
from koers.documents.models import Document
from koers.documents.selectors import documents_of
from koers.documents.views import legacy_download

from . import selectors, services
from .forms import (
    AdviceCreateForm,
    AdviceFilterForm,
    AdviceForm,
    CompareForm,
    FollowUpForm,
    FromCallForm,
    InviteForm,
    LeadForm,
    TextForm,
    TransitionForm,
)
from .models import Advice, Status
from .rules import FOLLOW_UP_OPEN, TEXT_OPEN

PAGE_SIZE = 25


def _advice(pk: int) -> Advice:
    return get_object_or_404(Advice, pk=pk)


def _require(request: HttpRequest, perm: str, advice: Advice) -> None:
    if not request.user.has_perm(perm, advice):
        raise PermissionDenied


# What the lists' rows show: an advice, its themes and follow-up, its lead's name.
LIST_TOPICS = "advice themes members"


def _page(request: HttpRequest, filters: dict[str, Any]) -> Callable[[], Page]:
    return derived.page_when_needed(request, lambda: selectors.advice_list(filters=filters), PAGE_SIZE)


def _filtered(request: HttpRequest) -> tuple[AdviceFilterForm, dict[str, Any], bool]:
    """The filter form, its valid filters, and whether "Mijn werkgroepen" is asked for."""
    form = AdviceFilterForm(request.GET or None)
    filters = form.filters()
    return form, filters, bool(filters.pop("mijn", False))


@requires("advice.view_advice")
def advice_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The working overview for members: every advice, who leads it, and the ones you write."""
    form, filters, mine = _filtered(request)
    if mine:
        filters["mine"] = request.user
    context = {
        "form": form,
        "page_obj": _page(request, filters),
        "mine": mine,
        "can_create": request.user.has_perm("advice.manage_advice"),
        # The same rows for every member with the same filters (a name links to a profile for every member);
        # "Mijn werkgroepen" is kept per member.
        "topics": LIST_TOPICS,
        "kept_query": derived.query_key(request, form),
        "kept_for": request.user if mine else "",
    }
    return render(request, "advice/advice_list.html", context)


@public
def transparency(request: HttpRequest) -> HttpResponse:
    """For everyone: every advice with its status, decision and follow-up."""
    form, filters, _mine = _filtered(request)
    context = {
        "form": form,
        "page_obj": _page(request, filters),
        "query": request.GET.urlencode(),
        "topics": LIST_TOPICS,  # the same rows for guests and members
        "kept_query": derived.query_key(request, form),
    }
    return render(request, "advice/transparency.html", context)


@public
def transparency_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _form, filters, _mine = _filtered(request)
    rows = selectors.export_rows(advice=selectors.advice_list(filters=filters), site=settings.SITE_URL)
    return spreadsheet_response(rows, fmt=fmt, title=_("Adviezen"), filename="adviezen")


def _advice_form(request: AuthenticatedHttpRequest, advice: Advice | None) -> HttpResponse:
    form_class = AdviceForm if advice else AdviceCreateForm
    form = form_class(request.POST or None, instance=advice)
    if request.method == "POST" and form.is_valid():
        if advice is None:
            saved = services.advice_create(actor=request.user, data=form.data_fields(), links=form.links())
            messages.success(request, _("Het advies ‘%(title)s’ staat als idee klaar.") % {"title": saved.title})
        else:
            saved = services.advice_update(
                actor=request.user, advice=advice, data=form.data_fields(), links=form.links()
            )
            messages.success(request, _("De gegevens van het advies zijn opgeslagen."))
        return redirect(saved)
    context = {"form": form, "advice": advice}
    return render(request, "advice/advice_form.html", context, status=400 if form.errors else 200)


@requires("advice.manage_advice")
def advice_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _advice_form(request, None)


@requires()
def advice_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    advice = _advice(pk)
    _require(request, "advice.change_advice", advice)
    return _advice_form(request, advice)


@public
def advice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    advice = get_object_or_404(selectors.with_links(), pk=pk)
    user = request.user
    changes = selectors.status_changes(advice=advice)
    entries = list(selectors.follow_ups(advice=advice))
    # Read before the access rules, which then know who leads and who writes along without asking again.
    group = selectors.working_group(advice=advice) if user.is_authenticated else []
    access = selectors.advice_access(advice=advice, user=user)
    context = {
        "advice": advice,
        "members_only": access.members,
        "read_text": access.read_text,
        "still_writing": advice.status in (Status.IDEA, Status.WORKING_GROUP, Status.DRAFT),
        "working_group": group,
        "lifecycle": selectors.lifecycle(advice=advice, changes=changes),
        "timeline": selectors.timeline(advice=advice, changes=changes, entries=entries, members=access.members),
        "follow_ups": entries,
        "transitions": access.transitions,
        "can_change": access.change,
        "can_edit_text": access.edit_text,
        "can_follow_up": access.add_follow_up,
        "can_manage_group": user.has_perm("advice.manage_advice"),
        "following": selectors.is_following(advice=advice, user=user),
        "attachment_form": AttachmentForm(),
        "documents": documents_of(target=advice, user=user) if access.read_text else [],
        **thread_context(target=advice, user=user, **thread_params(request)),
    }
    return render(request, "advice/advice_detail.html", context)


@requires()
def advice_text(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    advice = _advice(pk)
    _require(request, "advice.edit_text", advice)
    if advice.status not in TEXT_OPEN:
        messages.error(request, services.MSG_TEXT_CLOSED)
        return redirect(advice)
    initial = {"summary": advice.summary, "body": advice.body, "base_version": advice.version}
    form = TextForm(request.POST or None, initial=initial)
    newer = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            version = services.text_save(
                actor=request.user,
                advice=advice,
                summary=data["summary"],
                body=data["body"],
                base_version=data["base_version"],
            )
        except ValidationError as error:
            # The member's text stays in the form, so nothing typed is lost; the newer text is shown beside
            # it, and the next save builds on that version.
            advice.refresh_from_db()
            form = TextForm({**request.POST.dict(), "base_version": advice.version})
            form.is_valid()
            form.add_error(None, error)
            newer = advice
        else:
            if version is None:
                messages.info(request, _("Er was niets gewijzigd."))
            else:
                messages.success(request, _("Opgeslagen als versie %(number)s.") % {"number": version.number})
            return redirect(advice)
    context = {"form": form, "advice": advice, "newer": newer}
    return render(request, "advice/advice_text.html", context, status=400 if form.errors else 200)


@public
def advice_versions(request: HttpRequest, pk: int) -> HttpResponse:
    advice = _advice(pk)
    if not request.user.has_perm("advice.read_text", advice):
        return refuse(request)
    versions = selectors.versions(advice=advice, all_versions=request.user.has_perm("advice.edit_text", advice))
    numbers = {version.number: version for version in versions}
    first = versions[-1].number if versions else advice.version
    form = CompareForm(request.GET or None, initial={"older": max(advice.version - 1, first), "newer": advice.version})
    lines = None
    if form.is_bound and form.is_valid():
        older, newer = numbers.get(form.cleaned_data["older"]), numbers.get(form.cleaned_data["newer"])
        if older is None or newer is None:
            form.add_error(
                None,
                _("Kies versies die bestaan: %(first)s tot en met %(last)s.")
                % {"first": first, "last": advice.version},
            )
        else:
            lines = selectors.compare(older=older, newer=newer)
    context = {"advice": advice, "versions": versions, "form": form, "lines": lines}
    return render(request, "advice/advice_versions.html", context, status=400 if form.errors else 200)


@requires()
def advice_transition(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    advice = _advice(pk)
    allowed = selectors.transitions_for(actor=request.user, advice=advice)
    if not allowed:
        raise PermissionDenied
    form = TransitionForm(
        request.POST or None,
        current=advice.status,
        allowed=allowed,
        endorsement=request.user.has_perm("advice.manage_advice"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.advice_transition(
                actor=request.user,
                advice=advice,
                to=data["to"],
                note=data["note"],
                decision=services.DecisionData(
                    data.get("decision", ""), data.get("decision_rationale", ""), data.get("decision_date")
                ),
                endorsement_closes_at=data.get("endorsement_closes_at"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Het advies staat nu op ‘%(status)s’.") % {"status": Status(data["to"]).label})
            return redirect(advice)
    context = {"form": form, "advice": advice}
    return render(request, "advice/advice_transition.html", context, status=400 if form.errors else 200)


@requires("advice.manage_advice")
def working_group(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The steering group forms the working group: from a call's sign-ups, by invitation, and names the lead."""
    advice = _advice(pk)
    action = request.POST.get("action") if request.method == "POST" else None
    forms = {
        "call": FromCallForm(request.POST if action == "call" else None, initial={"call": advice.call_id}),
        "invite": InviteForm(request.POST if action == "invite" else None, advice=advice),
        "lead": LeadForm(request.POST if action == "lead" else None, advice=advice),
    }
    form = forms.get(action) if action is not None else None
    if form is not None and form.is_valid():
        try:
            if action == "call":
                added = services.working_group_from_call(
                    actor=request.user, advice=advice, call=form.cleaned_data["call"]
                )
                messages.success(
                    request,
                    ngettext(
                        "%(count)s aanmelder is aan de werkgroep toegevoegd.",
                        "%(count)s aanmelders zijn aan de werkgroep toegevoegd.",
                        added,
                    )
                    % {"count": added},
                )
            elif action == "invite":
                user = form.cleaned_data["user"]
                services.working_group_invite(actor=request.user, advice=advice, user=user)
                messages.success(request, _("%(name)s zit nu in de werkgroep.") % {"name": user.full_name})
            else:
                user = form.cleaned_data["user"]
                services.working_group_set_lead(actor=request.user, advice=advice, user=user)
                messages.success(request, _("%(name)s is nu de trekker.") % {"name": user.full_name})
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("advice:working-group", pk=advice.pk)
    context = {
        "advice": advice,
        "members": selectors.working_group(advice=advice),
        "forms": forms,
        "signups": advice.call.signups.select_related("user") if advice.call else [],
    }
    return render(request, "advice/working_group.html", context, status=400 if form and form.errors else 200)


@require_POST
@requires("advice.manage_advice")
def working_group_remove(request: AuthenticatedHttpRequest, pk: int, user: int) -> HttpResponse:
    advice = _advice(pk)
    member = get_object_or_404(advice.working_group.select_related("user"), user_id=user)
    services.working_group_remove(actor=request.user, advice=advice, user=member.user)
    messages.success(request, _("%(name)s is uit de werkgroep gehaald.") % {"name": member.user.full_name})
    return redirect("advice:working-group", pk=advice.pk)


@requires()
def follow_up_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    advice = _advice(pk)
    _require(request, "advice.add_follow_up", advice)
    if advice.status not in FOLLOW_UP_OPEN:
        messages.error(request, services.MSG_FOLLOW_UP_CLOSED)
        return redirect(advice)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_add(actor=request.user, advice=advice, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("De opvolging is toegevoegd; wie het advies volgt, krijgt bericht."))
            return redirect(f"{advice.get_absolute_url()}#opvolging")
    context = {"form": form, "advice": advice}
    return render(request, "advice/follow_up_form.html", context, status=400 if form.errors else 200)


@require_POST
@requires("advice.view_advice")
def follow(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    advice = _advice(pk)
    following = request.POST.get("following") == "1"
    services.advice_follow(user=request.user, advice=advice, following=following)
    if following:
        messages.success(request, _("Je volgt dit advies: je krijgt bericht bij elke stap en opvolging."))
    else:
        messages.success(request, _("Je volgt dit advies niet meer."))
    return redirect(advice)


@require_POST
@requires()
def attachment_upload(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    advice = _advice(pk)
    _require(request, "advice.edit_text", advice)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(
                actor=request.user, advice=advice, upload=form.cleaned_data["file"], title=form.cleaned_data["title"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("De bijlage is toegevoegd."))
    else:
        messages.error(request, _("Kies een bestand."))
    return redirect(f"{advice.get_absolute_url()}#bijlagen")


@public
def attachment(request: HttpRequest, pk: int) -> HttpResponseBase:
    """An attachment's old address (in mails and bookmarks): the document it became serves the file, to whoever
    may see it."""
    return legacy_download(request, "advice.attachment", pk)


@requires()
def attachment_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Delete a document of an advice (``pk`` is the document's)."""
    attachment = get_object_or_404(Document, pk=pk, content_type=ContentType.objects.get_for_model(Advice))
    advice = _advice(attachment.object_id or 0)
    _require(request, "advice.edit_text", advice)
    if request.method == "POST":
        try:
            services.attachment_delete(actor=request.user, advice=advice, document=attachment)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(name)s is verwijderd.") % {"name": attachment.title})
        return redirect(f"{advice.get_absolute_url()}#bijlagen")
    context = {
        "title": _("Bijlage verwijderen"),
        "question": _("Weet je zeker dat je ‘%(name)s’ wilt verwijderen?") % {"name": attachment.title},
        "confirm": _("Ja, verwijder de bijlage"),
        "cancel_url": advice.get_absolute_url(),
    }
    return render(request, "core/confirm_delete.html", context)
