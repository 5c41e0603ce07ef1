import datetime

from django.utils import timezone

from koers.advice.models import Advice, FollowUp, Status, StatusChange
from koers.advice.services import (
    DecisionData,
    advice_create,
    advice_transition,
    text_save,
    working_group_invite,
    working_group_set_lead,
)

from ..factories import ThemeFactory
from ..meetings.conftest import make_meeting
from ..polls.conftest import make_poll

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


# What one_busy_day() puts on an advice's timeline, in the order it happened: (kind, title, text of a follow-up).
BUSY_DAY = [
    ("meeting", "Overleg", ""),
    ("follow_up", "Opvolging: Op schema", "Eerste"),
    ("status", "In uitvoering", ""),
    ("poll", "Peiling", ""),
    ("follow_up", "Opvolging: Op schema", "Tweede"),
    ("status", "Afgerond", ""),
]


def one_busy_day(advice: Advice) -> datetime.date:
    """Three days ago: a meeting, two status steps, a poll closing and two follow-ups, recorded in mixed order."""
    day = timezone.localdate() - 3 * DAY

    def at(hour: int) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))

    StatusChange.objects.create(advice=advice, from_status="in_uitvoering", to_status="afgerond", at=at(15))
    StatusChange.objects.create(advice=advice, from_status="besluit", to_status="in_uitvoering", at=at(11))
    for hour, text in ((14, "Tweede"), (9, "Eerste")):
        entry = FollowUp.objects.create(
            advice=advice, date=day, text=text, done_by="SURF", progress=hour, status="op_schema"
        )
        FollowUp.objects.filter(pk=entry.pk).update(created_at=at(hour))
    advice.polls.add(make_poll(title="Peiling", opens_at=at(1) - 10 * DAY, closes_at=at(12)))
    advice.meetings.add(make_meeting(title="Overleg", starts_at=at(8), ends_at=at(9)))
    return day
