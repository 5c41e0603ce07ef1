"""The polls' part of the feed's backfill (koers.activity): each published poll's opening, closing and outcome,
for whom may open the poll."""

from django.utils import timezone

from koers.activity.kinds import Kind
from koers.activity.models import Audience
from koers.activity.registry import activity_backfill
from koers.activity.services import record_once

from .models import Poll


@activity_backfill
def backfill() -> int:
    now = timezone.now()
    added = 0
    for poll in Poll.objects.filter(published_at__isnull=False):
        restricted = {"audience": Audience.RESTRICTED}
        opened = max(poll.published_at or poll.opens_at, poll.opens_at)
        added += record_once(kind=Kind.POLL_OPENED, target=poll, at=opened, **restricted)
        if poll.closes_at <= now:
            added += record_once(kind=Kind.POLL_CLOSED, target=poll, at=poll.closes_at, **restricted)
        if poll.outcome_at is not None:
            added += record_once(kind=Kind.POLL_OUTCOME, target=poll, at=poll.outcome_at, **restricted)
    return added
