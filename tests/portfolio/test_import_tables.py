"""Finding the table: the header row under title rows, the sheets of a workbook, the spreadsheet's row numbers."""

import pytest
from django.urls import reverse

from koers.portfolio import importing, reading
from koers.portfolio.models import ImportBatch, Project

from ..factories import ThemeFactory
from .import_files import csv_bytes, upload, xlsx_bytes

HEADER = ["Projectnaam", "Omschrijving", "Status", "Thema('s)", "Startdatum", "Einddatum", "Contactpersoon"]


@pytest.fixture
def themes(db):
    return [ThemeFactory(name="Data en AI", slug="data-en-ai"), ThemeFactory(name="Digitaal toetsen", slug="dt")]


def workbook() -> bytes:
    return xlsx_bytes(
        {
            "Lopend": [
                ["Projectoverzicht ROC Midden 2024"],
                [],
                HEADER,
                ["Rooster", "Eén rooster", "In uitvoering", "Data en AI", "1-9-2023", "", "Anna de Vries"],
                [],
                ["Toetsapp", "", "gepland", "Digitaal  toetsen", "", "", ""],
                ["Datalab", "", "lopend", "Quantum", "", "", ""],
            ],
            "Afgerond 2023": [
                HEADER,
                ["Oude site", "", "Afgerond", "Data en AI", "", "", ""],
            ],
            "Toelichting": [["Dit overzicht wordt elk kwartaal bijgewerkt."]],
        }
    )


def test_the_header_is_found_below_title_and_empty_rows():
    tables = reading.read_tables(upload("overzicht.xlsx", workbook()))
    assert [(t["name"], t["header_row"], t["headers"]) for t in tables] == [
        ("Lopend", 3, HEADER),
        ("Afgerond 2023", 1, HEADER),
        ("Toelichting", 1, ["Dit overzicht wordt elk kwartaal bijgewerkt."]),
    ]
    assert [number for number, _cells in tables[0]["rows"]] == [4, 6, 7]


def test_csv_row_numbers_are_the_files_own():
    content = csv_bytes([["Overzicht"], HEADER, ["A", "", "", "Data en AI"], [], [], ["B", "", "", "Data en AI"]])
    [table] = reading.read_tables(upload("overzicht.csv", content))
    assert (table["header_row"], [n for n, _c in table["rows"]]) == (2, [3, 6])


def test_without_known_names_the_first_full_row_is_the_header():
    content = csv_bytes([["Lijst"], ["Wat", "Wie", "Wanneer"], ["Rooster", "Anna", "2024"]])
    [table] = reading.read_tables(upload("lijst.csv", content))
    assert (table["header_row"], table["headers"]) == (2, ["Wat", "Wie", "Wanneer"])


def test_sheets_are_offered_and_named_in_the_preview(client, member, institution, themes):
    client.force_login(member)
    response = client.post(reverse("portfolio:import-start"), {"file": upload("overzicht.xlsx", workbook())})
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("portfolio:import-preview", kwargs={"pk": batch.pk})
    assert batch.sheets == ["Lopend"]
    page = client.get(response["Location"]).content.decode()
    assert "Niet gelezen bladen (kies ze hieronder bij Kolommen en bladen): Afgerond 2023, Toelichting." in page
    rows = importing.check(institution=institution, rows=batch.rows)
    assert [(r.sheet, r.number, r.action) for r in rows] == [
        ("Lopend", 4, "new"),
        ("Lopend", 6, "new"),
        ("Lopend", 7, "rejected"),
    ]
    form = {
        "indeling-kolom_0": "titel",
        "indeling-kolom_1": "omschrijving",
        "indeling-kolom_2": "status",
        "indeling-kolom_3": "thema's",
        "indeling-kolom_4": "begindatum",
        "indeling-kolom_5": "einddatum",
        "indeling-kolom_6": "",
        "indeling-kolom_7": "",
        "indeling-sheets": ["Lopend", "Afgerond 2023"],
        "settings": "1",
    }
    response = client.post(reverse("portfolio:import-preview", kwargs={"pk": batch.pk}), form)
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.sheets == ["Lopend", "Afgerond 2023"]
    page = client.get(response["Location"]).content.decode()
    assert "Gelezen bladen: Lopend, Afgerond 2023." in page
    assert '<td data-label="Blad">Afgerond 2023</td>\n      <td data-label="Rij">2</td>' in page
    assert '<td data-label="Blad">Lopend</td>\n      <td data-label="Rij">7</td>' in page
    assert "Niet geïmporteerd (geen kolom van Koers gekozen): Contactpersoon, Dit overzicht wordt elk" in page
    client.post(reverse("portfolio:import-preview", kwargs={"pk": batch.pk}))
    assert sorted(Project.objects.values_list("title", "status")) == [
        ("Oude site", "afgerond"),
        ("Rooster", "lopend"),
        ("Toetsapp", "gepland"),
    ]
