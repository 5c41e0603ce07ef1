"""The roadmap's part of the feed's backfill (koers.activity): every ambition, as filled in (public, like the
national roadmap)."""

from koers.activity.kinds import Kind
from koers.activity.models import Audience
from koers.activity.registry import activity_backfill
from koers.activity.services import record_once

from .models import Ambition


@activity_backfill
def backfill() -> int:
    return sum(
        record_once(
            kind=Kind.AMBITION_FILLED,
            target=ambition,
            audience=Audience.PUBLIC,
            url=ambition.theme.get_absolute_url(),
            themes=[ambition.theme],
            institution=ambition.institution,
            at=ambition.updated_at,
        )
        for ambition in Ambition.objects.select_related("institution", "theme")
    )
