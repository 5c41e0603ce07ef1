"""Every change to meetings: registrations with a waiting list, agenda and attachments, cards, the report."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import User
from koers.activity.kinds import Kind
from koers.activity.models import Audience
from koers.activity.services import activity_withdraw, record_activity
from koers.core import derived
from koers.core.conflicts import StateConflict
from koers.core.tasks import mail_after_commit
from koers.documents.models import Document
from koers.documents.services import document_create, document_delete, documents_delete_for
from koers.notifications.services import notify
from koers.polls import services as polls
from koers.polls.models import Poll
from koers.themes.selectors import themes_in_order

from . import notices
from .calendar import ics
from .models import AgendaItem, Contribution, Meeting, Registration, Statement, Topic

MSG_NOT_OPEN = _("Aanmelden kan alleen voor een gepubliceerde bijeenkomst die nog moet beginnen.")
MSG_ALREADY_REGISTERED = _("Je bent al aangemeld voor deze bijeenkomst.")
MSG_NOT_REGISTERED = _("Je bent niet aangemeld voor deze bijeenkomst.")
MSG_STARTED = _("De bijeenkomst is al begonnen; afmelden kan niet meer.")
MSG_CONCEPT_REPORT = _("Publiceer eerst de bijeenkomst; een concept heeft nog geen openbaar verslag.")
MSG_CONTRIBUTION_CLOSED = _("Kaarten kunnen alleen bij een workshop of ronde tafel.")

# What a calendar entry shows of a meeting's time and place: a change to one of these is sent to calendars.
WHEN_AND_WHERE = ("starts_at", "ends_at", "venue", "address", "online_url")

# The meeting itself -----------------------------------------------------------------------------------


def meeting_save(*, actor: User, meeting: Meeting | None, data: dict[str, Any]) -> Meeting:
    """Create or change a meeting; cancelling it tells everyone who registered, and a new time or place sends
    those registered the changed calendar entry."""
    with transaction.atomic():
        before = Meeting.objects.select_for_update().get(pk=meeting.pk) if meeting else None
        meeting = meeting or Meeting(created_by=actor)
        for name, value in data.items():
            setattr(meeting, name, value)
        meeting.clean()
        cancelled = (
            meeting.status == Meeting.Status.CANCELLED and before is not None and before.status != meeting.status
        )
        moved = before is not None and any(getattr(before, name) != getattr(meeting, name) for name in WHEN_AND_WHERE)
        if cancelled or moved:
            meeting.calendar_sequence += 1
        meeting.save()
        _record_announcement(meeting, before, actor)
        if cancelled:
            _tell_cancelled(meeting)
        elif moved and meeting.status == Meeting.Status.PUBLISHED and not meeting.is_over:
            _tell_moved(meeting)
        _fill_places(meeting)  # more places (or none needed) move the waiting list up
    return meeting


def _record_announcement(meeting: Meeting, before: Meeting | None, actor: User) -> None:
    """Members hear of a meeting once it is published; back to concept takes the news back."""
    was_concept = before is None or before.status == Meeting.Status.CONCEPT
    if meeting.status == Meeting.Status.PUBLISHED and was_concept:
        record_activity(
            kind=Kind.MEETING_ANNOUNCED,
            target=meeting,
            themes=[meeting.theme] if meeting.theme else [],
            institution=meeting.host,
            actor=actor,
        )
    elif meeting.status == Meeting.Status.CONCEPT and not was_concept:
        activity_withdraw(kind=Kind.MEETING_ANNOUNCED, target=meeting)


def _fill_places(meeting: Meeting) -> list[Registration]:
    """Move people up from the waiting list, oldest first, while there are free places."""
    if meeting.status != Meeting.Status.PUBLISHED or meeting.is_over:
        return []
    waiting = list(meeting.registrations.filter(status=Registration.Status.WAITING).select_related("user"))
    if meeting.capacity is not None:
        taken = meeting.registrations.filter(status=Registration.Status.REGISTERED).count()
        waiting = waiting[: max(0, meeting.capacity - taken)]
    for registration in waiting:
        registration.status = Registration.Status.REGISTERED
        registration.save(update_fields=["status"])
        _confirm(registration, moved_up=True)
    return waiting


def _tell_cancelled(meeting: Meeting) -> None:
    people = [r.user for r in meeting.registrations.select_related("user")]
    notify(recipients=people, notice=notices.CANCELLED, params={"title": meeting.title}, url=meeting.get_absolute_url())


def _tell_moved(meeting: Meeting) -> None:
    """One message to everyone with a place, with the calendar entry that replaces the one they have."""
    registered = meeting.registrations.filter(status=Registration.Status.REGISTERED).select_related("user")
    starts, ends = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    notify(
        recipients=[r.user for r in registered],
        notice=notices.MOVED,
        params={
            "title": meeting.title,
            "starts": f"{starts:%d-%m-%Y %H:%M}",
            "ends": f"{ends:%H:%M}" if ends.date() == starts.date() else f"{ends:%d-%m-%Y %H:%M}",
            "place": ", ".join(part for part in (meeting.venue, meeting.address) if part) or meeting.online_url,
        },
        url=meeting.get_absolute_url(),
        attachment=("bijeenkomst.ics", ics([meeting]), "text/calendar"),
    )


# Registration ------------------------------------------------------------------------------------------


def registration_create(*, meeting: Meeting, user: User, note: str = "") -> Registration:
    """Register a member; beyond the capacity they go on the waiting list. A confirmation mail follows."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)  # one registration at a time
        if not meeting.open_for_registration:
            raise ValidationError(MSG_NOT_OPEN)
        if meeting.registrations.filter(user=user).exists():
            raise StateConflict(MSG_ALREADY_REGISTERED)
        taken = meeting.registrations.filter(status=Registration.Status.REGISTERED).count()
        queue = meeting.registrations.filter(status=Registration.Status.WAITING).exists()
        full = meeting.capacity is not None and (taken >= meeting.capacity or queue)  # nobody jumps the queue
        registration = Registration.objects.create(
            meeting=meeting,
            user=user,
            note=note,
            status=Registration.Status.WAITING if full else Registration.Status.REGISTERED,
        )
        _confirm(registration)
    return registration


