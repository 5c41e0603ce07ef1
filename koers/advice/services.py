"""Every change to an advice. The lifecycle is one table of allowed steps, checked here for pages and API alike."""

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import User
from koers.activity.kinds import Kind
from koers.activity.models import Audience
from koers.activity.services import record_activity
from koers.core import derived
from koers.core.audit import audit_record
from koers.documents.models import Document
from koers.documents.services import document_create, document_delete
from koers.members.rules import steering_or_admin
from koers.notifications.registry import Notice, Params
from koers.notifications.services import notify
from koers.polls.models import Call, Poll, Question
from koers.polls.services import poll_close, poll_create, poll_publish, question_save

from . import notices
from .audit import AdviceAction
from .models import Advice, BodyVersion, Decision, Follow, FollowUp, Status, StatusChange
from .models import WorkingGroupMember as Member
from .rules import FOLLOW_UP_OPEN, LEAD, PUBLIC_TEXT_STATUSES, STEERING, TEXT_OPEN, TRANSITIONS, may_take_step
from .selectors import followers

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MSG_TRANSITION = _("Een advies met status ‘%(from)s’ kan niet naar ‘%(to)s’.")
MSG_TRANSITION_ROLE = _("Alleen %(who)s kan een advies van ‘%(from)s’ naar ‘%(to)s’ zetten.")
MSG_NEEDS_LEAD = _("Wijs eerst een trekker van de werkgroep aan.")
MSG_NEEDS_TEXT = _("Schrijf eerst de tekst van het advies.")
MSG_DECISION = _("Kies het besluit van de Adviesraad.")
MSG_RATIONALE = _("Een besluit heeft de motivering van de Adviesraad nodig.")
MSG_DECISION_DATE = _("Geef de datum van het besluit.")
MSG_DECISION_FUTURE = _("De datum van het besluit ligt in de toekomst.")
MSG_REJECTED_NOT_EXECUTED = _("Een advies dat niet is overgenomen, wordt niet uitgevoerd; zet het op afgerond.")
MSG_WITHDRAW_NOTE = _("Geef bij het intrekken een reden.")
MSG_ENDORSEMENT_CLOSES = _("De steunpeiling moet in de toekomst sluiten.")
MSG_CONFLICT = _(
    "Iemand anders heeft de tekst intussen gewijzigd (nu versie %(version)s). Je tekst staat hieronder nog; "
    "vergelijk hem met de nieuwe versie en sla opnieuw op."
)
MSG_TEXT_CLOSED = _("De tekst kan in deze fase niet meer worden gewijzigd.")
MSG_NOT_IN_GROUP = _("Alleen leden van de werkgroep kunnen trekker zijn.")
MSG_ALREADY_IN_GROUP = _("%(name)s zit al in de werkgroep.")
MSG_INACTIVE = _("Alleen actieve leden kunnen in een werkgroep.")
MSG_FOLLOW_UP_CLOSED = _("Opvolging wordt bijgehouden vanaf het besluit tot en met de uitvoering.")
MSG_FOLLOW_UP_FUTURE = _("De datum van de opvolging ligt in de toekomst.")
MSG_DECISION_BEFORE_OFFER = _("Het besluit kan niet vallen vóór het aanbieden aan de Adviesraad (%(date)s).")
MSG_ENDORSEMENT_STEERING = _("Alleen de regiegroep opent een steunpeiling.")
MSG_GROUP_CLOSED = _("Bij een afgerond of ingetrokken advies verandert de werkgroep niet meer.")

WHO = {LEAD: _("de trekker van de werkgroep of de regiegroep"), STEERING: _("de regiegroep")}
ENDORSEMENT_OPTIONS = (_("Ja, ik steun dit advies"), _("Nee, ik steun dit advies niet"), _("Geen mening"))


