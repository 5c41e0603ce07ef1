"""Spreadsheet import: every row checked, a preview, then all accepted rows in one transaction."""

import csv
import io
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from koers.portfolio import importing
from koers.portfolio.models import ImportBatch, Project
from koers.portfolio.services import MSG_BATCH_DONE, import_commit, import_preview

from ..factories import ThemeFactory

HEADER = importing.COLUMNS[:9]


@pytest.fixture
def themes(db):
    return [
        ThemeFactory(name="Data-ondersteund onderwijs", slug="data-ondersteund-onderwijs"),
        ThemeFactory(name="Data en AI", slug="data-en-ai"),
    ]


def csv_file(rows, name="overzicht.csv", header=HEADER) -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode("utf-8"), content_type="text/csv")


def xlsx_file(rows, name="overzicht.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


GOOD = [
    "Dashboard",
    "Voor mentoren",
    "lopend",
    "Data-ondersteund onderwijs; data-en-ai",
    "operationeel",
    "ict",
    "2026-01-01",
    "2027-07-31",
    "50k-250k",
]


def test_preview_marks_each_row_new_updated_or_rejected_with_reasons(institution, themes, member):
    Project.objects.create(institution=institution, title="Bestaand project")
    rows = [
        GOOD,
        ["bestaand project", "", "afgerond", "Data en AI", "", "", "", "", ""],
        ["", "", "lopend", "Data en AI", "", "", "", "", ""],
        ["Onbekend", "", "misschien", "Quantum", "", "", "31-02-2026", "", ""],
        ["Dashboard", "", "", "Data en AI", "", "", "", "", ""],
        ["Omgekeerd", "", "", "Data en AI", "", "", "2026-05-01", "2026-01-01", ""],
    ]
    batch = import_preview(actor=member, institution=institution, upload=csv_file(rows))
    checked = importing.check(institution=institution, rows=batch.rows)
    assert [(r.number, r.action) for r in checked] == [
        (2, "new"),
        (3, "update"),
        (4, "rejected"),
        (5, "rejected"),
        (6, "rejected"),
        (7, "rejected"),
    ]
    assert checked[2].errors == [("titel", "De titel ontbreekt.")]
    assert checked[3].errors == [
        ("status", "Onbekende status 'misschien'. Kies uit: idee, gepland, lopend, afgerond, gestopt."),
        ("thema's", "Onbekend thema 'Quantum'."),
        (
            "begindatum",
            "Geen geldige datum: '31-02-2026'. Schrijf bijvoorbeeld 01-09-2026, 2026-09-01, sept 2026 of Q3 2026.",
        ),
    ]
    assert checked[4].errors == [("titel", "De titel 'Dashboard' staat al eerder in het bestand (rij 2).")]
    assert checked[5].errors == [("einddatum", "De einddatum ligt vóór de begindatum.")]
    assert Project.objects.count() == 1  # the preview writes nothing to the portfolio


def test_commit_writes_accepted_rows_once(institution, themes, member):
    Project.objects.create(institution=institution, title="Bestaand project", status="idee")
    rows = [
        GOOD,
        ["Bestaand project", "Nieuw verhaal", "afgerond", "Data en AI", "", "", "", "", ""],
        ["", "", "", "Data en AI", "", "", "", "", ""],
    ]  # rejected (no title): skipped
    batch = import_preview(actor=member, institution=institution, upload=xlsx_file(rows))
    assert import_commit(batch=batch) == (1, 1)
    dashboard = Project.objects.get(title="Dashboard")
    assert (dashboard.status, dashboard.horizon, dashboard.domain, dashboard.budget_band) == (
        "lopend",
        "operationeel",
        "ict",
        "50k-250k",
    )
    assert (str(dashboard.start_date), str(dashboard.end_date)) == ("2026-01-01", "2027-07-31")
    assert sorted(t.slug for t in dashboard.themes.all()) == ["data-en-ai", "data-ondersteund-onderwijs"]
    existing = Project.objects.get(title="Bestaand project")
    assert (existing.status, existing.description, [t.slug for t in existing.themes.all()]) == (
        "afgerond",
        "Nieuw verhaal",
        ["data-en-ai"],
    )
    with pytest.raises(ValidationError) as raised:
        import_commit(batch=batch)
    assert raised.value.messages == [str(MSG_BATCH_DONE)]
    assert Project.objects.count() == 2


def test_commit_is_all_or_nothing(institution, themes, member):
    batch = import_preview(actor=member, institution=institution, upload=csv_file([GOOD, ["Tweede", *GOOD[1:]]]))
    with mock.patch("koers.portfolio.models.Project.themes.through.objects.bulk_create", side_effect=RuntimeError):
        with pytest.raises(RuntimeError):
            import_commit(batch=batch)
    assert Project.objects.count() == 0
    assert ImportBatch.objects.get().state == "preview"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("groot.csv", b"titel\n" + b"x" * (5 * 1024 * 1024)), importing.MSG_TOO_LARGE),
        (SimpleUploadedFile("overzicht.pdf", b"%PDF-1.4"), importing.MSG_WRONG_TYPE),
        (SimpleUploadedFile("kapot.xlsx", b"geen zip"), importing.MSG_UNREADABLE),
        (SimpleUploadedFile("leeg.csv", b""), "Het verstuurde bestand is leeg."),
        (SimpleUploadedFile("alleen-kop.csv", ";".join(HEADER).encode()), importing.MSG_EMPTY),
    ],
    ids=["too-large", "other-type", "unreadable", "empty", "header-only"],
)
def test_bad_files_are_refused_in_dutch_and_write_nothing(client, member, themes, upload, message):
    client.force_login(member)
    response = client.post(reverse("portfolio:import-start"), {"file": upload})
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [str(message)]
    assert ImportBatch.objects.count() == 0 and Project.objects.count() == 0


