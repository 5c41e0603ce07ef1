"""The national roadmap heatmap and a college's own roadmap, in the browser with axe-core."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from koers.accounts.models import User
from koers.roadmap.models import Ambition, AmbitionChange
from koers.roadmap.selectors import heatmap

from .conftest import assert_accessible, field, sign_in_as, submit_form, visit

YEAR = timezone.localdate().year


def test_guest_sees_the_national_heatmap_without_college_names(page, live_server, demo):
    visit(page, live_server, "roadmap:national")
    expect(page.get_by_role("heading", level=1)).to_have_text("Landelijke roadmap")
    table = page.get_by_role("table", name="Aantal instellingen dat in dit halfjaar met het thema wil beginnen")
    expect(table.locator("tbody tr")).to_have_count(16)  # 15 themes and the milestones from advice
    expect(table.get_by_role("rowheader", name="Mijlpalen uit adviezen")).to_have_count(1)
    expect(table.locator("tbody a[href*='/roadmap/']")).to_have_count(0)  # no cell links for guests
    expect(page.get_by_role("heading", name="Koplopers per thema")).to_have_count(0)
    assert_accessible(page)


def test_member_opens_a_cell_and_plots_an_ambition(page, live_server, demo):
    member = User.objects.get(email="lid@koers.example")
    sign_in_as(page, live_server, member)
    visit(page, live_server, "roadmap:national")
    expect(page.get_by_role("heading", name="Koplopers per thema")).to_be_visible()
    assert_accessible(page)
    first_cell = page.locator("table.heatmap tbody td a").first
    count = int(first_cell.inner_text())
    first_cell.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("start in")
    expect(page.locator("main tbody tr")).to_have_count(count)
    assert_accessible(page)

    visit(page, live_server, "roadmap:own")
    expect(page.get_by_role("heading", level=1)).to_have_text("Roadmap van ROC van Amsterdam")
    assert_accessible(page)
    page.get_by_role("link", name="Ambitie voor XR").click()
    field(page, "Beginjaar").fill("1999")
    submit_form(page, "Opslaan", status=400)
    assert_accessible(page)
    field(page, "Beginjaar").fill(str(YEAR + 1))
    field(page, "Halfjaar").select_option(label="tweede helft")
    field(page, "Niveau").select_option(label="Implementeren")
    field(page, "Kunnen of willen").select_option(label="Kunnen (klaar om te beginnen)")
    page.get_by_role("button", name="Opslaan").click()
    expect(page).to_have_url(re.compile(r"/roadmap/mijn-instelling/$"))
    expect(page.get_by_role("status")).to_have_text("De ambitie voor XR is opgeslagen.")
    row = page.locator("tbody tr", has=page.get_by_role("rowheader", name="XR", exact=True))
    expect(row).to_contain_text(f"{YEAR + 1} H2")
    expect(row).to_contain_text("Implementeren")
    ambition = Ambition.objects.get(institution=member.institution, theme__slug="xr")
    assert (ambition.start_year, ambition.start_half, ambition.level) == (YEAR + 1, 2, "implementeren")
    assert AmbitionChange.objects.filter(institution=member.institution, theme__slug="xr").count() >= 1
    expect(page.locator("main")).to_contain_text(f"XR: {YEAR + 1} H2, implementeren")
    assert_accessible(page)


# --- The heatmap fits the page, and becomes a list per theme on a phone -------------------------------------------

LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def assert_no_sideways_scrolling(page) -> None:
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def right_edges(locator) -> list[float]:
    return locator.evaluate_all("cells => cells.map(cell => cell.getBoundingClientRect().right)")


def test_the_heatmap_shows_all_ten_half_years_at_1366_pixels(page, live_server, demo):
    page.set_viewport_size(LAPTOP)
    sign_in_as(page, live_server, User.objects.get(email="lid@koers.example"))
    visit(page, live_server, "roadmap:national")
    table = page.locator("table.heatmap")
    expect(table).to_be_visible()
    half_years = table.locator("thead th").filter(has_not_text="Thema")
    expect(half_years).to_have_count(10)
    edges = right_edges(half_years)
    assert max(edges) <= LAPTOP["width"], edges
    assert table.evaluate("table => table.getBoundingClientRect().width") <= 1200
    assert_no_sideways_scrolling(page)
    # Every cell shows its count, empty cells their 0.
    cells = table.locator("tbody tr:not(.milestone-row) td")
    expect(cells).to_have_count(15 * 10)
    assert all(text.strip().isdigit() for text in cells.all_inner_texts())
    # The legend gives every colour's range, as the cells are coloured.
    bands = heatmap().legend
    expected = [str(b.low) if b.low == b.high else f"{b.low}–{b.high}" for b in bands]
    expect(page.locator(".heat-legend li")).to_have_text(expected)
    assert bands[-1].high > bands[-1].low  # the demo's busiest cells share the darkest colour with others
    # The phone list is there for phones only.
    expect(page.locator(".heat-list")).to_be_hidden()
    # Milestones are numbered markers under their half-year, each told in the list below.
    markers = table.locator(".milestone-row a.milestone-marker")
    assert markers.count() == page.locator("ol.milestone-list li").count() > 0
    markers.first.click()
    expect(page).to_have_url(re.compile(r"#mijlpaal-1$"))
    assert_accessible(page)


@pytest.mark.parametrize("member", [False, True], ids=["guest", "member"])
def test_the_heatmap_is_a_list_per_theme_on_a_phone(page, live_server, demo, member):
    page.set_viewport_size(PHONE)
    if member:
        sign_in_as(page, live_server, User.objects.get(email="lid@koers.example"))
    visit(page, live_server, "roadmap:national")
    expect(page.locator("table.heatmap")).to_be_hidden()
    themes = page.locator(".heat-list section")
    expect(themes).to_have_count(15)
    first = themes.first
    expect(first.get_by_role("heading", level=3)).to_have_text("Data-ondersteund onderwijs")
    expect(first.locator("dt")).to_have_count(10)
    expect(first.locator("dt").first).to_have_text(f"{YEAR - 1} H1")
    assert all(text.isdigit() for text in first.locator("dd").all_inner_texts())
    # Members open a half-year from the list as from the table; guests see the numbers only.
    filled = sum(1 for text in first.locator("dd").all_inner_texts() if text != "0")
    expect(first.locator("dd a")).to_have_count(filled if member else 0)
    assert_no_sideways_scrolling(page)
    assert_accessible(page)
