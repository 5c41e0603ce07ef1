"""The notifications this app sends (see koers.notifications.registry); the keys are stored, so they never change."""

from django.utils.translation import gettext_lazy as _

from koers.notifications.models import Kind
from koers.notifications.registry import notice

OPENED = notice(
    key="polls.opened",
    kind=Kind.POLLS,
    subject=_("Nieuwe peiling: %(title)s"),
    body=_("Stemmen kan tot %(date)s."),
)
REMINDER = notice(
    key="polls.reminder",
    kind=Kind.POLLS,
    subject=_("Herinnering: %(title)s sluit binnenkort"),
    body=_("Je hebt nog niet gestemd. Stemmen kan tot %(date)s."),
)
