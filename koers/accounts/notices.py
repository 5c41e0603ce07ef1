"""The notifications this app sends (see koers.notifications.registry); the keys are stored, so they never change."""

from django.utils.translation import gettext_lazy as _

from koers.notifications.models import Kind
from koers.notifications.registry import notice

MEMBERSHIP_REQUESTED = notice(
    key="accounts.membership_requested",
    kind=Kind.MEMBERSHIP,
    subject=_("Nieuwe lidmaatschapsaanvraag (%(institution)s)"),
    # No name here: notifications outlive a member who later erases their account.
    body=_("Een aanvraag vanuit %(institution)s wacht op beoordeling."),
)
INSTITUTION_MOVED = notice(
    key="accounts.institution_moved",
    kind=Kind.MEMBERSHIP,
    subject=_("%(name)s heeft een andere instelling gekozen"),
    body=_("Van %(old)s naar %(new)s."),
)
