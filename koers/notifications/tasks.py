"""Background tasks of notifications: the immediate e-mails of ``notify`` and the digests."""

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from koers.core.mail import TRANSIENT, attach, deliver, retry_later

from .models import Notification

# At most this many members' e-mails per task: a notice to 3,000 members is 15 tasks, each one connection.
MAIL_BATCH = 200


def _absolute(url: str) -> str:
    return f"{settings.SITE_URL}{url}" if url.startswith("/") else url


def _message(notification: Notification, attachment: list[str] | None) -> EmailMessage:
    user = notification.user
    with translation.override(user.language):
        text = render_to_string(
            "notifications/email/notification.txt",
            {"user": user, "notification": notification, "link": _absolute(notification.url)},
        )
        message = EmailMessage(notification.shown_subject, text, None, [user.email])
    attach(message, attachment)
    return message


@task()
def send_notifications(*, ids: list[int], attachment: list[str] | None = None, attempt: int = 1) -> dict[str, Any]:
    """E-mail the notifications ``ids`` (one batch of ``notify``) in each recipient's language.

    A member who left or erased their account meanwhile gets nothing. What the mail server did not take is
    tried again later with the same ids (koers.core.mail.retry_later).
    """
    notifications = [
        n
        for n in Notification.objects.filter(pk__in=ids).select_related("user").order_by("pk")
        if n.user.is_active and not n.user.anonymised_at
    ]
    sent, error = deliver([_message(n, attachment) for n in notifications])
    if error is not None:
        rest = [n.pk for n in notifications[sent:]]
        return retry_later(send_notifications, error, attempt=attempt, ids=rest, attachment=attachment)
    return {"sent": sent}


@task()
def send_digest(*, user_id: int, kinds: list[str], frequency: str, attempt: int = 1) -> dict[str, Any]:
    """E-mail one member the overview of their unmailed notifications of ``kinds``; mark them mailed if it went.

    A run that finds nothing waiting (another run sent it) sends nothing; a failing mail server marks nothing
    and the digest is tried again later.
    """
    try:
        return {"sent": _digest_one(user_id=user_id, kinds=kinds, frequency=frequency)}
    except TRANSIENT as error:
        return retry_later(send_digest, error, attempt=attempt, user_id=user_id, kinds=kinds, frequency=frequency)


def _digest_one(*, user_id: int, kinds: list[str], frequency: str) -> int:
    with transaction.atomic():
        pending = list(
            Notification.objects.select_for_update()
            .filter(user_id=user_id, kind__in=kinds, emailed_at__isnull=True)
            .select_related("user")
            .order_by("created_at", "id")
        )
        if not pending or not pending[0].user.is_active or pending[0].user.anonymised_at:
            return 0
        user = pending[0].user
        with translation.override(user.language):
            subject = render_to_string(
                "notifications/email/digest_subject.txt", {"count": len(pending), "frequency": frequency}
            ).strip()
            text = render_to_string(
                "notifications/email/digest.txt", {"user": user, "items": [(n, _absolute(n.url)) for n in pending]}
            )
        # Sent inside the transaction: if sending fails, nothing is marked as mailed.
        _, error = deliver([EmailMessage(subject, text, None, [user.email])])
        if error is not None:
            raise error
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=timezone.now())
    return 1
