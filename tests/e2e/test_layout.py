"""Small screens and form errors: what a phone user and a keyboard user meet."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from koers.accounts.models import User

from .conftest import assert_accessible, sign_in_as, submit_form, visit

PHONE_WIDTH = 390

PAGES = [
    ("dashboard:home", {}),
    ("members:directory", {}),
    ("members:institution-list", {}),
    ("members:steering-group", {}),
    ("members:consent", {}),
    ("accounts:membership-request-list", {}),
    ("core:audit-log", {}),
    ("accounts:profile", {}),
    ("roadmap:national", {}),
    ("roadmap:plan", {}),
    ("roadmap:reference-list", {}),
    ("roadmap:reference-item", {"slug": "open-education-api-ooapi"}),
    ("roadmap:adoptions", {}),
    ("polls:poll-list", {}),
    ("calls:call-list", {}),
    ("meetings:meeting-list", {}),
    ("meetings:topic-list", {}),
    ("advice:advice-list", {}),
    ("advice:transparency", {}),
    ("governance:vacancy-list", {}),
]


@pytest.fixture
def phone_page(browser, live_server, transactional_db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    context = browser.new_context(locale="nl-NL", viewport={"width": PHONE_WIDTH, "height": 800})
    page = context.new_page()
    sign_in_as(page, live_server, User.objects.get(email="voorzitter@koers.example"))
    yield page
    context.close()


@pytest.mark.parametrize(("name", "kwargs"), PAGES, ids=[name for name, _ in PAGES])
def test_page_does_not_scroll_sideways_on_a_phone(phone_page, live_server, name, kwargs):
    visit(phone_page, live_server, name, **kwargs)
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, f"{name} is {width}px wide"


def test_form_errors_are_summarised_and_focused(page, live_server, transactional_db):
    visit(page, live_server, "accounts:membership-request")
    submit_form(page, "Aanvraag versturen", status=200)
    summary = page.get_by_role("alert")
    expect(page.locator("#form-errors")).to_be_focused()  # autofocus may land just after the load event
    assert page.title().startswith("Fout: ")
    summary.get_by_role("link", name="Naam: Dit veld is verplicht.").click()
    expect(page.locator("#id_full_name")).to_be_focused()
    assert_accessible(page)
