"""The open-data page in a real browser: reachable from the footer, accessible (axe-core), fits a phone, and
its download links give the data."""

import json

import pytest
from playwright.sync_api import expect

from koers.roadmap.models import Adoption, AdoptionState

from .conftest import assert_accessible, visit

pytestmark = pytest.mark.e2e

PHONE_WIDTH = 390


def test_guest_finds_the_page_in_the_footer_and_it_is_accessible(page, live_server, demo):
    visit(page, live_server, "dashboard:home")
    with page.expect_navigation():
        page.locator("footer").get_by_role("link", name="Open data").click()
    assert page.url == f"{live_server.url}/open-data/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Open data")
    main = page.locator("main")
    for name in ("Landelijke roadmap", "Referentielijst met adoptie", "Adviezen: status en opvolging"):
        expect(main.get_by_role("heading", name=name, level=2)).to_be_visible()
        expect(main.get_by_role("link", name=f"{name} als CSV")).to_be_visible()
        expect(main.get_by_role("link", name=f"{name} als JSON")).to_be_visible()
    expect(main.get_by_role("link", name="Agenda-abonnement met de bijeenkomsten")).to_have_attribute(
        "href", "/bijeenkomsten/agenda.ics"
    )
    assert_accessible(page)


def test_member_sees_the_same_page_accessibly(page, live_server, lid):
    visit(page, live_server, "opendata:index")
    expect(page.get_by_role("heading", level=1)).to_have_text("Open data")
    assert_accessible(page)


def test_the_page_fits_a_phone(browser, live_server, demo):
    context = browser.new_context(locale="nl-NL", viewport={"width": PHONE_WIDTH, "height": 800})
    try:
        phone = context.new_page()
        visit(phone, live_server, "opendata:index")
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
        assert_accessible(phone)
    finally:
        context.close()


def test_the_json_link_gives_the_reference_list(page, live_server, demo):
    visit(page, live_server, "opendata:index")
    href = page.get_by_role("link", name="Referentielijst met adoptie als JSON").get_attribute("href")
    response = page.request.get(f"{live_server.url}{href}")
    assert response.status == 200
    body = json.loads(response.body())
    ooapi = next(row for row in body["rows"] if row["slug"] == "open-education-api-ooapi")
    in_use = Adoption.objects.filter(item__slug="open-education-api-ooapi", state=AdoptionState.IN_USE).count()
    assert ooapi["in_use"] == in_use
    assert in_use > 0
