"""Demo data for meetings: the two meetings of the seed texts and one to come."""

import datetime
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from koers.accounts.models import User
from koers.comments.services import comment_add
from koers.meetings.models import AgendaItem, Contribution, Meeting, Registration, Statement
from koers.meetings.services import attachment_add
from koers.members.models import Institution
from koers.polls.models import Poll
from koers.polls.services import ballot_cast, options_from_themes, poll_create, poll_publish
from koers.themes.models import Theme


def load_meetings(*, institutions: dict[str, Institution], themes: dict[str, Theme]) -> None:
    """The two meetings of the seed texts, with agenda, attendance, cards and a report; and one to come."""
    if Meeting.objects.exists():
        return
    tz = timezone.get_current_timezone()
    people = list(User.objects.filter(email__endswith="@koers.example", institution__isnull=False).order_by("pk"))
    chair = User.objects.get(email="voorzitter@koers.example")

    def at(year, month, day, hour, minute=0):
        return datetime.datetime(year, month, day, hour, minute, tzinfo=tz)

    def agenda(meeting, rows):
        items = []
        for position, (time, minutes, kind, title, presenter) in enumerate(rows, start=1):
            items.append(
                AgendaItem.objects.create(
                    meeting=meeting,
                    position=position,
                    starts_at=datetime.time(*time),
                    duration=minutes,
                    kind=kind,
                    title=title,
                    presenter_name=presenter,
                )
            )
        return items

    def attend(meeting, users):
        Registration.objects.bulk_create(
            Registration(meeting=meeting, user=u, status=Registration.Status.REGISTERED, attended=True) for u in users
        )

    # March 2020: the workshop on the strategic agenda, four perspectives, coloured notes and red dots.
    march = Meeting.objects.create(
        title="Netwerkbijeenkomst maart 2020: workshop strategische agenda",
        theme=themes["Innovatie"],
        starts_at=at(2020, 3, 5, 10),
        ends_at=at(2020, 3, 5, 16),
        venue="Domstad",
        address="Koningsweg 136, Utrecht",
        status=Meeting.Status.PAST,
        created_by=chair,
        description="Workshop over de strategische agenda digitalisering mbo, vanuit vier perspectieven.",
    )
    items = agenda(
        march,
        [
            ((10, 0), 30, "mededelingen", "Welkom en mededelingen", ""),
            ((10, 30), 75, "workshop", "Workshop deel 1: de strategische agenda vanuit vier perspectieven", ""),
            ((12, 0), 45, "lunch", "Lunch", ""),
            ((12, 45), 90, "workshop", "Workshop deel 2: wat leveren onze projectoverzichten op?", ""),
            ((14, 30), 30, "rondvraag", "Rondvraag", ""),
        ],
    )
    attend(march, people[:14])
    for text in [
        "Wat is de betekenis van de strategische agenda voor jouw organisatie, vanuit jouw perspectief?",
        "Wat komt er op jou af als informatiemanager?",
        "Wat pak je aan, welke kansen biedt het je?",
    ]:
        Statement.objects.create(item=items[1], text=text, position=items[1].statements.count() + 1)
    cards = [
        ("Strategisch", "conclusie", "Overal de spanning tussen impact maken en de waan van de dag."),
        ("Strategisch", "waarom", "Zonder bestuurlijk draagvlak blijft de agenda papier."),
        ("Operationeel", "conclusie", "De basis is nooit op orde: de lat ligt steeds hoger."),
        ("Operationeel", "hoe", "Elke bijeenkomst een concrete casus uit een instelling."),
        ("ICT", "conclusie", "Behoefte aan portfoliomanagement: een projectoverzicht helpt al."),
        ("ICT", "hoe", "Begin met een gedeeld overzicht van projecten per thema."),
        ("Business", "waarom", "Informatiemanagers hebben heel verschillende opdrachten."),
        ("Business", "voorbeeld", "Het projectoverzicht van Horizon College."),
    ]
    for heading, kind, text in cards:
        Contribution.objects.create(item=items[3], heading=heading, kind=kind, text=text, author=chair)
    now = timezone.now()
    dots = poll_create(
        actor=chair,
        data={
            "title": "Welke drie thema's pakt het netwerk op? (maart 2020)",
            "kind": Poll.Kind.DOTS,
            "dots": 3,
            "audience": Poll.Audience.ATTENDEES,
            "meeting": march,
            "visibility": Poll.Visibility.ALWAYS,
            "allow_change": False,
            "opens_at": now - datetime.timedelta(hours=1),
            "closes_at": now + datetime.timedelta(hours=1),
        },
    )
    question = dots.questions.get()
    options_from_themes(question=question, themes=[t for t in themes.values() if t.agenda.slug == "sad"])
    poll_publish(actor=chair, poll=dots)
    labels = {o.label: o.pk for o in question.options.all()}
    for index, voter in enumerate(people[:14]):
        rng = random.Random(f"maart2020/{index}")
        picks = ["Data-ondersteund onderwijs", "Leven lang ontwikkelen (LLO)", rng.choice(list(labels))]
        allocation: dict[int, int] = {}
        for label in picks:
            allocation[labels[label]] = allocation.get(labels[label], 0) + 1
        ballot_cast(poll=dots, voter=voter, answers={question.pk: allocation})
    Poll.objects.filter(pk=dots.pk).update(opens_at=march.starts_at, closes_at=march.ends_at)

    # 24 November 2022 at Domstad: updates, NPULS round tables, and a report members comment on.
    november = Meeting.objects.create(
        title="Netwerkbijeenkomst 24 november 2022",
        theme=themes["Flexibel studeren"],
        starts_at=at(2022, 11, 24, 10),
        ends_at=at(2022, 11, 24, 16),
        venue="Domstad",
        address="Koningsweg 136, Utrecht",
        status=Meeting.Status.PAST,
        created_by=chair,
        host=institutions["Horizon College"],
        description="De laatste IM-bijeenkomst van het jaar, met updates en ronde tafels over NPULS.",
    )
    items = agenda(
        november,
        [
            (
                (10, 0),
                45,
                "mededelingen",
                "Mededelingen van Kennisnet, SURF en MBO Digitaal",
                "Kennisnet, SURF en MBO Digitaal",
            ),
            ((10, 45), 45, "presentatie", "Doorpakken op Digitalisering en NPULS", "MBO Digitaal"),
            ((11, 30), 45, "casus", "Casus: portfoliomanagement in een mbo-instelling", ""),
            ((12, 15), 45, "lunch", "Lunch", ""),
            ((13, 0), 105, "ronde_tafel", "Ronde tafels over NPULS", ""),
            ((14, 45), 30, "rondvraag", "Terugkoppeling en rondvraag", ""),
        ],
    )
    content = b"%PDF-1.4\n% Koers demo: presentatie NPULS\n%%EOF\n"
    attachment_add(
        item=items[1],
        upload=SimpleUploadedFile("npuls-update.pdf", content, content_type="application/pdf"),
        actor=chair,
        title="Presentatie Doorpakken op Digitalisering en NPULS",
    )
    attend(november, people[:24])
    statements = [
        Statement.objects.create(item=items[4], position=n, text=text)
        for n, text in enumerate(
            [
                "Hoe adresseer en prioriteer je de thema's binnen je organisatie?",
                "Hoe laat je de thema's goed aansluiten bij je eigen gebruikersorganisatie?",
                "Hoe geven we vanuit het IM-netwerk invulling aan de adviesrol bij de thema's?",
            ],
            start=1,
        )
    ]
    for statement, table, kind, text in [
        (0, "1", "conclusie", "De taal van NPULS sluit nog niet aan bij het onderwijs en zeker niet bij docenten."),
        (0, "1", "hoe", "Een leergang informatiemanagement: bestuurlijke impact en draagvlak."),
        (1, "2", "conclusie", "Een landelijke roadmap en een referentielijst om toekomstvast te ontwikkelen."),
        (1, "2", "waarom", "Aanschaf van nu mag latere ontwikkelingen niet dwarsbomen."),
        (1, "2", "voorbeeld", "Kleinere scholen kunnen meeliften bij grotere."),
        (2, "3", "conclusie", "Werk per thema met wie wil meewerken aan een adviesrapport."),
        (2, "3", "hoe", "Plaats adviezen in een tijdsambitie op de roadmap en volg ze op."),
        (2, "3", "waarom", "Transparantie is van groot belang."),
    ]:
        Contribution.objects.create(
            item=items[4], statement=statements[statement], table=table, kind=kind, text=text, author=chair
        )
    Poll.objects.filter(title__in=["OOAPI als uitwisselstandaard voor het mbo", "Herijking van de ICT-monitor"]).update(
        meeting=november
    )
    november.report = (
        "Op 24 november vond de laatste IM-bijeenkomst van dit jaar plaats bij Domstad in Utrecht. "
        "Er waren meer dan tien nieuwe leden; zij werden van harte welkom geheten.\n\n"
        "Na de mededelingen van Kennisnet, SURF en MBO Digitaal volgde het laatste nieuws over "
        "*Doorpakken op Digitalisering* en NPULS. Na de lunch gingen we aan drie ronde tafels met elkaar "
        "in gesprek; de uitkomsten staan hieronder."
    )
    november.report_audience = Meeting.ReportAudience.EVERYONE
    november.report_published_at = at(2022, 11, 30, 9)
    november.save()
    first = comment_add(target=november, author=people[1], body="Goed verslag! Fijn dat de roadmap er komt.")
    comment_add(target=november, author=chair, body="Dank je; we nemen het mee in het meerjarenplan.", parent=first)
    comment_add(target=november, author=people[2], body="Ik wil graag meedenken over de referentielijst.")

    # One to come, to register for.
    soon = timezone.localdate() + datetime.timedelta(days=30)
    spring = Meeting.objects.create(
        title="Netwerkbijeenkomst: data en AI in het mbo",
        theme=themes["Data en AI"],
        starts_at=at(soon.year, soon.month, soon.day, 10),
        ends_at=at(soon.year, soon.month, soon.day, 16),
        venue="Domstad",
        address="Koningsweg 136, Utrecht",
        capacity=40,
        status=Meeting.Status.PUBLISHED,
        created_by=chair,
        host=institutions["mboRijnland"],
        description="Met een casus over datagedreven studentbegeleiding en ronde tafels over AI-kaders.",
    )
    agenda(
        spring,
        [
            ((10, 0), 30, "mededelingen", "Mededelingen", "Kennisnet, SURF en MBO Digitaal"),
            ((10, 30), 60, "casus", "Casus: datagedreven studentbegeleiding", ""),
            ((11, 30), 60, "lunch", "Lunch", ""),
            ((12, 30), 90, "ronde_tafel", "Ronde tafels: kaders voor AI", ""),
            ((14, 0), 30, "afsluiting", "Afsluiting", ""),
        ],
    )
    # The new member has not registered yet: their dashboard invites them to.
    Registration.objects.bulk_create(
        Registration(meeting=spring, user=u, status=Registration.Status.REGISTERED)
        for u in people[5:17]
        if u.email != "nieuw@koers.example"
    )