def registration_cancel(*, meeting: Meeting, user: User) -> Registration | None:
    """Cancel; when a place comes free the first on the waiting list moves up and hears so. Returns them."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        registration = meeting.registrations.filter(user=user).first()
        if registration is None:
            raise StateConflict(MSG_NOT_REGISTERED)
        if meeting.starts_at <= timezone.now():
            raise ValidationError(MSG_STARTED)  # the registration is now an attendance record
        registration.delete()
        moved = _fill_places(meeting) if registration.status == Registration.Status.REGISTERED else []
    return moved[0] if moved else None


def _confirm(registration: Registration, *, moved_up: bool = False) -> None:
    meeting, user = registration.meeting, registration.user

    with translation.override(user.language):
        context = {"meeting": meeting, "registration": registration, "user": user, "moved_up": moved_up}
        body = render_to_string("meetings/email/registration.txt", context)
        if registration.status == Registration.Status.WAITING:
            subject = _("Op de wachtlijst: %(title)s") % {"title": meeting.title}
        else:
            subject = _("Aangemeld: %(title)s") % {"title": meeting.title}
        message = EmailMessage(str(subject), body, None, [user.email])
    if registration.status == Registration.Status.REGISTERED:
        message.attach("bijeenkomst.ics", ics([meeting]), "text/calendar")
    # Rendered here (one message, for the member who acted) and sent by a task after the commit.
    mail_after_commit([message])


def attendance_set(*, meeting: Meeting, present: set[int], offered: set[int] | None = None) -> int:
    """Mark who attended (user ids). Of those `offered` on the page (default: everyone registered) the
    others are marked absent; anyone not offered keeps their record. Returns the number present."""
    with transaction.atomic():
        registrations = meeting.registrations.all()
        registrations.filter(user_id__in=present).update(attended=True)
        absent = registrations.exclude(user_id__in=present)
        if offered is not None:
            absent = absent.filter(user_id__in=offered)
        absent.update(attended=False)
        existing = set(registrations.values_list("user_id", flat=True))
        Registration.objects.bulk_create(
            Registration(meeting=meeting, user_id=pk, status=Registration.Status.REGISTERED, attended=True)
            for pk in present - existing
        )
        derived.changed("registrations")  # a bulk write sends no signals: the places taken changed
    return len(present)


# Agenda, attachments and topics -----------------------------------------------------------------------


def item_save(*, meeting: Meeting, item: AgendaItem | None, data: dict[str, Any]) -> AgendaItem:
    item = item or AgendaItem(meeting=meeting)
    for name, value in data.items():
        setattr(item, name, value)
    item.save()
    return item


def attachment_add(*, item: AgendaItem, upload: UploadedFile, actor: User, title: str = "") -> Document:
    """A document on an agenda item (a presentation): for whoever may see the meeting, and for everyone once its
    report is public (the rule meetings registers with documents). Refused when the file is (same checks as
    every upload)."""
    meeting = item.meeting
    return document_create(
        actor=actor,
        title=title or upload.name or "",
        upload=upload,
        audience=Document.Audience.PUBLIC,
        themes=[meeting.theme] if meeting.theme is not None else [],
        target=item,
    )


def item_delete(*, item: AgendaItem, actor: User | None = None) -> None:
    """Delete an agenda item with its cards and documents, and the documents' files once committed."""
    with transaction.atomic():
        documents_delete_for(actor=actor, target=item)
        item.delete()


