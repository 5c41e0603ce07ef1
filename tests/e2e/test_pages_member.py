"""Every page a signed-in member can open, checked with axe-core, also in its error states."""

import json
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from koers.accounts.models import User
from koers.notifications.models import Kind

from ..notifications.helpers import tell
from .conftest import assert_accessible, field, sign_in_as, submit_form, sweep, visit
from .pages import DEMO_MEMBER, MEMBER_PAGES

pytestmark = pytest.mark.e2e


@pytest.fixture
def gerda(demo):
    return User.objects.get(email=DEMO_MEMBER)


@pytest.fixture
def member_page(page, live_server, gerda):
    sign_in_as(page, live_server, gerda)
    return page


def test_every_member_page_at_both_widths(member_page, live_server):
    """Every page of a member, at 1366 and 390 px: axe-core finds nothing, nothing scrolls sideways."""
    sweep(member_page, live_server, MEMBER_PAGES)


def test_dashboard_shows_institution_colleagues_and_notifications(member_page, live_server, gerda):
    tell(recipients=[gerda], kind=Kind.MEETINGS, subject="Netwerkbijeenkomst 12 juni", url="/themas/")
    visit(member_page, live_server, "dashboard:home")
    main = member_page.locator("main")
    expect(main.get_by_role("link", name="ROC van Amsterdam")).to_be_visible()
    expect(main.get_by_role("link", name="Netwerkbijeenkomst 12 juni")).to_be_visible()
    member_page.get_by_role("navigation", name="Hoofdmenu").get_by_text("Mijn account").click()
    expect(member_page.get_by_role("link", name=re.compile(r"^Meldingen 1 ongelezen"))).to_be_visible()
    assert_accessible(member_page)


def test_notification_list_with_read_and_unread_items(member_page, live_server, gerda):
    tell(recipients=[gerda], kind=Kind.MEETINGS, subject="Eerste melding", body="Met een toelichting.")
    tell(recipients=[gerda], kind=Kind.POLLS, subject="Tweede melding", url="/themas/")
    visit(member_page, live_server, "notifications:list")
    items = member_page.locator(".notification-list > li")
    expect(items).to_have_count(2)
    expect(items.nth(0)).to_contain_text("Nieuw: Tweede melding")
    assert_accessible(member_page)

    member_page.get_by_role("button", name="Alles als gelezen markeren").click()
    expect(member_page.get_by_role("status")).to_have_text("Alle meldingen zijn als gelezen gemarkeerd.")
    expect(member_page.locator(".notification-list")).not_to_contain_text("Nieuw:")
    assert_accessible(member_page)


def test_directory_with_results(member_page, live_server):
    visit(member_page, live_server, "members:directory")
    expect(member_page.get_by_role("heading", level=1)).to_have_text("Leden van het netwerk")
    results = member_page.locator("#directory-results")
    expect(results).to_contain_text("leden gevonden")
    expect(results.get_by_role("heading", name="Annelies de Vries")).to_be_visible()
    assert_accessible(member_page)


def test_directory_with_empty_result(member_page, live_server):
    member_page.goto(f"{live_server.url}{reverse('members:directory')}?q=Niemand+Bestaat")
    results = member_page.locator("#directory-results")
    expect(results).to_contain_text("0 leden gevonden")
    expect(results).to_contain_text("Geen leden gevonden. Probeer een andere naam of haal een filter weg.")
    assert_accessible(member_page)


def test_institution_detail_with_members(member_page, live_server):
    visit(member_page, live_server, "members:institution-detail", slug="roc-van-amsterdam")
    expect(member_page.get_by_role("heading", level=1)).to_have_text("ROC van Amsterdam")
    expect(member_page.locator("main").get_by_role("heading", name="Gerda Visser")).to_be_visible()
    # Members do not get the edit link.
    expect(member_page.get_by_role("link", name="Gegevens bewerken")).to_have_count(0)
    assert_accessible(member_page)


def test_institution_detail_with_positions(member_page, live_server):
    # Horizon College: the chair's current positions; ROC Friese Poort: only former ones.
    visit(member_page, live_server, "members:institution-detail", slug="horizon-college")
    expect(member_page.locator("#functies table").first).to_contain_text("Voorzitter")
    assert_accessible(member_page)
    visit(member_page, live_server, "members:institution-detail", slug="roc-friese-poort")
    expect(member_page.get_by_role("heading", name="Eerder")).to_be_visible()
    assert_accessible(member_page)


