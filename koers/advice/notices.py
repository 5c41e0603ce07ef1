"""The notifications this app sends (see koers.notifications.registry); the keys are stored, so they never change."""

from django.utils.translation import gettext_lazy as _

from koers.notifications.models import Kind
from koers.notifications.registry import notice

from .models import Decision, FollowUp, Status

WORKING_GROUP_JOINED = notice(
    key="advice.working_group_joined",
    kind=Kind.ADVICE,
    subject=_("Je zit in de werkgroep voor het advies ‘%(title)s’"),
    body="%(question)s",
)
STATUS_CHANGED = notice(
    key="advice.status_changed",
    kind=Kind.ADVICE,
    subject=_("%(title)s: nu ‘%(status)s’"),
    body="%(note)s",
    choices={"status": Status},
)
DECIDED = notice(
    key="advice.decided",
    kind=Kind.ADVICE,
    subject=_("%(title)s: besluit ‘%(decision)s’"),
    body=_("Besluit van de Adviesraad: %(decision)s.\nMotivering: %(rationale)s\n\n%(note)s"),
    choices={"decision": Decision},
)
FOLLOW_UP_ADDED = notice(
    key="advice.follow_up_added",
    kind=Kind.ADVICE,
    subject=_("%(title)s: opvolging %(progress)s%% (%(state)s)"),
    body=_("Voortgang: %(progress)s%%. Stand van zaken: %(state)s.\n\n%(text)s"),
    choices={"state": FollowUp.Progress},
)
