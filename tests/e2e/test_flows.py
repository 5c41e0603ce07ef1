"""Whole journeys through Koers in a real browser, asserting what the user sees at each step."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from koers.accounts.models import MembershipRequest
from koers.members.models import Consent, SharedField

from ..factories import PASSWORD, UserFactory, share
from .conftest import assert_accessible, field, login, sign_in_as, visit

pytestmark = pytest.mark.e2e

MSG_WRONG_PASSWORD = "Dit e-mailadres en wachtwoord horen niet bij elkaar. Let op hoofdletters in je wachtwoord."


# --- a. signing in -----------------------------------------------------------------------------


def test_sign_in_with_the_right_password_opens_the_dashboard(page, live_server, member):
    login(page, live_server, member.email, PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Gerda")
    expect(page.locator("main").get_by_role("link", name="Horizon College")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("navigation", name="Hoofdmenu").get_by_text("Mijn account").click()
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Koers")
    expect(page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Inloggen")).to_be_visible()


def test_sign_in_with_the_wrong_password_shows_the_dutch_error(page, live_server, member):
    login(page, live_server, member.email, "fout-wachtwoord-123")
    expect(page).to_have_url(re.compile(r"/account/inloggen/$"))
    expect(page.get_by_role("alert")).to_contain_text(MSG_WRONG_PASSWORD)
    expect(page.get_by_label("E-mailadres")).to_have_value(member.email)
    expect(page.get_by_label("Wachtwoord")).to_have_value("")
    assert_accessible(page)


# --- b. from membership request to first sign-in -----------------------------------------------


def test_membership_request_approval_invitation_and_first_sign_in(
    page, new_page, live_server, settings, steering, other_institution
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = live_server.url
    mail.outbox = []

    # A guest asks to join.
    visit(page, live_server, "dashboard:home")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Lid worden").click()
    field(page, "Naam").fill("Piet Post")
    field(page, "Werk-e-mailadres").fill("Piet.Post@Albeda.example")
    field(page, "Instelling").select_option(label="Albeda")
    field(page, "Functie of rol binnen je instelling").fill("Informatiemanager")
    field(page, "Toelichting").fill("Ik wil graag meedoen met de werkgroep data.")
    page.get_by_role("button", name="Aanvraag versturen").click()
    expect(page).to_have_url(f"{live_server.url}{reverse('accounts:membership-request-sent')}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanvraag ontvangen")
    request = MembershipRequest.objects.get()
    assert (request.email, request.status) == ("piet.post@albeda.example", MembershipRequest.Status.PENDING)

    # A steering-group member signs in and approves it.
    reviewer = new_page()
    login(reviewer, live_server, steering.email, PASSWORD)
    expect(reviewer.get_by_role("heading", level=1)).to_have_text("Welkom, Chantal")
    reviewer.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Beheer").click()
    reviewer.get_by_role("navigation", name="Beheer").get_by_role("link", name="Aanvragen").click()
    expect(reviewer.get_by_role("heading", level=1)).to_have_text("Lidmaatschapsaanvragen")
    reviewer.locator("main").get_by_role("link", name="Piet Post").click()
    expect(reviewer.get_by_role("heading", level=1)).to_have_text("Aanvraag van Piet Post")
    expect(reviewer.locator("main dl")).to_contain_text("Ik wil graag meedoen met de werkgroep data.")
    reviewer.get_by_role("button", name="Goedkeuren en uitnodigen").click()
    expect(reviewer).to_have_url(f"{live_server.url}{reverse('accounts:membership-request-list')}")
    expect(reviewer.get_by_role("status")).to_have_text("Piet Post is goedgekeurd en heeft een uitnodiging gekregen.")
    expect(reviewer.locator("main")).to_contain_text("Er wachten geen aanvragen.")
    assert_accessible(reviewer)

    # The invitation e-mail carries a working link.
    to_piet = [m for m in mail.outbox if m.to == ["piet.post@albeda.example"]]
    assert [m.subject for m in to_piet] == ["We hebben je aanvraag ontvangen", "Welkom bij Koers: kies je wachtwoord"]
    invitations = to_piet[1:]
    assert len(invitations) == 1, [(m.to, m.subject) for m in mail.outbox]
    links = re.findall(rf"{re.escape(live_server.url)}/account/uitnodiging/[\w-]+/", invitations[0].body)
    assert len(links) == 1, invitations[0].body

    # The new member sets a password, signs in and sees their dashboard.
    newcomer = new_page()
    newcomer.goto(links[0])
    expect(newcomer.get_by_role("heading", level=1)).to_have_text("Kies je wachtwoord")
    field(newcomer, "Nieuw wachtwoord").fill("piet-zijn-eigen-wachtwoord-1")
    field(newcomer, "Nieuw wachtwoord bevestigen").fill("piet-zijn-eigen-wachtwoord-1")
    newcomer.get_by_role("button", name="Wachtwoord opslaan").click()
    # Signed in straight away and sent to complete the profile.
    expect(newcomer).to_have_url(re.compile(r"/account/profiel/$"))
    expect(newcomer.get_by_role("status")).to_have_text(
        "Welkom! Je wachtwoord is ingesteld. Vul je profiel aan en kies wat je deelt."
    )
    assert_accessible(newcomer)
    newcomer.get_by_role("link", name="Koers").click()
    expect(newcomer).to_have_url(f"{live_server.url}/")
    expect(newcomer.get_by_role("heading", level=1)).to_have_text("Welkom, Piet")
    expect(newcomer.locator("main").get_by_role("link", name="Albeda")).to_be_visible()
    assert_accessible(newcomer)

    # The link works once only.
    newcomer.goto(links[0])
    expect(newcomer.get_by_role("alert")).to_contain_text("Deze uitnodigingslink is al gebruikt.")


# --- c. consent --------------------------------------------------------------------------------


def test_member_gives_and_withdraws_consent(page, live_server, member):
    sign_in_as(page, live_server, member)
    visit(page, live_server, "members:consent")
    email_row = page.locator("main table tbody tr").filter(has_text="E-mailadres")
    expect(email_row.locator("td").nth(1)).to_have_text("Niet gedeeld")

    page.locator("main fieldset").get_by_label("E-mailadres").check()
    page.get_by_role("button", name="Keuzes opslaan").click()
    expect(page.get_by_role("status")).to_have_text("Je keuzes zijn opgeslagen.")
    expect(email_row.locator("td").nth(1)).to_have_text(re.compile(r"^Gedeeld sinds .+ \(tekstversie .+\)$"))
    for other in ("Telefoonnummer", "Functietitel", "Expertise"):
        expect(page.locator("main table tbody tr").filter(has_text=other).locator("td").nth(1)).to_have_text(
            "Niet gedeeld"
        )
    expect(page.locator("main fieldset").get_by_label("E-mailadres")).to_be_checked()
    assert list(Consent.objects.filter(user=member).values_list("field", flat=True)) == [SharedField.EMAIL]
    assert_accessible(page)

    # One click, no confirmation step; the button's name says which consent it withdraws.
    withdraw = email_row.get_by_role("button", name="Intrekken: e-mailadres", exact=True)
    expect(withdraw).to_have_text("Intrekken")
    withdraw.click()
    expect(page.get_by_role("status")).to_have_text("Je deelt je e-mailadres niet meer met het netwerk.")
    expect(email_row.locator("td").nth(1)).to_have_text("Niet gedeeld")
    expect(page.get_by_role("button", name=re.compile("^Intrekken"))).to_have_count(0)
    expect(page.locator("main fieldset").get_by_label("E-mailadres")).not_to_be_checked()
    assert not Consent.objects.filter(user=member).exists()
    assert_accessible(page)


# --- d. member directory -----------------------------------------------------------------------


def test_directory_search_and_filter(page, live_server, member, other_member, other_institution):
    share(other_member, SharedField.EMAIL)  # Hans Bos shares his e-mail; Gerda Visser does not.
    hanna = UserFactory(full_name="Hanna Visser", email="hanna@albeda.example", institution=other_institution)
    share(hanna, SharedField.EMAIL, SharedField.JOB_TITLE)
    UserFactory(full_name="Karel Smit", email="karel@albeda.example", institution=other_institution)

    sign_in_as(page, live_server, member)
    visit(page, live_server, "members:directory")
    results = page.locator("#directory-results")
    names = results.locator("article h3")
    expect(names).to_have_text(["Gerda Visser", "Hanna Visser", "Hans Bos", "Karel Smit"])

    field(page, "Zoek op naam").fill("visser")
    page.get_by_role("button", name="Zoeken").click()
    expect(names).to_have_text(["Gerda Visser", "Hanna Visser"])
    expect(results).to_contain_text("2 leden gevonden")

    field(page, "Instelling").select_option(label="Albeda")
    expect(names).to_have_text(["Hanna Visser"])
    expect(results).to_contain_text("1 lid gevonden")
    expect(page).to_have_url(re.compile(r"[?&]institution=albeda(&|$)"))
    expect(results.get_by_role("link", name="hanna@albeda.example")).to_be_visible()

    # Only the institution filter: Albeda's three members; an e-mail shows only where it is shared.
    field(page, "Zoek op naam").fill("")
    page.get_by_role("button", name="Zoeken").click()
    expect(names).to_have_text(["Hanna Visser", "Hans Bos", "Karel Smit"])
    expect(results.get_by_role("link", name="hans@albeda.example")).to_be_visible()
    expect(results.locator("article").filter(has_text="Karel Smit")).not_to_contain_text("@")

    # Gerda's e-mail is not shared: her card shows her name but not her address.
    field(page, "Instelling").select_option(label="Alle instellingen")
    expect(names).to_have_count(4)
    gerda_card = results.locator("article").filter(has_text="Gerda Visser")
    expect(gerda_card).not_to_contain_text(member.email)
    expect(results).not_to_contain_text("gerda@horizon.example")
    assert_accessible(page)  # the results as htmx left them


def test_directory_works_without_javascript_submit(page, live_server, member, other_member):
    """The filter form is a plain GET form: the result is the same when the URL is opened directly."""
    sign_in_as(page, live_server, member)
    page.goto(f"{live_server.url}{reverse('members:directory')}?q=bos&institution=albeda")
    expect(page.locator("#directory-results article h3")).to_have_text(["Hans Bos"])
    expect(field(page, "Zoek op naam")).to_have_value("bos")
    expect(field(page, "Instelling")).to_have_value("albeda")


# --- e. keyboard -------------------------------------------------------------------------------


def test_skip_link_is_first_and_moves_focus_to_main(page, live_server, db):
    visit(page, live_server, "dashboard:home")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    expect(page).to_have_url(re.compile(r"#main$"))


def test_sign_in_with_the_keyboard_only(page, live_server, member):
    visit(page, live_server, "accounts:login")
    # The e-mail field has autofocus.
    expect(page.get_by_label("E-mailadres")).to_be_focused()
    page.keyboard.type(member.email)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Wachtwoord")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Gerda")


# --- f. language -------------------------------------------------------------------------------


def test_language_switch_to_english(page, live_server, db):
    visit(page, live_server, "core:accessibility")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    footer = page.get_by_role("contentinfo")
    footer.get_by_label("Taal").select_option("en")
    footer.get_by_role("button", name="Wijzig taal").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # Back on the same page, with English chosen in the footer.
    expect(page).to_have_url(f"{live_server.url}{reverse('core:accessibility')}")
    expect(page.locator("#language-select")).to_have_value("en")
    assert_accessible(page)

    # The choice sticks on the next page.
    visit(page, live_server, "core:privacy")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_signed_in_member_switches_language_and_back(page, live_server, member):
    sign_in_as(page, live_server, member)
    visit(page, live_server, "dashboard:home")
    page.locator("#language-select").select_option("en")
    page.get_by_role("contentinfo").get_by_role("button").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(f"{live_server.url}/")
    page.locator("#language-select").select_option("nl")
    page.get_by_role("contentinfo").get_by_role("button").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Gerda")


# --- more journeys: rejecting, changing the password, deleting the account, lock-out ------------


def test_steering_member_rejects_a_request_with_a_reason(page, live_server, settings, steering, other_institution):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    request = MembershipRequest.objects.create(
        full_name="Otto Onbekend", email="otto@elders.example", institution=other_institution, job_title="Student"
    )
    sign_in_as(page, live_server, steering)
    visit(page, live_server, "accounts:membership-request-detail", pk=request.pk)
    field(page, "Reden van afwijzing").fill("Het netwerk is er alleen voor informatiemanagers.")
    page.get_by_role("button", name="Afwijzen").click()
    expect(page.get_by_role("status")).to_have_text("De aanvraag van Otto Onbekend is afgewezen.")
    decided = page.locator("main table").last
    expect(decided).to_contain_text("Otto Onbekend")
    expect(decided).to_contain_text("Afgewezen")
    expect(decided).to_contain_text("Chantal Yilmaz")
    request.refresh_from_db()
    assert request.status == MembershipRequest.Status.REJECTED
    rejections = [m for m in mail.outbox if m.to == ["otto@elders.example"]]
    assert len(rejections) == 1
    assert "Het netwerk is er alleen voor informatiemanagers." in rejections[0].body


def test_member_changes_password(page, live_server, member):
    login(page, live_server, member.email, PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_text("Mijn account").click()
    page.get_by_role("link", name="Mijn profiel").click()
    page.get_by_role("link", name="Wachtwoord wijzigen").click()
    field(page, "Oud wachtwoord").fill(PASSWORD)
    field(page, "Nieuw wachtwoord").fill("een-heel-nieuw-wachtwoord-9")
    field(page, "Nieuw wachtwoord bevestigen").fill("een-heel-nieuw-wachtwoord-9")
    page.locator("main").get_by_role("button", name="Wachtwoord wijzigen").click()
    expect(page).to_have_url(f"{live_server.url}{reverse('accounts:profile')}")
    expect(page.get_by_role("status")).to_have_text("Je wachtwoord is gewijzigd.")
    member.refresh_from_db()
    assert member.check_password("een-heel-nieuw-wachtwoord-9")


def test_member_deletes_account(page, live_server, member):
    login(page, live_server, member.email, PASSWORD)
    visit(page, live_server, "privacy:account-delete")
    field(page, "Je wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Mijn account definitief verwijderen").click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("status")).to_have_text("Je account is verwijderd. Je persoonsgegevens zijn gewist.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Koers")
    assert_accessible(page)
    member.refresh_from_db()
    assert not member.is_active and member.anonymised_at is not None

    login(page, live_server, "gerda@horizon.example", PASSWORD)
    expect(page.get_by_role("alert")).to_contain_text(MSG_WRONG_PASSWORD)


def test_too_many_wrong_passwords_show_the_lockout_page(page, live_server, settings, member):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(page, live_server, member.email, "fout-wachtwoord-123")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tijdelijk geblokkeerd")
    expect(page.get_by_role("link", name="Nieuw wachtwoord instellen")).to_be_visible()
    assert_accessible(page)
    # Even the right password is refused now.
    login(page, live_server, member.email, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tijdelijk geblokkeerd")
