"""The notifications this app sends (see koers.notifications.registry); the keys are stored, so they never change."""

from django.utils.translation import gettext_lazy as _

from koers.notifications.models import Kind
from koers.notifications.registry import notice

REPLY = notice(
    key="comments.reply",
    kind=Kind.COMMENTS,
    subject=_("Nieuw antwoord bij %(title)s"),
    body="%(text)s",
)