def attachment_delete(*, document: Document, actor: User | None = None) -> None:
    document_delete(actor=actor, document=document)


def topic_propose(*, user: User, data: dict[str, Any]) -> Topic:
    return Topic.objects.create(proposed_by=user, **data)


def topic_schedule(*, topic: Topic, meeting: Meeting, data: dict[str, Any]) -> AgendaItem:
    """Move a proposed topic into a meeting's agenda as a new item."""
    with transaction.atomic():
        topic = Topic.objects.select_for_update().get(pk=topic.pk)
        position = meeting.items.count() + 1
        item = AgendaItem.objects.create(
            meeting=meeting, position=position, title=topic.title, description=topic.description, **data
        )
        topic.item = item
        topic.save(update_fields=["item"])
    return item


# Round tables -----------------------------------------------------------------------------------------


def dot_vote_start(*, item: AgendaItem, actor: User, on_themes: bool) -> Poll:
    """A dot vote for the attendees, from a round table: on its conclusions, or on all themes.

    It stays a concept, so the steering group checks the options before publishing it.
    """
    meeting, now = item.meeting, timezone.now()
    with transaction.atomic():
        poll = polls.poll_create(
            actor=actor,
            data={
                "title": _("Stipstemming: %(title)s") % {"title": item.title},
                "kind": "stipstemming",
                "dots": 3,
                "audience": "deelnemers",
                "meeting": meeting,
                "visibility": "altijd",
                "opens_at": now,
                "closes_at": max(meeting.ends_at, now + datetime.timedelta(hours=2)),
                "allow_change": True,
            },
        )
        question = poll.questions.get()
        if on_themes:
            polls.options_from_themes(question=question, themes=themes_in_order())
        else:
            labels = [card.text[:200] for card in item.contributions.filter(kind=Contribution.Kind.CONCLUSION)]
            polls.question_save(
                poll=poll, question=question, data={"kind": "stippen"}, options=list(dict.fromkeys(labels))
            )
    return poll


def statement_add(*, item: AgendaItem, text: str) -> Statement:
    if not item.interactive:
        raise ValidationError(MSG_CONTRIBUTION_CLOSED)
    return Statement.objects.create(item=item, text=text, position=item.statements.count() + 1)


def contribution_add(*, item: AgendaItem, author: User, data: dict[str, Any]) -> Contribution:
    if not item.interactive:
        raise ValidationError(MSG_CONTRIBUTION_CLOSED)
    statement = data.get("statement")
    if statement is not None and statement.item_id != item.pk:
        raise ValidationError(_("Kies een stelling van dit agendapunt."))
    return Contribution.objects.create(item=item, author=author, **data)


def contribution_delete(*, contribution: Contribution) -> None:
    contribution.delete()


# The report -------------------------------------------------------------------------------------------


def report_save(*, meeting: Meeting, report: str, audience: str, publish: bool) -> Meeting:
    if publish and meeting.status == Meeting.Status.CONCEPT:
        raise ValidationError(MSG_CONCEPT_REPORT)
    meeting.report, meeting.report_audience = report, audience
    if publish and meeting.report_published_at is None:
        meeting.report_published_at = timezone.now()
    if not publish:
        meeting.report_published_at = None
    with transaction.atomic():
        meeting.save(update_fields=["report", "report_audience", "report_published_at"])
        # One item per published report, for the audience it has now: public reports for everyone.
        activity_withdraw(kind=Kind.MEETING_REPORT, target=meeting)
        if meeting.report_published_at is not None:
            record_activity(
                kind=Kind.MEETING_REPORT,
                target=meeting,
                audience=Audience.PUBLIC if meeting.report_is_public else Audience.MEMBERS,
                url=reverse("meetings:report", args=[meeting.pk]),
                themes=[meeting.theme] if meeting.theme else [],
                institution=meeting.host,
                at=meeting.report_published_at,
            )
    return meeting
