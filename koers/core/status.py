"""Status badges: every state value of portfolio, polls, meetings, advice and vacancies belongs to one family.

A family has one colour everywhere (koers-theme.css maps it onto an NL Design System status badge), so a
member learns once that blue means "running/open", green "done", orange "needs attention", grey "closed"
and red "cancelled or rejected". The values are the stored values of the models' choices; a value that
means the same thing in two models (``concept``, ``afgerond``, ``ingetrokken``) has the same family.
"""

NEUTRAL = "neutral"  # concept, idea, not yet open
ACTIVE = "active"  # open, running, published
WARNING = "warning"  # needs attention, e.g. out for consultation
SUCCESS = "success"  # done, decided
INACTIVE = "inactive"  # closed, ended, withdrawn
DANGER = "danger"  # cancelled, rejected

FAMILIES = (NEUTRAL, ACTIVE, WARNING, SUCCESS, INACTIVE, DANGER)

STATUS_FAMILY: dict[str, str] = {
    # concept and not yet started
    "idee": NEUTRAL,
    "concept": NEUTRAL,
    "gepland": NEUTRAL,
    "voorgedragen": NEUTRAL,
    # open and running
    "open": ACTIVE,
    "lopend": ACTIVE,
    "gepubliceerd": ACTIVE,
    "werkgroep": ACTIVE,
    "aangeboden": ACTIVE,
    "in_uitvoering": ACTIVE,
    "verkiezing": ACTIVE,
    # asks for attention
    "consultatie": WARNING,
    # done
    "afgerond": SUCCESS,
    "besluit": SUCCESS,
    "bevestigd": SUCCESS,
    "aanvaard": SUCCESS,
    # closed and ended
    "gesloten": INACTIVE,
    "afgelopen": INACTIVE,
    "gestopt": INACTIVE,
    "ingetrokken": INACTIVE,
    # cancelled and rejected
    "geannuleerd": DANGER,
    "afgewezen": DANGER,
}


def status_family(value: str) -> str:
    """The family of a stored state value; an unknown value is neutral rather than an error on a page."""
    return STATUS_FAMILY.get(str(value), NEUTRAL)
