"""Governance in the browser: a ranked election voted by keyboard, the count, and the steering group confirming."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from koers.governance.models import Nomination, Vacancy
from koers.members.models import Position
from koers.polls.models import Ballot

from ..factories import UserFactory
from ..governance.conftest import close_election, day, open_vacancy, start_election, votes
from .conftest import assert_accessible, field, sign_in_as, submit_form, visit

pytestmark = pytest.mark.e2e


@pytest.fixture
def candidates(db):
    return [
        UserFactory(full_name="Anna Bakker", email="anna@college.example"),
        UserFactory(full_name="Bert Claassen", email="bert@college.example"),
        UserFactory(full_name="Carla Dijkstra", email="carla@college.example"),
    ]


def test_member_ranks_the_candidates_by_keyboard(page, live_server, steering, member, candidates):
    vacancy = open_vacancy(steering, title="Lid regiegroep", seats=2, ranked=True)
    poll = start_election(vacancy, steering, candidates)
    sign_in_as(page, live_server, member)

    visit(page, live_server, "governance:vacancy-list")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vacatures en verkiezingen")
    assert_accessible(page)
    page.get_by_role("link", name="Lid regiegroep").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lid regiegroep")
    expect(page.get_by_role("heading", name="Kandidaten")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Naar het stembiljet").click()  # a link styled as a button
    expect(page.get_by_role("heading", level=1)).to_have_text("Verkiezing: Lid regiegroep")
    ballot = page.get_by_role("group", name=re.compile("^Wie kies je voor Lid regiegroep?"))
    expect(ballot).to_be_visible()
    assert_accessible(page)

    # Two first choices: refused, explained at the question, and the choices are kept.
    carla = ballot.get_by_label(re.compile("^Carla Dijkstra"))
    anna = ballot.get_by_label(re.compile("^Anna Bakker"))
    carla.focus()
    page.keyboard.press("1")  # type-ahead in a closed select: "1e keus"
    anna.focus()
    page.keyboard.press("1")
    expect(carla).to_have_value("1")
    expect(anna).to_have_value("1")
    submit_form(page, "Stem uitbrengen", status=400)
    message = "Je gaf meer dan één optie als 1e keus. Elke plaats mag maar één keer voorkomen."
    expect(page.get_by_role("alert")).to_contain_text(message)
    expect(page.locator(".ranking .field-error")).to_have_text(message)
    assert_accessible(page)

    anna = page.get_by_label(re.compile("^Anna Bakker"))
    anna.focus()
    page.keyboard.press("2")
    expect(anna).to_have_value("2")
    for _ in range(3):  # past Bert (left "niet gekozen") and Carla to the button
        page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Stem uitbrengen")).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("Je stem is opgeslagen.")
    expect(page.locator("main")).to_contain_text("Je stem is anoniem opgeslagen")
    assert_accessible(page)
    ballot_row = Ballot.objects.get(poll=poll)
    assert ballot_row.participation is None
    assert sorted(ballot_row.answers.values_list("option__nomination__nominee__full_name", "value")) == [
        ("Anna Bakker", 2),
        ("Carla Dijkstra", 1),
    ]

    # Back at the vacancy: voted, and the result stays hidden until the election closes.
    visit(page, live_server, "governance:vacancy-detail", pk=vacancy.pk)
    expect(page.locator("main")).to_contain_text("Je hebt gestemd.")
    expect(page.get_by_role("heading", name="De telling")).to_have_count(0)


def test_steering_group_confirms_the_result(page, live_server, steering, chair, candidates):
    vacancy = open_vacancy(steering, kind="chair", title="Voorzitter regiegroep", ranked=True, term_end=day(790))
    start_election(vacancy, steering, candidates)
    anna, bert, carla = candidates
    votes(vacancy, [(4, [anna]), (3, [bert, carla]), (2, [carla, bert])])
    close_election(vacancy)
    sign_in_as(page, live_server, steering)

    visit(page, live_server, "governance:vacancy-detail", pk=vacancy.pk)
    expect(page.get_by_role("heading", name="De telling")).to_be_visible()
    # Carla drops out and passes to Bert: Bert 5, Anna 4.
    expect(page.get_by_role("table", name="Ronde 1")).to_contain_text("valt af")
    expect(page.get_by_role("table", name="Ronde 2")).to_contain_text("gekozen")
    expect(page.locator(".count-result")).to_have_text("Gekozen volgens de telling: Bert Claassen.")
    assert_accessible(page)

    page.get_by_role("button", name="Uitslag bevestigen").click()  # the link to the form
    expect(page.get_by_role("heading", level=1)).to_have_text("Uitslag bevestigen: Voorzitter regiegroep")
    expect(page.get_by_label("Bert Claassen")).to_be_checked()
    assert_accessible(page)
    page.get_by_label("Bert Claassen").uncheck()
    page.get_by_label("Anna Bakker").check()
    submit_form(page, "Uitslag bevestigen", status=400)
    expect(page.get_by_role("alert")).to_contain_text("Bevestig de uitslag van de telling: gekozen zijn Bert Claassen.")
    assert_accessible(page)
    page.get_by_label("Anna Bakker").uncheck()
    page.get_by_label("Bert Claassen").check()
    submit_form(page, "Uitslag bevestigen", status=200)
    expect(page.get_by_role("status")).to_have_text(
        "De uitslag is bevestigd en staat in het overzicht van de regiegroep."
    )
    expect(page.get_by_role("heading", name="Gekozen", exact=True)).to_be_visible()
    assert_accessible(page)
    assert Vacancy.objects.get().status == "bevestigd"
    assert Nomination.objects.get(elected=True).nominee == bert
    assert Position.objects.get(kind="chair", start_date=day(60)).user == bert
    assert Position.objects.get(user=chair, kind="chair").end_date == day(59)

    page.get_by_role("link", name="Naar de regiegroep").click()
    expect(page.locator("main")).to_contain_text("Bert Claassen")
    assert_accessible(page)


def test_steering_group_opens_a_vacancy_and_starts_the_election(page, live_server, steering, member, candidates):
    sign_in_as(page, live_server, steering)
    visit(page, live_server, "governance:vacancy-list")
    expect(page.locator("main")).to_contain_text("Er zijn nog geen vacatures.")
    page.get_by_role("button", name="Nieuwe vacature").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe vacature")
    field(page, "Functie").select_option("secretary")
    field(page, "Titel").fill("Secretaris regiegroep")
    field(page, "Profiel").fill("Je houdt de besluiten en de ledenadministratie bij.")
    field(page, "Aantal zetels").fill("2")
    field(page, "Voordragen kan tot en met").fill(day(7).isoformat())
    field(page, "Begin van de termijn").fill(day(3).isoformat())
    submit_form(page, "Opslaan", status=400)
    expect(page.get_by_role("alert")).to_contain_text("Aantal zetels: Er is één voorzitter en één secretaris")
    expect(page.get_by_role("alert")).to_contain_text("De termijn begint na de laatste dag waarop voordragen kan.")
    assert_accessible(page)
    field(page, "Aantal zetels").fill("1")
    field(page, "Begin van de termijn").fill(day(60).isoformat())
    submit_form(page, "Opslaan", status=200)
    expect(page.get_by_role("status")).to_have_text("Vacature Secretaris regiegroep is opgeslagen.")
    vacancy = Vacancy.objects.get()
    for person in candidates[:2]:
        Nomination.objects.create(
            vacancy=vacancy, nominee=person, nominated_by=person, status="aanvaard", decided_at=timezone.now()
        )
    Vacancy.objects.filter(pk=vacancy.pk).update(nominations_open_until=day(-1))
    page.reload()
    page.get_by_role("button", name="Verkiezing starten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verkiezing starten: Secretaris regiegroep")
    assert_accessible(page)
    submit_form(page, "Verkiezing starten", status=200)
    expect(page.get_by_role("status")).to_have_text("De verkiezing is gestart; de leden zijn opgeroepen om te stemmen.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Verkiezing: Secretaris regiegroep")
    expect(page.get_by_role("radio", name=re.compile("^Anna Bakker"))).to_be_visible()
    assert_accessible(page)
    visit(page, live_server, "governance:vacancy-cancel", pk=vacancy.pk)
    expect(page.get_by_role("heading", level=1)).to_have_text("Vacature intrekken")
    assert_accessible(page)
