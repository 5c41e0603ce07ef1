"""The audit actions this app records (see koers.core.audit); the values are stored, so they never change."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.core.audit import audit_actions


@audit_actions
class MemberAction(models.TextChoices):
    POSITION_STARTED = "position.started", _("Functie toegekend")
    POSITION_ENDED = "position.ended", _("Functie beëindigd")
    CONSENT_GRANTED = "consent.granted", _("Toestemming gegeven")
    CONSENT_WITHDRAWN = "consent.withdrawn", _("Toestemming ingetrokken")
    INSTITUTION_CHANGED = "institution.changed", _("Instelling gewijzigd")
