"""E-mail goes out only after the transaction commits, and a failing mail server never undoes an action."""

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction

logger = logging.getLogger(__name__)


def send_after_commit(build: Callable[[], list[EmailMessage]]) -> None:
    """Build and send the messages once the current transaction has committed (at once outside one)."""

    def send() -> None:
        try:
            messages = build()
            for message in messages:
                message.reply_to = message.reply_to or [settings.CONTACT_EMAIL]
            if messages:
                get_connection().send_messages(messages)
        except Exception:  # noqa: BLE001 - the action is saved; a lost mail is logged, not shown as an error
            logger.exception("Sending e-mail after commit failed")

    transaction.on_commit(send)
