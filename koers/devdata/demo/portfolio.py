"""Demo data for the portfolio: fictional projects of the institutions."""

import datetime

from django.utils import timezone

from koers.accounts.models import User
from koers.members.models import Institution
from koers.portfolio.models import Project
from koers.themes.models import Theme

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


# Projects nobody looked at for over a year: the dashboard asks their institutions to review them.
NOT_REVIEWED = {("Cibap", "Creatieve XR-opdrachten"), ("mboRijnland", "Modulair onderwijsaanbod")}


def load_projects(*, institutions: dict[str, Institution], themes: dict[str, Theme]) -> None:
    today = timezone.localdate()
    long_ago = today - datetime.timedelta(days=430)
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
            last_reviewed=long_ago if (inst, title) in NOT_REVIEWED else today,
        )
        project.themes.set(themes[name] for name in theme_names)
