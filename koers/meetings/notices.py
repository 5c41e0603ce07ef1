"""The notifications this app sends (see koers.notifications.registry); the keys are stored, so they never change."""

from django.utils.translation import gettext_lazy as _

from koers.notifications.models import Kind
from koers.notifications.registry import notice

CANCELLED = notice(key="meetings.cancelled", kind=Kind.MEETINGS, subject=_("Geannuleerd: %(title)s"))
MOVED = notice(
    key="meetings.moved",
    kind=Kind.MEETINGS,
    subject=_("Gewijzigd: %(title)s"),
    body=_(
        "De bijeenkomst is nu van %(starts)s tot %(ends)s, %(place)s. Open het bijgevoegde agendabestand om je "
        "agenda bij te werken."
    ),
)
