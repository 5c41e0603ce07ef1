"""Form errors: what a keyboard user meets. (Phone widths: every page is checked at 390 px by the sweeps
in test_pages_*.py.)"""

from playwright.sync_api import expect

from .conftest import assert_accessible, submit_form, visit


def test_form_errors_are_summarised_and_focused(page, live_server, transactional_db):
    visit(page, live_server, "accounts:membership-request")
    submit_form(page, "Aanvraag versturen", status=200)
    summary = page.get_by_role("alert")
    expect(page.locator("#form-errors")).to_be_focused()  # autofocus may land just after the load event
    assert page.title().startswith("Fout: ")
    summary.get_by_role("link", name="Naam: Dit veld is verplicht.").click()
    expect(page.locator("#id_full_name")).to_be_focused()
    assert_accessible(page)
