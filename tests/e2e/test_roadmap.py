"""The national roadmap heatmap and a college's own roadmap, in the browser with axe-core."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from koers.accounts.models import User
from koers.roadmap.models import Ambition, AmbitionChange

from .conftest import assert_accessible, field, sign_in_as, submit_form, visit

YEAR = timezone.localdate().year


def test_guest_sees_the_national_heatmap_without_college_names(page, live_server, demo):
    visit(page, live_server, "roadmap:national")
    expect(page.get_by_role("heading", level=1)).to_have_text("Landelijke roadmap")
    table = page.get_by_role("table", name="Aantal instellingen dat in dit halfjaar met het thema wil beginnen")
    expect(table.locator("tbody tr")).to_have_count(16)  # 15 themes and the milestones from advice
    expect(table.get_by_role("rowheader", name="Mijlpalen uit adviezen")).to_have_count(1)
    expect(table.locator("tbody a[href*='/roadmap/']")).to_have_count(0)  # no cell links for guests
    expect(page.get_by_role("heading", name="Koplopers per thema")).to_have_count(0)
    assert_accessible(page)


def test_member_opens_a_cell_and_plots_an_ambition(page, live_server, demo):
    member = User.objects.get(email="lid@koers.example")
    sign_in_as(page, live_server, member)
    visit(page, live_server, "roadmap:national")
    expect(page.get_by_role("heading", name="Koplopers per thema")).to_be_visible()
    assert_accessible(page)
    first_cell = page.locator("table.heatmap tbody td a").first
    count = int(first_cell.inner_text())
    first_cell.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("start in")
    expect(page.locator("main tbody tr")).to_have_count(count)
    assert_accessible(page)

    visit(page, live_server, "roadmap:own")
    expect(page.get_by_role("heading", level=1)).to_have_text("Roadmap van ROC van Amsterdam")
    assert_accessible(page)
    page.get_by_role("link", name="Ambitie voor XR").click()
    field(page, "Beginjaar").fill("1999")
    submit_form(page, "Opslaan", status=400)
    assert_accessible(page)
    field(page, "Beginjaar").fill(str(YEAR + 1))
    field(page, "Halfjaar").select_option(label="tweede helft")
    field(page, "Niveau").select_option(label="Implementeren")
    field(page, "Kunnen of willen").select_option(label="Kunnen (klaar om te beginnen)")
    page.get_by_role("button", name="Opslaan").click()
    expect(page).to_have_url(re.compile(r"/roadmap/mijn-instelling/$"))
    expect(page.get_by_role("status")).to_have_text("De ambitie voor XR is opgeslagen.")
    row = page.locator("tbody tr", has=page.get_by_role("rowheader", name="XR", exact=True))
    expect(row).to_contain_text(f"{YEAR + 1} H2")
    expect(row).to_contain_text("Implementeren")
    ambition = Ambition.objects.get(institution=member.institution, theme__slug="xr")
    assert (ambition.start_year, ambition.start_half, ambition.level) == (YEAR + 1, 2, "implementeren")
    assert AmbitionChange.objects.filter(institution=member.institution, theme__slug="xr").count() >= 1
    expect(page.locator("main")).to_contain_text(f"XR: {YEAR + 1} H2, implementeren")
    assert_accessible(page)
