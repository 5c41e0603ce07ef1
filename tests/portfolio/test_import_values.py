"""Values as people write them: status words, themes, dates, merged cells and formulas."""

import datetime
import io
from unittest import mock

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from koers.portfolio import importing, reading
from koers.portfolio.services import import_preview

from ..factories import ThemeFactory
from .import_files import upload, with_cached_value, xlsx_bytes


@pytest.fixture
def themes(db):
    return [
        ThemeFactory(name="Digitaal toetsen", slug="digitaal-toetsen"),
        ThemeFactory(name="Data en AI", slug="data-en-ai"),
    ]


def check_one(institution, **values):
    [row] = importing.check(institution=institution, rows=[{"titel": "Project", "thema's": "Data en AI", **values}])
    return row


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("In uitvoering", "lopend"),
        ("in  UITVOERING", "lopend"),
        ("Lopend", "lopend"),
        ("Afgerond", "afgerond"),
        ("Opgeleverd", "afgerond"),
        ("On hold", "gepland"),
        ("In voorbereiding", "gepland"),
        ("Geannuleerd", "gestopt"),
        ("Voorstel", "idee"),
    ],
)
def test_status_words(institution, themes, written, code):
    row = check_one(institution, status=written)
    assert (row.action, row.fields["status"]) == ("new", code)


def test_other_choice_columns_read_labels_and_synonyms(institution, themes):
    row = check_one(institution, perspectief="Strategic", domein="Bedrijfsvoering", budget="€ 50.000 tot € 250.000")
    assert (row.fields["horizon"], row.fields["domain"], row.fields["budget_band"]) == (
        "strategisch",
        "business",
        "50k-250k",
    )


def test_the_help_sheet_shows_the_same_table_the_import_reads(client, member, institution, themes):
    extra = {**importing.VALUE_SYNONYMS, "status": {**importing.VALUE_SYNONYMS["status"], "lopend": ["draait"]}}
    client.force_login(member)
    with mock.patch.object(importing, "VALUE_SYNONYMS", extra):
        assert check_one(institution, status="Draait").fields["status"] == "lopend"
        response = client.get(reverse("portfolio:import-template", kwargs={"fmt": "xlsx"}))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Projecten", "Toelichting"]
    rows = [[c or "" for c in row] for row in book["Toelichting"].iter_rows(values_only=True)]
    assert rows[0] == ["Kolom", "Ook herkend als kolomnaam", "Waarde", "Ook geschreven als"]
    assert ["", "", "lopend", "draait"] in rows
    assert [
        "status",
        "fase, stand van zaken, voortgang, projectstatus",
        "",
        "",
    ] in rows
    response = client.get(reverse("portfolio:import-template", kwargs={"fmt": "xlsx"}))
    rows = [[c or "" for c in row] for row in load_workbook(io.BytesIO(response.content))["Toelichting"].values]
    assert [
        "",
        "",
        "lopend",
        "in uitvoering, uitvoering, loopt, actief, gestart, in behandeling, in progress, ongoing",
    ] in rows
    assert [
        "",
        "",
        "gepland",
        "in voorbereiding, voorbereiding, ingepland, nog te starten, on hold, gepauzeerd, geparkeerd",
    ] in rows


def test_themes_match_ignoring_case_spacing_and_accents_with_a_suggestion(institution, themes):
    row = check_one(institution, **{"thema's": "Digitaal  toetsen; DATA EN ÄI; data-en-ai"})
    assert (row.action, row.theme_ids) == ("new", sorted(t.pk for t in themes))
    row = check_one(institution, **{"thema's": "Digitaal toesten, Quantum"})
    assert row.errors == [
        ("thema's", "Onbekend thema 'Digitaal toesten'; bedoel je 'Digitaal toetsen'?"),
        ("thema's", "Onbekend thema 'Quantum'."),
    ]


