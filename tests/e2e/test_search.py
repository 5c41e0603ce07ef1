"""The search page, the header's search field and its suggestions, in Chromium with axe-core."""

import pytest
from django.urls import reverse

from .conftest import assert_accessible, visit

# The search index is kept current on every save here: what the members search is written by the test itself.
pytestmark = pytest.mark.search_index

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_search_page_groups_results_and_is_accessible(page, live_server, lid, viewport):
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}{reverse('search:search')}?q=digitalisering")
    assert page.get_by_role("heading", name="Zoeken", level=1).is_visible()
    assert page.locator("main").get_by_text("13 resultaten voor ‘digitalisering’.").is_visible()
    assert page.get_by_role("heading", name="Thema's (9)").is_visible()
    assert page.locator(".search-hits mark").first.inner_text().lower() == "digitalisering"
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert_accessible(page)
    page.get_by_role("link", name="Alle 9 thema's tonen").click()
    page.wait_for_url("**kind=theme**")
    assert page.locator(".search-hits li").count() == 9
    assert_accessible(page)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_empty_and_no_results(page, live_server, demo, viewport):
    page.set_viewport_size(viewport)
    visit(page, live_server, "search:search")
    assert_accessible(page)
    page.goto(f"{live_server.url}{reverse('search:search')}?q=nergensteveinden")
    assert page.get_by_text("Niets gevonden voor ‘nergensteveinden’.").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert_accessible(page)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_header_field_suggests_while_typing_and_works_with_the_keyboard(page, live_server, lid, viewport):
    page.set_viewport_size(viewport)
    visit(page, live_server, "themes:theme-list")
    field = page.get_by_role("searchbox", name="Zoeken in Koers")
    field.focus()
    field.press_sequentially("roost", delay=30)
    suggestions = page.locator("#header-suggestions a")
    suggestions.first.wait_for()
    assert suggestions.count() == 4
    assert page.locator("#header-suggestions").get_by_text("4 suggesties").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert_accessible(page)
    # Tab from the field passes the button and reaches the first suggestion; Enter opens it.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    first = suggestions.first.get_attribute("href")
    assert page.evaluate("document.activeElement.getAttribute('href')") == first
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(first)


def test_header_field_works_without_javascript(browser, live_server, demo):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL", viewport=DESKTOP)
    try:
        page = context.new_page()
        visit(page, live_server, "themes:theme-list")
        page.get_by_role("searchbox", name="Zoeken in Koers").fill("digitalisering")
        with page.expect_navigation():
            page.get_by_role("button", name="Zoek", exact=True).click()
        assert "/zoeken/?q=digitalisering" in page.url
        # A guest finds the public themes, not the members' meetings.
        assert page.get_by_role("heading", name="Thema's (9)").is_visible()
        assert page.get_by_role("heading", name="Bijeenkomsten (1)", exact=True).count() == 0
    finally:
        context.close()
