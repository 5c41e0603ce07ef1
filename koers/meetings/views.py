import functools

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.accounts.http import AuthenticatedHttpRequest
from koers.comments.selectors import thread_context, thread_params
from koers.core import derived
from koers.core.access import public, refuse, requires
from koers.documents.forms import AttachForm as AttachmentForm
from koers.documents.models import Document
from koers.documents.selectors import documents_of
from koers.documents.views import legacy_download

from . import selectors, services
from .calendar import ics
from .forms import (
    AgendaItemForm,
    AttendanceForm,
    ContributionForm,
    MeetingForm,
    RegistrationForm,
    ReportForm,
    ScheduleForm,
    StatementForm,
    TopicForm,
)
from .models import AgendaItem, Contribution, Meeting, Topic

PAGE_SIZE = 20


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    """A meeting the member may see: concepts only for the steering group."""
    meeting = get_object_or_404(Meeting.objects.select_related("theme", "host"), pk=pk)
    if not selectors.meeting_visible(meeting=meeting, user=request.user):
        raise PermissionDenied
    return meeting


@requires("meetings.view_meeting")
def meeting_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    manage = request.user.has_perm("meetings.manage_meeting")
    # The same for every member (organisers see concepts too), but for whether they signed up (filled in per
    # reader): kept in the shared cache and read only when not kept.
    listing = functools.cache(
        lambda: selectors.meeting_listing(user=request.user, page=request.GET.get("page"), per_page=PAGE_SIZE)
    )
    context = {
        "listing": listing,
        "manage": manage,
        "topics": selectors.LIST_TOPICS,
        "query": derived.query_key(request),
        "until": selectors.changes_until(),
    }
    return render(request, "meetings/meeting_list.html", context)


@requires("meetings.view_meeting")
def meeting_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    manage = request.user.has_perm("meetings.manage_meeting")
    state = selectors.registration_state(meeting=meeting, user=request.user)
    context = {
        "meeting": meeting,
        "items": selectors.agenda(meeting=meeting, user=request.user),
        "mine": state.mine,
        "waiting_before": state.waiting_before,
        "registered": state.registered,
        "form": RegistrationForm() if state.can_register else None,
        "manage": manage,
        "registrations": list(selectors.registrations(meeting=meeting)) if manage else None,
    }
    return render(request, "meetings/meeting_detail.html", context)