def _locked(advice: Advice) -> Advice:
    # Advice.objects returns rows as Any (AdviceQuerySet is left unparametrised so that advice_list's annotations
    # stay readable): the annotation says what get() returns.
    locked: Advice = Advice.objects.select_for_update().get(pk=advice.pk)
    return locked


# Creating and changing ------------------------------------------------------------------------------------


def _set_links(advice: Advice, links: dict[str, Any]) -> None:
    for name in ("themes", "plan_items", "polls", "meetings"):
        if name in links:
            getattr(advice, name).set(links[name])


def advice_create(*, actor: User, data: dict[str, Any], links: dict[str, Any]) -> Advice:
    """A new advice starts as an idea; its maker follows it."""
    now = timezone.now()
    advice = Advice(created_by=actor, status_changed_at=now, **data)
    advice.clean()
    with transaction.atomic():
        advice.save()
        _set_links(advice, links)
        BodyVersion.objects.create(advice=advice, number=1, summary=advice.summary, body=advice.body, author=actor)
        StatusChange.objects.create(advice=advice, to_status=Status.IDEA, actor=actor, at=now)
        Follow.objects.create(advice=advice, user=actor)
        audit_record(actor=actor, action=AdviceAction.ADVICE_CREATED, target=advice, data={"title": advice.title})
        _record(advice, Kind.ADVICE_ADDED, actor)
    return advice


def _record(advice: Advice, kind: str, actor: User) -> None:
    """News of an advice goes to everyone once its text is public (offered to the Adviesraad and after), before
    that to members."""
    record_activity(
        kind=kind,
        target=advice,
        audience=Audience.PUBLIC if advice.status in PUBLIC_TEXT_STATUSES else Audience.MEMBERS,
        themes=advice.themes.all(),
        actor=actor,
    )


def advice_update(*, actor: User, advice: Advice, data: dict[str, Any], links: dict[str, Any]) -> Advice:
    """Change what the advice is about (not its text or status): title, question, target, budget, links."""
    with transaction.atomic():
        current = _locked(advice)
        changed = [name for name, value in data.items() if getattr(current, name) != value]
        before = {name: {o.pk for o in getattr(current, name).all()} for name in links}
        changed += [name for name, objects in links.items() if {o.pk for o in objects} != before[name]]
        changed.sort()
        for name, value in data.items():
            setattr(current, name, value)
        current.clean()
        current.save()
        _set_links(current, links)
        audit_record(actor=actor, action=AdviceAction.ADVICE_CHANGED, target=current, data={"fields": changed})
    return current


class VersionConflict(ValidationError):
    """Someone saved the text after ``base_version``; ``version`` is the text's version now. The page shows it as a
    form error like any other refusal, the API answers 409."""

    def __init__(self, version: int):
        super().__init__(MSG_CONFLICT % {"version": version})
        self.version = version


def text_save(*, actor: User, advice: Advice, summary: str, body: str, base_version: int) -> BodyVersion | None:
    """Save a new version of the text. Refused when someone saved meanwhile, so nobody overwrites another's work.

    Returns the new version, or None when nothing changed.
    """
    with transaction.atomic():
        current = _locked(advice)
        if current.status not in TEXT_OPEN:
            raise ValidationError(MSG_TEXT_CLOSED)
        if current.version != base_version:
            raise VersionConflict(current.version)
        if (current.summary, current.body) == (summary, body):
            return None
        current.summary, current.body, current.version = summary, body, current.version + 1
        current.save(update_fields=["summary", "body", "version", "updated_at"])
        version = BodyVersion.objects.create(
            advice=current, number=current.version, summary=summary, body=body, author=actor
        )
        audit_record(
            actor=actor,
            action=AdviceAction.ADVICE_TEXT_CHANGED,
            target=current,
            data={"version": current.version},
        )
    advice.summary, advice.body, advice.version = summary, body, current.version
    return version


# The working group ----------------------------------------------------------------------------------------


def _group_open(advice: Advice) -> Advice:
    current = _locked(advice)
    if current.status in (Status.DONE, Status.WITHDRAWN):
        raise ValidationError(MSG_GROUP_CLOSED)
    return current


