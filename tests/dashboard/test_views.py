"""The home page: a landing page for guests; for members a dashboard that says what to do now."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from koers.advice.models import Status
from koers.meetings.models import Registration
from koers.members.services import consent_set
from koers.polls.models import Call
from koers.portfolio.models import Project
from koers.roadmap.models import Adoption, AdoptionState, Ambition, ReferenceItem

from ..advice.conftest import make_advice
from ..factories import MembershipRequestFactory, ThemeFactory, UserFactory
from ..meetings.conftest import make_meeting
from ..polls.conftest import make_poll

DAY = datetime.timedelta(days=1)


def hidden(label: str, name: str) -> str:
    """A button's or link's accessible name (its label and what it is about) and its visible label."""
    return f'aria-label="{label}: {name}">{label}'


def page_of(client, user=None) -> str:
    if user is not None:
        client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def network(institution):
    """15 themes of which the institution plotted 3, 9 reference items of which it gave a stand on 4."""
    themes = [ThemeFactory() for _ in range(15)]
    for theme in themes[:3]:
        Ambition.objects.create(institution=institution, theme=theme, start_year=2027)
    for n in range(9):
        item = ReferenceItem.objects.create(
            name=f"Item {n}", slug=f"item-{n}", recommendation_since="2025-01-01", rationale="r"
        )
        if n < 4:
            Adoption.objects.create(institution=institution, item=item, state=AdoptionState.IN_USE)
    return themes


def test_guests_keep_the_landing_page(client, db):
    ThemeFactory(name="Data en AI")
    page = page_of(client)
    assert "Lid worden" in page
    assert "Inloggen" in page
    assert "Strategische thema's" in page
    assert "Data en AI" in page
    assert "Wat je nu kunt doen" not in page


def test_member_sees_what_to_do_now(client, member, institution, network):
    poll = make_poll(title="Welke thema's eerst?")
    meeting = make_meeting(title="Voorjaarsbijeenkomst", capacity=40)
    call = Call.objects.create(title="Wie helpt mee?", text="t", wanted=3, closes_on=timezone.localdate() + 7 * DAY)
    Project.objects.create(institution=institution, title="Oud project", status="lopend", last_reviewed=None)
    page = page_of(client, member)
    assert "Welkom, Gerda" in page
    assert "1 open peiling wacht op je stem." in page
    assert (
        f'<a href="{poll.get_absolute_url()}" role="button" {hidden("Stem nu", "Welke thema&#x27;s eerst?")}</a>'
        in page
    )
    assert "0 van 40 plaatsen bezet." in page
    assert f'action="{reverse("meetings:register", args=[meeting.pk])}"' in page
    assert hidden("Aanmelden", "Voorjaarsbijeenkomst") in page
    assert "1 oproep zoekt nog vrijwilligers." in page
    assert "0 van 3 gezocht" in page
    assert f'<a href="{call.get_absolute_url()}" role="button" {hidden("Ik help mee", "Wie helpt mee?")}</a>' in page
    assert "De adviezen die je volgt zijn de afgelopen 30 dagen niet veranderd." in page
    assert "Wat Horizon College nog kan aanvullen" in page
    assert "12 van 15 thema's nog in te vullen" in page
    assert "5 van 9 items nog zonder stand" in page
    assert "1 project is al 12 maanden niet bijgewerkt." in page
    assert "nooit bijgewerkt" in page
    assert "Je bent helemaal bij." not in page
    assert "Voor de regiegroep" not in page


def test_registering_from_the_dashboard(client, member, network):
    meeting = make_meeting(title="Voorjaarsbijeenkomst")
    client.force_login(member)
    response = client.post(reverse("meetings:register", args=[meeting.pk]))
    assert response.status_code == 302
    assert Registration.objects.get(meeting=meeting, user=member).status == "aangemeld"
    page = page_of(client)
    assert "Je bent aangemeld" in page
    assert hidden("Bekijk de bijeenkomst", "Voorjaarsbijeenkomst") in page


def test_all_caught_up(client, member, network):
    meeting = make_meeting()
    Registration.objects.create(meeting=meeting, user=member, status="wachtlijst")
    page = page_of(client, member)
    assert "Je staat op de wachtlijst" in page
    assert "Je hebt in alle open peilingen gestemd." in page
    assert "Er staat geen oproep open waarvoor je je nog niet hebt aangemeld." in page
    assert "Je bent helemaal bij." in page


def test_followed_advice_that_changed(client, member, steering, network):
    make_advice(actor=steering, title="Gezamenlijke inkoop", status=Status.WORKING_GROUP, lead=member)
    page = page_of(client, member)
    assert "1 advies dat je volgt is de afgelopen 30 dagen veranderd." in page
    assert hidden("Lees wat er veranderde", "Gezamenlijke inkoop") in page


def test_new_member_gets_a_checklist_that_ticks_itself_off(client, institution, network):
    newcomer = UserFactory(
        full_name="Jasper de Boer", institution=institution, new_until=timezone.localdate() + 300 * DAY
    )
    page = page_of(client, newcomer)
    assert "Aan de slag" in page
    assert "1 van 5 stappen gedaan." in page  # the institution has a roadmap already
    assert f'<a href="{reverse("accounts:profile")}">Vul je profiel aan</a>' in page
    assert f'<a href="{reverse("members:consent")}">Kies wat je deelt met het netwerk</a>' in page
    assert "Roadmap van je instelling ingevuld" in page
    newcomer.expertise.add(network[0])
    consent_set(user=newcomer, field="email", granted=True)
    Project.objects.create(institution=institution, title="Nieuw", last_reviewed=timezone.localdate())
    page = page_of(client)
    assert "4 van 5 stappen gedaan." in page
    assert "Profiel compleet" in page
    Registration.objects.create(meeting=make_meeting(), user=newcomer, status="aangemeld")
    assert "Aan de slag" not in page_of(client)


def test_member_without_an_institution(client, network):
    loner = UserFactory(institution=None)
    page = page_of(client, loner)
    assert "Je hebt nog geen instelling gekozen." in page
    assert "nog kan aanvullen" not in page
    assert "0 van 5 stappen gedaan." in page


def test_steering_group_sees_its_work(client, steering, network):
    MembershipRequestFactory()
    now = timezone.now()
    poll = make_poll(title="ICT-monitor", opens_at=now - 20 * DAY, closes_at=now - DAY)
    make_poll(title="Bijna dicht", closes_at=now + DAY)
    make_advice(actor=steering, title="Toetsomgeving", status=Status.OFFERED)
    make_advice(actor=steering, title="LLO-aanbod", status=Status.DECIDED)
    page = page_of(client, steering)
    assert "Voor de regiegroep" in page
    assert "1 lidmaatschapsaanvraag wacht op beoordeling" in page
    assert "1 gesloten peiling heeft nog geen conclusie." in page
    assert (
        f'<a href="{reverse("polls:poll-outcome", args=[poll.pk])}" {hidden("Conclusie schrijven", "ICT-monitor")}</a>'
        in page
    )
    assert "1 peiling sluit binnen drie dagen." in page
    assert "1 advies wacht op het besluit van de Adviesraad." in page
    assert "1 advies heeft al drie maanden geen opvolging." in page
    assert hidden("Opvolging toevoegen", "LLO-aanbod") in page


def test_steering_group_with_nothing_waiting(client, steering, network):
    assert "Er wacht niets op de regiegroep." in page_of(client, steering)


def test_dashboard_in_english(client, member, network):
    make_poll(title="Peiling")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = page_of(client, member)
    assert "What you can do now" in page
    assert "1 open poll is waiting for your vote." in page
    assert "12 of 15 themes still to fill in" in page
    assert "5 of 9 items without your stand yet" in page
