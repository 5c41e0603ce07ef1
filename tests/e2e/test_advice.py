"""Advice in the browser: from idea through working group, consultation and decision to follow-up; the public
transparency page. axe-core clean on every page."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from koers.accounts.models import User
from koers.advice.models import Advice, FollowUp

from .conftest import assert_accessible, field, sign_in_as, submit_form, visit

pytestmark = pytest.mark.e2e


def test_guests_see_the_transparency_page_and_an_advice_with_its_follow_up(page, live_server, demo):
    visit(page, live_server, "advice:transparency")
    expect(page.get_by_role("heading", level=1)).to_have_text("Wat is er met de adviezen gedaan?")
    assert_accessible(page)
    field(page, "Status").select_option("in_uitvoering")
    page.get_by_role("button", name="Toon").click()
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Collectief gebruik van OOAPI in het mbo")
    expect(rows.first).to_contain_text("55%")
    rows.first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Collectief gebruik van OOAPI in het mbo")
    timeline = page.locator("ol.advice-timeline > li")
    expect(timeline.first).to_contain_text("Bijeenkomst: Netwerkbijeenkomst 24 november 2022")  # where it started
    expect(timeline.filter(has_text="Peiling: OOAPI als uitwisselstandaard voor het mbo")).to_have_count(1)
    expect(timeline.last).to_contain_text("Koppeling met het landelijk aanbodregister vertraagd")
    expect(page.get_by_role("heading", name="Besluit van de Adviesraad")).to_be_visible()
    assert_accessible(page)
    visit(page, live_server, "roadmap:national")
    expect(page.get_by_role("rowheader", name="Mijlpalen uit adviezen")).to_be_visible()
    # A numbered marker in the milestones row, and the advice by name in the list beneath the table.
    expect(page.locator("a.milestone-marker", has_text="Collectief gebruik van OOAPI in het mbo")).to_have_count(1)
    expect(page.get_by_role("link", name="Collectief gebruik van OOAPI in het mbo", exact=True)).to_be_visible()
    assert_accessible(page)


def test_an_advice_moves_from_idea_to_follow_up(page, live_server, demo):
    steering = User.objects.get(email="regiegroep@koers.example")
    writer = User.objects.get(email="lid@koers.example")
    sign_in_as(page, live_server, steering)
    visit(page, live_server, "advice:advice-list")
    assert_accessible(page)
    page.get_by_role("button", name="Nieuw advies").click()
    assert_accessible(page)
    field(page, "Titel").fill("Open badges voor LLO")
    page.get_by_label("Leven lang ontwikkelen (LLO)").check()
    field(page, "Adviesvraag").fill("Hoe erkennen we kleine leerresultaten?")
    field(page, "Streefjaar").fill(str(timezone.localdate().year + 1))
    submit_form(page, "Opslaan", status=400)  # a year without a quarter
    expect(page.get_by_role("alert")).to_contain_text("Geef het streefjaar en het streefkwartaal allebei")
    assert_accessible(page)
    field(page, "Streefkwartaal").select_option("2")
    submit_form(page, "Opslaan", status=200)
    expect(page.get_by_role("status")).to_contain_text("staat als idee klaar")
    advice = Advice.objects.get(title="Open badges voor LLO")

    page.get_by_role("link", name="Werkgroep samenstellen").click()
    assert_accessible(page)
    page.locator("section", has=page.get_by_role("heading", name="Een lid uitnodigen")).get_by_label(
        "Lid"
    ).select_option(str(writer.pk))
    page.get_by_role("button", name="Toevoegen aan de werkgroep").click()
    expect(page.get_by_role("status")).to_contain_text("zit nu in de werkgroep")
    page.get_by_role("button", name="Trekker aanwijzen").click()
    expect(page.get_by_role("status")).to_contain_text("is nu de trekker")
    assert_accessible(page)
    page.get_by_role("link", name="Terug naar het advies").click()
    page.get_by_role("button", name="Volgende stap").click()
    assert_accessible(page)
    page.get_by_label("Werkgroep").check()
    submit_form(page, "Status wijzigen", status=200)
    expect(page.get_by_role("status")).to_have_text("Het advies staat nu op ‘Werkgroep’.")

    # The lead writes the text and puts it out for consultation.
    sign_in_as(page, live_server, writer)
    visit(page, live_server, "advice:advice-detail", pk=advice.pk)
    page.get_by_role("button", name="Tekst bewerken").click()
    expect(page).to_have_url(re.compile(rf"/adviezen/{advice.pk}/tekst/$"))
    assert_accessible(page)
    field(page, "Tekst").fill("## Advies\n\nGebruik open badges.")
    submit_form(page, "Opslaan", status=200)
    expect(page.get_by_role("status")).to_have_text("Opgeslagen als versie 2.")
    for status in ("Concept", "Consultatie"):
        page.get_by_role("button", name="Volgende stap").click()
        page.get_by_label(status, exact=True).check()
        submit_form(page, "Status wijzigen", status=200)
    expect(page.get_by_role("heading", name="Reacties (0)")).to_be_visible()
    page.get_by_role("link", name="Versies vergelijken").click()
    page.get_by_role("button", name="Vergelijk").click()
    expect(page.locator(".diff ins", has_text="Gebruik open badges.")).to_have_count(1)
    assert_accessible(page)

    # The steering group offers it, records the decision, and keeps the follow-up.
    sign_in_as(page, live_server, steering)
    visit(page, live_server, "advice:advice-transition", pk=advice.pk)
    expect(page.get_by_label("Aangeboden aan de Adviesraad")).to_be_checked()  # the next step, not a step back
    page.get_by_label("Concept (een stap terug)").check()
    submit_form(page, "Status wijzigen", status=400)  # a step back only with the confirmation ticked
    expect(page.locator("#id_confirm_step_back-error")).to_contain_text("Vink aan dat je dat bewust doet.")
    assert_accessible(page)
    page.get_by_label("Aangeboden aan de Adviesraad").check()
    submit_form(page, "Status wijzigen", status=200)
    page.get_by_role("button", name="Volgende stap").click()
    page.get_by_label("Besluit", exact=True).check()
    field(page, "Besluit van de Adviesraad").select_option("deels_overgenomen")
    field(page, "Datum van het besluit").fill(timezone.localdate().isoformat())
    submit_form(page, "Status wijzigen", status=400)
    expect(page.get_by_role("alert")).to_contain_text("Een besluit heeft de motivering van de Adviesraad nodig.")
    assert_accessible(page)
    field(page, "Motivering van de Adviesraad").fill("Badges ja, een landelijk register later.")
    submit_form(page, "Status wijzigen", status=200)
    page.get_by_role("button", name="Volgende stap").click()
    page.get_by_label("In uitvoering").check()
    submit_form(page, "Status wijzigen", status=200)
    page.get_by_role("button", name="Opvolging toevoegen").click()
    assert_accessible(page)
    field(page, "Datum").fill(timezone.localdate().isoformat())
    field(page, "Wat is er gedaan").fill("Eerste badges uitgegeven bij drie instellingen.")
    field(page, "Door wie").fill("Werkgroep LLO")
    field(page, "Voortgang (%)").fill("30")
    field(page, "Stand van zaken").select_option("op_schema")
    submit_form(page, "Opslaan", status=200)
    expect(page.get_by_role("status")).to_contain_text("De opvolging is toegevoegd")
    expect(page.locator("ol.advice-timeline > li").last).to_contain_text("Eerste badges uitgegeven")
    assert_accessible(page)
    advice.refresh_from_db()
    assert (advice.status, advice.decision, FollowUp.objects.filter(advice=advice).get().progress) == (
        "in_uitvoering",
        "deels_overgenomen",
        30,
    )
    assert list(advice.status_changes.values_list("to_status", flat=True)) == [
        "idee",
        "werkgroep",
        "concept",
        "consultatie",
        "aangeboden",
        "besluit",
        "in_uitvoering",
    ]
