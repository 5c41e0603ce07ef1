"""Nothing changes unseen: an update changes only mapped fields, shown field by field, after a summary."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from koers.portfolio import importing
from koers.portfolio.models import ImportBatch, Project
from koers.portfolio.services import import_commit, import_configure, import_preview

from ..factories import ThemeFactory
from .import_files import csv_bytes, upload


@pytest.fixture
def themes(db):
    return [ThemeFactory(name="Data en AI", slug="data-en-ai"), ThemeFactory(name="Digitaal toetsen", slug="dt")]


@pytest.fixture
def stored(institution, themes):
    project = Project.objects.create(
        institution=institution,
        title="Rooster",
        description="Eén rooster",
        status="idee",
        horizon="strategisch",
        domain="business",
        start_date=datetime.date(2023, 9, 1),
        end_date=datetime.date(2024, 7, 31),
        budget_band="50k-250k",
    )
    project.themes.set(themes)
    return project


FILE = [
    ["Projectnaam", "Status", "Startdatum", "Einddatum", "Thema's"],
    ["Rooster", "In uitvoering", "1-9-2023", "", ""],
    ["Nieuw dashboard", "idee", "", "", "Data en AI"],
    ["Kapot", "bezig?", "", "", "Data en AI"],
    ["Ook kapot", "", "morgen", "", "Quantum"],
]


def test_an_update_changes_only_the_mapped_fields_and_empty_cells_keep_values(member, institution, stored, themes):
    batch = import_preview(actor=member, institution=institution, upload=upload("o.csv", csv_bytes(FILE)))
    rows = importing.check(institution=institution, rows=batch.rows)
    assert [(r.number, r.action) for r in rows] == [(2, "update"), (3, "new"), (4, "rejected"), (5, "rejected")]
    assert rows[0].changes == [("status", "Idee", "Lopend")]
    assert import_commit(batch=batch) == (1, 1)
    stored.refresh_from_db()
    assert (stored.status, stored.horizon, stored.domain, stored.description, stored.budget_band) == (
        "lopend",
        "strategisch",
        "business",
        "Eén rooster",
        "50k-250k",
    )
    assert (stored.start_date, stored.end_date) == (datetime.date(2023, 9, 1), datetime.date(2024, 7, 31))
    assert sorted(t.slug for t in stored.themes.all()) == ["data-en-ai", "dt"]


def test_clearing_empty_cells_is_the_members_choice(member, institution, stored):
    batch = import_preview(actor=member, institution=institution, upload=upload("o.csv", csv_bytes(FILE[:2])))
    import_configure(batch=batch, sheets=batch.sheets, mapping=batch.mapping, clear_empty=True)
    [row] = importing.check(institution=institution, rows=batch.rows, clear_empty=True)
    assert row.changes == [("status", "Idee", "Lopend"), ("einddatum", "2024-07-31", "–")]
    assert import_commit(batch=batch) == (0, 1)
    stored.refresh_from_db()
    assert (stored.status, stored.end_date, stored.horizon) == ("lopend", None, "strategisch")
    assert stored.themes.count() == 2  # a required field is never cleared


def test_an_unchanged_row_is_reported_and_not_written(member, institution, stored):
    same = [FILE[0], ["Rooster", "Idee", "2023-09-01", "31-7-2024", "data en ai; Digitaal toetsen"]]
    batch = import_preview(actor=member, institution=institution, upload=upload("o.csv", csv_bytes(same)))
    [row] = importing.check(institution=institution, rows=batch.rows)
    assert (row.action, row.changes) == ("unchanged", []), row.changes


def test_the_preview_opens_with_the_summary_and_shows_changes(client, member, institution, stored):
    client.force_login(member)
    rows = [*FILE, ["rooster", "", "", "", ""]]
    client.post(reverse("portfolio:import-start"), {"file": upload("o.csv", csv_bytes(rows))})
    batch = ImportBatch.objects.get()
    page = client.get(reverse("portfolio:import-preview", kwargs={"pk": batch.pk})).content.decode()
    assert page.index("Samenvatting") < page.index("Leg 2 projecten vast") < page.index("Per rij")
    for text in [
        "<li>1 nieuw project</li>",
        "<li>1 bestaand project wordt bijgewerkt</li>",
        "<li>0 bestaande projecten blijven ongewijzigd</li>",
        "3 rijen afgewezen",
        "<li>1 vanwege kolom thema&#x27;s</li>",
        "<li>1 vanwege kolom begindatum</li>",
        "<li>1 vanwege kolom status</li>",
        "<li>1 vanwege kolom titel</li>",
        "<li>status: Idee → Lopend</li>",
        "Kolom titel: De titel &#x27;rooster&#x27; staat al eerder in het bestand (rij 2).",
    ]:
        assert text in page, page[page.index("Samenvatting") : page.index("Per rij")]


def test_refused_rows_download_with_a_reason_and_upload_again(client, member, institution, stored):
    client.force_login(member)
    client.post(reverse("portfolio:import-start"), {"file": upload("o.csv", csv_bytes(FILE))})
    batch = ImportBatch.objects.get()
    response = client.get(reverse("portfolio:import-rejected", kwargs={"pk": batch.pk}))
    assert response["Content-Disposition"] == 'attachment; filename="afgewezen-rijen.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [[c or "" for c in row] for row in sheet.iter_rows(values_only=True)] == [
        ["Projectnaam", "Status", "Startdatum", "Einddatum", "Thema's", "reden"],
        [
            "Kapot",
            "bezig?",
            "",
            "",
            "Data en AI",
            "status: Onbekende status 'bezig?'. Kies uit: idee, gepland, lopend, afgerond, gestopt.",
        ],
        [
            "Ook kapot",
            "",
            "morgen",
            "",
            "Quantum",
            "thema's: Onbekend thema 'Quantum'.; begindatum: Geen geldige datum: 'morgen'. Schrijf bijvoorbeeld "
            "01-09-2026, 2026-09-01, sept 2026 of Q3 2026.",
        ],
    ]
    sheet["B2"], sheet["C3"], sheet["E3"] = "lopend", "Q1 2025", "Data en AI"  # fixed
    fixed = io.BytesIO()
    sheet.parent.save(fixed)
    client.post(reverse("portfolio:import-start"), {"file": upload("afgewezen-rijen.xlsx", fixed.getvalue())})
    again = ImportBatch.objects.latest("pk")
    assert [(r.number, r.action) for r in importing.check(institution=institution, rows=again.rows)] == [
        (2, "new"),
        (3, "new"),
    ]
    assert again.mapping["reden"] == ""


@pytest.mark.parametrize("count", [1, 3])
def test_preview_query_count_with_updates(client, django_assert_num_queries, member, institution, themes, count):
    lines = [["Projectnaam", "Status", "Thema's", "Contactpersoon"]]
    for n in range(count):
        project = Project.objects.create(institution=institution, title=f"Project {n}")
        project.themes.set(themes[:1])
        lines.append([f"Project {n}", "lopend", "Data en AI; Digitaal toetsen", member.full_name])
    batch = import_preview(actor=member, institution=institution, upload=upload("o.csv", csv_bytes(lines)))
    client.force_login(member)
    with django_assert_num_queries(7):
        response = client.get(reverse("portfolio:import-preview", kwargs={"pk": batch.pk}))
    assert response.context["counts"]["update"] == count
