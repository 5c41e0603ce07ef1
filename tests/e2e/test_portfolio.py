"""The portfolio: sector and institution overviews, project forms, coverage, theme pages and exports.

Every page is checked with axe-core, also in its error states. The demo data has 30 fictional projects.
"""

import csv
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from koers.accounts.models import User
from koers.members.models import Institution
from koers.portfolio.models import Project
from koers.portfolio.selectors import coverage_matrix
from koers.themes.models import Agenda, Theme

from ..factories import ThemeFactory, UserFactory
from .conftest import assert_accessible, field, sign_in_as, submit_form, visit

pytestmark = pytest.mark.e2e

DEMO_MEMBER = "lid@koers.example"  # Gerda Visser, ROC van Amsterdam (size L), no position
DEMO_STEERING = "regiegroep@koers.example"  # Chantal Yilmaz, mboRijnland, steering group
DEMO_ADMIN = "beheer@koers.example"  # administrator without an institution
DEMO_OTHER_MEMBER = "hans.bos@koers.example"  # Hans Bos, ROC Midden Nederland
DATA_THEME = "data-ondersteund-onderwijs"

# The demo projects on "Data-ondersteund onderwijs", by title.
DATA_PROJECTS = {
    "Aansluiten bij datawarehouse Horizon": ("Terra", "Idee"),
    "Dashboard studievoortgang": ("Horizon College", "Afgerond"),
    "Datagedreven studentbegeleiding": ("Deltion College", "Lopend"),
    "Datawarehouse onderwijs": ("ROC van Amsterdam", "Lopend"),
    "Learning analytics pilot": ("Summa College", "Gestopt"),
    "Projectportfolio in beeld": ("Horizon College", "Lopend"),
}
DATA_RUNNING = ["Datagedreven studentbegeleiding", "Datawarehouse onderwijs", "Projectportfolio in beeld"]
AMSTERDAM_PROJECTS = ["AI-richtlijn voor docenten", "Datawarehouse onderwijs", "Flexibel roosteren"]


@pytest.fixture
def gerda(demo):
    return User.objects.get(email=DEMO_MEMBER)


@pytest.fixture
def member_page(page, live_server, gerda):
    sign_in_as(page, live_server, gerda)
    return page


def project_titles(page):
    """The titles in the first column of the project table in <main>, in order."""
    return page.locator("main table tbody tr td:first-child")


def show_filters(page, **labels: str) -> None:
    """Choose options (by visible label) in the filter form and apply it."""
    filters = page.get_by_role("form", name="Filters")
    for label, option in labels.items():
        field(filters, label).select_option(label=option)
    with page.expect_navigation():
        filters.get_by_role("button", name="Toon", exact=True).click()


# --- 1. the sector portfolio ----------------------------------------------------------------------


def test_sector_portfolio_filters_by_theme_and_status(member_page, live_server):
    visit(member_page, live_server, "portfolio:project-list")
    expect(member_page.get_by_role("heading", level=1)).to_have_text("Portfolio van de sector")
    expect(member_page.get_by_role("heading", level=2, name=re.compile("projecten$"))).to_have_text("30 projecten")
    assert_accessible(member_page)

    show_filters(member_page, Thema="Data-ondersteund onderwijs")
    expect(member_page).to_have_url(re.compile(rf"[?&]theme={DATA_THEME}(&|$)"))
    expect(member_page.get_by_role("heading", level=2, name=re.compile("projecten$"))).to_have_text("6 projecten")
    expect(project_titles(member_page)).to_have_text(sorted(DATA_PROJECTS))
    assert_accessible(member_page)

    show_filters(member_page, Status="Lopend")
    expect(field(member_page.get_by_role("form", name="Filters"), "Thema")).to_have_value(DATA_THEME)
    expect(member_page.get_by_role("heading", level=2, name=re.compile("projecten$"))).to_have_text("3 projecten")
    expect(project_titles(member_page)).to_have_text(DATA_RUNNING)
    rows = member_page.locator("main table.projects tbody tr")
    for index, title in enumerate(DATA_RUNNING):
        expect(rows.nth(index).locator("td").nth(1)).to_have_text(DATA_PROJECTS[title][0])
        expect(rows.nth(index).locator("td").nth(2)).to_have_text("Lopend")
    assert_accessible(member_page)


