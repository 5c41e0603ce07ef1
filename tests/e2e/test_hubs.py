"""The theme hub, the institution hub and member profiles in a browser: axe-core finds nothing, at desktop and
phone width, and nothing scrolls sideways."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from koers.accounts.models import User

from .conftest import assert_accessible, sign_in_as

SIZES = {"desktop": (1366, 900), "phone": (390, 844)}


def open_page(browser, live_server, size: str, email: str | None):
    width, height = SIZES[size]
    context = browser.new_context(locale="nl-NL", viewport={"width": width, "height": height})
    page = context.new_page()
    if email:
        sign_in_as(page, live_server, User.objects.get(email=email))
    return context, page


def check(page, live_server, url: str, heading: str, width: int) -> None:
    response = page.goto(f"{live_server.url}{url}")
    assert response is not None and response.status == 200, url
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    assert_accessible(page)
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{url} is {scroll}px wide at {width}px"


@pytest.mark.parametrize("size", list(SIZES))
def test_hubs_and_profile_for_a_member(browser, live_server, demo, size):
    context, page = open_page(browser, live_server, size, "lid@koers.example")
    try:
        member = User.objects.get(email="lid@koers.example")
        width = SIZES[size][0]
        check(page, live_server, reverse("themes:theme-detail", args=["data-ondersteund-onderwijs"]), "Data", width)
        expect(page.get_by_role("heading", name="Leden met deze expertise")).to_be_visible()
        check(page, live_server, reverse("members:institution-detail", args=["roc-van-amsterdam"]), "ROC", width)
        expect(page.get_by_role("heading", name="Deelname in cijfers")).to_be_visible()
        check(page, live_server, reverse("members:profile", args=[member.pk]), member.full_name, width)
        # The table of contents of a hub leads to its sections.
        page.goto(f"{live_server.url}{reverse('themes:theme-detail', args=['data-ondersteund-onderwijs'])}")
        page.get_by_role("navigation", name="Op deze pagina").get_by_role("link", name="Adviezen").click()
        assert page.url.endswith("#adviezen")
    finally:
        context.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_theme_hub_for_a_guest(browser, live_server, demo, size):
    context, page = open_page(browser, live_server, size, None)
    try:
        check(
            page,
            live_server,
            reverse("themes:theme-detail", args=["data-ondersteund-onderwijs"]),
            "Data",
            SIZES[size][0],
        )
        expect(page.get_by_role("heading", name="Leden met deze expertise")).to_have_count(0)
    finally:
        context.close()
