"""A plain message per kind for tests that need some notification, whatever it says."""

from collections.abc import Iterable

from koers.accounts.models import User
from koers.notifications.models import Kind, Notification
from koers.notifications.registry import notice
from koers.notifications.services import notify

PLAIN = {kind: notice(key=f"tests.{kind}", kind=kind, subject="%(subject)s", body="%(body)s") for kind in Kind.values}


def tell(*, recipients: Iterable[User], kind: str, subject: str, body: str = "", url: str = "") -> list[Notification]:
    return notify(recipients=recipients, notice=PLAIN[kind], params={"subject": subject, "body": body}, url=url)
