from .models import Frequency, Kind, Notification, NotificationPreference


def unread_count(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_for(*, user):
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def preferences_for(*, user) -> dict[str, str]:
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "frequency"))
    return {kind: chosen.get(kind, Frequency.IMMEDIATE) for kind in Kind.values}
