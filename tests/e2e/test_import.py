"""The spreadsheet import as an information manager meets it: her own overview, its preview, at desk and phone width.

Every state of the preview is checked with axe-core at 1366 and 390 pixels wide.
"""

import datetime

import pytest
from playwright.sync_api import expect

from koers.accounts.models import User
from koers.portfolio.models import Project

from ..portfolio.import_files import xlsx_bytes
from .conftest import assert_accessible, field, sign_in_as, submit_form, visit

pytestmark = pytest.mark.e2e

DEMO_MEMBER = "lid@koers.example"  # Gerda Visser, ROC van Amsterdam
DESK, PHONE = 1366, 390


def overview() -> bytes:
    header = [
        "Projectnaam",
        "Omschrijving",
        "Status",
        "Thema('s)",
        "Startdatum",
        "Einddatum",
        "Contactpersoon",
        "Kleur",
    ]
    return xlsx_bytes(
        {
            "Projecten 2026": [
                ["Projectoverzicht ROC van Amsterdam"],
                [],
                header,
                [
                    "Chatbot studentenservice",
                    "Eerste versie",
                    "In uitvoering",
                    "Data en AI",
                    "sept 2026",
                    "Q2 2027",
                    "Gerda Visser",
                    "rood",
                ],
                ["Flexibel roosteren", "", "Afgerond", "", "", "", "", "blauw"],
                [],
                ["Wachtrij", "", "Gepland", "Data en  ai", datetime.date(2026, 1, 5), "", "Onbekende Collega", ""],
                ["Kapot", "", None, "Quantumcomputing", "morgen", "", "", ""],
            ],
            "Afgerond": [header, ["Oud portaal", "", "Afgerond", "Data en AI", "2019", "2020", "", ""]],
        },
        merge={"Projecten 2026": ["C7:C8"]},
    )


def test_import_preview_is_accessible_at_desk_and_phone_width(page, live_server, demo, tmp_path):
    path = tmp_path / "overzicht.xlsx"
    path.write_bytes(overview())
    sign_in_as(page, live_server, User.objects.get(email=DEMO_MEMBER))
    page.set_viewport_size({"width": DESK, "height": 900})
    visit(page, live_server, "portfolio:import-start")
    page.locator("summary", has_text="Welke kolommen en waarden Koers herkent").click()
    expect(page.locator("main table")).to_contain_text("in uitvoering")
    assert_accessible(page)

    field(page, "Bestand").set_input_files(str(path))
    submit_form(page, "Bekijk wat er gebeurt", status=200)
    expect(page.get_by_role("heading", level=1)).to_have_text("Import controleren")
    main = page.locator("main")
    expect(main).to_contain_text("2 nieuwe projecten")
    expect(main).to_contain_text("1 bestaand project wordt bijgewerkt")
    expect(main).to_contain_text("1 rij afgewezen")
    expect(main).to_contain_text("Contactpersonen die geen lid van de instelling zijn: Onbekende Collega.")
    expect(main).to_contain_text("Niet geïmporteerd (geen kolom van Koers gekozen): Kleur.")
    expect(main).to_contain_text("Niet gelezen bladen (kies ze hieronder bij Kolommen en bladen): Afgerond.")
    updated = page.locator("tbody tr", has_text="Flexibel roosteren")
    expect(updated).to_contain_text("5")
    expect(updated).to_contain_text("status: Lopend → Afgerond")
    refused = page.locator("tbody tr", has_text="Kapot")
    expect(page.locator("tbody tr", has_text="Wachtrij")).to_contain_text("Nieuw")
    expect(refused).to_contain_text("Kolom thema's: Onbekend thema 'Quantumcomputing'.")
    expect(refused).to_contain_text("Kolom begindatum: Geen geldige datum: 'morgen'.")
    assert_accessible(page)
    page.set_viewport_size({"width": PHONE, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
    assert_accessible(page)

    # Both sheets, the colour column left out: looked at again, with the sheet named on every row.
    page.get_by_label("Afgerond", exact=True).check()
    submit_form(page, "Opnieuw bekijken", status=200)
    expect(main).to_contain_text("Gelezen bladen: Projecten 2026, Afgerond.")
    expect(page.locator("tbody tr", has_text="Oud portaal")).to_contain_text("Afgerond")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
    assert_accessible(page)
    page.set_viewport_size({"width": DESK, "height": 900})
    assert_accessible(page)

    assert not Project.objects.filter(title="Chatbot studentenservice").exists()
    page.get_by_role("button", name="Leg 4 projecten vast").click()
    expect(page.get_by_role("status")).to_have_text("Import vastgelegd: 3 nieuwe projecten en 1 bijgewerkt project.")
    chatbot = Project.objects.get(title="Chatbot studentenservice")
    assert (chatbot.status, str(chatbot.start_date), str(chatbot.end_date), chatbot.contact.email) == (
        "lopend",
        "2026-09-01",
        "2027-06-30",
        DEMO_MEMBER,
    )
    assert Project.objects.get(title="Flexibel roosteren").status == "afgerond"
    assert Project.objects.get(title="Wachtrij").status == "gepland"  # the merged status cell, read on both rows
    assert_accessible(page)