def test_sector_portfolio_is_paged_by_25(member_page, live_server):
    visit(member_page, live_server, "portfolio:project-list")
    expect(member_page.locator("main table.projects tbody tr")).to_have_count(25)
    paging = member_page.get_by_role("navigation", name="Paginering")
    expect(paging).to_contain_text("Pagina 1 van 2")
    with member_page.expect_navigation():
        paging.get_by_role("link", name="Volgende").click()
    expect(member_page.get_by_role("heading", level=2, name=re.compile("projecten$"))).to_have_text("30 projecten")
    expect(member_page.locator("main table.projects tbody tr")).to_have_count(5)
    expect(paging).to_contain_text("Pagina 2 van 2")
    assert_accessible(member_page)


def test_sector_portfolio_empty_result(member_page, live_server):
    visit(member_page, live_server, "portfolio:project-list")
    show_filters(member_page, Thema="XR", Status="Afgerond")
    expect(member_page.get_by_role("heading", level=2, name=re.compile("projecten$"))).to_have_text("0 projecten")
    expect(member_page.locator("main table.projects")).to_have_count(0)
    expect(member_page.locator("main")).to_contain_text(
        "Geen projecten gevonden. Haal een filter weg of zoek op iets anders."
    )
    assert_accessible(member_page)


# --- 2. my institution's portfolio ----------------------------------------------------------------


def test_my_portfolio_shows_only_my_institution(member_page, live_server):
    visit(member_page, live_server, "portfolio:my-portfolio")
    expect(member_page.get_by_role("heading", level=1)).to_have_text("Portfolio van ROC van Amsterdam")
    expect(member_page.get_by_role("heading", level=2, name=re.compile("projecten$"))).to_have_text("3 projecten")
    expect(project_titles(member_page)).to_have_text(AMSTERDAM_PROJECTS)
    # No institution column and no institution filter: they would all say ROC van Amsterdam.
    expect(member_page.locator("main table.projects thead th")).to_have_text(
        ["Titel", "Status", "Thema's", "Kwadrant", "Looptijd"]
    )
    expect(member_page.get_by_role("form", name="Filters").get_by_label("Instelling", exact=True)).to_have_count(0)
    expect(member_page.get_by_role("link", name="Naar het portfolio van de sector")).to_be_visible()
    assert_accessible(member_page)
    assert sorted(
        Project.objects.filter(institution__slug="roc-van-amsterdam").values_list("title", flat=True)
    ) == sorted(AMSTERDAM_PROJECTS)


# --- 3. creating a project ------------------------------------------------------------------------


def test_create_project_empty_then_saved(member_page, live_server):
    visit(member_page, live_server, "portfolio:my-portfolio")
    with member_page.expect_navigation():
        member_page.get_by_role("button", name="Nieuw project").click()  # a link styled as a button
    expect(member_page).to_have_url(re.compile(r"/portfolio/projecten/nieuw/$"))
    expect(member_page.get_by_role("heading", level=1)).to_have_text("Nieuw project van ROC van Amsterdam")
    assert_accessible(member_page)

    submit_form(member_page, "Opslaan", status=400)
    summary = member_page.get_by_role("alert")
    expect(summary).to_contain_text("Controleer het formulier:")
    expect(summary.get_by_role("link")).to_have_text(
        ["Titel: Dit veld is verplicht.", "Thema's: Dit veld is verplicht."]
    )
    expect(summary.get_by_role("link", name="Thema's: Dit veld is verplicht.")).to_have_attribute(
        "href", "#id_themes_0"
    )
    expect(member_page.locator("#id_title-error")).to_have_text("Dit veld is verplicht.")
    expect(member_page.locator("#id_themes-error")).to_have_text("Dit veld is verplicht.")
    expect(field(member_page, "Titel")).to_have_attribute("aria-invalid", "true")
    assert_accessible(member_page)
    assert not Project.objects.filter(institution__slug="roc-van-amsterdam").exclude(title__in=AMSTERDAM_PROJECTS)

    field(member_page, "Titel").fill("Studiesuccesmonitor")
    field(member_page, "Status").select_option(label="Lopend")
    member_page.get_by_label("Data-ondersteund onderwijs", exact=True).check()
    field(member_page, "Perspectief").select_option(label="Strategisch")
    field(member_page, "Domein").select_option(label="Business")
    submit_form(member_page, "Opslaan", status=200)

    project = Project.objects.get(title="Studiesuccesmonitor")
    expect(member_page).to_have_url(re.compile(rf"/portfolio/projecten/{project.pk}/$"))
    expect(member_page.get_by_role("heading", level=1)).to_have_text("Studiesuccesmonitor")
    expect(member_page.get_by_role("status")).to_have_text("Project Studiesuccesmonitor is opgeslagen.")
    expect(member_page.locator("dl.facts")).to_contain_text("Strategisch / Business")
    who_else = member_page.get_by_role("region", name="Wie werkt ook hieraan?")
    expect(who_else.get_by_role("heading", level=3)).to_have_text(
        ["Deltion College", "Horizon College", "Summa College", "Terra"]
    )
    expect(who_else.get_by_role("link", name="Projectportfolio in beeld")).to_be_visible()
    expect(who_else).not_to_contain_text("Datawarehouse onderwijs")  # our own institution is left out
    # ROC van Amsterdam is a large college: nothing to lift along with.
    expect(member_page.get_by_role("heading", name="Meeliften")).to_have_count(0)
    assert_accessible(member_page)

    assert project.institution.slug == "roc-van-amsterdam"
    assert project.status == Project.Status.RUNNING
    assert (project.horizon, project.domain) == (Project.Horizon.STRATEGIC, Project.Domain.BUSINESS)
    assert list(project.themes.values_list("slug", flat=True)) == [DATA_THEME]


