from django.db.models import QuerySet

from .audit import is_action
from .models import AuditEvent


def audit_events(*, action: str = "") -> QuerySet[AuditEvent]:
    """The audit log, newest first; an unknown action filters nothing."""
    events = AuditEvent.objects.select_related("actor").order_by("-created_at", "-id")
    if is_action(action):
        events = events.filter(action=action)
    return events
