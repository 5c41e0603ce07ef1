from django.db.models import QuerySet
from django_tasks_db.models import DBTaskResult

from .audit import is_action
from .models import AuditEvent


def audit_events(*, action: str = "") -> QuerySet[AuditEvent]:
    """The audit log, newest first; an unknown action filters nothing."""
    events = AuditEvent.objects.select_related("actor").order_by("-created_at", "-id")
    if is_action(action):
        events = events.filter(action=action)
    return events


def failed_task_count() -> int:
    """How many background tasks failed (after their retries): shown to administrators on Beheer's front page."""
    return DBTaskResult.objects.failed().count()
