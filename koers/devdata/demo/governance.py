"""Demo data for governance: a completed chair election and an open vacancy taking nominations.

Called by ``manage.py load_demo`` after the people and the polls are loaded. Safe to run again: each part
is made only when its vacancy is not there yet. It tells nobody anything (no notifications, no e-mail),
so that loading the demo sends no mail; the new chair's appointment is audited like any other.
"""

import datetime
import math
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from koers.governance.models import Nomination, Vacancy
from koers.governance.services import ballot_labels
from koers.members.models import Position
from koers.members.services import position_start
from koers.polls.models import Poll
from koers.polls.services import ballot_cast, poll_create, poll_publish, question_save

if TYPE_CHECKING:
    from koers.accounts.models import User

CHAIR_TITLE = "Voorzitter regiegroep"
STEERING_TITLE = "Lid regiegroep"
CHAIR_PROFILE = """De voorzitter leidt de regiegroep en de netwerkbijeenkomsten, is het gezicht van het netwerk
naar de MBO Raad, saMBO-ICT en de Adviesraad Digitalisering, en bewaakt de koers van het meerjarenplan.

We zoeken een informatiemanager die:

- verbindt tussen grote en kleine instellingen;
- de strategische agenda's (Npuls, Doorpakken) kent;
- ongeveer vier uur per week kan vrijmaken.
"""
STEERING_PROFILE = """De regiegroep bereidt de bijeenkomsten voor, zet peilingen uit en volgt de adviezen aan de
Adviesraad Digitalisering. Er komen **twee plaatsen** vrij.

Leden ordenen de kandidaten op voorkeur; de telling vult de zetels één voor één.
"""
CHAIR_CANDIDATES = ["eva.jansen@koers.example", "daan.smit@koers.example"]  # Eva Jansen wins
BALLOTS = 20


def load_election(*, people: dict[str, "User"]) -> None:
    """Add the demo's governance: ``people`` are the demo accounts by e-mail address (voters and candidates)."""
    with transaction.atomic():
        _completed_chair_election(people)
        _open_steering_vacancy(people)


def _years_later(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _completed_chair_election(people: dict[str, "User"]) -> None:
    if Vacancy.objects.filter(title=CHAIR_TITLE).exists():
        return
    candidates = [people[email] for email in CHAIR_CANDIDATES if email in people]
    secretary = people.get("secretaris@koers.example")
    sitting = Position.objects.current().filter(kind=Position.Kind.CHAIR).exclude(end_date=None).first()
    if len(candidates) < 2 or sitting is None or sitting.end_date is None:  # the query excludes an open end
        return
    today, now = timezone.localdate(), timezone.now()
    term_start = sitting.end_date + datetime.timedelta(days=1)  # the day after the current chair steps down
    vacancy = Vacancy.objects.create(
        kind=Position.Kind.CHAIR,
        title=CHAIR_TITLE,
        profile=CHAIR_PROFILE,
        seats=1,
        nominations_open_until=today - datetime.timedelta(days=35),
        term_start=term_start,
        term_end=_years_later(term_start, 2) - datetime.timedelta(days=1),
        created_by=secretary,
    )
    nominations = [
        Nomination.objects.create(
            vacancy=vacancy,
            nominee=person,
            nominated_by=person,
            status=Nomination.Status.ACCEPTED,
            decided_at=now - datetime.timedelta(days=40),
            motivation=motivation,
        )
        for person, motivation in zip(
            candidates,
            [
                "Ik wil het netwerk de komende jaren laten groeien, met oog voor de kleine instellingen.",
                "Ik breng tien jaar ervaring mee in de regiegroep en wil de adviezen beter laten landen.",
            ],
            strict=False,
        )
    ]
    poll = poll_create(
        actor=secretary,
        data={
            "title": f"Verkiezing: {CHAIR_TITLE}",
            "kind": Poll.Kind.POLL,
            "anonymous": True,
            "allow_change": False,
            "visibility": Poll.Visibility.AFTER_CLOSING,
            "opens_at": now - datetime.timedelta(hours=1),
            "closes_at": now + datetime.timedelta(hours=1),
            "election": True,
            "opening_sent_at": now,
        },
    )
    question = question_save(
        poll=poll,
        question=None,
        data={"text": f"Wie kies je voor {CHAIR_TITLE}?", "kind": "een", "required": True},
        options=ballot_labels(nominations),
    )
    options = list(question.options.order_by("position"))
    for nomination, option in zip(nominations, options, strict=True):
        nomination.option = option
        nomination.save(update_fields=["option"])
    poll_publish(actor=secretary, poll=poll)
    voters = sorted(
        (p for p in people.values() if p.is_active and not p.anonymised_at), key=lambda person: person.email
    )[:BALLOTS]
    winner_votes = math.ceil(len(voters) * 0.6)
    for index, voter in enumerate(voters):
        chosen = nominations[0] if index < winner_votes else nominations[1]
        ballot_cast(poll=poll, voter=voter, answers={question.pk: chosen.option_id})
    closes = now - datetime.timedelta(days=21)
    Poll.objects.filter(pk=poll.pk).update(opens_at=closes - datetime.timedelta(days=14), closes_at=closes)
    winner = nominations[0]
    position = position_start(
        actor=secretary,
        user=winner.nominee,
        kind=Position.Kind.CHAIR,
        start_date=vacancy.term_start,
        end_date=vacancy.term_end,
        note=f"Gekozen: {CHAIR_TITLE}",
        hand_over=True,
    )
    winner.elected, winner.position = True, position
    winner.save(update_fields=["elected", "position"])
    Vacancy.objects.filter(pk=vacancy.pk).update(
        status=Vacancy.Status.CONFIRMED,
        election=poll,
        confirmed_at=now - datetime.timedelta(days=20),
        confirmed_by=secretary,
    )


def _open_steering_vacancy(people: dict[str, "User"]) -> None:
    if Vacancy.objects.filter(title=STEERING_TITLE).exists():
        return
    today, now = timezone.localdate(), timezone.now()
    vacancy = Vacancy.objects.create(
        kind=Position.Kind.STEERING_MEMBER,
        title=STEERING_TITLE,
        profile=STEERING_PROFILE,
        seats=2,
        ranked=True,
        nominations_open_until=today + datetime.timedelta(days=14),
        term_start=today + datetime.timedelta(days=60),
        created_by=people.get("secretaris@koers.example"),
    )
    proposals = [
        # (nominee, nominated by, accepted, motivation)
        ("hans.bos@koers.example", "hans.bos@koers.example", True, "Ik wil de architectuurkant versterken."),
        (
            "ilse.meijer@koers.example",
            "lucas.dekker@koers.example",
            True,
            "Ilse kent het groene onderwijs als geen ander.",
        ),
        ("lid@koers.example", "regiegroep@koers.example", False, "Gerda heeft veel ervaring met data."),
    ]
    for nominee, nominator, accepted, motivation in proposals:
        if nominee not in people:
            continue
        Nomination.objects.create(
            vacancy=vacancy,
            nominee=people[nominee],
            nominated_by=people.get(nominator),
            motivation=motivation,
            status=Nomination.Status.ACCEPTED if accepted else Nomination.Status.PROPOSED,
            decided_at=now if accepted else None,
        )
