"""Background tasks of polls: the announcement when a poll opens and the reminder before it closes."""

from typing import Any

from django_tasks import task

from koers.notifications.services import notify

from . import notices
from .models import Poll
from .selectors import not_voted

# The notices the reminder command queues, by key (a task carries the key, not the object).
NOTICES = {notice.key: notice for notice in (notices.OPENED, notices.REMINDER)}


@task()
def poll_notify(*, poll_id: int, notice: str, params: dict[str, str]) -> dict[str, Any]:
    """Tell every member of the poll's audience who has not voted yet (their mails go out in batches by
    notifications.tasks.send_notifications). The poll was claimed by the command, so this runs once per poll."""
    poll = Poll.objects.filter(pk=poll_id).first()
    if poll is None:  # deleted since it was claimed
        return {"notified": 0}
    created = notify(
        recipients=not_voted(poll=poll), notice=NOTICES[notice], params=params, url=poll.get_absolute_url()
    )
    return {"notified": len(created)}
