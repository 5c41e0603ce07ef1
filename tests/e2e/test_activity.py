"""Wat is er nieuw, in a real browser at desktop and phone width, checked with axe-core."""

import pytest
from playwright.sync_api import expect

from koers.accounts.models import User

from .conftest import assert_accessible, sign_in_as, visit

pytestmark = pytest.mark.e2e

SIZES = ({"width": 1366, "height": 900}, {"width": 390, "height": 844})


def check_sizes(page) -> None:
    """No violations and no sideways scrolling, at desktop and at phone size."""
    for size in SIZES:
        page.set_viewport_size(size)
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
        assert_accessible(page)


def test_guest_reads_the_public_feed(page, live_server, demo):
    visit(page, live_server, "activity:feed")
    expect(page.get_by_role("heading", level=1)).to_have_text("Wat is er nieuw")
    expect(page.get_by_role("heading", name="Gebeurtenissen")).to_be_visible()
    expect(page.get_by_role("link", name="Voor mij")).to_have_count(0)
    expect(page.locator('link[rel="alternate"][type="application/atom+xml"]')).to_have_count(1)
    check_sizes(page)


def test_member_sees_what_is_new_and_switches_to_for_me(page, live_server, demo):
    sign_in_as(page, live_server, User.objects.get(email="lid@koers.example"))
    visit(page, live_server, "activity:feed")
    main = page.locator("main")
    expect(main.get_by_role("heading", name="Nieuw voor jou")).to_be_visible()
    check_sizes(page)
    main.get_by_role("link", name="Voor mij").click()
    expect(main.get_by_role("link", name="Voor mij")).to_have_attribute("aria-current", "page")
    check_sizes(page)
    page.reload()
    expect(main.get_by_role("heading", name="Nieuw voor jou")).to_have_count(0)


def test_dashboard_links_to_the_feed(page, live_server, demo):
    sign_in_as(page, live_server, User.objects.get(email="lid@koers.example"))
    page.goto(f"{live_server.url}/")
    section = page.locator("section[aria-labelledby='whats-new']")
    expect(section.get_by_role("listitem")).to_have_count(5)
    section.get_by_role("link", name="Alles wat er nieuw is").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wat is er nieuw")
