import datetime

from django.utils import timezone

from koers.advice.models import Status
from koers.advice.services import (
    DecisionData,
    advice_create,
    advice_transition,
    text_save,
    working_group_invite,
    working_group_set_lead,
)

from ..factories import ThemeFactory

# The path of an advice through its lifecycle, and who takes each step.
PATH = [Status.WORKING_GROUP, Status.DRAFT, Status.CONSULTATION, Status.OFFERED, Status.DECIDED, Status.IN_PROGRESS]


def make_advice(*, actor, title="Collectief gebruik van OOAPI", lead=None, status=Status.IDEA, **data):
    """An advice moved by ``actor`` (steering group) up to ``status``; ``lead`` leads its working group."""
    themes = data.pop("themes", None) or [ThemeFactory()]
    advice = advice_create(
        actor=actor,
        data={"title": title, "question": "Hoe wisselen we gegevens uit?", **data},
        links={"themes": themes},
    )
    if lead is None and status != Status.IDEA:
        lead = actor
    if lead is not None:
        working_group_invite(actor=actor, advice=advice, user=lead)
        working_group_set_lead(actor=actor, advice=advice, user=lead)
    for step in PATH[: PATH.index(status) + 1] if status in PATH else []:
        if step == Status.CONSULTATION and not advice.body:
            text_save(actor=actor, advice=advice, summary="Kort", body="# Advies\n\nGebruik OOAPI.", base_version=1)
        decision = None
        if step == Status.DECIDED:
            decision = DecisionData("overgenomen", "Past in de sectoragenda.", timezone.localdate())
        advice_transition(actor=actor, advice=advice, to=step, decision=decision)
    advice.refresh_from_db()
    return advice


DAY = datetime.timedelta(days=1)
