"""Charts and the advice stepper in the browser, on a laptop and on a phone: axe-core clean with the figures
opened, the values readable as text, and no page wider than the screen."""

import pytest
from playwright.sync_api import expect

from koers.accounts.models import User
from koers.advice.models import Advice
from koers.polls.models import Poll

from .conftest import assert_accessible, sign_in_as, visit

pytestmark = pytest.mark.e2e


def _fits(page, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll}px wide on a {width}px screen"


def _open_the_figures(page) -> None:
    """Open each chart's table, as a reader who wants the exact figures does."""
    for summary in page.locator("details.chart-data > summary").all():
        summary.click()
    for table in page.locator("details.chart-data table").all():
        expect(table).to_be_visible()


@pytest.mark.parametrize("width", [1366, 390])
def test_charts_and_the_stepper_read_well_on_every_screen(page, live_server, demo, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_as(page, live_server, User.objects.get(email="regiegroep@koers.example"))

    poll = Poll.objects.get(title="OOAPI als uitwisselstandaard voor het mbo")
    visit(page, live_server, "polls:poll-results", poll.pk)
    chart = page.get_by_role("img", name="Uitslag: Kiezen we OOAPI als uitwisselstandaard voor het mbo?")
    expect(chart).to_be_visible()
    expect(chart.locator("text.chart-value").first).to_have_text("25 (96,2%)")
    assert chart.bounding_box()["width"] <= width
    _open_the_figures(page)
    expect(page.locator("table.results").first.get_by_role("row", name="Ja 25 96,2%")).to_be_visible()
    assert_accessible(page)
    _fits(page, width)

    dots = Poll.objects.get(title="Welke drie thema's pakt het netwerk op? (maart 2020)")
    visit(page, live_server, "polls:poll-results", dots.pk)
    chart = page.get_by_role("img", name=f"Uitslag: {dots.questions.get().text}")
    expect(chart.locator("text.chart-value").first).to_have_text("17 (40,5%)")  # dots and their share
    _open_the_figures(page)  # a wide table scrolls in its own region, the page does not
    assert_accessible(page)
    _fits(page, width)

    advice = Advice.objects.get(title="Collectief gebruik van OOAPI in het mbo")
    visit(page, live_server, "advice:advice-detail", advice.pk)
    steps = page.locator("ol.stepper > li")
    expect(steps).to_have_count(8)
    current = page.locator('ol.stepper > li[aria-current="step"]')
    expect(current).to_contain_text("In uitvoering")
    expect(current).to_contain_text("huidige stap, sinds")
    expect(steps.nth(5)).to_contain_text("Besluit")
    expect(steps.nth(5)).to_contain_text("afgerond op")
    expect(steps.last).to_contain_text("nog niet")
    assert_accessible(page)
    _fits(page, width)

    visit(page, live_server, "roadmap:reference-item", slug="open-education-api-ooapi")
    history = page.get_by_role("img", name="Instellingen per stand aan het eind van elk halfjaar")
    expect(history).to_be_visible()
    expect(history.locator("text.chart-tick")).to_have_count(12)  # six half-years, two lines each
    _open_the_figures(page)
    assert_accessible(page)
    _fits(page, width)

    visit(page, live_server, "portfolio:project-list")
    per_theme = page.get_by_role("img", name="Projecten per thema en status")
    expect(per_theme).to_be_visible()
    _open_the_figures(page)
    expect(page.locator("details.chart-data table thead th")).to_have_text(
        ["Thema", "Idee", "Gepland", "Lopend", "Afgerond", "Gestopt", "Totaal"]
    )
    assert_accessible(page)
    _fits(page, width)
