"""Demo data for the roadmap: ambitions, the network's multi-year plan and the reference list."""

import datetime
import random

from django.utils import timezone
from django.utils.text import slugify

from koers.accounts.models import User
from koers.members.models import Institution
from koers.roadmap.models import (
    Adoption,
    AdoptionState,
    Ambition,
    AmbitionChange,
    Level,
    PlanItem,
    Readiness,
    ReferenceItem,
)
from koers.themes.models import Theme

# The network's multi-year plan, by priority. (title, theme, years from now, status, owner e-mail)
PLAN: list[tuple[str, str, int, str, str | None]] = [
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


def load_ambitions(*, institutions: dict[str, Institution], themes: dict[str, Theme]) -> None:
    """A spread of fictional ambitions: about a third of the institution × theme pairs, from last year on."""
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


def load_plan(*, themes: dict[str, Theme]) -> None:
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
            owner=owners.get(owner) if owner is not None else None,
            description=f"{title}: een onderdeel van het meerjarenplan van het netwerk.",
        )
        for rank, (title, theme, offset, status, owner) in enumerate(PLAN, start=1)
    )


def load_references(*, institutions: dict[str, Institution], themes: dict[str, Theme]) -> None:
    """The reference list, and for each item a fictional but plausible spread of adoption."""
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
    # The answers came in over the past years (the newest stand of each is what is kept): spread their last
    # change over the last six half-years, so that the adoption over time has a story.
    months_ago: dict[int, list[int]] = {}
    for adoption in Adoption.objects.order_by("pk"):
        draw = random.Random(f"{adoption.institution_id}/{adoption.item_id}/when").random()
        months_ago.setdefault(int(draw * draw * 36), []).append(adoption.pk)
    for months, pks in months_ago.items():
        Adoption.objects.filter(pk__in=pks).update(updated_at=timezone.now() - datetime.timedelta(days=30 * months))
