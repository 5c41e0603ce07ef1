"""Writes for members, institutions, positions and consent. One transaction each; every change audited."""

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.core.audit import audit_record

from .audit import MemberAction
from .models import Consent, ConsentEvent, Institution, Position, SharedField

if TYPE_CHECKING:  # only the type: accounts sits above members
    from koers.accounts.models import User

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


def _overlapping(kind: str, start: datetime.date, end: datetime.date | None) -> QuerySet[Position]:
    positions = Position.objects.filter(kind=kind).filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
    if end is not None:
        positions = positions.filter(start_date__lte=end)
    return positions


def _refuse_overlap(
    *,
    kind: str,
    user_id: int,
    start: datetime.date,
    end: datetime.date | None,
    field: str,
    exclude_pk: int | None = None,
) -> None:
    """One chair at a time, and nobody holds the same position twice in one period. Call inside a transaction."""
    # Lock the positions of this kind so two simultaneous changes cannot both pass the check.
    list(Position.objects.select_for_update().filter(kind=kind))
    overlapping = _overlapping(kind, start, end)
    if exclude_pk is not None:
        overlapping = overlapping.exclude(pk=exclude_pk)
    if kind == Position.Kind.CHAIR and overlapping.exists():
        raise ValidationError({field: MSG_CHAIR_OVERLAP})
    if overlapping.filter(user_id=user_id).exists():
        raise ValidationError({field: MSG_POSITION_OVERLAP})


def _set_end(*, actor: "User | None", position: Position, end_date: datetime.date) -> None:
    previous = position.end_date
    position.end_date = end_date
    position.save(update_fields=["end_date"])
    audit_record(
        actor=actor,
        action=MemberAction.POSITION_ENDED,
        target=position,
        data={"end_date": str(end_date), "previous_end_date": str(previous) if previous else None},
    )


def position_start(
    *,
    actor: "User | None",
    user: "User",
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
            action=MemberAction.POSITION_STARTED,
            target=position,
            data={
                "user": user.pk,
                "kind": kind,
                "start_date": str(start_date),
                "end_date": str(end_date) if end_date else None,
            },
        )
    return position


def position_end(*, actor: "User | None", position: Position, end_date: datetime.date) -> Position:
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


def consent_set(*, user: "User", field: str, granted: bool, text_version: str = CONSENT_TEXT_VERSION) -> bool:
    """Give or withdraw consent for one field. Returns whether anything changed."""
    if field not in SharedField.values:
        raise ValidationError(MSG_UNKNOWN_FIELD)
    with transaction.atomic():
        existing = Consent.objects.select_for_update().filter(user=user, field=field).first()
        now = timezone.now()
        if granted:
            if existing is not None and existing.text_version == text_version:
                return False
            Consent.objects.update_or_create(
                user=user, field=field, defaults={"text_version": text_version, "granted_at": now}
            )
        else:
            if existing is None:
                return False
            existing.delete()
        ConsentEvent.objects.create(user=user, field=field, granted=granted, text_version=text_version, created_at=now)
        audit_record(
            actor=user,
            action=MemberAction.CONSENT_GRANTED if granted else MemberAction.CONSENT_WITHDRAWN,
            target=user,
            data={"field": field, "text_version": text_version},
        )
    return True


def consents_save(*, user: "User", fields: set[str]) -> int:
    """Make the member's consents exactly ``fields``. Returns how many changed."""
    with transaction.atomic():
        return sum(consent_set(user=user, field=f, granted=f in fields) for f in SharedField.values)


def institution_update(*, actor: "User | None", institution: Institution, data: dict[str, Any]) -> Institution:
    with transaction.atomic():
        changed: dict[str, str] = {}
        for name, value in data.items():
            if getattr(institution, name) != value:
                changed[name] = str(value)
                setattr(institution, name, value)
        institution.full_clean()
        institution.save()
        if changed:
            audit_record(actor=actor, action=MemberAction.INSTITUTION_CHANGED, target=institution, data=changed)
    return institution
