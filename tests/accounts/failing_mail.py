from django.core.mail.backends import locmem
from django.core.mail.backends.base import BaseEmailBackend


class Backend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server unreachable")


# Addresses the mail server below turns away for now (a test fills and empties it).
UNREACHABLE: set[str] = set()


class Partly(locmem.EmailBackend):
    """A mail server that delivers (to mail.outbox) but drops the connection on a message to an UNREACHABLE one."""

    def send_messages(self, email_messages):
        for message in email_messages:
            if set(message.to) & UNREACHABLE:
                raise ConnectionRefusedError("SMTP server unreachable")
        return super().send_messages(email_messages)
