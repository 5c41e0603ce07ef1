"""Background tasks of the ground floor: sending rendered e-mail messages."""

from typing import Any

from django.core.mail import EmailMessage
from django.db import transaction
from django_tasks import task

from .mail import deliver, deserialise, retry_later, serialise


@task()
def send_messages(*, messages: list[dict[str, Any]], attempt: int = 1) -> dict[str, Any]:
    """Send serialised messages; what the mail server did not take is tried again later (see mail.retry_later)."""
    sent, error = deliver([deserialise(data) for data in messages])
    if error is not None:
        return retry_later(send_messages, error, attempt=attempt, messages=messages[sent:])
    return {"sent": sent}


def mail_after_commit(messages: list[EmailMessage]) -> None:
    """Hand the messages to the worker once the current transaction has committed (at once outside one).

    A rolled-back action sends nothing, and the request never waits for the mail server.
    """
    if messages:
        data = [serialise(message) for message in messages]
        transaction.on_commit(lambda: send_messages.enqueue(messages=data))