def _tell_added(advice: Advice, users: list[User]) -> None:
    notify(
        recipients=users,
        notice=notices.WORKING_GROUP_JOINED,
        params={"title": advice.title, "question": str(advice.question)[:500]},
        url=advice.get_absolute_url(),
    )


def working_group_from_call(*, actor: User, advice: Advice, call: Call) -> int:
    """Everyone who signed up for the call joins the working group. Returns how many joined."""
    with transaction.atomic():
        current = _group_open(advice)
        present = set(current.working_group.values_list("user_id", flat=True))
        joining = [s.user for s in call.signups.select_related("user") if s.user.is_active and s.user_id not in present]
        Member.objects.bulk_create(Member(advice=current, user=user, source=Member.Source.CALL) for user in joining)
        current.call = call
        current.save(update_fields=["call", "updated_at"])
        audit_record(
            actor=actor,
            action=AdviceAction.WORKING_GROUP_CHANGED,
            target=current,
            data={"call": call.pk, "added": [user.pk for user in joining]},
        )
        _tell_added(current, joining)
    return len(joining)


def working_group_invite(*, actor: User, advice: Advice, user: User) -> Member:
    if not user.is_active or user.anonymised_at:
        raise ValidationError(MSG_INACTIVE)
    with transaction.atomic():
        current = _group_open(advice)
        if current.working_group.filter(user=user).exists():
            raise ValidationError(MSG_ALREADY_IN_GROUP % {"name": user.full_name})
        member = Member.objects.create(advice=current, user=user, source=Member.Source.INVITATION)
        audit_record(actor=actor, action=AdviceAction.WORKING_GROUP_CHANGED, target=current, data={"added": [user.pk]})
        _tell_added(current, [user])
    return member


def working_group_set_lead(*, actor: User, advice: Advice, user: User) -> None:
    with transaction.atomic():
        current = _group_open(advice)
        if not current.working_group.filter(user=user).exists():
            raise ValidationError(MSG_NOT_IN_GROUP)
        current.working_group.filter(is_lead=True).exclude(user=user).update(is_lead=False)
        current.working_group.filter(user=user).update(is_lead=True)
        derived.changed("advice")  # update() sends no signal: kept lists name the lead
        audit_record(actor=actor, action=AdviceAction.WORKING_GROUP_CHANGED, target=current, data={"lead": user.pk})


def working_group_remove(*, actor: User, advice: Advice, user: User) -> bool:
    with transaction.atomic():
        current = _group_open(advice)
        deleted, _rows = current.working_group.filter(user=user).delete()
        if deleted:
            audit_record(
                actor=actor,
                action=AdviceAction.WORKING_GROUP_CHANGED,
                target=current,
                data={"removed": [user.pk]},
            )
    return bool(deleted)


# The lifecycle --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionData:
    decision: str = ""
    rationale: str = ""
    date: datetime.date | None = None


def _check_decision(decision: DecisionData, offered: StatusChange | None) -> None:
    errors: dict[str, list[StrOrPromise]] = {}
    if decision.decision not in Decision.values:
        errors["decision"] = [MSG_DECISION]
    if not decision.rationale.strip():
        errors["decision_rationale"] = [MSG_RATIONALE]
    if decision.date is None:
        errors["decision_date"] = [MSG_DECISION_DATE]
    elif decision.date > timezone.localdate():
        errors["decision_date"] = [MSG_DECISION_FUTURE]
    elif offered is not None and decision.date < timezone.localdate(offered.at):
        day = timezone.localdate(offered.at)
        errors["decision_date"] = [MSG_DECISION_BEFORE_OFFER % {"date": f"{day:%d-%m-%Y}"}]
    if errors:
        raise ValidationError(errors)


