"""What members holds about a person: consents and their history, and positions held.

Called by koers.privacy for the data download and the erasure of an account.
"""

import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from koers.core import derived
from koers.core.models import AuditEvent

from .models import Consent, ConsentEvent, Position

USER_FIELDS = (
    "members.Position.user",
    "members.Consent.user",
    "members.ConsentEvent.user",
)


def export(*, user) -> dict[str, Any]:
    return {
        "consents": [
            {"field": c.field, "text_version": c.text_version, "granted_at": c.granted_at.isoformat()}
            for c in Consent.objects.filter(user=user).order_by("field")
        ],
        "consent_history": [
            {"field": e.field, "granted": e.granted, "text_version": e.text_version, "at": e.created_at.isoformat()}
            for e in ConsentEvent.objects.filter(user=user).order_by("created_at", "id")
        ],
        "positions": [
            {
                "kind": p.kind,
                "institution": p.institution.name if p.institution is not None else None,
                "start_date": p.start_date.isoformat(),
                "end_date": p.end_date.isoformat() if p.end_date else None,
            }
            for p in Position.objects.filter(user=user).select_related("institution").order_by("start_date")
        ],
    }


def erase(*, user) -> None:
    """Consents go; past terms stay as history. Runs after accounts has anonymised the person."""
    Consent.objects.filter(user=user).delete()
    ConsentEvent.objects.filter(user=user).delete()
    # Events about the member's positions ("Voorzitter: <name>") named them; they now name nobody.
    for position in Position.objects.filter(user=user).select_related("user"):
        AuditEvent.objects.filter(target_type=position._meta.label_lower, target_id=str(position.pk)).update(
            target_repr=str(position)[:255]
        )
    # A person who is gone holds no position from now on; the past terms stay as history.
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Position.objects.filter(user=user, start_date__gt=yesterday).delete()
    Position.objects.filter(user=user).filter(Q(end_date__isnull=True) | Q(end_date__gt=yesterday)).update(
        end_date=yesterday
    )
    derived.changed("positions")  # update() sends no signal
