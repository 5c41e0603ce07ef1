"""Writes for members, institutions, positions and consent. One transaction each; every change audited."""

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from koers.core.audit import audit_record
from koers.core.models import AuditEvent

from .models import Consent, ConsentEvent, Institution, Position, SharedField

# The consent text members see; raise the version whenever its wording changes.
CONSENT_TEXT_VERSION = "2026-11"

MSG_POSITION_OVERLAP = _("Deze persoon heeft in die periode al deze functie.")
MSG_CHAIR_OVERLAP = _(
    "Er is in die periode al een voorzitter. Kies voor overdracht, of laat de nieuwe termijn beginnen "
    "na de laatste dag van de huidige voorzitter."
)
MSG_POSITION_ALREADY_ENDED = _("Deze functie is al beëindigd.")
MSG_INACTIVE_MEMBER = _("Alleen actieve leden kunnen een functie krijgen.")
MSG_UNKNOWN_FIELD = _("Dit gegeven kun je niet delen.")


def _overlapping(kind: str, start: datetime.date, end: datetime.date | None):
    positions = Position.objects.filter(kind=kind).filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
    if end is not None:
        positions = positions.filter(start_date__lte=end)
    return positions


def _refuse_overlap(
    *, kind: str, user_id: int, start: datetime.date, end: datetime.date | None, field: str, exclude_pk=None
) -> None:
    """One chair at a time, and nobody holds the same position twice in one period. Call inside a transaction."""
    # Lock the positions of this kind so two simultaneous changes cannot both pass the check.
    list(Position.objects.select_for_update().filter(kind=kind))
    overlapping = _overlapping(kind, start, end).exclude(pk=exclude_pk)
    if kind == Position.Kind.CHAIR and overlapping.exists():
        raise ValidationError({field: MSG_CHAIR_OVERLAP})
    if overlapping.filter(user_id=user_id).exists():
        raise ValidationError({field: MSG_POSITION_OVERLAP})