# --- 4. editing and deleting ----------------------------------------------------------------------


def test_edit_and_delete_own_project(member_page, live_server):
    project = Project.objects.get(title="Flexibel roosteren")
    visit(member_page, live_server, "portfolio:project-detail", pk=project.pk)
    with member_page.expect_navigation():
        member_page.get_by_role("button", name="Bewerken").click()
    expect(member_page.get_by_role("heading", level=1)).to_have_text("Flexibel roosteren bewerken")
    expect(field(member_page, "Titel")).to_have_value("Flexibel roosteren")
    assert_accessible(member_page)

    field(member_page, "Titel").fill("")
    submit_form(member_page, "Opslaan", status=400)
    expect(member_page.get_by_role("alert").get_by_role("link")).to_have_text(["Titel: Dit veld is verplicht."])
    assert_accessible(member_page)

    field(member_page, "Titel").fill("Flexibel roosteren 2.0")
    field(member_page, "Status").select_option(label="Afgerond")
    submit_form(member_page, "Opslaan", status=200)
    expect(member_page.get_by_role("heading", level=1)).to_have_text("Flexibel roosteren 2.0")
    expect(member_page.get_by_role("status")).to_have_text("Project Flexibel roosteren 2.0 is opgeslagen.")
    expect(member_page.locator("main hgroup p")).to_have_text("ROC van Amsterdam · Afgerond")
    project.refresh_from_db()
    assert (project.title, project.status) == ("Flexibel roosteren 2.0", Project.Status.DONE)

    with member_page.expect_navigation():
        member_page.locator("main .actions").get_by_role("link", name="Verwijderen", exact=True).click()
    expect(member_page.get_by_role("heading", level=1)).to_have_text("Project verwijderen")
    expect(member_page.locator("main")).to_contain_text(
        'Weet je zeker dat je "Flexibel roosteren 2.0" van ROC van Amsterdam wilt verwijderen?'
    )
    assert_accessible(member_page)
    submit_form(member_page, "Ja, verwijder het project", status=200)
    expect(member_page.get_by_role("heading", level=1)).to_have_text("Portfolio van ROC van Amsterdam")
    expect(member_page.get_by_role("status")).to_have_text("Project Flexibel roosteren 2.0 is verwijderd.")
    expect(member_page.get_by_role("heading", level=2, name=re.compile("projecten$"))).to_have_text("2 projecten")
    expect(project_titles(member_page)).to_have_text(["AI-richtlijn voor docenten", "Datawarehouse onderwijs"])
    assert_accessible(member_page)
    assert not Project.objects.filter(pk=project.pk).exists()


def test_member_of_another_institution_cannot_edit(page, live_server, demo):
    sign_in_as(page, live_server, User.objects.get(email=DEMO_OTHER_MEMBER))
    project = Project.objects.get(title="Datawarehouse onderwijs")

    visit(page, live_server, "portfolio:project-detail", pk=project.pk)
    expect(page.get_by_role("heading", level=1)).to_have_text("Datawarehouse onderwijs")
    expect(page.locator("main").get_by_role("button", name="Bewerken")).to_have_count(0)
    expect(page.locator("main").get_by_role("link", name="Verwijderen", exact=True)).to_have_count(0)
    assert_accessible(page)

    visit(page, live_server, "portfolio:project-edit", pk=project.pk, status=403)
    expect(page.get_by_role("heading", level=1)).to_have_text("Geen toegang")
    assert_accessible(page)
    visit(page, live_server, "portfolio:project-delete", pk=project.pk, status=403)
    expect(page.get_by_role("heading", level=1)).to_have_text("Geen toegang")
    assert Project.objects.filter(pk=project.pk, title="Datawarehouse onderwijs").exists()


