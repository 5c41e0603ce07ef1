"""Every page a guest can open, in a real browser, checked with axe-core, also in its error states."""

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import expect

from koers.accounts.models import User
from koers.accounts.services import MSG_INVITATION_INVALID, invitation_create

from ..factories import PASSWORD, UserFactory
from .conftest import assert_accessible, field, submit_form, sweep, visit
from .pages import GUEST_PAGES, unvisited

pytestmark = pytest.mark.e2e


def test_every_guest_page_at_both_widths(page, live_server, demo):
    """Every page a guest can open, at 1366 and 390 px: axe-core finds nothing, nothing scrolls sideways."""
    sweep(page, live_server, GUEST_PAGES)


def test_every_page_is_in_a_sweep():
    """A new page must be added to a sweep (tests/e2e/pages.py), or to NOT_PAGES with the reason."""
    assert unvisited() == set()


def test_landing_lists_the_demo_themes(page, live_server, demo):
    visit(page, live_server, "dashboard:home")
    main = page.locator("main")
    expect(main.get_by_role("heading", name="Npuls 2023-2031", level=3)).to_be_visible()
    expect(main.get_by_role("link", name="Data-ondersteund onderwijs")).to_be_visible()
    # These links look like buttons (role="button").
    join = main.get_by_role("button", name="Lid worden")
    expect(join).to_have_attribute("href", reverse("accounts:membership-request"))


def test_theme_detail_is_accessible(page, live_server, demo):
    visit(page, live_server, "themes:theme-detail", slug="data-ondersteund-onderwijs")
    expect(page.get_by_role("heading", level=1)).to_have_text("Data-ondersteund onderwijs")
    # A cross-link recorded by the demo data.
    expect(page.locator("main").get_by_role("link", name="Data en AI")).to_be_visible()
    # Guests do not get the edit link.
    expect(page.get_by_role("link", name="Thema bewerken")).to_have_count(0)
    assert_accessible(page)


def test_unknown_theme_shows_the_404_page(page, live_server, db):
    visit(page, live_server, "themes:theme-detail", slug="bestaat-niet", status=404)
    expect(page.get_by_role("heading", level=1)).to_have_text("Pagina niet gevonden")
    assert_accessible(page)


def test_404_page_is_accessible(page, live_server, db):
    response = page.goto(f"{live_server.url}/deze-pagina-bestaat-niet/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Pagina niet gevonden")
    expect(page.get_by_role("link", name="Naar de startpagina")).to_be_visible()
    assert_accessible(page)


