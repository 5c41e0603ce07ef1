"""The advice's part of the feed's backfill (koers.activity): each advice as added, its latest status change and
its latest follow-up; public once its text is."""

from koers.activity.kinds import Kind
from koers.activity.models import Audience
from koers.activity.registry import activity_backfill
from koers.activity.services import record_once

from .models import Advice, Status
from .rules import PUBLIC_TEXT_STATUSES


@activity_backfill
def backfill() -> int:
    added = 0
    for advice in Advice.objects.prefetch_related("themes", "follow_ups"):
        audience = Audience.PUBLIC if advice.status in PUBLIC_TEXT_STATUSES else Audience.MEMBERS
        themes = list(advice.themes.all())
        added += record_once(
            kind=Kind.ADVICE_ADDED, target=advice, audience=Audience.MEMBERS, themes=themes, at=advice.created_at
        )
        if advice.status != Status.IDEA and advice.status_changed_at is not None:
            added += record_once(
                kind=Kind.ADVICE_STATUS, target=advice, audience=audience, themes=themes, at=advice.status_changed_at
            )
        follow_ups = sorted(advice.follow_ups.all(), key=lambda f: (f.created_at, f.pk))
        if follow_ups:
            added += record_once(
                kind=Kind.ADVICE_FOLLOW_UP,
                target=advice,
                audience=audience,
                themes=themes,
                at=follow_ups[-1].created_at,
            )
    return added
