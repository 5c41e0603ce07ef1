"""The audit actions this app records (see koers.core.audit); the values are stored, so they never change."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.core.audit import audit_actions


@audit_actions
class AccountAction(models.TextChoices):
    MEMBERSHIP_REQUESTED = "membership.requested", _("Lidmaatschap aangevraagd")
    MEMBERSHIP_APPROVED = "membership.approved", _("Lidmaatschap goedgekeurd")
    MEMBERSHIP_REJECTED = "membership.rejected", _("Lidmaatschap afgewezen")
    INVITATION_SENT = "invitation.sent", _("Nieuwe uitnodiging verstuurd")
    INVITATION_ACCEPTED = "invitation.accepted", _("Uitnodiging geaccepteerd")
    INSTITUTION_MOVED = "member.institution_moved", _("Andere instelling gekozen")
    PASSWORD_CHANGED = "password.changed", _("Wachtwoord gewijzigd")
    SURFCONEXT_LINKED = "surfconext.linked", _("SURFconext-account gekoppeld")
