"""The audit log: one function records every security-relevant event."""

from typing import Any

from django.db import models

from .models import AuditEvent


def audit_record(*, actor, action: str, target: models.Model, data: dict[str, Any] | None = None) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk or ""),
        target_repr=str(target)[:255],
        data=data or {},
    )
