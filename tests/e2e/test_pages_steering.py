"""Pages for the steering group and the chair, checked with axe-core, also in their error states."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from koers.accounts.audit import AccountAction
from koers.accounts.models import MembershipRequest, User
from koers.core.audit import audit_record
from koers.core.models import AuditEvent
from koers.members.models import Institution, Position
from koers.members.services import MSG_CHAIR_OVERLAP
from koers.themes.audit import ThemeAction
from koers.themes.models import Agenda, Theme

from ..factories import MembershipRequestFactory
from .conftest import assert_accessible, field, sign_in_as, submit_form, sweep, visit
from .pages import STEERING_PAGES

pytestmark = pytest.mark.e2e

DEMO_STEERING = "regiegroep@koers.example"  # Chantal Yilmaz, lid regiegroep
DEMO_CHAIR = "voorzitter@koers.example"  # Annelies de Vries, voorzitter


@pytest.fixture
def steering_page(page, live_server, demo):
    sign_in_as(page, live_server, User.objects.get(email=DEMO_STEERING))
    return page


@pytest.fixture
def chair_page(page, live_server, demo):
    sign_in_as(page, live_server, User.objects.get(email=DEMO_CHAIR))
    return page


def test_every_steering_group_page_at_both_widths(chair_page, live_server):
    """Every page of the steering group (as its chair, who also manages positions), at 1366 and 390 px:
    axe-core finds nothing, nothing scrolls sideways."""
    sweep(chair_page, live_server, STEERING_PAGES)


def test_dashboard_shows_pending_requests(steering_page, live_server):
    visit(steering_page, live_server, "dashboard:home")
    expect(steering_page.get_by_role("heading", level=1)).to_have_text("Welkom, Chantal")
    expect(steering_page.get_by_role("link", name="1 lidmaatschapsaanvraag wacht op beoordeling")).to_be_visible()
    assert_accessible(steering_page)


def test_theme_list_with_edit_links(steering_page, live_server):
    visit(steering_page, live_server, "themes:theme-list")
    expect(steering_page.get_by_role("button", name="Nieuw thema")).to_be_visible()
    expect(steering_page.get_by_role("link", name="bewerken Npuls 2023-2031")).to_be_visible()
    assert_accessible(steering_page)


def test_theme_create_page_and_errors(steering_page, live_server):
    visit(steering_page, live_server, "themes:theme-create")
    expect(steering_page.get_by_role("heading", level=1)).to_have_text("Nieuw thema")
    assert_accessible(steering_page)

    submit_form(steering_page, "Opslaan", status=400)
    expect(steering_page.locator("#id_agenda-error")).to_have_text("Dit veld is verplicht.")
    expect(steering_page.locator("#id_name-error")).to_have_text("Dit veld is verplicht.")
    assert_accessible(steering_page)
    assert Theme.objects.count() == Theme.objects.filter(agenda__isnull=False).count()


def test_theme_create_saves_and_shows_the_theme(steering_page, live_server):
    visit(steering_page, live_server, "themes:theme-create")
    field(steering_page, "Agenda").select_option(label="Npuls 2023-2031")
    field(steering_page, "Naam").fill("Cloudstrategie")
    field(steering_page, "Lijn").fill("Pilothub")
    steering_page.get_by_label("Data en AI").check()
    steering_page.locator("main").get_by_role("button", name="Opslaan").click()
    expect(steering_page.get_by_role("heading", level=1)).to_have_text("Cloudstrategie")
    expect(steering_page.get_by_role("status")).to_have_text("Thema Cloudstrategie is opgeslagen.")
    expect(steering_page.locator("main").get_by_role("link", name="Data en AI")).to_be_visible()
    assert_accessible(steering_page)
    theme = Theme.objects.get(name="Cloudstrategie")
    assert theme.agenda.slug == "npuls"
    assert list(theme.related.values_list("name", flat=True)) == ["Data en AI"]


def test_theme_edit_page_and_errors(steering_page, live_server):
    visit(steering_page, live_server, "themes:theme-edit", slug="data-ondersteund-onderwijs")
    expect(steering_page.get_by_role("heading", level=1)).to_have_text("Data-ondersteund onderwijs bewerken")
    assert_accessible(steering_page)

    field(steering_page, "Naam").fill("")
    submit_form(steering_page, "Opslaan", status=400)
    expect(steering_page.locator("#id_name-error")).to_have_text("Dit veld is verplicht.")
    assert_accessible(steering_page)
    assert Theme.objects.filter(name="Data-ondersteund onderwijs").exists()


def test_agenda_create_page_and_errors(steering_page, live_server):
    visit(steering_page, live_server, "themes:agenda-create")
    expect(steering_page.get_by_role("heading", level=1)).to_have_text("Nieuwe agenda")
    assert_accessible(steering_page)

    submit_form(steering_page, "Opslaan", status=400)
    expect(steering_page.locator("#id_name-error")).to_have_text("Dit veld is verplicht.")
    assert_accessible(steering_page)


def test_agenda_edit_page_and_errors(steering_page, live_server):
    visit(steering_page, live_server, "themes:agenda-edit", slug="npuls")
    expect(steering_page.get_by_role("heading", level=1)).to_have_text("Npuls 2023-2031 bewerken")
    assert_accessible(steering_page)

    field(steering_page, "Beginjaar").fill("2031")
    field(steering_page, "Eindjaar").fill("2023")
    submit_form(steering_page, "Opslaan", status=400)
    expect(steering_page.locator("#id_end_year-error")).to_have_text("Het eindjaar ligt vóór het beginjaar.")
    assert_accessible(steering_page)
    assert Agenda.objects.get(slug="npuls").start_year == 2023


def test_membership_request_list(steering_page, live_server):
    chantal = User.objects.get(email=DEMO_STEERING)
    MembershipRequestFactory(
        full_name="Otto Afgewezen",
        institution=Institution.objects.get(slug="albeda"),
        status=MembershipRequest.Status.REJECTED,
        decided_by=chantal,
        decided_at=timezone.now(),
        decision_reason="Geen mbo-instelling.",
    )
    visit(steering_page, live_server, "accounts:membership-request-list")
    tables = steering_page.locator("main table")
    expect(tables).to_have_count(2)
    pending_rows = tables.nth(0).locator("tbody tr")
    expect(pending_rows).to_have_count(1)
    expect(pending_rows.locator("td").nth(0)).to_have_text("Mila van Leeuwen")
    expect(pending_rows.locator("td").nth(1)).to_have_text("Nova College")
    expect(pending_rows.locator("td").nth(2)).to_have_text("Informatieanalist")
    expect(pending_rows.locator("td").nth(3)).to_have_text(re.compile(rf"^{timezone.localdate().day} \w+ \d{{4}}$"))
    expect(tables.nth(1)).to_contain_text("Otto Afgewezen")
    expect(tables.nth(1)).to_contain_text("Afgewezen")
    assert_accessible(steering_page)


def test_membership_request_detail_and_empty_rejection(steering_page, live_server):
    pending = MembershipRequest.objects.get(email="m.vanleeuwen@koers.example")
    visit(steering_page, live_server, "accounts:membership-request-detail", pk=pending.pk)
    expect(steering_page.get_by_role("heading", level=1)).to_have_text("Aanvraag van Mila van Leeuwen")
    assert_accessible(steering_page)

    submit_form(steering_page, "Afwijzen", status=400)
    expect(steering_page.locator("#id_reason-error")).to_have_text("Dit veld is verplicht.")
    assert_accessible(steering_page)
    pending.refresh_from_db()
    assert pending.status == MembershipRequest.Status.PENDING


def test_institution_edit_page_and_errors(steering_page, live_server):
    visit(steering_page, live_server, "members:institution-detail", slug="mborijnland")
    steering_page.get_by_role("link", name="Gegevens bewerken").click()
    expect(steering_page.get_by_role("heading", level=1)).to_have_text("mboRijnland bewerken")
    assert_accessible(steering_page)

    field(steering_page, "Naam").fill("")
    field(steering_page, "Website").fill("geen website")
    submit_form(steering_page, "Opslaan", status=200)
    expect(steering_page.locator("#id_name-error")).to_have_text("Dit veld is verplicht.")
    expect(steering_page.locator("#id_website-error")).to_have_text("Voer een geldige URL in.")
    assert_accessible(steering_page)
    assert Institution.objects.filter(name="mboRijnland").exists()


def test_audit_log(steering_page, live_server):
    chantal = User.objects.get(email=DEMO_STEERING)
    AuditEvent.objects.all().delete()  # the demo's own history (advice, elections) is not what this checks
    audit_record(actor=chantal, action=ThemeAction.THEME_CHANGED, target=Theme.objects.first())
    audit_record(actor=None, action=AccountAction.MEMBERSHIP_REQUESTED, target=MembershipRequest.objects.first())
    visit(steering_page, live_server, "core:audit-log")
    expect(steering_page.get_by_role("heading", level=1)).to_have_text("Auditlog")
    expect(steering_page.locator("main tbody tr")).to_have_count(2)
    assert_accessible(steering_page)

    steering_page.get_by_label("Gebeurtenis").select_option(label="Thema gewijzigd")
    steering_page.get_by_role("button", name="Filter").click()
    rows = steering_page.locator("main tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Chantal Yilmaz")
    assert_accessible(steering_page)

    steering_page.get_by_label("Gebeurtenis").select_option(label="Account verwijderd")
    steering_page.get_by_role("button", name="Filter").click()
    expect(steering_page.locator("main")).to_contain_text("Geen gebeurtenissen gevonden.")
    assert_accessible(steering_page)


def test_steering_member_cannot_manage_positions(steering_page, live_server):
    visit(steering_page, live_server, "members:steering-group")
    expect(steering_page.get_by_role("button", name="Functie toekennen")).to_have_count(0)
    visit(steering_page, live_server, "members:position-add", status=403)


def test_steering_group_page_as_chair(chair_page, live_server):
    visit(chair_page, live_server, "members:steering-group")
    expect(chair_page.get_by_role("button", name="Functie toekennen")).to_be_visible()
    expect(chair_page.get_by_role("link", name="Termijn beëindigen: Chantal Yilmaz")).to_be_visible()
    assert_accessible(chair_page)


def test_position_add_page_and_errors(chair_page, live_server):
    visit(chair_page, live_server, "members:position-add")
    expect(chair_page.get_by_role("heading", level=1)).to_have_text("Functie toekennen")
    assert_accessible(chair_page)

    field(chair_page, "Begindatum").fill("")
    submit_form(chair_page, "Opslaan", status=400)
    expect(chair_page.locator("#id_user-error")).to_have_text("Dit veld is verplicht.")
    expect(chair_page.locator("#id_kind-error")).to_have_text("Dit veld is verplicht.")
    expect(chair_page.locator("#id_start_date-error")).to_have_text("Dit veld is verplicht.")
    assert_accessible(chair_page)

    # A second chair for the same period is refused with the service's message.
    field(chair_page, "Lid").select_option(label="Hans Bos (ROC Midden Nederland)")
    field(chair_page, "Functie").select_option(label="Voorzitter")
    field(chair_page, "Begindatum").fill(timezone.localdate().isoformat())
    submit_form(chair_page, "Opslaan", status=400)
    expect(chair_page.locator("#id_start_date-error")).to_have_text(str(MSG_CHAIR_OVERLAP))
    assert_accessible(chair_page)
    assert not Position.objects.filter(user__email="hans.bos@koers.example").exists()


def test_position_add_saves(chair_page, live_server):
    """The start date is prefilled with today, so choosing a member and a role is enough."""
    visit(chair_page, live_server, "members:position-add")
    field(chair_page, "Lid").select_option(label="Hans Bos (ROC Midden Nederland)")
    field(chair_page, "Functie").select_option(label="Lid regiegroep")
    chair_page.locator("main").get_by_role("button", name="Opslaan").click()
    expect(chair_page.get_by_role("status")).to_have_text("Lid regiegroep: Hans Bos is vastgelegd.")
    expect(chair_page.locator("main table").first).to_contain_text("Hans Bos")
    assert_accessible(chair_page)


def test_date_fields_are_prefilled_with_today(chair_page, live_server):
    # <input type="date"> only accepts an ISO value (YYYY-MM-DD); anything else shows as empty.
    today = timezone.localdate().isoformat()
    visit(chair_page, live_server, "members:position-add")
    expect(field(chair_page, "Begindatum")).to_have_value(today)
    position = Position.objects.get(user__email=DEMO_STEERING)
    visit(chair_page, live_server, "members:position-end", pk=position.pk)
    expect(field(chair_page, "Einddatum")).to_have_value(today)


def test_position_end_page_and_errors(chair_page, live_server):
    position = Position.objects.get(user__email=DEMO_STEERING)
    visit(chair_page, live_server, "members:position-end", pk=position.pk)
    expect(chair_page.get_by_role("heading", level=1)).to_have_text("Termijn beëindigen")
    assert_accessible(chair_page)

    field(chair_page, "Einddatum").fill("")
    submit_form(chair_page, "Termijn beëindigen", status=400)
    expect(chair_page.locator("#id_end_date-error")).to_have_text("Dit veld is verplicht.")
    assert_accessible(chair_page)

    field(chair_page, "Einddatum").fill("2000-01-01")
    submit_form(chair_page, "Termijn beëindigen", status=400)
    expect(chair_page.locator("#id_end_date-error")).to_have_text("De einddatum ligt vóór de begindatum.")
    assert_accessible(chair_page)
    position.refresh_from_db()
    assert position.end_date is None

    field(chair_page, "Einddatum").fill(timezone.localdate().isoformat())
    chair_page.locator("main").get_by_role("button", name="Termijn beëindigen").click()
    expect(chair_page.get_by_role("status")).to_have_text("De termijn van Lid regiegroep: Chantal Yilmaz is beëindigd.")
    position.refresh_from_db()
    assert position.end_date == timezone.localdate()
