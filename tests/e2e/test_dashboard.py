"""The dashboard that says what to do now, in a real browser at desktop and phone width, checked with axe-core."""

import pytest
from playwright.sync_api import expect

from koers.accounts.models import User

from .conftest import assert_accessible, sign_in_as

pytestmark = pytest.mark.e2e

WIDTHS = (1366, 390)


@pytest.fixture
def dashboard_as(page, live_server, demo):
    """Open the dashboard as a demo account; checks the page at both widths when asked."""

    def open_as(email: str):
        sign_in_as(page, live_server, User.objects.get(email=email))
        page.goto(f"{live_server.url}/")
        return page

    return open_as


def check_widths(page) -> None:
    """No violations and no sideways scrolling, at desktop and at phone width."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert_accessible(page)


def names_are_unique(page) -> None:
    """Every button and link in the action cards has an accessible name of its own."""
    main = page.locator("main")
    names = [
        element.evaluate("e => e.getAttribute('aria-label') || e.textContent.trim()")
        for element in main.locator(".dashboard-card a, .dashboard-card button").all()
    ]
    assert len(names) == len(set(names)), names


def test_member_dashboard(dashboard_as):
    page = dashboard_as("lid@koers.example")
    main = page.locator("main")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Gerda")
    expect(main.get_by_role("heading", name="Wat je nu kunt doen")).to_be_visible()
    expect(main.get_by_role("button", name="Stem nu: Welke thema's pakken we op?")).to_be_visible()
    expect(main.get_by_text("Je bent aangemeld")).to_be_visible()
    expect(main.get_by_role("button", name="Ik help mee: Wie helpt de ICT-monitor herijken?")).to_be_visible()
    expect(main.get_by_text("12 van 15 thema's nog in te vullen")).to_be_visible()
    expect(main.get_by_text("5 van 9 items nog zonder stand")).to_be_visible()
    expect(main.get_by_role("heading", name="Voor de regiegroep")).to_have_count(0)
    names_are_unique(page)
    check_widths(page)


def test_new_member_registers_from_the_dashboard(dashboard_as):
    page = dashboard_as("nieuw@koers.example")
    main = page.locator("main")
    expect(main.get_by_role("heading", name="Aan de slag")).to_be_visible()
    expect(main.get_by_text("4 van 5 stappen gedaan.")).to_be_visible()
    expect(main.get_by_role("link", name="Kijk het portfolio van je instelling na")).to_be_visible()
    expect(main.get_by_text("1 project is al 12 maanden niet bijgewerkt.")).to_be_visible()
    names_are_unique(page)
    check_widths(page)
    page.set_viewport_size({"width": 1366, "height": 900})
    with page.expect_navigation():
        main.get_by_role("button", name="Aanmelden: Netwerkbijeenkomst: data en AI in het mbo").click()
    expect(page.get_by_text("Je bent aangemeld. Je krijgt een bevestiging per e-mail.")).to_be_visible()
    page.goto(page.url.split("/bijeenkomsten/")[0] + "/")
    expect(page.locator("main").get_by_text("Je bent aangemeld", exact=True)).to_be_visible()
    # Registering was not one of the open steps: the portfolio still waits for a look.
    expect(page.locator("main").get_by_text("4 van 5 stappen gedaan.")).to_be_visible()


def test_steering_group_dashboard(dashboard_as):
    page = dashboard_as("regiegroep@koers.example")
    main = page.locator("main")
    expect(main.get_by_role("heading", name="Voor de regiegroep")).to_be_visible()
    expect(main.get_by_role("link", name="1 lidmaatschapsaanvraag wacht op beoordeling")).to_be_visible()
    expect(main.get_by_role("link", name="Conclusie schrijven: Herijking van de ICT-monitor")).to_be_visible()
    expect(main.get_by_role("link", name="Besluit vastleggen: Een gedeelde toetsomgeving voor het mbo")).to_be_visible()
    expect(main.get_by_role("button", name="Aanmelden: Netwerkbijeenkomst: data en AI in het mbo")).to_be_visible()
    names_are_unique(page)
    check_widths(page)
