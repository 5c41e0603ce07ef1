"""Load the demo data: the real mbo institutions and themes, and fictional people in every role.

Safe to run again: it only adds what is missing, so a second run changes nothing.
"""

import csv
import datetime
import random
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from koers.accounts.models import MembershipRequest, User, first_meeting_year_end
from koers.devdata.demo.governance import load_election
from koers.members.models import Consent, ConsentEvent, Institution, Position, SharedField
from koers.members.services import CONSENT_TEXT_VERSION
from koers.themes.models import Agenda, Theme

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
DEMO_PASSWORD = "koers-demo-2026"

AGENDAS = {
    "Strategische agenda digitalisering mbo 2018-2022": (
        2018,
        2022,
        "sad",
        (
            "MBO Raad, saMBO-ICT, Kennisnet en SURF: drie lijnen en zeven ambities, "
            "uitgevoerd in het programma Doorpakken op Digitalisering."
        ),
    ),
    "Npuls 2023-2031": (
        2023,
        2031,
        "npuls",
        "Het programma Npuls (voorheen DIO), Nationaal Groeifonds: transformatiehubs en pilothubs.",
    ),
}
KIND = {"ROC": Institution.Kind.ROC, "AOC": Institution.Kind.AOC, "vakinstelling": Institution.Kind.VAKINSTELLING}
RELATED = [
    ("Data-ondersteund onderwijs", "Data en AI"),
    ("Onderwijslogistiek en flexibilisering", "Flexibel studeren"),
    ("Regie op leermiddelen", "Digitale leermaterialen"),
    ("Docentprofessionalisering", "Docentondersteuning"),
    ("Leven lang ontwikkelen (LLO)", "Flexibel studeren"),
]