def test_guest_is_sent_to_sign_in_for_member_pages(page, live_server, db):
    page.goto(f"{live_server.url}{reverse('members:directory')}")
    expect(page).to_have_url(re.compile(r"/account/inloggen/\?next=/leden/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")


# --- form pages after an empty or invalid submission -------------------------------------------


def test_sign_in_submitted_empty_shows_accessible_errors(page, live_server, db):
    visit(page, live_server, "accounts:login")
    submit_form(page, "Inloggen", status=200)
    expect(page.locator("#id_username-error")).to_have_text("Dit veld is verplicht.")
    expect(page.locator("#id_password-error")).to_have_text("Dit veld is verplicht.")
    expect(page.get_by_label("E-mailadres")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)


def test_password_reset_submitted_empty_shows_accessible_errors(page, live_server, db):
    visit(page, live_server, "accounts:password-reset")
    submit_form(page, "Stuur de link", status=200)
    expect(page.locator("#id_email-error")).to_have_text("Dit veld is verplicht.")
    assert_accessible(page)


def test_password_reset_sends_mail_and_shows_done_page(page, live_server, settings, mailoutbox):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    user = UserFactory(email="reset@college.example")
    visit(page, live_server, "accounts:password-reset")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_role("button", name="Stuur de link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Controleer je e-mail")
    assert page.url.endswith(reverse("accounts:password-reset-done"))
    assert [m.to for m in mailoutbox] == [[user.email]]
    assert_accessible(page)


def test_membership_request_submitted_empty_shows_accessible_errors(page, live_server, demo):
    visit(page, live_server, "accounts:membership-request")
    submit_form(page, "Aanvraag versturen", status=200)
    for name in ("full_name", "email", "institution", "job_title"):
        expect(page.locator(f"#id_{name}-error")).to_have_text("Dit veld is verplicht.")
    assert_accessible(page)


def test_membership_request_with_bad_email_shows_accessible_error(page, live_server, demo):
    visit(page, live_server, "accounts:membership-request")
    field(page, "Naam").fill("Piet Post")
    field(page, "Werk-e-mailadres").fill("geen-adres")
    field(page, "Instelling").select_option(label="Nova College")
    field(page, "Functie of rol binnen je instelling").fill("Informatiemanager")
    submit_form(page, "Aanvraag versturen", status=200)
    expect(page.locator("#id_email-error")).to_have_text("Voer een geldig e-mailadres in.")
    assert_accessible(page)


# --- password reset confirm and invitation links -----------------------------------------------


def _reset_path(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("accounts:password-reset-confirm", kwargs={"uidb64": uid, "token": token})


def test_password_reset_confirm_valid_link(page, live_server, member):
    page.goto(f"{live_server.url}{_reset_path(member)}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuw wachtwoord kiezen")
    expect(page.get_by_role("button", name="Wachtwoord opslaan")).to_be_visible()
    assert_accessible(page)

    submit_form(page, "Wachtwoord opslaan", status=200)
    expect(page.locator("#id_new_password1-error")).to_have_text("Dit veld is verplicht.")
    assert_accessible(page)

    field(page, "Nieuw wachtwoord").fill("nog-een-goed-wachtwoord-7")
    field(page, "Nieuw wachtwoord bevestigen").fill("nog-een-goed-wachtwoord-7")
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wachtwoord ingesteld")
    member.refresh_from_db()
    assert member.check_password("nog-een-goed-wachtwoord-7")


def test_password_reset_confirm_invalid_link(page, live_server, member):
    uid = urlsafe_base64_encode(force_bytes(member.pk))
    page.goto(f"{live_server.url}{reverse('accounts:password-reset-confirm', args=[uid, 'fout-token'])}")
    expect(page.get_by_role("alert")).to_have_text("Deze link is ongeldig of al gebruikt. Vraag een nieuwe link aan.")
    assert_accessible(page)


def test_invitation_accept_page_and_empty_submission(page, live_server, institution):
    invited = User.objects.create_user(email="nieuw@horizon.example", full_name="Nina Nieuw", institution=institution)
    token = invitation_create(user=invited)
    visit(page, live_server, "accounts:invitation-accept", token=token)
    expect(page.get_by_role("heading", level=1)).to_have_text("Kies je wachtwoord")
    expect(page.locator("main")).to_contain_text("Welkom, Nina Nieuw. Je logt straks in met nieuw@horizon.example.")
    assert_accessible(page)

    submit_form(page, "Wachtwoord opslaan", status=200)
    expect(page.locator("#id_new_password1-error")).to_have_text("Dit veld is verplicht.")
    assert_accessible(page)

    # Mismatching passwords: the error is shown at the second field.
    field(page, "Nieuw wachtwoord").fill(PASSWORD)
    field(page, "Nieuw wachtwoord bevestigen").fill(PASSWORD + "x")
    submit_form(page, "Wachtwoord opslaan", status=200)
    expect(page.locator("#id_new_password2-error")).to_be_visible()
    assert_accessible(page)


def test_invalid_invitation_page(page, live_server, db):
    visit(page, live_server, "accounts:invitation-accept", token="bestaat-niet", status=410)
    expect(page.get_by_role("heading", level=1)).to_have_text("Uitnodiging niet bruikbaar")
    expect(page.get_by_role("alert")).to_have_text(str(MSG_INVITATION_INVALID))
    assert_accessible(page)
