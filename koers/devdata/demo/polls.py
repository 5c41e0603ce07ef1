"""Demo data for polls: the polls of the seed texts with their real numbers, a dot vote and a call."""

import datetime
import random

from django.utils import timezone

from koers.accounts.models import User
from koers.members.models import Institution
from koers.polls.models import Call, Poll, SignUp
from koers.polls.services import ballot_cast, options_from_themes, poll_create, poll_publish, question_save
from koers.themes.models import Theme

# Fictional voters, so that the polls of the seed texts can be shown with their real numbers.
VOTERS = [
    ("Anouk Bakker", "Albeda"),
    ("Bas de Wit", "Alfa-college"),
    ("Carla Smit", "Cibap"),
    ("Daan Mulder", "Curio"),
    ("Eva de Boer", "Deltion College"),
    ("Frank Peters", "Drenthe College"),
    ("Hanneke Dijkstra", "Friesland College"),
    ("Ivo Vermeulen", "Gilde Opleidingen"),
    ("Joyce van Dam", "Graafschap College"),
    ("Karim El Idrissi", "Koning Willem I College"),
    ("Lotte Kok", "Landstede MBO"),
    ("Martijn Jacobs", "Nova College"),
    ("Nadia Bos", "Noorderpoort"),
    ("Olaf Schouten", "ROC Midden Nederland"),
    ("Petra Willems", "ROC Mondriaan"),
    ("Ruben van Leeuwen", "Summa College"),
    ("Sanne Hendriks", "Zadkine"),
    ("Tom Visser", "Deltion College"),
    ("Ulla Janssen", "Albeda"),
    ("Vincent Maas", "Curio"),
    ("Wendy Koster", "Summa College"),
]


def load_polls(*, institutions: dict[str, Institution], themes: dict[str, Theme]) -> None:
    """The polls of the seed texts with their real numbers, a dot vote on the themes and a call."""
    if Poll.objects.exists():
        return
    now = timezone.now()
    accounts = list(User.objects.filter(email__endswith="@koers.example", institution__isnull=False))
    voters = []
    for number, (name, inst) in enumerate(VOTERS, start=1):
        user, _ = User.objects.get_or_create(
            email=f"deelnemer{number:02d}@koers.example",
            defaults={"full_name": name, "institution": institutions[inst], "job_title": "Informatiemanager"},
        )
        voters.append(user)
    fictional = list(voters)
    voters = (voters + accounts)[:26]

    def run(data, questions, tallies, *, closed_days_ago=None):
        span = {"opens_at": now - datetime.timedelta(days=14), "closes_at": now + datetime.timedelta(days=7)}
        poll = poll_create(actor=None, data={**span, **data})
        made = []
        for text, kind, options in questions:
            made.append(question_save(poll=poll, question=None, data={"text": text, "kind": kind}, options=options))
        poll_publish(actor=None, poll=poll)
        # tallies: per question the number of voters per option, in order; voters take them in turn.
        for index, voter in enumerate(voters):
            answers = {}
            for question, counts in zip(made, tallies, strict=True):
                options = list(question.options.all())
                bounds = [sum(counts[: n + 1]) for n in range(len(counts))]
                chosen = next((options[n] for n, bound in enumerate(bounds) if index < bound), None)
                if chosen is not None:
                    answers[question.pk] = chosen.pk
            if answers:
                ballot_cast(poll=poll, voter=voter, answers=answers)
        if closed_days_ago is not None:
            closes = now - datetime.timedelta(days=closed_days_ago)
            Poll.objects.filter(pk=poll.pk).update(opens_at=closes - datetime.timedelta(days=21), closes_at=closes)
        return poll

    ooapi = run(
        {
            "title": "OOAPI als uitwisselstandaard voor het mbo",
            "kind": Poll.Kind.SURVEY,
            "quorum": 25,
            "visibility": Poll.Visibility.AFTER_CLOSING,
            "allow_change": False,
        },
        [
            ("Kiezen we OOAPI als uitwisselstandaard voor het mbo?", "een", ["Ja", "Nee"]),
            (
                "Welke route heeft je voorkeur voor de invoering?",
                "een",
                ["Een afspraak met een ambitie", "Als voldongen feit: integraal onderdeel", "Door verleiding"],
            ),
        ],
        [[25, 1], [17, 5, 4]],
        # Before the advice built on it went to the Adviesraad (60 days ago, see advice.py).
        closed_days_ago=100,
    )
    Poll.objects.filter(pk=ooapi.pk).update(
        outcome="Het netwerk kiest OOAPI als uitwisselstandaard. De invoering loopt via een afspraak met een "
        "ambitie; het netwerk neemt dit op in het meerjarenplan.",
        outcome_at=now - datetime.timedelta(days=95),
    )
    run(
        {"title": "Herijking van de ICT-monitor", "kind": Poll.Kind.POLL, "allow_change": False},
        [
            (
                "Wat doen we met de ICT-monitor?",
                "een",
                ["Doel en doelgroep herijken", "Doorgaan zoals het is"],
            )
        ],
        [[24, 2]],
        closed_days_ago=30,
    )
    dots = poll_create(
        actor=None,
        data={
            "title": "Welke thema's pakken we op?",
            "kind": Poll.Kind.DOTS,
            "dots": 3,
            "visibility": Poll.Visibility.AFTER_VOTING,
            "opens_at": now - datetime.timedelta(days=2),
            "closes_at": now + datetime.timedelta(days=12),
            "description": ("Plak hoogstens drie rode stippen op de thema's die het netwerk als eerste moet oppakken."),
        },
    )
    question = dots.questions.get()
    options_from_themes(question=question, themes=themes.values())
    poll_publish(actor=None, poll=dots)
    options = {o.label: o.pk for o in question.options.all()}
    favourites = ["Data-ondersteund onderwijs", "Leven lang ontwikkelen (LLO)", "Data en AI", "Flexibel studeren"]
    for index, voter in enumerate(fictional[:15]):  # the demo accounts themselves have not voted yet
        rng = random.Random(f"stippen/{index}")
        picks = [rng.choice(favourites) if rng.random() < 0.7 else rng.choice(list(options)) for _ in range(3)]
        allocation: dict[int, int] = {}
        for label in picks:
            allocation[options[label]] = allocation.get(options[label], 0) + 1
        ballot_cast(poll=dots, voter=voter, answers={question.pk: allocation})
    call = Call.objects.create(
        title="Wie helpt de ICT-monitor herijken?",
        text="We zoeken drie informatiemanagers die doel en doelgroep van de ICT-monitor opnieuw bepalen.",
        theme=themes["Innovatie"],
        wanted=3,
        closes_on=timezone.localdate() + datetime.timedelta(days=21),
    )
    for voter in fictional[6:9]:
        SignUp.objects.create(call=call, user=voter, motivation="Ik werk elk jaar met de monitor.")