# Fictional people. (e-mail, name, institution, job title, positions, shared fields, expertise, flags)
PEOPLE = [
    ("beheer@koers.example", "Beheerder Koers", None, "Functioneel beheer", [], [], [], {"admin": True}),
    (
        "voorzitter@koers.example",
        "Annelies de Vries",
        "Horizon College",
        "Informatiemanager",
        [("chair", -700, 40), ("steering_member", -1400, None)],
        ["email", "job_title", "expertise"],
        ["Data-ondersteund onderwijs"],
        {},
    ),
    (
        "secretaris@koers.example",
        "Bram Hoekstra",
        "Graafschap College",
        "Adviseur informatiemanagement",
        [("secretary", -500, None)],
        ["email", "phone", "job_title"],
        ["Onderwijslogistiek en flexibilisering"],
        {},
    ),
    (
        "regiegroep@koers.example",
        "Chantal Yilmaz",
        "mboRijnland",
        "Informatiemanager",
        [("steering_member", -900, None)],
        ["email", "job_title", "expertise"],
        ["Leven lang ontwikkelen (LLO)"],
        {},
    ),
    (
        "daan.smit@koers.example",
        "Daan Smit",
        "Da Vinci College",
        "Teamleider informatievoorziening",
        [("steering_member", -800, None)],
        ["email", "expertise"],
        ["Regie op leermiddelen", "Digitale leermaterialen"],
        {},
    ),
    (
        "eva.jansen@koers.example",
        "Eva Jansen",
        "Koning Willem I College",
        "Informatiemanager",
        [("steering_member", -300, None)],
        ["email", "job_title"],
        ["Data en AI"],
        {},
    ),
    (
        "vorige.voorzitter@koers.example",
        "Frank Mulder",
        "ROC Friese Poort",
        "Directeur bedrijfsvoering",
        [("chair", -2200, -701), ("steering_member", -2900, -701)],
        ["job_title"],
        [],
        {},
    ),
    (
        "lid@koers.example",
        "Gerda Visser",
        "ROC van Amsterdam",
        "Informatiemanager",
        [],
        ["email", "phone", "job_title", "expertise"],
        ["Data-ondersteund onderwijs", "Eigen Dossier"],
        {},
    ),
    (
        "hans.bos@koers.example",
        "Hans Bos",
        "ROC Midden Nederland",
        "Enterprise-architect",
        [],
        ["email", "expertise"],
        ["Onderwijslogistiek en flexibilisering", "EdTech"],
        {},
    ),
    ("ilse.meijer@koers.example", "Ilse Meijer", "Terra", "Informatiemanager", [], [], ["Digitaal toetsen"], {}),
    ("nieuw@koers.example", "Jasper de Boer", "Cibap", "Informatiemanager", [], ["email"], ["XR"], {"new": True}),
    (
        "karin.peters@koers.example",
        "Karin Peters",
        "Summa College",
        "Privacy officer",
        [],
        ["job_title"],
        [],
        {"new": True},
    ),
    (
        "lucas.dekker@koers.example",
        "Lucas Dekker",
        "Zadkine",
        "Informatiemanager",
        [],
        ["email", "job_title"],
        ["Docentondersteuning"],
        {},
    ),
]
# Fictional projects: (institution, title, themes, status, horizon, domain, start offset in months)
PROJECTS = [
    (
        "Horizon College",
        "Projectportfolio in beeld",
        ["Data-ondersteund onderwijs"],
        "lopend",
        "strategisch",
        "business",
        -14,
    ),
    (
        "Horizon College",
        "Dashboard studievoortgang",
        ["Data-ondersteund onderwijs", "Data en AI"],
        "afgerond",
        "operationeel",
        "ict",
        -30,
    ),
    (
        "Horizon College",
        "OOAPI-koppeling roosters",
        ["Onderwijslogistiek en flexibilisering"],
        "gepland",
        "operationeel",
        "ict",
        3,
    ),
    (
        "ROC van Amsterdam",
        "Datawarehouse onderwijs",
        ["Data-ondersteund onderwijs"],
        "lopend",
        "strategisch",
        "ict",
        -20,
    ),
    (
        "ROC van Amsterdam",
        "Flexibel roosteren",
        ["Onderwijslogistiek en flexibilisering", "Flexibel studeren"],
        "lopend",
        "operationeel",
        "business",
        -8,
    ),
    (
        "ROC van Amsterdam",
        "AI-richtlijn voor docenten",
        ["Data en AI", "Docentondersteuning"],
        "gepland",
        "strategisch",
        "business",
        2,
    ),
    (
        "mboRijnland",
        "Leven lang ontwikkelen-portaal",
        ["Leven lang ontwikkelen (LLO)"],
        "lopend",
        "strategisch",
        "business",
        -10,
    ),
    (
        "mboRijnland",
        "Modulair onderwijsaanbod",
        ["Leven lang ontwikkelen (LLO)", "Flexibel studeren"],
        "idee",
        "strategisch",
        "business",
        9,
    ),
    (
        "Da Vinci College",
        "Leermiddelenbeleid",
        ["Regie op leermiddelen", "Digitale leermaterialen"],
        "afgerond",
        "strategisch",
        "business",
        -26,
    ),
    (
        "Da Vinci College",
        "Licentiebeheer digitale leermiddelen",
        ["Digitale leermaterialen"],
        "lopend",
        "operationeel",
        "ict",
        -6,
    ),
    ("Graafschap College", "Studentdossier in de cloud", ["Eigen Dossier"], "lopend", "operationeel", "ict", -12),
    ("Graafschap College", "Digitaal examineren", ["Digitaal toetsen"], "afgerond", "operationeel", "ict", -36),
    ("Koning Willem I College", "XR-lab techniek", ["XR", "Innovatie"], "lopend", "operationeel", "business", -9),
    ("Koning Willem I College", "Edtech-inkoopkader", ["EdTech"], "gepland", "strategisch", "ict", 4),
    (
        "ROC Midden Nederland",
        "Enterprise-architectuur onderwijslogistiek",
        ["Onderwijslogistiek en flexibilisering"],
        "lopend",
        "strategisch",
        "ict",
        -18,
    ),
    ("ROC Midden Nederland", "Privacy by design in applicaties", ["Data en AI"], "lopend", "operationeel", "ict", -5),
    (
        "Summa College",
        "Docentprofessionalisering digitale didactiek",
        ["Docentprofessionalisering"],
        "lopend",
        "operationeel",
        "business",
        -15,
    ),
    (
        "Summa College",
        "Learning analytics pilot",
        ["Data-ondersteund onderwijs"],
        "gestopt",
        "operationeel",
        "ict",
        -28,
    ),
    (
        "Zadkine",
        "Digitale burgerschapslijn",
        ["Digitale burgerschapsvaardigheden"],
        "lopend",
        "operationeel",
        "business",
        -11,
    ),
    ("Zadkine", "Toetsplatform vervangen", ["Digitaal toetsen"], "gepland", "operationeel", "ict", 6),
    (
        "Albeda",
        "Flexibele instroom",
        ["Flexibel studeren", "Onderwijslogistiek en flexibilisering"],
        "lopend",
        "strategisch",
        "business",
        -7,
    ),
    (
        "Deltion College",
        "Datagedreven studentbegeleiding",
        ["Data-ondersteund onderwijs"],
        "lopend",
        "operationeel",
        "business",
        -13,
    ),
    ("Deltion College", "Leermiddelenketen en OOAPI", ["Regie op leermiddelen"], "gepland", "operationeel", "ict", 5),
    ("ROC van Twente", "Innovatiefonds digitale initiatieven", ["Innovatie"], "lopend", "strategisch", "business", -22),
    ("Terra", "Aansluiten bij datawarehouse Horizon", ["Data-ondersteund onderwijs"], "idee", "operationeel", "ict", 8),
    ("Cibap", "Creatieve XR-opdrachten", ["XR"], "idee", "operationeel", "business", 10),
    (
        "Nova College",
        "Docentondersteuning bij AI",
        ["Docentondersteuning", "Data en AI"],
        "gepland",
        "operationeel",
        "business",
        3,
    ),
    ("Noorderpoort", "Eigen leerdossier studenten", ["Eigen Dossier"], "gepland", "strategisch", "ict", 7),
    (
        "Curio",
        "Digitale vaardigheden studenten",
        ["Digitale burgerschapsvaardigheden"],
        "afgerond",
        "operationeel",
        "business",
        -32,
    ),
    ("Aeres MBO", "Edtech-evaluatie", ["EdTech"], "lopend", "operationeel", "ict", -4),
]

