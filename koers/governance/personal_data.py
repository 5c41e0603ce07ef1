"""What governance holds about a person: their nominations as a candidate.

Called by koers.privacy for the data download and the erasure of an account.
"""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.polls.models import Option

from .models import Nomination

# Who nominated someone, created a vacancy or confirmed an election keeps pointing at the account after its
# erasure, which then names nobody.
USER_FIELDS = (
    "governance.Vacancy.confirmed_by",
    "governance.Vacancy.created_by",
    "governance.Nomination.nominee",
    "governance.Nomination.nominated_by",
)


def export(*, user) -> dict[str, Any]:
    return {
        "nominations": [
            {
                "vacancy": n.vacancy.title,
                "status": n.status,
                "motivation": n.motivation,
                "elected": n.elected,
                "at": n.created_at.isoformat(),
            }
            for n in Nomination.objects.filter(nominee=user).select_related("vacancy").order_by("created_at")
        ],
    }


def erase(*, user) -> None:
    # A candidacy ends before its election; an election held keeps its candidates, without their words.
    Nomination.objects.filter(nominee=user, vacancy__election__isnull=True).update(
        status=Nomination.Status.WITHDRAWN, decided_at=timezone.now()
    )
    Nomination.objects.filter(nominee=user).update(motivation="")
    # The candidate's name on an election's ballot (results, exports) goes too.
    Option.objects.filter(nomination__nominee=user).update(label=str(_("Verwijderd lid")))
