"""The header, the menu on a phone (also without JavaScript), the user menu, breadcrumbs and axe at two widths."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from koers.accounts.models import User
from koers.advice.models import Advice
from koers.meetings.models import Meeting
from koers.notifications.models import Kind
from koers.polls.models import Poll
from koers.portfolio.models import Project

from ..notifications.helpers import tell
from .conftest import assert_accessible, sign_in_as, submit_form, visit

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def open_context(browser, live_server, viewport, javascript=True):
    context = browser.new_context(
        locale="nl-NL", base_url=live_server.url, viewport=viewport, java_script_enabled=javascript
    )
    context.set_default_timeout(15_000)
    return context


def test_menu_button_opens_and_closes_the_navigation_on_a_phone_without_javascript(browser, live_server, demo):
    context = open_context(browser, live_server, PHONE, javascript=False)
    try:
        page = context.new_page()
        sign_in_as(page, live_server, User.objects.get(email="lid@koers.example"))
        visit(page, live_server, "portfolio:project-list")
        menu = page.locator("summary", has_text="Menu")
        navigation = page.get_by_role("navigation", name="Hoofdmenu")
        expect(menu).to_be_visible()
        expect(navigation).to_have_count(0)  # the wide navigation is hidden, the menu closed
        menu.click()
        expect(navigation).to_be_visible()
        expect(navigation.get_by_role("link", name="Portfolio", exact=True)).to_have_attribute("aria-current", "true")
        expect(navigation.get_by_role("link", name="Projecten", exact=True)).to_have_attribute("aria-current", "page")
        expect(navigation.get_by_role("link", name="Oproepen", exact=True)).to_be_visible()
        expect(navigation.get_by_role("button", name="Uitloggen")).to_have_count(0)  # inside the closed user menu
        navigation.get_by_text("Mijn account").click()
        expect(navigation.get_by_role("button", name="Uitloggen")).to_be_visible()
        navigation.get_by_role("link", name="Oproepen", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Oproepen")
        menu = page.locator("summary", has_text="Menu")
        menu.click()
        expect(navigation).to_be_visible()
        menu.click()
        expect(navigation).to_have_count(0)
    finally:
        context.close()


def test_the_wide_header_fits_one_row_and_marks_the_current_group(browser, live_server, demo):
    context = open_context(browser, live_server, DESKTOP)
    try:
        page = context.new_page()
        sign_in_as(page, live_server, User.objects.get(email="regiegroep@koers.example"))
        visit(page, live_server, "calls:call-list")
        navigation = page.get_by_role("navigation", name="Hoofdmenu")
        groups = navigation.locator(".nav-group__link")
        expect(groups).to_have_text(
            ["Portfolio", "Roadmap", "Peilingen", "Bijeenkomsten", "Adviezen", "Netwerk", "Beheer"]
        )
        expect(navigation.get_by_role("link", name="Peilingen", exact=True)).to_have_attribute("aria-current", "true")
        section = page.get_by_role("navigation", name="Peilingen")
        expect(section.get_by_role("link")).to_have_text(["Peilingen", "Oproepen"])
        expect(section.get_by_role("link", name="Oproepen", exact=True)).to_have_attribute("aria-current", "page")
        header = page.locator(".site-header__bar").bounding_box()
        assert header is not None and header["height"] < 80, header
        assert page.locator("summary", has_text="Menu").is_hidden()
    finally:
        context.close()


def test_user_menu_shows_the_unread_count(browser, live_server, demo):
    gerda = User.objects.get(email="lid@koers.example")
    gerda.notifications.update(read_at=timezone.now())
    tell(recipients=[gerda], kind=Kind.ADVICE, subject="Nieuw advies", url="/")
    tell(recipients=[gerda], kind=Kind.POLLS, subject="Nieuwe peiling", url="/")
    context = open_context(browser, live_server, DESKTOP)
    try:
        page = context.new_page()
        sign_in_as(page, live_server, gerda)
        visit(page, live_server, "dashboard:home")
        navigation = page.get_by_role("navigation", name="Hoofdmenu")
        summary = navigation.locator(".user-menu > summary")
        expect(summary).to_have_text("Mijn account 2 ongelezen meldingen")
        summary.click()
        expect(navigation.get_by_role("link", name="Meldingen 2 ongelezen", exact=True)).to_be_visible()
        expect(navigation.get_by_role("link", name="Mijn profiel", exact=True)).to_be_visible()
        assert_accessible(page)
    finally:
        context.close()


def test_breadcrumbs_on_a_detail_page(browser, live_server, demo):
    project = Project.objects.order_by("pk").first()
    context = open_context(browser, live_server, DESKTOP)
    try:
        page = context.new_page()
        sign_in_as(page, live_server, User.objects.get(email="lid@koers.example"))
        visit(page, live_server, "portfolio:project-detail", project.pk)
        crumbs = page.get_by_role("navigation", name="Kruimelpad")
        expect(crumbs.get_by_role("listitem")).to_have_text(["Start", "Projecten", project.title])
        expect(crumbs.get_by_role("link", name="Projecten", exact=True)).to_have_attribute("href", "/portfolio/")
        expect(crumbs.locator("[aria-current=page]")).to_have_text(project.title)
        visit(page, live_server, "portfolio:project-list")
        expect(page.get_by_role("navigation", name="Kruimelpad")).to_have_count(0)
    finally:
        context.close()


def test_the_open_phone_menu_is_accessible_and_fits(browser, live_server, demo):
    context = open_context(browser, live_server, PHONE)
    try:
        page = context.new_page()
        sign_in_as(page, live_server, User.objects.get(email="regiegroep@koers.example"))
        visit(page, live_server, "polls:poll-list")
        page.locator("summary", has_text="Menu").click()
        navigation = page.get_by_role("navigation", name="Hoofdmenu")
        navigation.get_by_text("Mijn account").click()
        expect(navigation.get_by_role("button", name="Uitloggen")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert_accessible(page)
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "390"])
def test_pages_are_accessible_at_both_widths(browser, live_server, demo, viewport):
    context = open_context(browser, live_server, viewport)
    try:
        page = context.new_page()
        sign_in_as(page, live_server, User.objects.get(email="regiegroep@koers.example"))
        pages = [
            ("dashboard:home", ()),
            ("portfolio:project-list", ()),
            ("portfolio:project-detail", (Project.objects.order_by("pk").first().pk,)),
            ("polls:poll-detail", (Poll.objects.order_by("pk").first().pk,)),
            ("meetings:meeting-detail", (Meeting.objects.order_by("pk").first().pk,)),
            ("advice:advice-detail", (Advice.objects.order_by("pk").first().pk,)),
        ]
        for name, args in pages:
            visit(page, live_server, name, *args)
            assert_accessible(page)
        visit(page, live_server, "portfolio:project-create")
        submit_form(page, "Opslaan", status=None)
        expect(page.locator(".form-errors")).to_be_visible()
        assert_accessible(page)
    finally:
        context.close()