# The network's multi-year plan, by priority. (title, theme, years from now, status, owner e-mail)
PLAN = [
    (
        "Gezamenlijke implementatieroute OOAPI",
        "Onderwijslogistiek en flexibilisering",
        0,
        "in_uitvoering",
        "regiegroep",
    ),
    ("Dataverkenning studiesucces en uitval", "Data-ondersteund onderwijs", 0, "in_uitvoering", "voorzitter"),
    ("Flexibel LLO-aanbod in de studentadministratie", "Leven lang ontwikkelen (LLO)", 1, "gepland", "secretaris"),
    ("Herijking van de ICT-monitor mbo", "Innovatie", 0, "gepland", "secretaris"),
    ("Kaders voor AI in onderwijs en bedrijfsvoering", "Data en AI", 1, "voorgesteld", None),
    ("Gezamenlijke inkoopvoorwaarden leermiddelen", "Regie op leermiddelen", 1, "gepland", "regiegroep"),
    ("Gedeelde toetsomgeving verkennen", "Digitaal toetsen", 2, "voorgesteld", None),
    ("Eén inlog voor studenten in het eigen dossier", "Eigen Dossier", 2, "voorgesteld", None),
    ("Modulair onderwijs in roosters", "Flexibel studeren", 3, "voorgesteld", None),
    ("Referentiearchitectuur actualiseren", "Innovatie", -1, "afgerond", "voorzitter"),
    ("XR-pilots delen tussen instellingen", "XR", 1, "vervallen", None),
]

# The reference list. (name, kind, recommendation, themes, link, rationale, share in use, share planned)
REFERENCES = [
    (
        "Open Education API (OOAPI)",
        "standaard",
        "aanbevolen",
        ["Onderwijslogistiek en flexibilisering", "Flexibel studeren"],
        "https://openonderwijsapi.nl",
        "In de peiling van het netwerk koos 25 van de 26 leden voor OOAPI als uitwisselstandaard voor het mbo. "
        "Vraag bij nieuwe systemen voor onderwijslogistiek om een OOAPI-koppeling.",
        0.35,
        0.4,
    ),
    (
        "SURFconext",
        "product",
        "aanbevolen",
        ["Eigen Dossier"],
        "https://www.surf.nl/surfconext",
        "Eén federatieve inlog voor onderwijsdiensten. Nieuwe diensten sluiten aan met OpenID Connect.",
        0.7,
        0.15,
    ),
    (
        "eduID",
        "product",
        "in_onderzoek",
        ["Eigen Dossier", "Leven lang ontwikkelen (LLO)"],
        "https://eduid.nl",
        "Een inlog die een student na de opleiding houdt; interessant voor leven lang ontwikkelen. "
        "Het netwerk onderzoekt hoe het samengaat met de inlog van de instelling.",
        0.1,
        0.25,
    ),
    (
        "Pas toe of leg uit: open standaarden",
        "afspraak",
        "aanbevolen",
        ["Innovatie"],
        "",
        "Bij elke aanbesteding vragen we eerst naar open standaarden; wie afwijkt, legt uit waarom.",
        0.45,
        0.2,
    ),
    (
        "Referentiearchitectuur als basis voor aanbestedingen",
        "principe",
        "aanbevolen",
        ["Onderwijslogistiek en flexibilisering", "Innovatie"],
        "",
        "Beschrijf nieuwe systemen in de termen van de referentiearchitectuur, zodat ze later vervangbaar zijn.",
        0.3,
        0.3,
    ),
    (
        "Leermiddelen bestellen via de educatieve contentketen",
        "afspraak",
        "aanbevolen",
        ["Regie op leermiddelen", "Digitale leermaterialen"],
        "",
        "Afspraken in de keten van uitgevers, distributeurs en scholen maken bestellen en toegang eenvoudiger.",
        0.5,
        0.15,
    ),
    (
        "Learning analytics met xAPI",
        "standaard",
        "in_onderzoek",
        ["Data-ondersteund onderwijs", "Data en AI"],
        "",
        "Een standaard voor leeractiviteiten uit verschillende systemen. Het netwerk verzamelt eerst ervaringen.",
        0.05,
        0.15,
    ),
    (
        "Gegevens uitwisselen via losse exportbestanden",
        "principe",
        "uitfaseren",
        ["Onderwijslogistiek en flexibilisering"],
        "",
        "Handmatige exports per e-mail zijn foutgevoelig en onveilig. Vervang ze door koppelingen met een standaard.",
        0.4,
        0.0,
    ),
    (
        "Maatwerkkoppelingen per leverancier",
        "principe",
        "afgeraden",
        ["Onderwijslogistiek en flexibilisering"],
        "",
        "Eigen koppelingen per leverancier maken overstappen duur en blokkeren latere ontwikkelingen.",
        0.2,
        0.0,
    ),
]

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

