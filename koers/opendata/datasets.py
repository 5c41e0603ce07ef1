"""The open datasets: what each holds, field by field, and its rows, read through the apps' own selectors.

Only what the public pages already show a guest: the national heatmap and the reference list as national
counts (no college names, no filter on type or size, which could single out one or two colleges), and the
advice as on the transparency page. The field names, their order and their types are the stable format: a
change to them raises the dataset's version (see the open-data page).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from koers.advice import selectors as advice_selectors
from koers.roadmap import selectors as roadmap_selectors

if TYPE_CHECKING:  # the type of gettext_lazy's strings exists only in the stubs
    from django_stubs_ext import StrOrPromise

# The types a field can have, with how they are written.
TYPES = {
    "string": _("tekst"),
    "integer": _("geheel getal"),
    "date": _("datum (JJJJ-MM-DD)"),
    "list": _("lijst van teksten (in CSV gescheiden door ' | ')"),
    "url": _("webadres"),
}
LIST_SEPARATOR = " | "


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: "StrOrPromise"
    nullable: bool = False

    @property
    def type_label(self) -> "StrOrPromise":
        return TYPES[self.type]


@dataclass(frozen=True)
class Dataset:
    slug: str
    version: int
    title: "StrOrPromise"
    description: "StrOrPromise"
    fields: tuple[Field, ...]
    rows: Callable[[], list[dict]]
    page: str  # the URL name of the page that shows the same data


def national_roadmap_rows() -> list[dict]:
    heat = roadmap_selectors.heatmap()
    return [
        {
            "agenda": theme.agenda.name,
            "theme": theme.name,
            "theme_slug": theme.slug,
            "year": year,
            "half": half,
            "institutions": heat.counts.get((theme.pk, year, half), 0),
        }
        for theme in heat.themes
        for year, half in heat.periods
    ]


def reference_list_rows() -> list[dict]:
    total = roadmap_selectors.institution_count()
    rows = []
    for item in roadmap_selectors.reference_items():
        answered = item.in_use + item.planned + item.not_applicable
        rows.append(
            {
                "slug": item.slug,
                "name": item.name,
                "kind": item.kind,
                "recommendation": item.recommendation,
                "recommendation_since": item.recommendation_since.isoformat(),
                "link": item.link or None,
                "themes": [theme.name for theme in item.themes.all()],
                "in_use": item.in_use,
                "planned": item.planned,
                "not_applicable": item.not_applicable,
                "unknown": max(0, total - answered),
                "institutions": total,
            }
        )
    return rows


def advice_rows() -> list[dict]:
    # By id, so that a new download differs from the last one only where the advice did.
    return [
        {
            "id": advice.pk,
            "title": advice.title,
            "url": f"{settings.SITE_URL}{advice.get_absolute_url()}",
            "themes": [theme.name for theme in advice.themes.all()],
            "status": advice.status,
            "decision": advice.decision or None,
            "decision_date": advice.decision_date.isoformat() if advice.decision_date else None,
            "decision_rationale": advice.decision_rationale or None,
            "target_year": advice.target_year,
            "target_quarter": advice.target_quarter,
            "budget_eur": advice.budget,
            "funding": advice.funding or None,
            "latest_follow_up_date": (
                advice.latest_follow_up_date.isoformat() if advice.latest_follow_up_date else None
            ),
            "latest_follow_up_status": advice.latest_follow_up_status,
            "latest_progress": advice.latest_progress,
        }
        for advice in advice_selectors.advice_list().order_by("pk")
    ]


DATASETS = {
    dataset.slug: dataset
    for dataset in (
        Dataset(
            slug="national-roadmap",
            version=1,
            title=_("Landelijke roadmap"),
            description=_(
                "Hoeveel mbo-instellingen per thema en per halfjaar willen beginnen: de heatmap van de landelijke "
                "roadmap, voor alle thema's en alle halfjaren op de pagina (ook die zonder instellingen)."
            ),
            fields=(
                Field("agenda", "string", _("De strategische agenda waar het thema bij hoort.")),
                Field("theme", "string", _("De naam van het thema.")),
                Field("theme_slug", "string", _("De vaste korte naam van het thema, zoals in het webadres.")),
                Field("year", "integer", _("Het jaar.")),
                Field(
                    "half", "integer", _("Het halfjaar: 1 (januari tot en met juni) of 2 (juli tot en met december).")
                ),
                Field(
                    "institutions",
                    "integer",
                    _("Het aantal instellingen dat in dat halfjaar met het thema wil beginnen."),
                ),
            ),
            rows=national_roadmap_rows,
            page="roadmap:national",
        ),
        Dataset(
            slug="reference-list",
            version=1,
            title=_("Referentielijst met adoptie"),
            description=_(
                "Elk item van de referentielijst (standaarden, producten, afspraken, principes) met het advies "
                "van het netwerk en hoeveel instellingen het gebruiken, het plannen of het niet van toepassing "
                "vinden."
            ),
            fields=(
                Field("slug", "string", _("De vaste korte naam van het item, zoals in het webadres.")),
                Field("name", "string", _("De naam van het item.")),
                Field("kind", "string", _("Soort: standaard, product, afspraak of principe.")),
                Field(
                    "recommendation",
                    "string",
                    _("Het advies van het netwerk: aanbevolen, in_onderzoek, uitfaseren of afgeraden."),
                ),
                Field("recommendation_since", "date", _("Sinds wanneer dit advies geldt.")),
                Field("link", "url", _("Een pagina over het item, bijvoorbeeld van de standaard."), nullable=True),
                Field("themes", "list", _("De thema's waar het item bij hoort.")),
                Field("in_use", "integer", _("Aantal instellingen dat het gebruikt.")),
                Field("planned", "integer", _("Aantal instellingen dat het wil gaan gebruiken.")),
                Field("not_applicable", "integer", _("Aantal instellingen voor wie het niet van toepassing is.")),
                Field("unknown", "integer", _("Aantal instellingen dat (nog) niets heeft ingevuld.")),
                Field("institutions", "integer", _("Het aantal instellingen in het netwerk.")),
            ),
            rows=reference_list_rows,
            page="roadmap:reference-list",
        ),
        Dataset(
            slug="advice",
            version=1,
            title=_("Adviezen: status en opvolging"),
            description=_(
                "Elk advies van het netwerk met zijn status, het besluit van de Adviesraad Digitalisering en de "
                "laatste opvolging, zoals op de transparantiepagina."
            ),
            fields=(
                Field("id", "integer", _("Het vaste nummer van het advies.")),
                Field("title", "string", _("De titel.")),
                Field("url", "url", _("De pagina van het advies.")),
                Field("themes", "list", _("De thema's van het advies.")),
                Field(
                    "status",
                    "string",
                    _(
                        "De status: idee, werkgroep, concept, consultatie, aangeboden, besluit, in_uitvoering, "
                        "afgerond of ingetrokken."
                    ),
                ),
                Field(
                    "decision",
                    "string",
                    _("Het besluit: overgenomen, deels_overgenomen of niet_overgenomen."),
                    nullable=True,
                ),
                Field("decision_date", "date", _("De datum van het besluit."), nullable=True),
                Field("decision_rationale", "string", _("De motivering van de Adviesraad."), nullable=True),
                Field("target_year", "integer", _("Het jaar waarin het advies uitgevoerd moet zijn."), nullable=True),
                Field("target_quarter", "integer", _("Het kwartaal (1 tot en met 4) van dat jaar."), nullable=True),
                Field("budget_eur", "integer", _("Het geschatte budget in euro."), nullable=True),
                Field("funding", "string", _("De financieringsbron."), nullable=True),
                Field("latest_follow_up_date", "date", _("De datum van de laatste opvolging."), nullable=True),
                Field(
                    "latest_follow_up_status",
                    "string",
                    _("De stand van zaken bij de laatste opvolging: op_schema, vertraagd, geblokkeerd of gereed."),
                    nullable=True,
                ),
                Field(
                    "latest_progress", "integer", _("De voortgang bij de laatste opvolging, in procent."), nullable=True
                ),
            ),
            rows=advice_rows,
            page="advice:transparency",
        ),
    )
}
