"""One ``notify`` service that every capability calls to tell members something.

Each notification is stored (members see it in the site) and e-mailed according to the member's
preference for its kind: at once (after the transaction commits), in a daily or weekly digest, or not.
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
from django.utils.functional import lazy

from koers.core.mail import send_after_commit

from .models import Frequency, Kind, Notification, NotificationPreference

if TYPE_CHECKING:  # only the types: accounts sits above notifications
    from django_stubs_ext import StrOrPromise

    from koers.accounts.models import User

logger = logging.getLogger(__name__)


def frequencies_for(*, users: Iterable["User"], kind: str) -> dict[int, str]:
    users = list(users)
    chosen = dict(NotificationPreference.objects.filter(user__in=users, kind=kind).values_list("user_id", "frequency"))
    return {user.pk: chosen.get(user.pk, Frequency.IMMEDIATE) for user in users}


def in_their_language(message: "StrOrPromise", **params: object) -> "StrOrPromise":
    """A message with values, filled in only when rendered, so each recipient of notify() reads their language."""
    return lazy(lambda: str(message) % params, str)()


def notify(
    *, recipients: Iterable["User"], kind: Kind | str, subject: "StrOrPromise", body: "StrOrPromise" = "", url: str = ""
) -> list[Notification]:
    """Store a notification for every active recipient and e-mail those who want it immediately.

    ``subject`` and ``body`` may be lazy translations: they are rendered in each recipient's language.
    """
    people = {user.pk: user for user in recipients if user.is_active and not user.anonymised_at}
    if not people:
        return []
    frequency = frequencies_for(users=people.values(), kind=kind)
    now = timezone.now()
    notifications = []
    for user in people.values():
        with translation.override(user.language):
            notifications.append(
                Notification(
                    user=user,
                    kind=kind,
                    subject=str(subject)[:200],
                    body=str(body),
                    url=url,
                    emailed_at=now if frequency[user.pk] == Frequency.IMMEDIATE else None,
                )
            )
    created = Notification.objects.bulk_create(notifications)
    immediate = [(n, people[n.user_id]) for n in created if frequency[n.user_id] == Frequency.IMMEDIATE]
    if immediate:
        send_after_commit(partial(_immediate_messages, items=immediate))
    return created


def _absolute(url: str) -> str:
    return f"{settings.SITE_URL}{url}" if url.startswith("/") else url


def _immediate_messages(*, items: list[tuple[Notification, "User"]]) -> list[EmailMessage]:
    messages = []
    for notification, user in items:
        with translation.override(user.language):
            text = render_to_string(
                "notifications/email/notification.txt",
                {"user": user, "notification": notification, "link": _absolute(notification.url)},
            )
        messages.append(EmailMessage(notification.subject, text, None, [user.email]))
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
