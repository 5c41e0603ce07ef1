"""Open data: the page that documents each dataset, and the CSV and JSON downloads at their fixed addresses."""

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from koers.advice.models import Decision, FollowUp, Status
from koers.members.models import Institution
from koers.opendata.datasets import DATASETS
from koers.roadmap.models import Adoption, AdoptionState, Ambition, Recommendation, ReferenceItem, ReferenceKind

from ..advice.conftest import make_advice
from ..factories import AgendaFactory, InstitutionFactory, ThemeFactory

SITE = "https://koers.example"
YEAR = timezone.localdate().year


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


def download(client, dataset: str, fmt: str):
    response = client.get(reverse("opendata:download", args=[dataset, fmt]))
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    return response


def as_json(client, dataset: str) -> dict:
    response = download(client, dataset, "json")
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content.decode("utf-8"))


def as_csv(client, dataset: str) -> list[list[str]]:
    response = download(client, dataset, "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{dataset}.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return [line.split(";") for line in text.removeprefix("\ufeff").splitlines()]


def test_the_addresses_are_fixed():
    assert reverse("opendata:index") == "/open-data/"
    assert reverse("opendata:download", args=["national-roadmap", "csv"]) == "/open-data/national-roadmap.csv"
    assert reverse("opendata:download", args=["reference-list", "json"]) == "/open-data/reference-list.json"
    assert reverse("opendata:download", args=["advice", "json"]) == "/open-data/advice.json"
    assert list(DATASETS) == ["national-roadmap", "reference-list", "advice"]


# The national roadmap ---------------------------------------------------------------------------------


@pytest.fixture
def roadmap(db):
    agenda = AgendaFactory(name="Npuls 2023-2031")
    data = ThemeFactory(agenda=agenda, name="Data-ondersteund onderwijs", slug="data")
    rooster = ThemeFactory(agenda=agenda, name="Roosteren", slug="roosteren")
    horizon = InstitutionFactory(name="Noorderpoort")
    albeda = InstitutionFactory(name="Deltion")
    Ambition.objects.create(institution=horizon, theme=data, start_year=YEAR, start_half=1)
    Ambition.objects.create(institution=albeda, theme=data, start_year=YEAR, start_half=1)
    Ambition.objects.create(institution=albeda, theme=rooster, start_year=YEAR + 1, start_half=2)
    return data, rooster


def test_national_roadmap_is_the_public_heatmap(client, roadmap):
    body = as_json(client, "national-roadmap")
    assert body["dataset"] == "national-roadmap"
    assert body["version"] == 1
    assert body["licence"] == {"name": "CC0 1.0", "url": "https://creativecommons.org/publicdomain/zero/1.0/"}
    assert body["documentation"] == f"{SITE}/open-data/#national-roadmap"
    assert datetime.datetime.fromisoformat(body["generated"]).tzinfo is not None
    assert body["fields"] == [
        {"name": "agenda", "type": "string", "nullable": False},
        {"name": "theme", "type": "string", "nullable": False},
        {"name": "theme_slug", "type": "string", "nullable": False},
        {"name": "year", "type": "integer", "nullable": False},
        {"name": "half", "type": "integer", "nullable": False},
        {"name": "institutions", "type": "integer", "nullable": False},
    ]
    # As on the page: the year before this one up to three years ahead, every half-year, empty cells too.
    periods = [(year, half) for year in range(YEAR - 1, YEAR + 4) for half in (1, 2)]
    counts = {("data", YEAR, 1): 2, ("roosteren", YEAR + 1, 2): 1}
    assert body["rows"] == [
        {
            "agenda": "Npuls 2023-2031",
            "theme": theme,
            "theme_slug": slug,
            "year": year,
            "half": half,
            "institutions": counts.get((slug, year, half), 0),
        }
        for theme, slug in (("Data-ondersteund onderwijs", "data"), ("Roosteren", "roosteren"))
        for year, half in periods
    ]


def test_national_roadmap_csv(client, roadmap):
    rows = as_csv(client, "national-roadmap")
    assert rows[0] == ["agenda", "theme", "theme_slug", "year", "half", "institutions"]
    assert len(rows) == 1 + 2 * 10
    assert rows[1 + 2] == ["Npuls 2023-2031", "Data-ondersteund onderwijs", "data", str(YEAR), "1", "2"]


def test_no_college_names_in_the_national_roadmap(client, roadmap):
    for fmt in ("csv", "json"):
        content = download(client, "national-roadmap", fmt).content.decode("utf-8")
        assert "Noorderpoort" not in content
        assert "Deltion" not in content


# The reference list ----------------------------------------------------------------------------------


@pytest.fixture
def reference(db):
    theme = ThemeFactory(name="Onderwijslogistiek")
    ooapi = ReferenceItem.objects.create(
        name="OOAPI",
        slug="ooapi",
        kind=ReferenceKind.STANDARD,
        recommendation=Recommendation.RECOMMENDED,
        recommendation_since=datetime.date(2025, 3, 1),
        rationale="Uitwisselstandaard.",
        link="https://openonderwijsapi.nl",
    )
    ooapi.themes.add(theme, ThemeFactory(name="Architectuur"))
    ReferenceItem.objects.create(
        name="=Oud pakket",
        slug="oud-pakket",
        kind=ReferenceKind.PRODUCT,
        recommendation=Recommendation.PHASE_OUT,
        recommendation_since=datetime.date(2024, 1, 15),
        rationale="Gaat eruit.",
    )
    colleges = [InstitutionFactory(name=f"College {n}") for n in range(4)]
    # Two use it, one plans it, the fourth has not said.
    for college, state in zip(
        colleges[:3], [AdoptionState.IN_USE, AdoptionState.IN_USE, AdoptionState.PLANNED], strict=True
    ):
        Adoption.objects.create(institution=college, item=ooapi, state=state, note="Eigen notitie")
    return ooapi


REFERENCE_FIELDS = [
    "slug",
    "name",
    "kind",
    "recommendation",
    "recommendation_since",
    "link",
    "themes",
    "in_use",
    "planned",
    "not_applicable",
    "unknown",
    "institutions",
]


def test_reference_list_counts_like_the_page(client, reference):
    body = as_json(client, "reference-list")
    assert [field["name"] for field in body["fields"]] == REFERENCE_FIELDS
    # Recommended first, phasing out after it (the page's order).
    assert body["rows"] == [
        {
            "slug": "ooapi",
            "name": "OOAPI",
            "kind": "standaard",
            "recommendation": "aanbevolen",
            "recommendation_since": "2025-03-01",
            "link": "https://openonderwijsapi.nl",
            "themes": ["Architectuur", "Onderwijslogistiek"],
            "in_use": 2,
            "planned": 1,
            "not_applicable": 0,
            "unknown": 1,
            "institutions": 4,
        },
        {
            "slug": "oud-pakket",
            "name": "=Oud pakket",
            "kind": "product",
            "recommendation": "uitfaseren",
            "recommendation_since": "2024-01-15",
            "link": None,
            "themes": [],
            "in_use": 0,
            "planned": 0,
            "not_applicable": 0,
            "unknown": 4,
            "institutions": 4,
        },
    ]


def test_reference_list_csv_joins_lists_and_keeps_formulas_inert(client, reference):
    rows = as_csv(client, "reference-list")
    assert rows == [
        REFERENCE_FIELDS,
        [
            "ooapi",
            "OOAPI",
            "standaard",
            "aanbevolen",
            "2025-03-01",
            "https://openonderwijsapi.nl",
            "Architectuur | Onderwijslogistiek",
            "2",
            "1",
            "0",
            "1",
            "4",
        ],
        ["oud-pakket", "'=Oud pakket", "product", "uitfaseren", "2024-01-15", "", "", "0", "0", "0", "4", "4"],
    ]


def test_no_college_names_or_notes_in_the_reference_list(client, reference):
    for fmt in ("csv", "json"):
        content = download(client, "reference-list", fmt).content.decode("utf-8")
        assert "College" not in content
        assert "Eigen notitie" not in content


# Advice ---------------------------------------------------------------------------------------------


@pytest.fixture
def advice(db, steering):
    theme = ThemeFactory(name="Onderwijslogistiek")
    decided = make_advice(
        actor=steering,
        title="Collectief gebruik van OOAPI",
        status=Status.IN_PROGRESS,
        themes=[theme],
        target_year=2027,
        target_quarter=2,
        budget=25000,
        funding="Npuls",
    )
    FollowUp.objects.create(
        advice=decided,
        date=datetime.date(2026, 2, 1),
        text="Leveranciers gesproken.",
        done_by="SURF",
        progress=40,
        status=FollowUp.Progress.ON_TRACK,
    )
    idea = make_advice(actor=steering, title="Roosters delen", themes=[theme])
    return decided, idea


def test_advice_as_on_the_transparency_page(client, advice):
    decided, idea = advice
    body = as_json(client, "advice")
    assert [(field["name"], field["nullable"]) for field in body["fields"]] == [
        ("id", False),
        ("title", False),
        ("url", False),
        ("themes", False),
        ("status", False),
        ("decision", True),
        ("decision_date", True),
        ("decision_rationale", True),
        ("target_year", True),
        ("target_quarter", True),
        ("budget_eur", True),
        ("funding", True),
        ("latest_follow_up_date", True),
        ("latest_follow_up_status", True),
        ("latest_progress", True),
    ]
    assert body["rows"] == [
        {
            "id": decided.pk,
            "title": "Collectief gebruik van OOAPI",
            "url": f"{SITE}/adviezen/{decided.pk}/",
            "themes": ["Onderwijslogistiek"],
            "status": "in_uitvoering",
            "decision": "overgenomen",
            "decision_date": timezone.localdate().isoformat(),
            "decision_rationale": "Past in de sectoragenda.",
            "target_year": 2027,
            "target_quarter": 2,
            "budget_eur": 25000,
            "funding": "Npuls",
            "latest_follow_up_date": "2026-02-01",
            "latest_follow_up_status": "op_schema",
            "latest_progress": 40,
        },
        {
            "id": idea.pk,
            "title": "Roosters delen",
            "url": f"{SITE}/adviezen/{idea.pk}/",
            "themes": ["Onderwijslogistiek"],
            "status": "idee",
            "decision": None,
            "decision_date": None,
            "decision_rationale": None,
            "target_year": None,
            "target_quarter": None,
            "budget_eur": None,
            "funding": None,
            "latest_follow_up_date": None,
            "latest_follow_up_status": None,
            "latest_progress": None,
        },
    ]


def test_advice_csv(client, advice):
    decided, idea = advice
    rows = as_csv(client, "advice")
    assert rows[0][:5] == ["id", "title", "url", "themes", "status"]
    assert (
        rows[2]
        == [str(idea.pk), "Roosters delen", f"{SITE}/adviezen/{idea.pk}/", "Onderwijslogistiek", "idee"] + [""] * 10
    )


def test_no_advice_text_working_group_or_follow_up_notes(client, advice, steering):
    for fmt in ("csv", "json"):
        content = download(client, "advice", fmt).content.decode("utf-8")
        for hidden in ("Hoe wisselen we gegevens uit?", "Gebruik OOAPI.", steering.full_name, "Leveranciers gesproken"):
            assert hidden not in content


def test_the_code_lists_on_the_page_name_every_code():
    """The field descriptions list the codes a field can hold; a new choice must be documented there too."""
    fields = {(slug, field.name): str(field.description) for slug, d in DATASETS.items() for field in d.fields}
    for key, choices in [
        (("advice", "status"), Status.values),
        (("advice", "decision"), Decision.values),
        (("advice", "latest_follow_up_status"), FollowUp.Progress.values),
        (("reference-list", "recommendation"), Recommendation.values),
    ]:
        assert [code for code in choices if code not in fields[key]] == []
    assert [kind for kind in ReferenceKind.values if kind not in fields[("reference-list", "kind")]] == []


# The page and what is not there -------------------------------------------------------------------------


def test_the_page_documents_every_dataset_the_feed_and_the_licence(client, db):
    response = client.get(reverse("opendata:index"))
    assert response.status_code == 200
    html = response.content.decode()
    for dataset in DATASETS.values():
        assert f'id="{dataset.slug}"' in html
        assert f'href="/open-data/{dataset.slug}.csv"' in html
        assert f'href="/open-data/{dataset.slug}.json"' in html
        assert f"<code>{SITE}<wbr>/open-data/{dataset.slug}.json</code>" in html
        for field in dataset.fields:
            assert f"<code>{field.name}</code>" in html
    assert 'href="/bijeenkomsten/agenda.ics"' in html
    assert 'href="/oeapi/v6/organisations"' in html
    assert 'href="https://creativecommons.org/publicdomain/zero/1.0/"' in html
    assert "Versie 1." in html


def test_the_footer_links_to_the_page(client, db):
    assert 'href="/open-data/"' in client.get(reverse("dashboard:home")).content.decode()


@pytest.mark.parametrize("path", ["/open-data/onbekend.json", "/open-data/advice.xlsx", "/open-data/advice.xml"])
def test_unknown_datasets_and_formats_are_404(client, db, path):
    assert client.get(path).status_code == 404


def test_only_reading(db):
    client = Client(enforce_csrf_checks=True)  # as a real client: no CSRF page, a 405
    assert client.head("/open-data/advice.json").status_code == 200
    for method in ("post", "put", "delete"):
        assert getattr(client, method)("/open-data/advice.json").status_code == 405


def test_members_get_the_same_as_guests(client, reference, member):
    guest = as_json(client, "reference-list")["rows"]
    client.force_login(member)
    assert as_json(client, "reference-list")["rows"] == guest


# Query counts: the same, literal number with 1 as with 3 items. ------------------------------------------


def add_ambitions(n: int) -> None:
    for _ in range(n):
        Ambition.objects.create(institution=InstitutionFactory(), theme=ThemeFactory(), start_year=YEAR, start_half=1)


def add_reference_items(n: int) -> None:
    for index in range(n):
        item = ReferenceItem.objects.create(
            name=f"Item {index}", slug=f"item-{index}", rationale="R", recommendation_since="2025-01-01"
        )
        item.themes.add(ThemeFactory())
        Adoption.objects.create(institution=InstitutionFactory(), item=item, state=AdoptionState.IN_USE)


def add_advice(n: int, steering) -> None:
    for index in range(n):
        advice = make_advice(actor=steering, title=f"Advies {index}", status=Status.IN_PROGRESS)
        FollowUp.objects.create(
            advice=advice, date=datetime.date(2026, 1, 1), text="T", done_by="D", progress=10, status="op_schema"
        )


CASES = [
    # dataset, how to add n items, queries (CSV and JSON alike)
    ("national-roadmap", lambda n, steering: add_ambitions(n), 2),  # the counts, the themes
    ("reference-list", lambda n, steering: add_reference_items(n), 3),  # institutions, counts, themes
    ("advice", add_advice, 3),  # advice with the latest follow-up, themes, leads
]


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize(("dataset", "add", "queries"), CASES, ids=[case[0] for case in CASES])
def test_download_query_count(client, django_assert_num_queries, steering, dataset, add, queries, fmt, count):
    add(count, steering)
    with django_assert_num_queries(queries):
        response = client.get(reverse("opendata:download", args=[dataset, fmt]))
    assert response.status_code == 200
    if fmt == "json":
        assert len(json.loads(response.content)["rows"]) >= count


@pytest.mark.parametrize("count", [1, 3])
def test_page_query_count(client, django_assert_num_queries, steering, count):
    add_reference_items(count)
    add_advice(count, steering)
    with django_assert_num_queries(0):  # the page documents; it reads no data
        assert client.get(reverse("opendata:index")).status_code == 200


def test_institutions_are_not_in_any_download(client, reference, advice, roadmap):
    names = list(Institution.objects.values_list("name", flat=True))
    assert names
    for dataset in DATASETS:
        for fmt in ("csv", "json"):
            content = download(client, dataset, fmt).content.decode("utf-8")
            assert [name for name in names if name in content] == []