@require_POST
@requires("meetings.view_meeting")
def register(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    form = RegistrationForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(meeting)
    try:
        registration = services.registration_create(meeting=meeting, user=request.user, note=form.cleaned_data["note"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(meeting)
    if registration.status == "wachtlijst":
        messages.warning(
            request,
            _("De bijeenkomst is vol; je staat op de wachtlijst. Je krijgt bericht als er een plaats vrijkomt."),
        )
    else:
        messages.success(request, _("Je bent aangemeld. Je krijgt een bevestiging per e-mail."))
    return redirect(meeting)


@require_POST
@requires("meetings.view_meeting")
def cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    try:
        services.registration_cancel(meeting=meeting, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Je bent afgemeld."))
    return redirect(meeting)


@requires("meetings.view_meeting")
def meeting_ics(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    response = HttpResponse(ics([meeting]), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="koers-bijeenkomst-{meeting.pk}.ics"'
    return response


@public
def calendar_feed(request: HttpRequest) -> HttpResponse:
    """All published meetings, for calendar apps (which cannot sign in): no more than the invitation says."""
    meetings = Meeting.objects.exclude(status=Meeting.Status.CONCEPT).order_by("starts_at")
    return HttpResponse(ics(meetings, public=True), content_type="text/calendar; charset=utf-8")


def _meeting_form(request: AuthenticatedHttpRequest, meeting: Meeting | None) -> HttpResponse:
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in MeetingForm.Meta.fields}
        saved = services.meeting_save(actor=request.user, meeting=meeting, data=data)
        messages.success(request, _("Bijeenkomst %(title)s is opgeslagen.") % {"title": saved.title})
        return redirect(saved)
    context = {"form": form, "meeting": meeting}
    return render(request, "meetings/meeting_form.html", context, status=400 if form.errors else 200)


@requires("meetings.manage_meeting")
def meeting_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _meeting_form(request, None)


@requires("meetings.manage_meeting")
def meeting_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _meeting_form(request, get_object_or_404(Meeting, pk=pk))


@requires("meetings.manage_meeting")
def item_edit(request: AuthenticatedHttpRequest, pk: int, item: int | None = None) -> HttpResponse:
    """Add an agenda item, or change one and manage its attachments."""
    meeting = get_object_or_404(Meeting, pk=pk)
    agenda_item = get_object_or_404(AgendaItem, pk=item, meeting=meeting) if item else None
    form = AgendaItemForm(request.POST or None, instance=agenda_item, initial={"position": meeting.items.count() + 1})
    if request.method == "POST" and form.is_valid():
        saved = services.item_save(meeting=meeting, item=agenda_item, data=form.cleaned_data)
        messages.success(request, _("Agendapunt %(title)s is opgeslagen.") % {"title": saved.title})
        return redirect("meetings:item-edit", meeting.pk, saved.pk) if agenda_item is None else redirect(meeting)
    context = {
        "form": form,
        "meeting": meeting,
        "item": agenda_item,
        "attachment_form": AttachmentForm() if agenda_item else None,
        "attachments": documents_of(target=agenda_item, user=request.user) if agenda_item else [],
    }
    return render(request, "meetings/item_form.html", context, status=400 if form.errors else 200)


@requires("meetings.manage_meeting")
def item_delete(request: AuthenticatedHttpRequest, pk: int, item: int) -> HttpResponse:
    agenda_item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=item, meeting_id=pk)
    if request.method == "POST":
        services.item_delete(item=agenda_item, actor=request.user)
        messages.success(request, _("Agendapunt %(title)s is verwijderd.") % {"title": agenda_item.title})
        return redirect(agenda_item.meeting)
    context = {
        "title": _("Agendapunt verwijderen"),
        "question": _('Weet je zeker dat je "%(title)s" met zijn bijlagen en kaarten wilt verwijderen?')
        % {"title": agenda_item.title},
        "confirm": _("Ja, verwijder het agendapunt"),
        "cancel_url": agenda_item.meeting.get_absolute_url(),
    }
    return render(request, "core/confirm_delete.html", context)


@require_POST
@requires("meetings.manage_meeting")
def attachment_upload(request: AuthenticatedHttpRequest, pk: int, item: int) -> HttpResponse:
    agenda_item = get_object_or_404(AgendaItem, pk=item, meeting_id=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Kies een bestand."))
    else:
        try:
            services.attachment_add(
                item=agenda_item, upload=form.cleaned_data["file"], actor=request.user, title=form.cleaned_data["title"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("De bijlage is toegevoegd."))
    return redirect("meetings:item-edit", pk, agenda_item.pk)


@require_POST
@requires("meetings.manage_meeting")
def attachment_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Delete a document of an agenda item (``pk`` is the document's)."""
    document = get_object_or_404(Document, pk=pk, content_type=ContentType.objects.get_for_model(AgendaItem))
    item = get_object_or_404(AgendaItem, pk=document.object_id)
    services.attachment_delete(document=document, actor=request.user)
    messages.success(request, _("De bijlage is verwijderd."))
    return redirect("meetings:item-edit", item.meeting_id, item.pk)


@public
def attachment(request: HttpRequest, pk: int) -> HttpResponseBase:
    """An attachment's old address (in mails and bookmarks): the document it became serves the file, to whoever
    may see it."""
    return legacy_download(request, "meetings.attachment", pk)


@requires("meetings.manage_meeting")
def attendance(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    registrations = list(selectors.registrations(meeting=meeting))
    form = AttendanceForm(request.POST or None, registrations=registrations)
    if request.method == "POST" and form.is_valid():
        present = {user.pk for user in form.cleaned_data["present"]}
        if form.cleaned_data["walk_in"]:
            present.add(form.cleaned_data["walk_in"].pk)
        offered = {user.pk for user in form.offered}
        count = services.attendance_set(meeting=meeting, present=present, offered=offered)
        messages.success(request, _("De aanwezigheid is opgeslagen (%(count)s aanwezig).") % {"count": count})
        return redirect("meetings:attendance", meeting.pk)
    context = {
        "meeting": meeting,
        "form": form,
        "first_timers": selectors.first_timers(meeting=meeting),
        "per_institution": selectors.attendance_per_institution(meeting=meeting),
        "registrations": registrations,
    }
    return render(request, "meetings/attendance.html", context)


@requires("meetings.view_meeting")
def item_detail(request: AuthenticatedHttpRequest, pk: int, item: int) -> HttpResponse:
    """A round table or workshop: statements and the cards, grouped; members add cards."""
    meeting = _meeting(request, pk)
    agenda_item = get_object_or_404(AgendaItem, pk=item, meeting=meeting)
    if not agenda_item.interactive:
        raise Http404
    form = ContributionForm(request.POST or None, item=agenda_item)
    if request.method == "POST" and request.user.has_perm("meetings.add_contribution") and form.is_valid():
        try:
            services.contribution_add(item=agenda_item, author=request.user, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Je kaart is toegevoegd."))
            return redirect("meetings:item-detail", meeting.pk, agenda_item.pk)
    statements, groups = selectors.round_table(item=agenda_item)
    context = {
        "meeting": meeting,
        "item": agenda_item,
        "statements": statements,
        "groups": groups,
        "form": form,
        "statement_form": StatementForm() if request.user.has_perm("meetings.manage_meeting") else None,
        "manage": request.user.has_perm("meetings.manage_meeting"),
    }
    return render(request, "meetings/item_detail.html", context, status=400 if form.errors else 200)


@require_POST
@requires("meetings.manage_meeting")
def statement_add(request: AuthenticatedHttpRequest, pk: int, item: int) -> HttpResponse:
    agenda_item = get_object_or_404(AgendaItem, pk=item, meeting_id=pk)
    form = StatementForm(request.POST)
    if form.is_valid():
        try:
            services.statement_add(item=agenda_item, text=form.cleaned_data["text"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Schrijf eerst de stelling of vraag."))
    return redirect("meetings:item-detail", pk, agenda_item.pk)


@require_POST
@requires("meetings.view_meeting")
def contribution_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    card = get_object_or_404(Contribution.objects.select_related("item"), pk=pk)
    if card.author_id != request.user.pk and not request.user.has_perm("meetings.manage_meeting"):
        raise PermissionDenied
    services.contribution_delete(contribution=card)
    messages.success(request, _("De kaart is verwijderd."))
    return redirect("meetings:item-detail", card.item.meeting_id, card.item_id)


@requires("meetings.view_meeting")
def topic_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = TopicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.topic_propose(user=request.user, data=form.cleaned_data)
        messages.success(request, _("Dank je wel! Je onderwerp staat op de lijst voor de volgende bijeenkomsten."))
        return redirect("meetings:topic-list")
    context = {
        "form": form,
        "topics": list(selectors.open_topics()),
        "scheduled": list(selectors.scheduled_topics()[:20]),
        "manage": request.user.has_perm("meetings.manage_meeting"),
    }
    return render(request, "meetings/topic_list.html", context, status=400 if form.errors else 200)


@requires("meetings.manage_meeting")
def topic_schedule(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    topic = get_object_or_404(Topic, pk=pk, item__isnull=True)
    upcoming = Meeting.objects.exclude(status=Meeting.Status.CANCELLED).filter(ends_at__gt=timezone.now())
    form = ScheduleForm(request.POST or None, meetings=upcoming.order_by("starts_at"))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        meeting = data.pop("meeting")
        services.topic_schedule(topic=topic, meeting=meeting, data=data)
        messages.success(request, _("%(title)s staat nu op de agenda.") % {"title": topic.title})
        return redirect(meeting)
    context = {"form": form, "topic": topic}
    return render(request, "meetings/topic_schedule.html", context, status=400 if form.errors else 200)


@public
def report(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("theme", "host"), pk=pk)
    if not selectors.report_visible(meeting=meeting, user=request.user):
        return refuse(request)
    context = {
        "meeting": meeting,
        "items": selectors.report_items(meeting=meeting, user=request.user),
        "polls": selectors.report_polls(meeting=meeting),
        "manage": request.user.has_perm("meetings.manage_meeting"),
        **thread_context(target=meeting, user=request.user, **thread_params(request)),
    }
    return render(request, "meetings/report.html", context)


@requires("meetings.manage_meeting")
def report_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    form = ReportForm(
        request.POST or None, instance=meeting, initial={"publish": meeting.report_published_at is not None}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.report_save(
                meeting=meeting, report=data["report"], audience=data["report_audience"], publish=data["publish"]
            )
        except ValidationError as error:
            form.add_error("publish", error)
        else:
            messages.success(request, _("Het verslag is opgeslagen."))
            return redirect("meetings:report", meeting.pk)
    return render(
        request, "meetings/report_form.html", {"form": form, "meeting": meeting}, status=400 if form.errors else 200
    )


@require_POST
@requires("meetings.manage_meeting")
def item_dot_vote(request: AuthenticatedHttpRequest, pk: int, item: int) -> HttpResponse:
    """Start a dot vote for the attendees from a round table: on its conclusions, or on the themes."""
    agenda_item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=item, meeting_id=pk)
    on_themes = request.POST.get("options") == "themas"
    poll = services.dot_vote_start(item=agenda_item, actor=request.user, on_themes=on_themes)
    messages.success(request, _("De stipstemming staat klaar. Controleer de opties en publiceer haar."))
    return redirect("polls:poll-questions", poll.pk)
