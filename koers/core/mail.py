"""E-mail leaves the request: messages go to a background task after the transaction commits.

A message travels to the worker as plain JSON (``serialise``/``deserialise``); the task sends it with
``deliver`` and, when the mail server fails, enqueues itself again later (``retry_later``) with a growing
delay, until the last attempt is recorded as a failed task for the administrators to see.
"""

import base64
import datetime
import logging
import smtplib
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone

logger = logging.getLogger(__name__)

# Errors of the mail server or the network: worth trying again later. Anything else is a bug and fails at once.
TRANSIENT = (smtplib.SMTPException, OSError)


def serialise(message: EmailMessage) -> dict[str, Any]:
    """A message as JSON a task can carry: text, addresses and attachments (base64)."""
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from": message.from_email or "",
        "to": list(message.to),
        "reply_to": list(message.reply_to),
        "attachments": [
            [name, base64.b64encode(content if isinstance(content, bytes) else content.encode()).decode(), mimetype]
            for name, content, mimetype in message.attachments
        ],
    }


def deserialise(data: dict[str, Any]) -> EmailMessage:
    message = EmailMessage(
        data["subject"], data["body"], data["from"] or None, data["to"], reply_to=data["reply_to"] or None
    )
    for name, content, mimetype in data["attachments"]:
        message.attach(name, base64.b64decode(content), mimetype)
    return message


def attachment_data(attachment: tuple[str, bytes, str] | None) -> list[str] | None:
    """A file to attach (name, content, MIME type) as JSON a task can carry."""
    if attachment is None:
        return None
    name, content, mimetype = attachment
    return [name, base64.b64encode(content).decode(), mimetype]


def attach(message: EmailMessage, data: list[str] | None) -> None:
    if data is not None:
        name, content, mimetype = data
        message.attach(name, base64.b64decode(content), mimetype)


def deliver(messages: Sequence[EmailMessage]) -> tuple[int, Exception | None]:
    """Send the messages in order over one connection. Returns how many went out and the error that stopped it.

    An address the server refuses for good is logged and skipped; the messages from the first failure of the
    server or the network onwards are left for a later attempt (the caller retries them).
    """
    sent = 0
    connection = get_connection()
    try:
        connection.open()
        for message in messages:
            message.reply_to = message.reply_to or [settings.CONTACT_EMAIL]
            try:
                connection.send_messages([message])
            except smtplib.SMTPRecipientsRefused:
                logger.warning("The mail server refused the address of a message; it is not sent")
            sent += 1
    except TRANSIENT as error:
        return sent, error
    finally:
        try:
            connection.close()
        except TRANSIENT:
            logger.warning("Closing the mail connection failed")
    return sent, None


def retry_delay(attempt: int) -> datetime.timedelta | None:
    """How long to wait before attempt ``attempt + 1``; None when ``attempt`` was the last one."""
    delays = settings.KOERS_MAIL_RETRY_MINUTES
    if attempt > len(delays):
        return None
    return datetime.timedelta(minutes=delays[attempt - 1])


def retry_later(task: Any, error: Exception, *, attempt: int, **kwargs: Any) -> dict[str, Any]:
    """Enqueue ``task`` again with ``kwargs`` after the delay for this attempt, or raise ``error`` after the last.

    Raising lets the worker record the task as failed (the administrators see it in Beheer). A backend that
    cannot run a task later (the immediate backend) fails at once.
    """
    delay = retry_delay(attempt)
    if delay is None or not task.get_backend().supports_defer:
        raise error
    run_after = timezone.now() + delay
    task.using(run_after=run_after).enqueue(attempt=attempt + 1, **kwargs)
    logger.warning("Sending e-mail failed (%s); attempt %s at %s", error, attempt + 1, run_after.isoformat())
    return {"retry": attempt + 1, "run_after": run_after.isoformat()}