def test_steering_group_may_edit_any_institutions_project(page, live_server, demo):
    sign_in_as(page, live_server, User.objects.get(email=DEMO_STEERING))
    project = Project.objects.get(title="Datawarehouse onderwijs")  # ROC van Amsterdam, not mboRijnland
    visit(page, live_server, "portfolio:project-detail", pk=project.pk)
    with page.expect_navigation():
        page.get_by_role("button", name="Bewerken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Datawarehouse onderwijs bewerken")
    assert_accessible(page)


# --- 5. coverage ----------------------------------------------------------------------------------


def test_coverage_matrix(member_page, live_server):
    ThemeFactory(agenda=Agenda.objects.get(slug="npuls"), name="Quantumveilig", slug="quantumveilig")
    visit(member_page, live_server, "portfolio:coverage")
    expect(member_page.get_by_role("heading", level=1)).to_have_text("Dekking per thema")

    table = member_page.locator("main table.matrix")
    themes = Theme.objects.count()
    expect(table.locator("thead th")).to_have_count(1 + themes)
    expect(table.locator("thead th").first).to_have_text("Instelling")
    expect(table.locator("thead th").get_by_role("link", name="Data-ondersteund onderwijs")).to_be_visible()
    body_rows = table.locator("tbody tr")
    expect(body_rows).to_have_count(Institution.objects.count())
    expect(body_rows.locator("th")).to_have_text(
        list(Institution.objects.order_by("name").values_list("name", flat=True))
    )
    expect(body_rows.first.locator("td")).to_have_count(themes)

    # ROC van Amsterdam has one project on Data-ondersteund onderwijs; the total for that theme is 6.
    headers = table.locator("thead th").all_inner_texts()
    column = headers.index("Data-ondersteund onderwijs")  # 0 is the institution column
    amsterdam = body_rows.filter(has=member_page.get_by_role("rowheader", name="ROC van Amsterdam"))
    expect(amsterdam.locator("td").nth(column - 1)).to_have_text("1")
    expect(table.locator("tfoot td").nth(column - 1)).to_have_text("6")

    uncovered = member_page.locator('main h2:text-is("Thema\'s zonder projecten") + ul')
    expect(uncovered.get_by_role("listitem")).to_have_text(["Quantumveilig"])
    expect(uncovered.get_by_role("link", name="Quantumveilig")).to_have_attribute(
        "href", "/portfolio/themas/quantumveilig/"
    )
    assert_accessible(member_page)

    filters = member_page.get_by_role("form", name="Filters")
    field(filters, "Soort instelling").select_option(label="AOC")
    with member_page.expect_navigation():
        filters.get_by_role("button", name="Toon", exact=True).click()
    expect(body_rows).to_have_count(Institution.objects.filter(kind=Institution.Kind.AOC).count())
    expect(body_rows.filter(has=member_page.get_by_role("rowheader", name="Terra"))).to_have_count(1)
    assert_accessible(member_page)


LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def test_coverage_matrix_shows_every_theme_at_1366_pixels_and_sorts_and_hides(member_page, live_server):
    page = member_page
    page.set_viewport_size(LAPTOP)
    ThemeFactory(agenda=Agenda.objects.get(slug="npuls"), name="Quantumveilig", slug="quantumveilig")
    visit(page, live_server, "portfolio:coverage")
    table = page.locator("main table.matrix")
    headers = table.locator("thead th")
    expect(headers).to_have_count(1 + Theme.objects.count())
    edges = headers.evaluate_all("cells => cells.map(cell => cell.getBoundingClientRect().right)")
    assert max(edges) <= LAPTOP["width"], edges
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]
    assert_accessible(page)

    filters = page.get_by_role("form", name="Filters")
    filters.get_by_label("Verberg instellingen zonder projecten").check()
    field(filters, "Sorteer op").select_option(label="Dekking")
    with page.expect_navigation():
        filters.get_by_role("button", name="Toon", exact=True).click()
    expect(page).to_have_url(re.compile(r"sort=dekking&hide_empty=on"))
    expected = coverage_matrix(sort="dekking", hide_empty=True)
    rows = table.locator("tbody tr th")
    expect(rows).to_have_text([institution.name for institution in expected.institutions])
    assert 0 < len(expected.institutions) < Institution.objects.count()
    expect(page.get_by_text(f"{expected.hidden} instellingen zonder projecten zijn verborgen.")).to_be_visible()
    # The first has projects on the most themes: no row below it has more filled cells.
    filled = [row.locator("td.covered").count() for row in table.locator("tbody tr").all()]
    assert filled == sorted(filled, reverse=True)
    expect(filters.get_by_label("Verberg instellingen zonder projecten")).to_be_checked()
    assert_accessible(page)


