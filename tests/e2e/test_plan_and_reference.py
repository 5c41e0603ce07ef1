"""The multi-year plan and the reference list in the browser, with axe-core on every state."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from koers.accounts.models import User
from koers.roadmap.models import Adoption, PlanItem, ReferenceItem

from .conftest import assert_accessible, field, sign_in_as, submit_form, visit

pytestmark = pytest.mark.e2e

YEAR = timezone.localdate().year
OOAPI = "open-education-api-ooapi"


def test_guest_reads_the_reference_list_with_national_counts_only(page, live_server, demo):
    visit(page, live_server, "roadmap:reference-list")
    expect(page.get_by_role("heading", level=1)).to_have_text("Referentielijst")
    table = page.get_by_role("table", name=re.compile(r"^Advies en landelijke adoptie, van \d+ instellingen$"))
    expect(table.locator("tbody tr")).to_have_count(ReferenceItem.objects.count())
    ooapi = ReferenceItem.objects.get(slug=OOAPI)
    counts = {s: Adoption.objects.filter(item=ooapi, state=s).count() for s in ["in_gebruik", "gepland"]}
    row = table.locator("tbody tr", has=page.get_by_role("link", name="Open Education API (OOAPI)"))
    expect(row).to_contain_text(f"{counts['in_gebruik']} in gebruik · {counts['gepland']} gepland")
    expect(page.get_by_role("link", name="Meerjarenplan")).to_have_count(0)  # the plan is for members
    assert_accessible(page)

    row.get_by_role("link", name="Open Education API (OOAPI)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open Education API (OOAPI)")
    expect(page.get_by_role("heading", name="Welke instellingen staan waar?")).to_have_count(0)
    expect(page.get_by_role("row", name=f"In gebruik {counts['in_gebruik']}")).to_have_count(1)
    assert_accessible(page)

    visit(page, live_server, "roadmap:plan")
    assert "/account/inloggen/" in page.url


def test_member_records_the_adoption_of_their_institution(page, live_server, demo):
    member = User.objects.get(email="lid@koers.example")
    Adoption.objects.filter(institution=member.institution).delete()
    sign_in_as(page, live_server, member)
    visit(page, live_server, "roadmap:reference-list")
    page.get_by_role("button", name="Stand van mijn instelling invullen").click()  # a link styled as a button
    expect(page.get_by_role("heading", level=1)).to_have_text("Referentielijst: stand van ROC van Amsterdam")
    assert_accessible(page)
    field(page, "Toelichting bij Open Education API (OOAPI)").fill("Koppeling met het roosterpakket in 2027")
    submit_form(page, "Opslaan", status=400)
    expect(page.get_by_role("alert")).to_contain_text("Kies ook een stand")
    assert_accessible(page)
    field(page, "Stand bij Open Education API (OOAPI)").select_option(label="Gepland")
    field(page, "Stand bij SURFconext").select_option(label="In gebruik")
    submit_form(page, "Opslaan", status=200)
    expect(page.get_by_role("status")).to_have_text("De stand van ROC van Amsterdam is opgeslagen (2 items gewijzigd).")
    saved = dict(Adoption.objects.filter(institution=member.institution).values_list("item__slug", "note"))
    assert saved == {OOAPI: "Koppeling met het roosterpakket in 2027", "surfconext": ""}

    visit(page, live_server, "roadmap:reference-item", slug=OOAPI)
    expect(page.locator("main")).to_contain_text("ROC van Amsterdam: gepland. Koppeling met het roosterpakket in 2027")
    planned = page.locator("h3", has_text="Gepland").locator("xpath=following-sibling::ul[1]")
    expect(planned.get_by_role("link", name="ROC van Amsterdam")).to_be_visible()
    assert_accessible(page)


def test_steering_keeps_the_plan_and_reorders_it_by_keyboard(page, live_server, demo):
    sign_in_as(page, live_server, User.objects.get(email="regiegroep@koers.example"))
    visit(page, live_server, "roadmap:plan")
    expect(page.get_by_role("table", name=re.compile("per thema en jaar"))).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Onderdeel toevoegen").click()  # a link styled as a button
    expect(page).to_have_url(re.compile(r"/meerjarenplan/nieuw/$"))
    assert_accessible(page)
    field(page, "Titel").fill("Gezamenlijke AI-verkenning")
    field(page, "Jaar").fill("1999")
    submit_form(page, "Opslaan", status=400)
    assert_accessible(page)
    field(page, "Jaar").fill(str(YEAR + 1))
    field(page, "Thema").select_option(label="Data en AI")
    field(page, "Status").select_option(label="Gepland")
    field(page, "Eigenaar").select_option(label="Chantal Yilmaz (mboRijnland)")
    submit_form(page, "Opslaan", status=200)
    total = PlanItem.objects.count()
    expect(page.get_by_role("status")).to_have_text(
        f"Gezamenlijke AI-verkenning staat in het meerjarenplan op plaats {total}."
    )
    assert_accessible(page)

    visit(page, live_server, "roadmap:plan")
    up = page.get_by_role("button", name="Omhoog: Gezamenlijke AI-verkenning")
    up.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text(f"Gezamenlijke AI-verkenning staat nu op plaats {total - 1}.")
    assert PlanItem.objects.get(title="Gezamenlijke AI-verkenning").rank == total - 1
    assert sorted(PlanItem.objects.values_list("rank", flat=True)) == list(range(1, total + 1))
    timeline = page.get_by_role("table", name=re.compile("per thema en jaar"))
    row = timeline.locator("tbody tr", has=page.get_by_role("rowheader", name="Data en AI"))
    expect(row).to_contain_text(f"Gezamenlijke AI-verkenning prioriteit {total - 1} · gepland")
    assert_accessible(page)

    page.get_by_role("link", name="Gezamenlijke AI-verkenning").first.click()
    page.get_by_role("link", name="Verwijderen").click()
    assert_accessible(page)
    page.get_by_role("button", name="Ja, verwijder het onderdeel").click()
    expect(page.get_by_role("status")).to_have_text("Gezamenlijke AI-verkenning is uit het meerjarenplan verwijderd.")
    assert PlanItem.objects.count() == total - 1


def test_steering_adds_a_reference_item(page, live_server, demo):
    sign_in_as(page, live_server, User.objects.get(email="regiegroep@koers.example"))
    visit(page, live_server, "roadmap:reference-list")
    page.get_by_role("button", name="Item toevoegen").click()  # a link styled as a button
    submit_form(page, "Opslaan", status=400)
    expect(page.get_by_role("alert")).to_contain_text("Naam: Dit veld is verplicht.")
    assert_accessible(page)
    field(page, "Naam").fill("Edukoppeling")
    field(page, "Soort").select_option(label="Standaard")
    field(page, "Advies").select_option(label="Aanbevolen")
    field(page, "Onderbouwing").fill("Veilig gegevens uitwisselen tussen systemen.")
    page.get_by_label("Onderwijslogistiek en flexibilisering").check()
    submit_form(page, "Opslaan", status=200)
    expect(page.get_by_role("heading", level=1)).to_have_text("Edukoppeling")
    expect(page.locator("main")).to_contain_text("0 in gebruik · 0 gepland · 0 n.v.t.")
    assert_accessible(page)
    item = ReferenceItem.objects.get(name="Edukoppeling")
    assert [t.name for t in item.themes.all()] == ["Onderwijslogistiek en flexibilisering"]


@pytest.mark.parametrize(
    ("who", "name", "kwargs", "heading"),
    [
        ("lid", "roadmap:plan", {}, "Meerjarenplan"),
        ("lid", "roadmap:plan-item", {"pk": 1}, None),
        ("regiegroep", "roadmap:plan-item-edit", {"pk": 1}, None),
        ("regiegroep", "roadmap:reference-item-edit", {"slug": OOAPI}, "Open Education API (OOAPI) bewerken"),
        ("regiegroep", "roadmap:reference-item-delete", {"slug": OOAPI}, "Item verwijderen"),
    ],
)
def test_roadmap_page_is_accessible(page, live_server, demo, who, name, kwargs, heading):
    if "pk" in kwargs:
        item = PlanItem.objects.get(rank=1)
        kwargs = {"pk": item.pk}
        heading = heading or (item.title if name == "roadmap:plan-item" else f"{item.title} bewerken")
    sign_in_as(page, live_server, User.objects.get(email=f"{who}@koers.example"))
    visit(page, live_server, name, **kwargs)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)