def advice_transition(
    *,
    actor: User,
    advice: Advice,
    to: str,
    note: str = "",
    decision: DecisionData | None = None,
    endorsement_closes_at: datetime.datetime | None = None,
) -> StatusChange:
    """Move the advice one step in its lifecycle, by the right role; followers hear of it once committed.

    Going to consultation may open a poll in which members endorse the advice. A decision needs the
    council's choice, rationale and date. Withdrawing needs a reason.
    """
    with transaction.atomic():
        current = _locked(advice)
        before = current.status
        who = TRANSITIONS.get((before, to))
        if who is None:
            raise ValidationError(MSG_TRANSITION % {"from": Status(before).label, "to": Status(to).label})
        if not may_take_step(actor, current, who):
            raise PermissionDenied(
                MSG_TRANSITION_ROLE % {"who": WHO[who], "from": Status(before).label, "to": Status(to).label}
            )
        note = note.strip()
        if to == Status.WORKING_GROUP and not current.working_group.filter(is_lead=True).exists():
            raise ValidationError(MSG_NEEDS_LEAD)
        if to in (Status.CONSULTATION, Status.OFFERED) and not current.body.strip():
            raise ValidationError(MSG_NEEDS_TEXT)
        if to == Status.WITHDRAWN and not note:
            raise ValidationError({"note": [MSG_WITHDRAW_NOTE]})
        if to == Status.DECIDED:
            decision = decision or DecisionData()
            _check_decision(decision, offered=current.status_changes.filter(to_status=Status.OFFERED).last())
            current.decision = decision.decision
            current.decision_rationale = decision.rationale.strip()
            current.decision_date = decision.date
        if to == Status.IN_PROGRESS and current.decision == Decision.REJECTED:
            raise ValidationError(MSG_REJECTED_NOT_EXECUTED)
        if to == Status.CONSULTATION and endorsement_closes_at is not None:
            if not steering_or_admin(actor):
                raise PermissionDenied(MSG_ENDORSEMENT_STEERING)
            current.endorsement_poll = _endorsement_poll(actor=actor, advice=current, closes_at=endorsement_closes_at)
        if to == Status.CONSULTATION and current.shared_version is None:
            current.shared_version = current.version
        if before == Status.CONSULTATION and current.endorsement_poll is not None:
            # Endorsement is about the text in consultation; it ends when the consultation does.
            poll_close(actor=actor, poll=current.endorsement_poll)
        now = timezone.now()
        current.status, current.status_changed_at = to, now
        current.save()
        change = StatusChange.objects.create(
            advice=current, from_status=before, to_status=to, actor=actor, note=note, at=now
        )
        audit_record(
            actor=actor,
            action=AdviceAction.ADVICE_STATUS_CHANGED,
            target=current,
            data={
                "from": before,
                "to": to,
                "note": note,
                "decision": current.decision,
                "endorsement_poll": current.endorsement_poll_id,
            },
        )
        if to == Status.DECIDED:
            # The decision itself, not only the new status: what the council chose and why.
            told: tuple[Notice, Params] = (
                notices.DECIDED,
                {"decision": current.decision, "rationale": current.decision_rationale, "note": note},
            )
        else:
            told = (notices.STATUS_CHANGED, {"status": to, "note": note})
        _tell_followers(current, actor, notice=told[0], params=told[1])
        _record(current, Kind.ADVICE_STATUS, actor)
    advice.refresh_from_db()
    return change