def _set_end(*, actor, position: Position, end_date: datetime.date) -> None:
    previous = position.end_date
    position.end_date = end_date
    position.save(update_fields=["end_date"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.POSITION_ENDED,
        target=position,
        data={"end_date": str(end_date), "previous_end_date": str(previous) if previous else None},
    )


def position_start(
    *,
    actor,
    user,
    kind: str,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    note: str = "",
    hand_over: bool = False,
) -> Position:
    """Appoint someone. With ``hand_over`` a new chair takes over: the sitting chair's term ends the day before."""
    Position(user=user, kind=kind, start_date=start_date, end_date=end_date, note=note).clean()
    if not user.is_active or user.anonymised_at:
        raise ValidationError({"user": MSG_INACTIVE_MEMBER})
    with transaction.atomic():
        if hand_over and kind in (Position.Kind.CHAIR, Position.Kind.SECRETARY):
            day_before = start_date - datetime.timedelta(days=1)
            sitting = _overlapping(kind, start_date, end_date).filter(start_date__lte=day_before)
            for position in sitting.select_for_update():
                _set_end(actor=actor, position=position, end_date=day_before)
        _refuse_overlap(kind=kind, user_id=user.pk, start=start_date, end=end_date, field="start_date")
        position = Position.objects.create(
            user=user, kind=kind, institution=user.institution, start_date=start_date, end_date=end_date, note=note
        )
        audit_record(
            actor=actor,
            action=AuditEvent.Action.POSITION_STARTED,
            target=position,
            data={
                "user": user.pk,
                "kind": kind,
                "start_date": str(start_date),
                "end_date": str(end_date) if end_date else None,
            },
        )
    return position


def position_end(*, actor, position: Position, end_date: datetime.date) -> Position:
    """Set the last day of a term (or move it)."""
    with transaction.atomic():
        position = Position.objects.select_for_update().get(pk=position.pk)
        if position.end_date is not None and position.end_date < timezone.localdate():
            raise ValidationError({"end_date": MSG_POSITION_ALREADY_ENDED})
        Position(start_date=position.start_date, end_date=end_date).clean()  # the term as it would be
        # Moving the end later must not run into the next term, as position_start checks.
        _refuse_overlap(
            kind=position.kind,
            user_id=position.user_id,
            start=position.start_date,
            end=end_date,
            field="end_date",
            exclude_pk=position.pk,
        )
        _set_end(actor=actor, position=position, end_date=end_date)
    return position


def consent_set(*, user, field: str, granted: bool, text_version: str = CONSENT_TEXT_VERSION) -> bool:
    """Give or withdraw consent for one field. Returns whether anything changed."""
    if field not in SharedField.values:
        raise ValidationError(MSG_UNKNOWN_FIELD)
    with transaction.atomic():
        existing = Consent.objects.select_for_update().filter(user=user, field=field).first()
        if granted == (existing is not None) and (not granted or existing.text_version == text_version):
            return False
        now = timezone.now()
        if granted:
            Consent.objects.update_or_create(
                user=user, field=field, defaults={"text_version": text_version, "granted_at": now}
            )
        else:
            existing.delete()
        ConsentEvent.objects.create(user=user, field=field, granted=granted, text_version=text_version, created_at=now)
        audit_record(
            actor=user,
            action=AuditEvent.Action.CONSENT_GRANTED if granted else AuditEvent.Action.CONSENT_WITHDRAWN,
            target=user,
            data={"field": field, "text_version": text_version},
        )
    return True


def consents_save(*, user, fields: set[str]) -> int:
    """Make the member's consents exactly ``fields``. Returns how many changed."""
    with transaction.atomic():
        return sum(consent_set(user=user, field=f, granted=f in fields) for f in SharedField.values)


def institution_update(*, actor, institution: Institution, data: dict[str, Any]) -> Institution:
    with transaction.atomic():
        changed = {}
        for name, value in data.items():
            if getattr(institution, name) != value:
                changed[name] = str(value)
                setattr(institution, name, value)
        institution.full_clean()
        institution.save()
        if changed:
            audit_record(actor=actor, action=AuditEvent.Action.INSTITUTION_CHANGED, target=institution, data=changed)
    return institution


def personal_data_export(*, user) -> dict[str, Any]:
    """Everything Koers holds about a member (GDPR art. 15), as JSON-ready data. The download is audited."""
    from koers.accounts.models import MembershipRequest
    from koers.advice.models import Follow, WorkingGroupMember
    from koers.comments.models import Comment
    from koers.governance.models import Nomination
    from koers.meetings.models import Registration
    from koers.notifications.models import Notification, NotificationPreference
    from koers.polls.models import Answer, SignUp

    def when(value):
        return value.isoformat() if value else None

    data = {
        "format": "koers-personal-data/1",
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "email": user.email,
            "full_name": user.full_name,
            "job_title": user.job_title,
            "phone": user.phone,
            "institution": user.institution.name if user.institution_id else None,
            "expertise": sorted(theme.name for theme in user.expertise.all()),
            "language": user.language,
            "date_joined": when(user.date_joined),
            "new_until": when(user.new_until),
            "last_login": when(user.last_login),
        },
        "consents": [
            {"field": c.field, "text_version": c.text_version, "granted_at": when(c.granted_at)}
            for c in Consent.objects.filter(user=user).order_by("field")
        ],
        "consent_history": [
            {"field": e.field, "granted": e.granted, "text_version": e.text_version, "at": when(e.created_at)}
            for e in ConsentEvent.objects.filter(user=user).order_by("created_at", "id")
        ],
        "positions": [
            {
                "kind": p.kind,
                "institution": p.institution.name if p.institution_id else None,
                "start_date": when(p.start_date),
                "end_date": when(p.end_date),
            }
            for p in Position.objects.filter(user=user).select_related("institution").order_by("start_date")
        ],
        "membership_requests": [
            {
                "full_name": r.full_name,
                "email": r.email,
                "institution": r.institution.name,
                "job_title": r.job_title,
                "motivation": r.motivation,
                "status": r.status,
                "created_at": when(r.created_at),
                "decision_reason": r.decision_reason,
            }
            for r in MembershipRequest.objects.filter(Q(user=user) | Q(email__iexact=user.email))
            .select_related("institution")
            .order_by("created_at")
        ],
        "notification_preferences": dict(
            NotificationPreference.objects.filter(user=user).values_list("kind", "frequency")
        ),
        "notifications": [
            {
                "kind": n.kind,
                "subject": n.subject,
                "body": n.body,
                "url": n.url,
                "created_at": when(n.created_at),
                "read_at": when(n.read_at),
            }
            for n in Notification.objects.filter(user=user).order_by("created_at", "id")
        ],
        "poll_votes": [
            # Only polls that are not anonymous: an anonymous ballot is linked to nobody.
            {
                "poll": answer.question.poll.title,
                "question": answer.question.text,
                "answer": answer.option.label if answer.option_id else (answer.value or answer.text),
                "dots": answer.value if answer.option_id else None,
            }
            for answer in Answer.objects.filter(ballot__participation__user=user)
            .select_related("question__poll", "option")
            .order_by("question__poll_id", "question__position", "question_id")
        ],
        "call_signups": [
            {"call": s.call.title, "motivation": s.motivation, "at": when(s.created_at)}
            for s in SignUp.objects.filter(user=user).select_related("call").order_by("created_at")
        ],
        "meeting_registrations": [
            {
                "meeting": r.meeting.title,
                "starts_at": when(r.meeting.starts_at),
                "status": r.status,
                "note": r.note,
                "attended": r.attended,
            }
            for r in Registration.objects.filter(user=user).select_related("meeting").order_by("created_at")
        ],
        "comments": [
            {"body": c.body, "at": when(c.created_at), "edited_at": when(c.edited_at)}
            for c in Comment.objects.filter(author=user).order_by("created_at")
        ],
        "working_groups": [
            {"advice": m.advice.title, "lead": m.is_lead, "since": when(m.created_at)}
            for m in WorkingGroupMember.objects.filter(user=user).select_related("advice").order_by("created_at")
        ],
        "nominations": [
            {
                "vacancy": n.vacancy.title,
                "status": n.status,
                "motivation": n.motivation,
                "elected": n.elected,
                "at": when(n.created_at),
            }
            for n in Nomination.objects.filter(nominee=user).select_related("vacancy").order_by("created_at")
        ],
        "advice_followed": [
            {"advice": f.advice.title, "following": f.following}
            for f in Follow.objects.filter(user=user).select_related("advice").order_by("created_at")
        ],
        "audit_events_by_you": [
            {"action": a.action, "target": a.target_repr, "at": when(a.created_at)}
            for a in AuditEvent.objects.filter(actor=user).order_by("created_at", "id")
        ],
    }
    audit_record(actor=user, action=AuditEvent.Action.DATA_EXPORTED, target=user)
    return data