def test_coverage_matrix_on_a_phone_scrolls_inside_its_box_with_the_names_in_view(member_page, live_server):
    page = member_page
    page.set_viewport_size(PHONE)
    visit(page, live_server, "portfolio:coverage")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    box = page.locator("main .coverage-wrap")
    assert box.evaluate("box => box.scrollWidth > box.clientWidth")
    name = page.locator("main table.matrix tbody th").first
    before = name.bounding_box()
    box.evaluate("box => { box.scrollLeft = 300; }")
    after = name.bounding_box()
    assert before is not None and after is not None
    assert after["x"] == before["x"]  # the institution column stays put while the themes scroll
    assert_accessible(page)


# --- 6. a theme's portfolio -----------------------------------------------------------------------


def test_theme_portfolio_lists_projects_and_lift_along_for_a_small_college(page, live_server, demo):
    terra = Institution.objects.get(name="Terra")
    assert terra.size_band == Institution.SizeBand.SMALL
    sign_in_as(page, live_server, UserFactory(institution=terra, full_name="Tessa Terra"))

    visit(page, live_server, "portfolio:theme-portfolio", slug=DATA_THEME)
    expect(page.get_by_role("heading", level=1)).to_have_text("Projecten over Data-ondersteund onderwijs")
    expect(page.get_by_role("heading", level=2, name=re.compile("projecten$"))).to_have_text("6 projecten")
    rows = page.locator("main table tbody tr")
    expect(rows.locator("td:first-child")).to_have_text(
        [
            "Datagedreven studentbegeleiding",
            "Dashboard studievoortgang",
            "Projectportfolio in beeld",
            "Datawarehouse onderwijs",
            "Learning analytics pilot",
            "Aansluiten bij datawarehouse Horizon",
        ]
    )  # sorted by institution, then title
    expect(rows.locator("td:nth-child(2)")).to_have_text(
        ["Deltion College", "Horizon College", "Horizon College", "ROC van Amsterdam", "Summa College", "Terra"]
    )

    lift = page.get_by_role("region", name="Meeliften")
    # Larger colleges further along (a running or finished project); Summa's only project was stopped.
    expect(lift.get_by_role("listitem")).to_have_text(
        [
            "Deltion College (Groot (meer dan 15.000 studenten))",
            "Horizon College (Middel (7.000 tot 15.000 studenten))",
            "ROC van Amsterdam (Groot (meer dan 15.000 studenten))",
        ]
    )
    who_else = page.get_by_role("region", name="Wie werkt ook hieraan?")
    expect(who_else.get_by_role("heading", level=3)).to_have_text(
        ["Deltion College", "Horizon College", "ROC van Amsterdam", "Summa College"]
    )
    assert_accessible(page)


def test_theme_portfolio_without_lift_along_for_a_large_college(member_page, live_server):
    visit(member_page, live_server, "portfolio:theme-portfolio", slug=DATA_THEME)
    expect(member_page.get_by_role("heading", level=2, name=re.compile("projecten$"))).to_have_text("6 projecten")
    expect(member_page.get_by_role("heading", name="Meeliften")).to_have_count(0)
    expect(
        member_page.get_by_role("region", name="Wie werkt ook hieraan?").get_by_role("heading", level=3)
    ).to_have_text(["Deltion College", "Horizon College", "Summa College", "Terra"])
    assert_accessible(member_page)


# --- 7. exports -----------------------------------------------------------------------------------


