from typing import TYPE_CHECKING

from django.db.models import QuerySet

from .models import Frequency, Kind, Notification, NotificationPreference

if TYPE_CHECKING:  # only the type: accounts sits above notifications
    from koers.accounts.models import User


def unread_notifications(*, user: "User") -> QuerySet[Notification]:
    return Notification.objects.filter(user=user, read_at__isnull=True)


def notifications_for(*, user: "User") -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def preferences_for(*, user: "User") -> dict[str, str]:
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "frequency"))
    return {kind: chosen.get(kind, Frequency.IMMEDIATE) for kind in Kind.values}
