"""The personal data of the audit log (koers.core) and of Django's admin log.

The ground floor and Django's own apps have no personal-data module of their own, so theirs is here.
"""

from typing import Any

from koers.core.models import AuditEvent

# Events a person caused, and what they did in the admin, stay after an erasure with an actor that names
# nobody. Events *about* someone's objects are cleaned by the apps that own those objects.
USER_FIELDS = (
    "core.AuditEvent.actor",
    "admin.LogEntry.user",
)


def export(*, user) -> dict[str, Any]:
    return {
        "audit_events_by_you": [
            {"action": a.action, "target": a.target_repr, "at": a.created_at.isoformat()}
            for a in AuditEvent.objects.filter(actor=user).order_by("created_at", "id")
        ],
    }


def erase(*, user) -> None:
    """Nothing to erase: the audit trail stays whole."""
