"""The API's pages in the browser: creating, copying and revoking a token by keyboard; the documentation."""

import pytest
from playwright.sync_api import expect

from koers.api.models import AccessToken, token_hash

from .conftest import assert_accessible, field, sign_in_as, submit_form, visit

pytestmark = pytest.mark.e2e


def test_member_creates_a_token_sees_it_once_and_revokes_it(page, live_server, member):
    sign_in_as(page, live_server, member)
    visit(page, live_server, "accounts:profile")
    page.get_by_role("link", name="Toegangstokens voor de API").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Toegangstokens voor de API")
    expect(page.get_by_text("Je hebt nog geen tokens.")).to_be_visible()
    assert_accessible(page)

    field(page, "Naam").fill("Portfolio-koppeling")
    field(page, "Rechten").select_option("read-write")
    submit_form(page, "Token aanmaken", status=200)
    shown = page.get_by_label("Token", exact=True)
    raw = shown.input_value()
    token = AccessToken.objects.get()
    assert token_hash(raw) == token.token_hash
    assert (token.name, token.scope) == ("Portfolio-koppeling", "read-write")
    expect(page.get_by_role("cell", name="Lezen en schrijven")).to_be_visible()
    assert_accessible(page)

    visit(page, live_server, "tokens:token-list")
    expect(page.get_by_label("Token", exact=True)).to_have_count(0)  # shown once only
    page.get_by_role("link", name="Intrekken (Portfolio-koppeling)").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Token intrekken")
    assert_accessible(page)
    page.get_by_role("button", name="Ja, trek het token in").click()
    expect(page.get_by_text("Token Portfolio-koppeling is ingetrokken.")).to_be_visible()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert_accessible(page)


def test_the_documentation_page_shows_every_operation(page, live_server):
    visit(page, live_server, "api:docs")
    expect(page.get_by_role("heading", level=1)).to_have_text("API-documentatie")
    expect(page.get_by_role("heading", name="PATCH /api/v1/projects/{id}/")).to_be_visible()
    page.get_by_role("link", name="projects").click()
    assert_accessible(page)
