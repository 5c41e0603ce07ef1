"""One ``notify`` service that every capability calls to tell members something.

Each notification is stored (members see it in the site) and e-mailed according to the member's
preference for its kind: at once (after the transaction commits), in a daily or weekly digest, or not.
It stores a declared message (see .registry) with its values, so it is shown in the reader's language.
"""

import logging
from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from koers.core.mail import send_after_commit

from .models import Frequency, Notification, NotificationPreference
from .registry import Notice, Params

if TYPE_CHECKING:  # only the type: accounts sits above notifications
    from koers.accounts.models import User

# A file mailed with a notification: name, content, MIME type.
Attachment = tuple[str, bytes, str]

logger = logging.getLogger(__name__)


def frequencies_for(*, users: Iterable["User"], kind: str) -> dict[int, str]:
    users = list(users)
    chosen = dict(NotificationPreference.objects.filter(user__in=users, kind=kind).values_list("user_id", "frequency"))
    return {user.pk: chosen.get(user.pk, Frequency.IMMEDIATE) for user in users}


def notify(
    *,
    recipients: Iterable["User"],
    notice: Notice,
    params: Params | None = None,
    url: str = "",
    attachment: Attachment | None = None,
) -> list[Notification]:
    """Store a notification for every active recipient and e-mail those who want it immediately.

    It is shown and mailed in each reader's language. With an ``attachment`` (a changed calendar entry) it is
    mailed at once to every recipient whatever their preference: the file must reach them, not wait for a digest.
    """
    people = {user.pk: user for user in recipients if user.is_active and not user.anonymised_at}
    if not people:
        return []
    params = dict(params or {})
    frequency = frequencies_for(users=people.values(), kind=notice.kind)
    mailed = {pk for pk, chosen in frequency.items() if attachment is not None or chosen == Frequency.IMMEDIATE}
    now = timezone.now()
    notifications = []
    for user in people.values():
        with translation.override(user.language):
            subject, body = notice.render(params)
        notifications.append(
            Notification(
                user=user,
                kind=notice.kind,
                message=notice.key,
                params=params,
                subject=subject[:200],
                body=body,
                url=url,
                emailed_at=now if user.pk in mailed else None,
            )
        )
    created = Notification.objects.bulk_create(notifications)
    immediate = [(n, people[n.user_id]) for n in created if n.user_id in mailed]
    if immediate:
        send_after_commit(partial(_immediate_messages, items=immediate, attachment=attachment))
    return created


def _absolute(url: str) -> str:
    return f"{settings.SITE_URL}{url}" if url.startswith("/") else url


def _immediate_messages(
    *, items: list[tuple[Notification, "User"]], attachment: Attachment | None
) -> list[EmailMessage]:
    messages = []
    for notification, user in items:
        with translation.override(user.language):
            text = render_to_string(
                "notifications/email/notification.txt",
                {"user": user, "notification": notification, "link": _absolute(notification.url)},
            )
            message = EmailMessage(notification.shown_subject, text, None, [user.email])
        if attachment is not None:
            message.attach(*attachment)
        messages.append(message)
    return messages


def digest_send(*, frequency: Frequency | str) -> int:
    """E-mail every member whose preference is ``frequency`` one overview of what is waiting. Returns mails sent.

    A notification is marked as mailed only when its digest went out; a member whose mail fails is
    logged and tried again next run, and the others still get theirs.
    """
    kinds_by_user: dict[int, list[str]] = {}
    for user_id, kind in NotificationPreference.objects.filter(frequency=frequency).values_list("user_id", "kind"):
        kinds_by_user.setdefault(user_id, []).append(kind)
    sent = 0
    for user_id, kinds in kinds_by_user.items():
        try:
            sent += _digest_one(user_id=user_id, kinds=kinds, frequency=frequency)
        except Exception:  # noqa: BLE001 - one member's failure must not stop the run
            logger.exception("Digest for member %s failed", user_id)
    return sent


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
        send_mail(subject, text, None, [user.email])
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=timezone.now())
    return 1


def preferences_save(*, user: "User", choices: dict[str, str]) -> None:
    with transaction.atomic():
        for kind, frequency in choices.items():
            NotificationPreference.objects.update_or_create(user=user, kind=kind, defaults={"frequency": frequency})


def notifications_mark_read(*, user: "User") -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