def test_csv_and_xlsx_export_of_the_filtered_list(member_page, live_server):
    visit(member_page, live_server, "portfolio:project-list")
    show_filters(member_page, Thema="Data-ondersteund onderwijs", Status="Lopend")
    expect(member_page.get_by_role("heading", level=2, name=re.compile("projecten$"))).to_have_text("3 projecten")
    assert_accessible(member_page)

    with member_page.expect_download() as info:
        member_page.get_by_role("link", name="Download als CSV").click()
    download = info.value
    assert re.fullmatch(r"koers-portfolio-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
    with open(download.path(), encoding="utf-8-sig", newline="") as handle:
        text = handle.read()
    first_line = text.splitlines()[0]
    assert "Titel" in first_line
    rows = list(csv.reader(text.splitlines(), delimiter=";"))
    assert rows[0][:3] == ["Titel", "Instelling", "Status"]
    assert [row[0] for row in rows[1:]] == DATA_RUNNING
    assert {row[2] for row in rows[1:]} == {"Lopend"}
    for title in set(DATA_PROJECTS) - set(DATA_RUNNING):
        assert title not in text

    with member_page.expect_download() as info:
        member_page.get_by_role("link", name="Download als Excel (XLSX)").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as handle:  # openpyxl goes by the extension, which the temp file lacks
        sheet = load_workbook(handle).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Titel"
    assert [row[0] for row in values[1:]] == DATA_RUNNING


def test_my_portfolio_csv_export_has_only_my_institution(member_page, live_server):
    visit(member_page, live_server, "portfolio:my-portfolio")
    with member_page.expect_download() as info:
        member_page.get_by_role("link", name="Download als CSV").click()
    with open(info.value.path(), encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert "Titel" in rows[0]
    assert [row[0] for row in rows[1:]] == AMSTERDAM_PROJECTS
    assert {row[1] for row in rows[1:]} == {"ROC van Amsterdam"}


# --- 8. an administrator without an institution ---------------------------------------------------


def test_administrator_chooses_the_institution_first(page, live_server, demo):
    admin = User.objects.get(email=DEMO_ADMIN)
    assert admin.institution is None
    sign_in_as(page, live_server, admin)

    visit(page, live_server, "portfolio:project-create")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kies de instelling")
    expect(page.locator("main")).to_contain_text("Van welke instelling zijn de projecten?")
    expect(field(page, "Instelling")).to_be_visible()
    assert_accessible(page)

    field(page, "Instelling").select_option(label="Terra")
    submit_form(page, "Verder", status=200)
    expect(page).to_have_url(re.compile(r"/portfolio/projecten/nieuw/\?instelling=terra$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuw project van Terra")
    assert_accessible(page)


# --- 9. spreadsheet import: preview, then commit ----------------------------------------------------


def test_import_preview_then_commit(page, live_server, demo, tmp_path):
    import csv

    from koers.portfolio.importing import COLUMNS
    from koers.portfolio.models import Project

    member = User.objects.get(email=DEMO_MEMBER)
    sign_in_as(page, live_server, member)
    visit(page, live_server, "portfolio:my-portfolio")
    page.get_by_role("link", name="Importeren uit spreadsheet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Projecten importeren voor ROC van Amsterdam")
    assert_accessible(page)

    path = tmp_path / "overzicht.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(COLUMNS)
        writer.writerow(["Chatbot studentenservice", "", "gepland", "Data en AI", "operationeel", "ict", "", "", ""])
        writer.writerow(["Flexibel roosteren", "Tweede fase", "afgerond", "Flexibel studeren", "", "", "", "", ""])
        writer.writerow(["", "", "lopend", "Onbekend thema", "", "", "", "", ""])
    field(page, "Bestand").set_input_files(str(path))
    page.get_by_role("button", name="Bekijk wat er gebeurt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import controleren")
    main = page.locator("main")
    expect(main).to_contain_text("1 nieuw project")
    expect(main).to_contain_text("1 bestaand project wordt bijgewerkt")
    expect(main).to_contain_text("1 rij afgewezen")
    rejected = page.get_by_role("region", name="Rijen uit het bestand").locator("tbody tr").nth(2)
    expect(rejected).to_contain_text("Afgewezen")
    expect(rejected).to_contain_text("Kolom titel: De titel ontbreekt.")
    expect(rejected).to_contain_text("Kolom thema's: Onbekend thema 'Onbekend thema'.")
    assert_accessible(page)
    assert not Project.objects.filter(title="Chatbot studentenservice").exists()

    page.get_by_role("button", name="Leg 2 projecten vast").click()
    expect(page.get_by_role("status")).to_have_text("Import vastgelegd: 1 nieuw project en 1 bijgewerkt project.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Portfolio van ROC van Amsterdam")
    expect(page.locator("main table.projects")).to_contain_text("Chatbot studentenservice")
    assert Project.objects.get(title="Flexibel roosteren").status == "afgerond"
    assert_accessible(page)