def test_upload_preview_and_commit_through_the_pages(client, member, institution, themes):
    client.force_login(member)
    response = client.post(reverse("portfolio:import-start"), {"file": csv_file([GOOD])})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "portfolio:import-preview", kwargs={"pk": batch.pk}
    )
    page = client.get(response["Location"]).content.decode()
    assert "1 nieuw project" in page and "0 rijen afgewezen" in page
    response = client.post(reverse("portfolio:import-preview", kwargs={"pk": batch.pk}), follow=True)
    assert response.redirect_chain[0][1] == 302
    assert list(Project.objects.values_list("institution", "title")) == [(institution.pk, "Dashboard")]
    # Each number takes its own plural.
    assert "Import vastgelegd: 1 nieuw project en 0 bijgewerkte projecten." in response.content.decode()
    page = client.get(reverse("portfolio:import-preview", kwargs={"pk": batch.pk})).content.decode()
    assert "Dit bestand is vastgelegd: 1 nieuw project en 0 bijgewerkte projecten." in page


def test_import_for_another_institution_is_for_the_steering_group_only(client, member, other_institution, themes):
    client.force_login(member)
    url = reverse("portfolio:import-start") + f"?instelling={other_institution.slug}"
    assert client.post(url, {"file": csv_file([GOOD])}).status_code == 403
    assert ImportBatch.objects.count() == 0


def test_templates_have_the_expected_columns(client, member):
    client.force_login(member)
    response = client.get(reverse("portfolio:import-template", kwargs={"fmt": "xlsx"}))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == importing.COLUMNS
    response = client.get(reverse("portfolio:import-template", kwargs={"fmt": "csv"}))
    assert response.content.decode("utf-8-sig").splitlines()[0] == ";".join(importing.COLUMNS)


@pytest.mark.parametrize("count", [1, 3])
def test_preview_query_count(client, django_assert_num_queries, member, institution, themes, count):
    batch = ImportBatch.objects.create(
        institution=institution,
        created_by=member,
        filename="x.csv",
        rows=[dict(zip(HEADER, [f"Project {n}", *GOOD[1:]], strict=True)) for n in range(count)],
    )
    client.force_login(member)
    with django_assert_num_queries(5):
        response = client.get(reverse("portfolio:import-preview", kwargs={"pk": batch.pk}))
    assert response.status_code == 200
