"""One ``notify`` service that every capability calls to tell members something.

Each notification is stored (members see it in the site) and e-mailed according to the member's
preference for its kind: at once (by a task, after the transaction commits), in a daily or weekly digest, or not.
It stores a declared message (see .registry) with its values, so it is shown in the reader's language.
"""

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone, translation

from koers.core.mail import attachment_data

from . import tasks
from .models import Frequency, Notification, NotificationPreference
from .registry import Notice, Params

if TYPE_CHECKING:  # only the type: accounts sits above notifications
    from koers.accounts.models import User

# A file mailed with a notification: name, content, MIME type.
Attachment = tuple[str, bytes, str]


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
    """Store a notification for every active recipient; a task e-mails those who want it immediately.

    It is shown and mailed in each reader's language. The request only stores the notifications (in bulk, the
    text rendered once per language); rendering and sending the e-mails is left to tasks of at most
    ``tasks.MAIL_BATCH`` members each, enqueued once the transaction commits. With an ``attachment`` (a changed
    calendar entry) it is mailed at once to every recipient whatever their preference: the file must reach
    them, not wait for a digest.
    """
    people = {user.pk: user for user in recipients if user.is_active and not user.anonymised_at}
    if not people:
        return []
    params = dict(params or {})
    frequency = frequencies_for(users=people.values(), kind=notice.kind)
    mailed = {pk for pk, chosen in frequency.items() if attachment is not None or chosen == Frequency.IMMEDIATE}
    now = timezone.now()
    texts: dict[str, tuple[str, str]] = {}
    notifications = []
    for user in people.values():
        if user.language not in texts:
            with translation.override(user.language):
                texts[user.language] = notice.render(params)
        subject, body = texts[user.language]
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
    created = Notification.objects.bulk_create(notifications, batch_size=1000)
    immediate = [n.pk for n in created if n.user_id in mailed]
    data = attachment_data(attachment)
    for start in range(0, len(immediate), tasks.MAIL_BATCH):
        batch = immediate[start : start + tasks.MAIL_BATCH]
        transaction.on_commit(partial(tasks.send_notifications.enqueue, ids=batch, attachment=data))
    return created


def digest_send(*, frequency: Frequency | str) -> int:
    """Queue one digest task per member whose preference is ``frequency``. Returns how many were queued.

    Each task e-mails its member one overview of what is waiting and marks those notifications as mailed only
    when the digest went out; a member whose mail fails is tried again (see tasks.send_digest), and the others
    still get theirs.
    """
    kinds_by_user: dict[int, list[str]] = {}
    preferences = NotificationPreference.objects.filter(frequency=frequency, user__is_active=True)
    for user_id, kind in preferences.order_by("user_id", "kind").values_list("user_id", "kind"):
        kinds_by_user.setdefault(user_id, []).append(kind)
    for user_id, kinds in kinds_by_user.items():
        transaction.on_commit(
            partial(tasks.send_digest.enqueue, user_id=user_id, kinds=kinds, frequency=str(frequency))
        )
    return len(kinds_by_user)


def preferences_save(*, user: "User", choices: dict[str, str]) -> None:
    with transaction.atomic():
        for kind, frequency in choices.items():
            NotificationPreference.objects.update_or_create(user=user, kind=kind, defaults={"frequency": frequency})


def notifications_mark_read(*, user: "User") -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
