"""What the feed holds about a person: the events they caused, the news that they joined, and when they last
opened the feed.

Called by koers.privacy for the data download and the erasure of an account.
"""

from typing import Any

from .kinds import Kind
from .models import Activity, FeedVisit

USER_FIELDS = (
    "activity.Activity.actor",
    "activity.FeedVisit.user",
)


def _joined(user) -> Any:
    return Activity.objects.filter(kind=Kind.MEMBER_JOINED, object_type=user._meta.label_lower, object_id=user.pk)


def export(*, user) -> dict[str, Any]:
    visit = FeedVisit.objects.filter(user=user).first()
    return {
        "feed_last_visit": visit.seen_at.isoformat() if visit else None,
        "feed_activities": [
            {"kind": a.kind, "title": a.title, "url": a.url, "created_at": a.created_at.isoformat()}
            for a in (Activity.objects.filter(actor=user) | _joined(user)).order_by("created_at", "id")
        ],
    }


def erase(*, user) -> None:
    # The events stay news for the network; who caused them is forgotten, and so is the news of their joining,
    # whose title is their name.
    Activity.objects.filter(actor=user).update(actor=None)
    _joined(user).delete()
    FeedVisit.objects.filter(user=user).delete()