@pytest.mark.parametrize(
    ("written", "start", "end"),
    [
        ("2023-09-01", "2023-09-01", "2023-09-01"),
        ("1-9-2023", "2023-09-01", "2023-09-01"),
        ("01/09/2023", "2023-09-01", "2023-09-01"),
        ("1.9.2023", "2023-09-01", "2023-09-01"),
        ("sept 2023", "2023-09-01", "2023-09-30"),
        ("September 2023", "2023-09-01", "2023-09-30"),
        ("feb. 2024", "2024-02-01", "2024-02-29"),
        ("Q3 2023", "2023-07-01", "2023-09-30"),
        ("2023-Q4", "2023-10-01", "2023-12-31"),
        ("2024", "2024-01-01", "2024-12-31"),
        ("45170", "2023-09-01", "2023-09-01"),
    ],
)
def test_dates_as_people_write_them(written, start, end):
    assert importing.parse_date(written).isoformat() == start
    assert importing.parse_date(written, end=True).isoformat() == end


@pytest.mark.parametrize("written", ["31-02-2026", "volgend jaar", "Q5 2023", "smarch 2023"])
def test_a_refused_date_is_quoted(institution, themes, written):
    row = check_one(institution, begindatum=written)
    assert row.errors == [
        (
            "begindatum",
            f"Geen geldige datum: '{written}'. Schrijf bijvoorbeeld 01-09-2026, 2026-09-01, sept 2026 of Q3 2026.",
        )
    ]


def test_every_refusal_quotes_the_value(institution, themes):
    row = check_one(institution, status="Bezig?", perspectief="Tactisch-plus", domein="HR", budget="veel")
    assert row.errors == [
        ("status", "Onbekende status 'Bezig?'. Kies uit: idee, gepland, lopend, afgerond, gestopt."),
        ("perspectief", "Onbekend perspectief 'Tactisch-plus'. Kies strategisch of operationeel."),
        ("domein", "Onbekend domein 'HR'. Kies ICT of business."),
        ("budget", "Onbekende budgetklasse 'veel'. Kies uit: <50k, 50k-250k, 250k-1m, >1m."),
    ]


def test_excel_dates_merged_cells_and_formulas(institution, member, themes):
    content = xlsx_bytes(
        {
            "Projecten": [
                ["Projectnaam", "Status", "Thema's", "Startdatum", "Einddatum"],
                ["Rooster", "In uitvoering", "Data en AI", datetime.datetime(2023, 9, 1), "Q2 2024"],
                ["Toetsapp", None, "Digitaal toetsen", datetime.date(2023, 10, 1), None],
                ["Datalab", None, "Data en AI", None, None],
                ["Chatbot", "Afgerond", '=LOWER("DATA EN AI")', None, None],
                ["Portaal", "Idee", '=LOWER("DATA EN AI")', None, None],
            ]
        },
        merge={"Projecten": ["B2:B4"]},
    )
    content = with_cached_value(content, "C5", "Data en AI")  # C6 keeps no stored result, as openpyxl saves it
    batch = import_preview(actor=member, institution=institution, upload=upload("overzicht.xlsx", content))
    assert batch.tables[0]["warnings"] == [[6, "C", str(reading.MSG_FORMULA_WITHOUT_VALUE)]]
    rows = importing.check(institution=institution, rows=batch.rows)
    assert [(r.number, r.values.get("status"), r.values.get("thema's"), r.action) for r in rows] == [
        (2, "In uitvoering", "Data en AI", "new"),
        (3, "In uitvoering", "Digitaal toetsen", "new"),
        (4, "In uitvoering", "Data en AI", "new"),
        (5, "Afgerond", "Data en AI", "new"),
        (6, "Idee", "", "rejected"),
    ]
    assert [(r.fields.get("start_date"), r.fields.get("end_date")) for r in rows[:2]] == [
        (datetime.date(2023, 9, 1), datetime.date(2024, 6, 30)),
        (datetime.date(2023, 10, 1), None),
    ]
    assert rows[4].errors == [("thema's", "Noem minstens één thema.")]


def test_the_import_page_shows_the_words_it_reads(client, member):
    client.force_login(member)
    page = client.get(reverse("portfolio:import-start")).content.decode()
    assert (
        "<td>lopend</td><td>in uitvoering, uitvoering, loopt, actief, gestart, in behandeling, "
        "in progress, ongoing</td>" in page
    )
