"""Meetings in the browser: registering, adding round-table cards, the report with comments; axe-core clean."""

import pytest
from playwright.sync_api import expect

from koers.accounts.models import User
from koers.comments.models import Comment
from koers.meetings.models import Contribution, Meeting, Registration

from .conftest import assert_accessible, field, sign_in_as, submit_form, visit

pytestmark = pytest.mark.e2e


def test_member_registers_for_a_meeting_and_cancels(page, live_server, lid):
    meeting = Meeting.objects.get(status=Meeting.Status.PUBLISHED)
    Registration.objects.filter(meeting=meeting, user=lid).delete()
    visit(page, live_server, "meetings:meeting-list")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bijeenkomsten")
    assert_accessible(page)
    page.get_by_role("link", name=meeting.title).first.click()
    assert_accessible(page)
    field(page, "Dieet- of toegankelijkheidswensen (optioneel)").fill("Vegetarisch")
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("status")).to_have_text("Je bent aangemeld. Je krijgt een bevestiging per e-mail.")
    registration = Registration.objects.get(meeting=meeting, user=lid)
    assert (registration.status, registration.note) == ("aangemeld", "Vegetarisch")
    assert_accessible(page)
    page.get_by_role("button", name="Afmelden").click()
    expect(page.get_by_role("status")).to_have_text("Je bent afgemeld.")
    assert not Registration.objects.filter(meeting=meeting, user=lid).exists()


def test_member_adds_a_card_to_a_round_table(page, live_server, lid):
    meeting = Meeting.objects.get(title="Netwerkbijeenkomst 24 november 2022")
    item = meeting.items.get(kind="ronde_tafel")
    visit(page, live_server, "meetings:item-detail", pk=meeting.pk, item=item.pk)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ronde tafels over NPULS")
    assert_accessible(page)
    submit_form(page, "Kaart toevoegen", status=400)
    expect(page.get_by_role("alert")).to_contain_text("Tekst: Dit veld is verplicht.")
    assert_accessible(page)
    page.get_by_label("Voorbeeld").check()
    field(page, "Bij stelling").select_option(index=2)
    field(page, "Tekst").fill("Ons roosterproject sluit aan op de NPULS-hub flexibel studeren.")
    field(page, "Groep").fill("Flexibel studeren")
    submit_form(page, "Kaart toevoegen", status=200)
    expect(page.get_by_role("status")).to_have_text("Je kaart is toegevoegd.")
    card = page.locator("li.card", has_text="Ons roosterproject")
    expect(card).to_contain_text("Voorbeeld")  # the type is in text, not only in colour
    expect(page.get_by_role("heading", name="Flexibel studeren")).to_be_visible()
    assert Contribution.objects.get(text__startswith="Ons roosterproject").author == lid
    assert_accessible(page)


def test_member_comments_on_the_report(page, live_server, lid):
    meeting = Meeting.objects.get(title="Netwerkbijeenkomst 24 november 2022")
    visit(page, live_server, "meetings:report", pk=meeting.pk)
    expect(page.get_by_role("heading", name="Reacties (3)")).to_be_visible()
    expect(page.get_by_role("heading", name="Peilingen tijdens de bijeenkomst")).to_be_visible()
    assert_accessible(page)
    field(page, "Je reactie").fill("Dank voor het verslag; graag de slides van NPULS.")
    page.get_by_role("button", name="Reactie plaatsen").click()
    expect(page.get_by_role("status")).to_have_text("Je reactie is geplaatst.")
    expect(page.get_by_role("heading", name="Reacties (4)")).to_be_visible()
    assert Comment.objects.filter(author=lid, object_id=meeting.pk, content_type__model="meeting").count() == 1
    assert_accessible(page)


def test_guest_reads_a_public_report(page, live_server, demo):
    meeting = Meeting.objects.get(title="Netwerkbijeenkomst 24 november 2022")
    visit(page, live_server, "meetings:report", pk=meeting.pk)
    expect(page.get_by_role("heading", level=1)).to_have_text("Verslag: Netwerkbijeenkomst 24 november 2022")
    expect(page.get_by_role("link", name="Log in om te reageren.")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize(
    "name", ["meetings:meeting-create", "meetings:attendance", "meetings:item-edit", "meetings:topic-list"]
)
def test_steering_meeting_page_is_accessible(page, live_server, demo, name):
    sign_in_as(page, live_server, User.objects.get(email="regiegroep@koers.example"))
    meeting = Meeting.objects.get(title="Netwerkbijeenkomst 24 november 2022")
    kwargs = {}
    if name == "meetings:attendance":
        kwargs = {"pk": meeting.pk}
    elif name == "meetings:item-edit":
        kwargs = {"pk": meeting.pk, "item": meeting.items.get(kind="presentatie").pk}
    visit(page, live_server, name, **kwargs)
    if name == "meetings:attendance":
        expect(page.get_by_role("heading", name="Voor het eerst erbij: heet ze welkom")).to_be_visible()
    assert_accessible(page)
