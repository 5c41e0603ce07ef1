"""What notifications holds about a person: their notifications and how often they want them.

Called by koers.privacy for the data download and the erasure of an account.
"""

from typing import Any

from .models import Notification, NotificationPreference

USER_FIELDS = (
    "notifications.Notification.user",
    "notifications.NotificationPreference.user",
)


def export(*, user) -> dict[str, Any]:
    return {
        "notification_preferences": dict(
            NotificationPreference.objects.filter(user=user).values_list("kind", "frequency")
        ),
        "notifications": [
            {
                "kind": n.kind,
                "subject": n.shown_subject,
                "body": n.shown_body,
                "url": n.url,
                "created_at": n.created_at.isoformat(),
                "read_at": n.read_at.isoformat() if n.read_at else None,
            }
            for n in Notification.objects.filter(user=user).order_by("created_at", "id")
        ],
    }


def erase(*, user) -> None:
    Notification.objects.filter(user=user).delete()
    NotificationPreference.objects.filter(user=user).delete()