def test_forbidden_page(member_page, live_server):
    visit(member_page, live_server, "core:audit-log", status=403)
    expect(member_page.get_by_role("heading", level=1)).to_have_text("Geen toegang")
    assert_accessible(member_page)


def test_data_export_downloads_my_data(member_page, live_server):
    visit(member_page, live_server, "privacy:data-export")
    with member_page.expect_download() as info:
        member_page.get_by_role("button", name="Download mijn gegevens (JSON)").click()
    download = info.value
    assert re.fullmatch(r"koers-mijn-gegevens-\d{4}-\d{2}-\d{2}\.json", download.suggested_filename)
    with open(download.path(), encoding="utf-8") as handle:
        data = json.load(handle)
    assert DEMO_MEMBER in json.dumps(data)


# --- form pages after an empty or invalid submission -------------------------------------------


def test_account_delete_submitted_empty(member_page, live_server, gerda):
    visit(member_page, live_server, "privacy:account-delete")
    submit_form(member_page, "Mijn account definitief verwijderen", status=400)
    expect(member_page.locator("#id_password-error")).to_have_text("Dit veld is verplicht.")
    assert_accessible(member_page)

    field(member_page, "Je wachtwoord").fill("niet-mijn-wachtwoord")
    submit_form(member_page, "Mijn account definitief verwijderen", status=400)
    expect(member_page.locator("#id_password-error")).to_have_text("Dit wachtwoord klopt niet.")
    assert_accessible(member_page)
    gerda.refresh_from_db()
    assert gerda.is_active and gerda.anonymised_at is None


def test_password_change_submitted_empty(member_page, live_server):
    visit(member_page, live_server, "accounts:password-change")
    submit_form(member_page, "Wachtwoord wijzigen", status=200)
    expect(member_page.locator("#id_old_password-error")).to_have_text("Dit veld is verplicht.")
    assert_accessible(member_page)


def test_profile_submitted_invalid(member_page, live_server, gerda):
    visit(member_page, live_server, "accounts:profile")
    field(member_page, "Naam").fill("")
    submit_form(member_page, "Opslaan", status=200)
    expect(member_page.locator("#id_full_name-error")).to_have_text("Dit veld is verplicht.")
    assert_accessible(member_page)
    gerda.refresh_from_db()
    assert gerda.full_name == "Gerda Visser"


def test_profile_saved(member_page, live_server, gerda):
    visit(member_page, live_server, "accounts:profile")
    field(member_page, "Functietitel").fill("Senior informatiemanager")
    member_page.locator("main").get_by_role("button", name="Opslaan").click()
    expect(member_page.get_by_role("status")).to_have_text("Je profiel is opgeslagen.")
    expect(field(member_page, "Functietitel")).to_have_value("Senior informatiemanager")
    assert_accessible(member_page)


def test_notification_preferences_saved_and_invalid(member_page, live_server):
    visit(member_page, live_server, "notifications:preferences")
    field(member_page, "Peilingen en enquêtes").select_option(label="Wekelijks overzicht")
    member_page.locator("main").get_by_role("button", name="Opslaan").click()
    expect(member_page.get_by_role("status")).to_have_text("Je meldingsinstellingen zijn opgeslagen.")
    expect(field(member_page, "Peilingen en enquêtes")).to_have_value("weekly")
    assert_accessible(member_page)

    # A browser cannot send a value outside the list, a tampered request can: the error must be accessible.
    field(member_page, "Bijeenkomsten").evaluate("el => el.add(new Option('Onzin', 'onzin', true, true))")
    submit_form(member_page, "Opslaan", status=200)
    expect(member_page.locator("#id_meetings-error")).to_contain_text("onzin")
    assert_accessible(member_page)


def test_consent_form_submitted_empty(member_page, live_server):
    # Nothing ticked is a valid choice (share nothing): the page says what happened.
    visit(member_page, live_server, "members:consent")
    for box in member_page.locator("main fieldset input[type=checkbox]").all():
        box.uncheck()
    member_page.get_by_role("button", name="Keuzes opslaan").click()
    expect(member_page.get_by_role("status")).to_have_text("Je keuzes zijn opgeslagen.")
    expect(member_page.locator("main table tbody")).not_to_contain_text("Gedeeld sinds")
    assert_accessible(member_page)