def _endorsement_poll(*, actor: User, advice: Advice, closes_at: datetime.datetime) -> Poll:
    """A published poll in which every member may say whether they endorse the advice."""
    now = timezone.now()
    if closes_at <= now:
        raise ValidationError({"endorsement_closes_at": [MSG_ENDORSEMENT_CLOSES]})
    poll = poll_create(
        actor=actor,
        data={
            "title": str(_("Steun voor het advies: %(title)s") % {"title": advice.title})[:200],
            "description": str(_("Over versie %(version)s van de tekst.") % {"version": advice.version})
            + "\n\n"
            + (advice.summary or advice.question),
            "kind": Poll.Kind.POLL,
            "audience": Poll.Audience.MEMBERS,
            "unit": Poll.Unit.MEMBER,
            "visibility": Poll.Visibility.AFTER_VOTING,
            # A second ago, so that ending the consultation at once also closes the poll at once.
            "opens_at": now - datetime.timedelta(seconds=1),
            "closes_at": closes_at,
            "theme": advice.themes.first(),
        },
    )
    question_save(
        poll=poll,
        question=None,
        data={"text": str(_("Steun je dit advies?")), "kind": Question.Kind.SINGLE, "required": True},
        options=[str(option) for option in ENDORSEMENT_OPTIONS],
    )
    return poll_publish(actor=actor, poll=poll)


# Follow-up ------------------------------------------------------------------------------------------------


def follow_up_add(*, actor: User, advice: Advice, data: dict[str, Any]) -> FollowUp:
    """Record what was done with a decided advice; followers hear of it once committed."""
    with transaction.atomic():
        current = _locked(advice)
        if current.status not in FOLLOW_UP_OPEN:
            raise ValidationError(MSG_FOLLOW_UP_CLOSED)
        if data["date"] > timezone.localdate():
            raise ValidationError({"date": [MSG_FOLLOW_UP_FUTURE]})
        entry = FollowUp.objects.create(advice=current, author=actor, **data)
        current.save(update_fields=["updated_at"])
        audit_record(
            actor=actor,
            action=AdviceAction.FOLLOW_UP_ADDED,
            target=current,
            data={"follow_up": entry.pk, "progress": entry.progress, "status": entry.status},
        )
        _tell_followers(
            current,
            actor,
            notice=notices.FOLLOW_UP_ADDED,
            params={"progress": entry.progress, "state": entry.status, "text": entry.text[:1000]},
        )
        _record(current, Kind.ADVICE_FOLLOW_UP, actor)
    return entry


# Following -----------------------------------------------------------------------------------------------


def advice_follow(*, user: User, advice: Advice, following: bool) -> Follow:
    """Follow an advice, or stop following it (also when one follows it as author or commenter)."""
    follow, _created = Follow.objects.update_or_create(advice=advice, user=user, defaults={"following": following})
    return follow


def _tell_followers(advice: Advice, actor: User | None, *, notice: Notice, params: Params) -> None:
    recipients = [user for user in followers(advice=advice) if actor is None or user.pk != actor.pk]
    notify(
        recipients=recipients, notice=notice, params={"title": advice.title, **params}, url=advice.get_absolute_url()
    )


# Attachments ---------------------------------------------------------------------------------------------


def _text_open(advice: Advice) -> Advice:
    current = _locked(advice)
    if current.status not in TEXT_OPEN:
        raise ValidationError(MSG_TEXT_CLOSED)
    return current


def attachment_add(*, actor: User, advice: Advice, upload: UploadedFile, title: str = "") -> Document:
    """A document on an advice, for whoever may read its text (the rule advice registers with documents); only
    while the text is being written. Refused when the file is (same checks as every upload)."""
    with transaction.atomic():
        advice = _text_open(advice)
        document = document_create(
            actor=actor,
            title=title or upload.name or "",
            upload=upload,
            audience=Document.Audience.PUBLIC,
            themes=list(advice.themes.all()),
            target=advice,
        )
        audit_record(
            actor=actor,
            action=AdviceAction.ADVICE_ATTACHMENT_CHANGED,
            target=advice,
            data={"added": document.title},
        )
    return document


def attachment_delete(*, actor: User, advice: Advice, document: Document) -> None:
    with transaction.atomic():
        _text_open(advice)
        audit_record(
            actor=actor,
            action=AdviceAction.ADVICE_ATTACHMENT_CHANGED,
            target=advice,
            data={"removed": document.title},
        )
        document_delete(actor=actor, document=document)
