"""Demo data for members: the real mbo institutions (demo/institutions.csv) and fictional people in every
role, with their positions and consents."""

import csv
import datetime
from pathlib import Path

from django.utils import timezone
from django.utils.text import slugify

from koers.accounts.models import User, first_meeting_year_end
from koers.members.models import Consent, ConsentEvent, Institution, Position, SharedField
from koers.members.services import CONSENT_TEXT_VERSION
from koers.themes.models import Theme

DEMO_DIR = Path(__file__).resolve().parent
DEMO_PASSWORD = "koers-demo-2026"  # every demo account's


KIND = {"ROC": Institution.Kind.ROC, "AOC": Institution.Kind.AOC, "vakinstelling": Institution.Kind.VAKINSTELLING}


# A position: (kind, start, end), in days from today; no end is a current position.
PositionPlan = tuple[str, int, int | None]
# Fictional people. (e-mail, name, institution, job title, positions, shared fields, expertise, flags)
Person = tuple[str, str, str | None, str, list[PositionPlan], list[str], list[str], dict[str, bool]]
PEOPLE: list[Person] = [
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


def load_institutions() -> dict[str, Institution]:
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


def load_people(*, institutions: dict[str, Institution], themes: dict[str, Theme]) -> None:
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
            institution=institutions.get(inst) if inst is not None else None,
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