PENDING = [
    (
        "m.vanleeuwen@koers.example",
        "Mila van Leeuwen",
        "Nova College",
        "Informatieanalist",
        "Ik werk aan ons projectportfolio en wil graag ervaringen uitwisselen.",
    ),
]


class Command(BaseCommand):
    help = "Load demo institutions, themes and fictional members (idempotent)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("load_demo creates accounts with a published password; it refuses to run in production")
        with transaction.atomic():
            institutions = self.load_institutions()
            themes = self.load_themes()
            self.load_people(institutions, themes)
            self.load_projects(institutions, themes)
            self.load_ambitions(institutions, themes)
            self.load_plan(themes)
            self.load_references(institutions, themes)
            self.load_polls(institutions, themes)
            self.load_meetings(institutions, themes)
            self.load_advice(themes)
            load_election(people={u.email: u for u in User.objects.filter(email__endswith="@koers.example")})
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        self.stdout.write("  beheer@koers.example       administrator")
        self.stdout.write("  voorzitter@koers.example   chair (steps down in 40 days)")
        self.stdout.write("  secretaris@koers.example   secretary (steering group)")
        self.stdout.write("  regiegroep@koers.example   steering group member")
        self.stdout.write("  lid@koers.example          member")
        self.stdout.write("  nieuw@koers.example        new member")

    def load_institutions(self) -> dict[str, Institution]:
        result = {}
        with open(DEMO_DIR / "institutions.csv", encoding="utf-8") as handle:
            for number, row in enumerate(csv.DictReader(handle), start=1):
                slug = slugify(row["name"])
                institution, _ = Institution.objects.get_or_create(
                    slug=slug,
                    defaults={
                        "name": row["name"],
                        "kind": KIND.get(row["type"], Institution.Kind.OTHER),
                        "city": row["city"],
                        "size_band": row["size_band"],
                        # Obviously fake codes and domains: the real ones are not ours to publish.
                        "institution_code": f"XX{number:02d}",
                        "schac_home": f"{slug}.demo.example",
                    },
                )
                result[row["name"]] = institution
        return result

    def load_themes(self) -> dict[str, Theme]:
        result = {}
        with open(DEMO_DIR / "themes.csv", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                start, end, slug, description = AGENDAS[row["agenda"]]
                agenda, _ = Agenda.objects.get_or_create(
                    slug=slug,
                    defaults={"name": row["agenda"], "start_year": start, "end_year": end, "description": description},
                )
                theme, _ = Theme.objects.get_or_create(
                    slug=slugify(row["theme"]),
                    defaults={
                        "agenda": agenda,
                        "line": row["line"],
                        "name": row["theme"],
                        "description": row["description"],
                    },
                )
                result[row["theme"]] = theme
        for one, other in RELATED:
            result[one].related.add(result[other])
        return result

    def load_ambitions(self, institutions: dict[str, Institution], themes: dict[str, Theme]) -> None:
        """A spread of fictional ambitions: about a third of the institution × theme pairs, from last year on."""
        from koers.roadmap.models import Ambition, AmbitionChange, Level, Readiness

        if Ambition.objects.exists():
            return
        year = timezone.localdate().year
        levels, ready = list(Level.values), list(Readiness.values)
        ambitions = []
        for institution in institutions.values():
            for theme in themes.values():
                rng = random.Random(f"{institution.slug}/{theme.slug}")  # the same spread on every run
                if rng.random() > 0.35:
                    continue
                # The network's priority themes start earlier.
                early = theme.slug in {"data-ondersteund-onderwijs", "leven-lang-ontwikkelen-llo"}
                step = rng.randint(0, 4 if early else 8)
                ambitions.append(
                    Ambition(
                        institution=institution,
                        theme=theme,
                        start_year=year - 1 + step // 2,
                        start_half=1 + step % 2,
                        level=rng.choice(levels),
                        readiness=rng.choice(ready),
                    )
                )
        Ambition.objects.bulk_create(ambitions)
        AmbitionChange.objects.bulk_create(
            AmbitionChange(
                institution=a.institution,
                theme=a.theme,
                start_year=a.start_year,
                start_half=a.start_half,
                level=a.level,
                readiness=a.readiness,
            )
            for a in ambitions
        )

    def load_plan(self, themes: dict[str, Theme]) -> None:
        from koers.roadmap.models import PlanItem

        if PlanItem.objects.exists():
            return
        year = timezone.localdate().year
        owners = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@koers.example")}
        PlanItem.objects.bulk_create(
            PlanItem(
                title=title,
                theme=themes[theme],
                year=year + offset,
                rank=rank,
                status=status,
                owner=owners.get(owner),
                description=f"{title}: een onderdeel van het meerjarenplan van het netwerk.",
            )
            for rank, (title, theme, offset, status, owner) in enumerate(PLAN, start=1)
        )

    def load_references(self, institutions: dict[str, Institution], themes: dict[str, Theme]) -> None:
        """The reference list, and for each item a fictional but plausible spread of adoption."""
        from koers.roadmap.models import Adoption, AdoptionState, ReferenceItem

        if ReferenceItem.objects.exists():
            return
        today = timezone.localdate()
        adoptions = []
        for name, kind, recommendation, theme_names, link, rationale, in_use, planned in REFERENCES:
            item = ReferenceItem.objects.create(
                name=name,
                slug=slugify(name),
                kind=kind,
                recommendation=recommendation,
                recommendation_since=today - datetime.timedelta(days=200),
                rationale=rationale,
                link=link,
            )
            item.themes.set(themes[t] for t in theme_names)
            for institution in institutions.values():
                draw = random.Random(f"{institution.slug}/{item.slug}").random()
                if draw < in_use:
                    state = AdoptionState.IN_USE
                elif draw < in_use + planned:
                    state = AdoptionState.PLANNED
                elif draw < in_use + planned + 0.05:
                    state = AdoptionState.NOT_APPLICABLE
                else:
                    continue  # this institution has not said
                adoptions.append(Adoption(institution=institution, item=item, state=state))
        Adoption.objects.bulk_create(adoptions)

    def load_polls(self, institutions: dict[str, Institution], themes: dict[str, Theme]) -> None:
        """The polls of the seed texts with their real numbers, a dot vote on the themes and a call."""
        from koers.polls.models import Call, Poll, SignUp
        from koers.polls.services import ballot_cast, options_from_themes, poll_create, poll_publish, question_save

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
            closed_days_ago=60,
        )
        Poll.objects.filter(pk=ooapi.pk).update(
            outcome="Het netwerk kiest OOAPI als uitwisselstandaard. De invoering loopt via een afspraak met een "
            "ambitie; het netwerk neemt dit op in het meerjarenplan.",
            outcome_at=now - datetime.timedelta(days=55),
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
                "description": (
                    "Plak hoogstens drie rode stippen op de thema's die het netwerk als eerste moet oppakken."
                ),
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

    def load_meetings(self, institutions: dict[str, Institution], themes: dict[str, Theme]) -> None:
        """The two meetings of the seed texts, with agenda, attendance, cards and a report; and one to come."""
        from django.core.files.base import ContentFile

        from koers.comments.services import comment_add
        from koers.meetings.models import AgendaItem, Attachment, Contribution, Meeting, Registration, Statement
        from koers.polls.models import Poll
        from koers.polls.services import ballot_cast, options_from_themes, poll_create, poll_publish

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
                Registration(meeting=meeting, user=u, status=Registration.Status.REGISTERED, attended=True)
                for u in users
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
        slides = Attachment(item=items[1], name="npuls-update.pdf", size=0, content_type="application/pdf")
        content = b"%PDF-1.4\n% Koers demo: presentatie NPULS\n%%EOF\n"
        slides.file.save("npuls-update.pdf", ContentFile(content), save=False)
        slides.size = len(content)
        slides.save()
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
        Poll.objects.filter(
            title__in=["OOAPI als uitwisselstandaard voor het mbo", "Herijking van de ICT-monitor"]
        ).update(meeting=november)
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
        Registration.objects.bulk_create(
            Registration(meeting=spring, user=u, status=Registration.Status.REGISTERED) for u in people[5:17]
        )

    def load_advice(self, themes: dict[str, Theme]) -> None:
        """Advice in every state: OOAPI from the 25-of-26 poll to follow-up, the ICT-monitor by its volunteers."""
        from koers.advice.models import Advice, FollowUp, StatusChange
        from koers.advice.services import (
            DecisionData,
            advice_create,
            advice_transition,
            text_save,
            working_group_from_call,
            working_group_invite,
            working_group_set_lead,
        )
        from koers.comments.services import comment_add
        from koers.meetings.models import Meeting
        from koers.polls.models import Call, Poll
        from koers.roadmap.models import PlanItem

        if Advice.objects.exists():
            return
        today = timezone.localdate()
        steering = User.objects.get(email="regiegroep@koers.example")
        chair = User.objects.get(email="voorzitter@koers.example")
        member = User.objects.get(email="lid@koers.example")
        secretary = User.objects.get(email="secretaris@koers.example")

        def make(title, theme_names, question, summary, body, *, lead=None, steps=(), decision=None, **data):
            advice = advice_create(
                actor=steering,
                data={"title": title, "question": question, **data},
                links={"themes": [themes[name] for name in theme_names]},
            )
            if lead is not None:
                working_group_invite(actor=steering, advice=advice, user=lead)
                working_group_set_lead(actor=steering, advice=advice, user=lead)
            if body:
                text_save(actor=lead or steering, advice=advice, summary=summary, body=body, base_version=1)
            # The steps are spread over the past months, as they happened: each one 30 days after the last.
            total = 1 + len(steps)

            def backdate(number: int) -> None:
                when = timezone.now() - datetime.timedelta(days=30 * (total - number))
                change = StatusChange.objects.filter(advice=advice).order_by("-id").first()
                StatusChange.objects.filter(pk=change.pk).update(at=when)
                Advice.objects.filter(pk=advice.pk).update(status_changed_at=when)

            backdate(0)
            for number, (step, note) in enumerate(steps, start=1):
                advice_transition(
                    actor=steering,
                    advice=advice,
                    to=step,
                    note=note,
                    decision=decision if step == "besluit" else None,
                )
                backdate(number)
            return advice

        def follow(advice, entries):
            for days_ago, text, done_by, progress, status in entries:
                FollowUp.objects.create(
                    advice=advice,
                    date=today - datetime.timedelta(days=days_ago),
                    text=text,
                    done_by=done_by,
                    progress=progress,
                    status=status,
                    author=steering,
                )

        decided = [
            ("werkgroep", ""),
            ("concept", ""),
            ("consultatie", "Reageer voor de volgende netwerkbijeenkomst."),
            ("aangeboden", "Aangeboden aan de Adviesraad Digitalisering."),
        ]
        ooapi = make(
            "Collectief gebruik van OOAPI in het mbo",
            ["Onderwijslogistiek en flexibilisering"],
            "Hoe zorgen we dat alle mbo-instellingen gegevens over onderwijsaanbod en resultaten op dezelfde manier "
            "uitwisselen?",
            "Kies OOAPI als uitwisselstandaard en voer hem in via een afspraak met een ambitie.",
            "### Advies\n\n"
            "1. Het mbo kiest de Open Education API (OOAPI) als standaard voor het uitwisselen van onderwijsaanbod "
            "en resultaten.\n"
            "2. De invoering loopt via een afspraak met een ambitie: elke instelling zet OOAPI in haar "
            "aanbesteding en roadmap.\n"
            "3. SURF en MBO Digitaal ondersteunen met een gezamenlijke implementatieroute.\n\n"
            "### Onderbouwing\n\n"
            "In de peiling steunden 25 van de 26 respondenten OOAPI; 17 kozen voor een afspraak met een ambitie.",
            lead=steering,
            steps=[*decided, ("besluit", ""), ("in_uitvoering", "De implementatieroute is gestart.")],
            decision=DecisionData(
                "overgenomen",
                "De Adviesraad neemt het advies over: OOAPI wordt de uitwisselstandaard voor het mbo. Npuls "
                "financiert de gezamenlijke implementatieroute.",
                today - datetime.timedelta(days=40),
            ),
            target_year=today.year + 1,
            target_quarter=4,
            budget=350000,
            funding="Npuls en de instellingen",
        )
        ooapi.polls.set(Poll.objects.filter(title="OOAPI als uitwisselstandaard voor het mbo"))
        ooapi.meetings.set(Meeting.objects.filter(title="Netwerkbijeenkomst 24 november 2022"))
        ooapi.plan_items.set(PlanItem.objects.filter(title="Gezamenlijke implementatieroute OOAPI"))
        follow(
            ooapi,
            [
                (30, "Implementatieroute opgesteld met SURF en MBO Digitaal.", "Regiegroep, SURF", 20, "op_schema"),
                (14, "Vijf instellingen hebben OOAPI in hun aanbesteding opgenomen.", "Instellingen", 45, "op_schema"),
                (
                    3,
                    "Koppeling met het landelijk aanbodregister vertraagd door een leverancier.",
                    "SURF",
                    55,
                    "vertraagd",
                ),
            ],
        )

        call = Call.objects.filter(title="Wie helpt de ICT-monitor herijken?").first()
        monitor = make(
            "Herijking van de ICT-monitor mbo",
            ["Innovatie"],
            "Wat is het doel en de doelgroep van de ICT-monitor, en welke vragen horen erin?",
            "",
            "",
            target_year=today.year + 1,
            target_quarter=2,
        )
        if call is not None:
            working_group_from_call(actor=steering, advice=monitor, call=call)
            first = call.signups.order_by("created_at", "id").first()
            if first is not None:
                working_group_set_lead(actor=steering, advice=monitor, user=first.user)
                advice_transition(actor=steering, advice=monitor, to="werkgroep", note="Drie vrijwilligers schrijven.")
                text_save(
                    actor=first.user,
                    advice=monitor,
                    summary="Richt de monitor op de besturing van de instelling.",
                    body="### Doel\n\nDe monitor laat bestuurders zien waar hun instelling staat.",
                    base_version=monitor.version,
                )
                text_save(
                    actor=first.user,
                    advice=monitor,
                    summary="Richt de monitor op de besturing van de instelling, en maak hem korter.",
                    body="### Doel\n\nDe monitor laat bestuurders zien waar hun instelling staat.\n\n"
                    "### Doelgroep\n\nBestuurders en informatiemanagers.\n\n### Vragen\n\nHoogstens veertig.",
                    base_version=monitor.version,
                )
                advice_transition(actor=first.user, advice=monitor, to="concept")
        monitor.polls.set(Poll.objects.filter(title="Herijking van de ICT-monitor"))
        monitor.plan_items.set(PlanItem.objects.filter(title="Herijking van de ICT-monitor mbo"))

        make(
            "Kaders voor generatieve AI in onderwijs en bedrijfsvoering",
            ["Data en AI"],
            "Welke afspraken maken de instellingen over het gebruik van generatieve AI?",
            "",
            "",
        )
        make(
            "Eén inlog voor studenten in hun eigen dossier",
            ["Eigen Dossier"],
            "Hoe loggen studenten met één account in bij hun dossier, ook na hun opleiding?",
            "",
            "",
            lead=secretary,
            steps=[("werkgroep", "De werkgroep start in januari.")],
        )
        purchasing = make(
            "Gezamenlijke inkoopvoorwaarden voor digitale leermiddelen",
            ["Regie op leermiddelen"],
            "Welke voorwaarden stellen de instellingen samen bij de inkoop van digitale leermiddelen?",
            "Gebruik één set inkoopvoorwaarden met eisen aan privacy, open standaarden en exit.",
            "### Advies\n\nStel één set inkoopvoorwaarden op, met eisen aan privacy, open standaarden (OOAPI) "
            "en een exitregeling.",
            lead=chair,
        )
        advice_transition(actor=steering, advice=purchasing, to="werkgroep")
        advice_transition(actor=chair, advice=purchasing, to="concept")
        advice_transition(
            actor=chair,
            advice=purchasing,
            to="consultatie",
            note="Graag je reactie voor het einde van de maand.",
            endorsement_closes_at=timezone.now() + datetime.timedelta(days=14),
        )
        comment_add(target=purchasing, author=member, body="Neem ook toegankelijkheid (WCAG) op in de eisen.")
        make(
            "Een gedeelde toetsomgeving voor het mbo",
            ["Digitaal toetsen"],
            "Kunnen de instellingen samen één toetsomgeving gebruiken?",
            "Verken een gedeelde toetsomgeving met twee pilots.",
            "### Advies\n\nStart twee pilots met een gedeelde toetsomgeving en beslis na een jaar.",
            lead=steering,
            steps=decided,
            target_year=today.year + 2,
            target_quarter=1,
        )
        make(
            "Flexibel LLO-aanbod in de studentadministratie",
            ["Leven lang ontwikkelen (LLO)"],
            "Hoe registreren de instellingen kort en modulair LLO-aanbod?",
            "Registreer LLO-aanbod als modules met eigen start- en einddata.",
            "### Advies\n\nRegistreer LLO-aanbod als modules met eigen start- en einddata.",
            lead=secretary,
            steps=[*decided, ("besluit", "")],
            decision=DecisionData(
                "deels_overgenomen",
                "Modules ja; de eigen einddata wachten op de nieuwe bekostiging.",
                today - datetime.timedelta(days=10),
            ),
            target_year=today.year + 1,
            target_quarter=3,
            budget=80000,
            funding="MBO Digitaal",
        )
        done = make(
            "Referentiearchitectuur mbo actualiseren",
            ["Innovatie"],
            "Past de referentiearchitectuur nog bij hoe het mbo nu werkt?",
            "Werk de referentiearchitectuur bij met OOAPI en de eigen leeromgeving.",
            "### Advies\n\nActualiseer de referentiearchitectuur met OOAPI, Eigen Dossier en de leeromgeving.",
            lead=chair,
            steps=[*decided, ("besluit", ""), ("in_uitvoering", ""), ("afgerond", "Versie 3 is gepubliceerd.")],
            decision=DecisionData(
                "overgenomen", "Overgenomen; MBO Digitaal publiceert.", today - datetime.timedelta(days=100)
            ),
            target_year=today.year - 1,
            target_quarter=4,
        )
        follow(
            done,
            [
                (90, "Concept van versie 3 besproken.", "MBO Digitaal", 70, "op_schema"),
                (60, "Versie 3 gepubliceerd.", "MBO Digitaal", 100, "gereed"),
            ],
        )
        make(
            "Eén landelijk roosterpakket",
            ["Flexibel studeren"],
            "Moeten alle instellingen hetzelfde roosterpakket gebruiken?",
            "Kies samen één roosterpakket.",
            "### Advies\n\nKies samen één roosterpakket.",
            lead=steering,
            steps=[*decided, ("besluit", ""), ("afgerond", "Niet overgenomen; afgesloten.")],
            decision=DecisionData(
                "niet_overgenomen",
                "De instellingen kiezen hun roosterpakket zelf; wel afspraken over open standaarden.",
                today - datetime.timedelta(days=80),
            ),
        )
        make(
            "XR-pilots delen tussen instellingen",
            ["XR"],
            "Hoe delen instellingen de lessen uit hun XR-pilots?",
            "",
            "",
            steps=[("ingetrokken", "Het Npuls-programma pakt dit op; een eigen advies is niet meer nodig.")],
        )

    def load_projects(self, institutions: dict[str, Institution], themes: dict[str, Theme]) -> None:
        from koers.portfolio.models import Project

        today = timezone.localdate()
        contacts = {u.institution_id: u for u in User.objects.filter(email__endswith="@koers.example")}
        for inst, title, theme_names, status, horizon, domain, offset in PROJECTS:
            institution = institutions[inst]
            if Project.objects.filter(institution=institution, title=title).exists():
                continue
            start = (today.replace(day=1) + datetime.timedelta(days=31 * offset)).replace(day=1)
            project = Project.objects.create(
                institution=institution,
                title=title,
                status=status,
                horizon=horizon,
                domain=domain,
                description=f"{title} bij {inst}.",
                start_date=start,
                end_date=start.replace(year=start.year + 2) if status != "idee" else None,
                contact=contacts.get(institution.pk),
                last_reviewed=today,
            )
            project.themes.set(themes[name] for name in theme_names)

    def load_people(self, institutions: dict[str, Institution], themes: dict[str, Theme]) -> None:
        today = timezone.localdate()
        now = timezone.now()
        for email, name, inst, job, positions, shared, expertise, flags in PEOPLE:
            if User.objects.filter(email=email).exists():
                continue
            user = User.objects.create_user(
                email=email,
                password=DEMO_PASSWORD,
                full_name=name,
                job_title=job,
                phone="+31 6 1234 5678" if "phone" in shared else "",
                institution=institutions.get(inst),
                is_staff=flags.get("admin", False),
                is_superuser=flags.get("admin", False),
                new_until=first_meeting_year_end(today - datetime.timedelta(days=30)) if flags.get("new") else None,
                date_joined=now - datetime.timedelta(days=30 if flags.get("new") else 1500),
            )
            user.expertise.set(themes[t] for t in expertise)
            for kind, start, end in positions:
                Position.objects.create(
                    user=user,
                    kind=kind,
                    institution=user.institution,
                    start_date=today + datetime.timedelta(days=start),
                    end_date=today + datetime.timedelta(days=end) if end is not None else None,
                )
            for field in shared:
                assert field in SharedField.values
                Consent.objects.create(user=user, field=field, text_version=CONSENT_TEXT_VERSION, granted_at=now)
                ConsentEvent.objects.create(user=user, field=field, granted=True, text_version=CONSENT_TEXT_VERSION)
        for email, name, inst, job, motivation in PENDING:
            if not MembershipRequest.objects.filter(email=email).exists():
                MembershipRequest.objects.create(
                    full_name=name, email=email, institution=institutions[inst], job_title=job, motivation=motivation
                )