def account_delete(*, user) -> None:
    """Erase a member (GDPR art. 17): personal data goes, institution-level aggregates stay.

    The row stays so that counts per institution, positions held and votes cast keep adding up; it no
    longer says who the person was.
    """
    from koers.accounts.models import Invitation, MembershipRequest
    from koers.advice.models import Follow, WorkingGroupMember
    from koers.advice.services import TEXT_OPEN
    from koers.governance.models import Nomination
    from koers.meetings.models import Registration
    from koers.meetings.services import registration_cancel
    from koers.notifications.models import Notification, NotificationPreference
    from koers.polls.models import Participation, SignUp

    User = get_user_model()
    # The placeholder is stored data, not interface text: the same words whatever language the member used.
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        user = User.objects.select_for_update().get(pk=user.pk)
        old_email = user.email
        audit_record(actor=user, action=AuditEvent.Action.ACCOUNT_DELETED, target=user)
        user.email = f"verwijderd-{user.pk}@koers.invalid"
        user.full_name = str(_("Verwijderd lid"))
        user.job_title = ""
        user.phone = ""
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.anonymised_at = timezone.now()
        user.set_unusable_password()
        user.save()
        user.expertise.clear()
        Consent.objects.filter(user=user).delete()
        ConsentEvent.objects.filter(user=user).delete()
        Notification.objects.filter(user=user).delete()
        NotificationPreference.objects.filter(user=user).delete()
        Invitation.objects.filter(user=user).delete()
        SignUp.objects.filter(user=user).delete()
        # Sign-in links and API tokens (related managers: members does not import those apps).
        user.surfconext_identities.all().delete()
        user.access_tokens.all().delete()
        # Advice still being written loses a writer who is gone; finished groups keep a "deleted member".
        Follow.objects.filter(user=user).delete()
        WorkingGroupMember.objects.filter(user=user, advice__status__in=TEXT_OPEN).delete()
        # A candidacy ends before its election; an election held keeps its candidates, without their words.
        Nomination.objects.filter(nominee=user, vacancy__election__isnull=True).update(
            status=Nomination.Status.WITHDRAWN, decided_at=timezone.now()
        )
        Nomination.objects.filter(nominee=user).update(motivation="")
        # The candidate's name on an election's ballot (results, exports) goes too.
        from koers.polls.models import Option

        Option.objects.filter(nomination__nominee=user).update(label=str(_("Verwijderd lid")))
        # Past attendance still counts for the institution; the personal note goes, and so do future places.
        Registration.objects.filter(user=user).update(note="")
        for registration in Registration.objects.filter(user=user, meeting__starts_at__gt=timezone.now()):
            registration_cancel(meeting=registration.meeting, user=user)
        # Ballots stay counted, but no longer say whose they were.
        Participation.objects.filter(user=user).update(user=None)
        requests = MembershipRequest.objects.filter(Q(user=user) | Q(email__iexact=old_email))
        request_ids = list(requests.values_list("pk", flat=True))
        requests.update(
            full_name=str(_("Verwijderd lid")), email=user.email, job_title="", motivation="", decision_reason=""
        )
        # Keep the audit trail but without the person's name in it: events about the member, about their
        # positions ("Voorzitter: <name>") and about their requests ("<name> <e-mail>") all named them.
        targets = [
            user,
            *Position.objects.filter(user=user).select_related("user"),
            *MembershipRequest.objects.filter(pk__in=request_ids),
        ]
        for target in targets:
            AuditEvent.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk)).update(
                target_repr=str(target)[:255]
            )
        # A rejection reason may describe the person: drop the details of events about their requests.
        AuditEvent.objects.filter(
            target_type=MembershipRequest._meta.label_lower, target_id__in=[str(pk) for pk in request_ids]
        ).update(data={})
        # A person who is gone holds no position from now on; the past terms stay as history.
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        Position.objects.filter(user=user, start_date__gt=yesterday).delete()
        Position.objects.filter(user=user).filter(Q(end_date__isnull=True) | Q(end_date__gt=yesterday)).update(
            end_date=yesterday
        )
