"""Demo data for themes: the two strategic agendas and their themes (demo/themes.csv), with cross-links."""

import csv
from pathlib import Path

from django.utils.text import slugify

from koers.themes.models import Agenda, Theme

DEMO_DIR = Path(__file__).resolve().parent


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


RELATED = [
    ("Data-ondersteund onderwijs", "Data en AI"),
    ("Onderwijslogistiek en flexibilisering", "Flexibel studeren"),
    ("Regie op leermiddelen", "Digitale leermaterialen"),
    ("Docentprofessionalisering", "Docentondersteuning"),
    ("Leven lang ontwikkelen (LLO)", "Flexibel studeren"),
]


def load_themes() -> dict[str, Theme]:
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
