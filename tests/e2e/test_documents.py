"""The document library in the browser: a member adds a document, a new version and deletes it; guests see
public documents only. axe-core clean on every page, at desktop and phone width, without sideways scrolling."""

import pytest
from playwright.sync_api import expect

from koers.accounts.models import User
from koers.documents.models import Document

from .conftest import assert_accessible, field, sign_in_as, submit_form, visit

pytestmark = pytest.mark.e2e

SIZES = [(1366, 900), (390, 844)]
PDF_V1 = {"name": "jaarplan.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 versie 1"}
PDF_V2 = {"name": "jaarplan-v2.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 versie 2"}


def no_sideways_scroll(page, width: int) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width}px wide at {width}px"


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_a_member_adds_a_document_a_version_and_deletes_it(page, live_server, demo, width, height):
    page.set_viewport_size({"width": width, "height": height})
    sign_in_as(page, live_server, User.objects.get(email="lid@koers.example"))
    visit(page, live_server, "documents:library")
    expect(page.get_by_role("heading", level=1)).to_have_text("Documenten")
    assert_accessible(page)
    no_sideways_scroll(page, width)

    page.get_by_role("button", name="Document toevoegen").click()
    assert_accessible(page)
    no_sideways_scroll(page, width)
    field(page, "Titel").fill("Jaarplan informatiemanagement")
    field(page, "Bestand").set_input_files({"name": "programma.pdf", "mimeType": "application/pdf", "buffer": b"MZ"})
    submit_form(page, "Opslaan", status=200)  # a renamed program is refused, as attachments always were
    expect(page.locator("main")).to_contain_text("Dit soort bestand kan niet.")
    assert_accessible(page)
    field(page, "Bestand").set_input_files(PDF_V1)
    page.get_by_label("Openbaar").check()
    submit_form(page, "Opslaan", status=200)
    expect(page.get_by_role("heading", level=1)).to_have_text("Jaarplan informatiemanagement")
    assert_accessible(page)
    no_sideways_scroll(page, width)

    page.get_by_role("link", name="Nieuwe versie uploaden").click()
    assert_accessible(page)
    field(page, "Nieuwe versie").set_input_files(PDF_V2)
    field(page, "Wat is er veranderd? (optioneel)").fill("Cijfers 2026")
    submit_form(page, "Uploaden", status=200)
    expect(page.get_by_role("status")).to_contain_text("Versie 2 is toegevoegd.")
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("jaarplan-v2.pdf")
    expect(rows.first).to_contain_text("Cijfers 2026")
    assert_accessible(page)
    no_sideways_scroll(page, width)

    page.get_by_role("link", name="Verwijderen").click()
    assert_accessible(page)
    no_sideways_scroll(page, width)
    submit_form(page, "Ja, verwijder het document", status=200)
    expect(page.get_by_role("heading", level=1)).to_have_text("Documenten")
    assert not Document.objects.filter(title="Jaarplan informatiemanagement").exists()


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_guests_see_public_documents_only(page, live_server, demo, width, height):
    page.set_viewport_size({"width": width, "height": height})
    steering = User.objects.get(email="regiegroep@koers.example")
    from django.core.files.uploadedfile import SimpleUploadedFile

    from koers.documents.services import document_create

    for title, audience in (("Openbaar jaarverslag", "openbaar"), ("Interne notitie", "leden")):
        document_create(actor=steering, title=title, audience=audience, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4"))
    visit(page, live_server, "documents:library")
    main = page.locator("main")
    expect(main.get_by_role("link", name="Openbaar jaarverslag")).to_be_visible()
    expect(main.get_by_role("link", name="Interne notitie")).to_have_count(0)
    assert_accessible(page)
    no_sideways_scroll(page, width)
    main.get_by_role("link", name="Openbaar jaarverslag").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Openbaar jaarverslag")
    assert_accessible(page)
    no_sideways_scroll(page, width)
