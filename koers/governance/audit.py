"""The audit actions this app records (see koers.core.audit); the values are stored, so they never change."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.core.audit import audit_actions


@audit_actions
class GovernanceAction(models.TextChoices):
    VACANCY_OPENED = "vacancy.opened", _("Vacature opengesteld")
    VACANCY_CHANGED = "vacancy.changed", _("Vacature gewijzigd")
    VACANCY_CANCELLED = "vacancy.cancelled", _("Vacature ingetrokken")
    NOMINATION_CREATED = "nomination.created", _("Kandidaat voorgedragen")
    NOMINATION_ACCEPTED = "nomination.accepted", _("Voordracht aanvaard")
    NOMINATION_DECLINED = "nomination.declined", _("Voordracht afgewezen")
    NOMINATION_WITHDRAWN = "nomination.withdrawn", _("Voordracht ingetrokken")
    ELECTION_STARTED = "election.started", _("Verkiezing gestart")
    ELECTION_CLOSED = "election.closed", _("Verkiezing gesloten")
    ELECTION_CONFIRMED = "election.confirmed", _("Uitslag van een verkiezing bevestigd")
