"""Polls in the browser: a dot vote with the live counter, a survey, results, and the organisers' pages."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from koers.accounts.models import User
from koers.polls.models import Answer, Ballot, Call, Poll, SignUp

from ..polls.conftest import HOUR, make_poll
from .conftest import PHONE, assert_accessible, assert_fits, field, sign_in_as, submit_form, visit

pytestmark = pytest.mark.e2e


def test_member_casts_a_dot_vote_with_the_live_counter(page, live_server, lid):
    poll = Poll.objects.get(title="Welke thema's pakken we op?")
    visit(page, live_server, "polls:poll-list")
    expect(page.get_by_role("heading", level=1)).to_have_text("Peilingen")
    assert_accessible(page)
    page.get_by_role("link", name="Welke thema's pakken we op?").click()
    expect(page.get_by_role("heading", name="Stemmen")).to_be_visible()
    assert_accessible(page)
    counter = page.locator(".dots-left")
    expect(counter).to_have_text("0 van 3 stippen verdeeld. Nog 3 stippen over.")
    # With JavaScript, + updates the ballot in place (htmx) and the focus stays on it.
    page.get_by_role("button", name="Eén stip meer voor XR").click()
    expect(field(page, "XR")).to_have_value("1")
    expect(counter).to_have_text("1 van 3 stippen verdeeld. Nog 2 stippen over.")
    expect(page.get_by_role("button", name="Eén stip meer voor XR")).to_be_focused()
    assert page.url == f"{live_server.url}{poll.get_absolute_url()}"
    field(page, "Data-ondersteund onderwijs").fill("2")
    field(page, "XR").fill("2")
    expect(counter).to_have_text("Je hebt 4 stippen verdeeld; dat is meer dan 3.")
    submit_form(page, "Stem uitbrengen", status=400)
    expect(page.get_by_role("alert")).to_contain_text("Je hebt 4 stippen verdeeld; je mag er hoogstens 3 verdelen.")
    assert_accessible(page)
    field(page, "XR").fill("1")
    expect(page.locator(".dots-left")).to_have_text("3 van 3 stippen verdeeld. Nog 0 stippen over.")
    submit_form(page, "Stem uitbrengen", status=200)
    expect(page.get_by_role("status")).to_have_text("Je stem is opgeslagen.")
    ballot = Ballot.objects.get(participation__user=lid, poll=poll)
    assert sorted(ballot.answers.values_list("option__label", "value")) == [
        ("Data-ondersteund onderwijs", 2),
        ("XR", 1),
    ]
    page.get_by_role("link", name="Bekijk de uitslag").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uitslag: Welke thema's pakken we op?")
    first = page.locator("table.results tbody tr").first
    expect(first).to_contain_text("Data-ondersteund onderwijs")
    assert_accessible(page)


def test_member_fills_in_a_survey_by_keyboard(page, live_server, lid):
    poll = make_poll(
        title="Tevredenheid netwerkbijeenkomst",
        visibility="altijd",
        questions=[
            ("Welke onderdelen waren nuttig?", "meer", ["Casus", "Ronde tafels", "Mededelingen"]),
            ("Hoe tevreden ben je?", "schaal", []),
            ("Wat kan beter?", "open", []),
        ],
    )
    page.goto(f"{live_server.url}{poll.get_absolute_url()}")
    submit_form(page, "Stem uitbrengen", status=400)
    expect(page.get_by_role("alert")).to_contain_text("Welke onderdelen waren nuttig? Deze vraag is verplicht.")
    assert_accessible(page)
    page.get_by_label("Casus").check()
    page.get_by_label("Ronde tafels").check()
    page.get_by_role("radio", name="4").focus()
    page.keyboard.press("Space")
    field(page, "Wat kan beter?").fill("Meer tijd voor de ronde tafels.")
    submit_form(page, "Stem uitbrengen", status=200)
    expect(page.get_by_role("status")).to_have_text("Je stem is opgeslagen.")
    given = sorted(str(a.option or a.value or a.text) for a in Answer.objects.filter(ballot__poll=poll))
    assert given == ["4", "Casus", "Meer tijd voor de ronde tafels.", "Ronde tafels"]
    page.get_by_role("link", name="Bekijk de uitslag").click()
    expect(page.locator("main")).to_contain_text("1 respondent uit 1 instelling")
    expect(page.locator("main")).to_contain_text("Meer tijd voor de ronde tafels.")
    assert_accessible(page)


def test_closed_poll_shows_the_outcome_above_the_results(page, live_server, lid):
    poll = Poll.objects.get(title="OOAPI als uitwisselstandaard voor het mbo")
    page.goto(f"{live_server.url}/peilingen/{poll.pk}/uitslag/")
    expect(page.get_by_role("heading", name="Conclusie")).to_be_visible()
    expect(page.locator("main")).to_contain_text("26 respondenten uit")
    chart = page.get_by_role("img", name="Uitslag: Welke route heeft je voorkeur voor de invoering?")
    expect(chart.locator("text.chart-value").first).to_have_text("17 (65,4%)")  # the value beside its bar
    page.locator("details.chart-data > summary").last.click()  # the figures beneath the chart
    row = page.get_by_role("row", name=re.compile(r"^Een afspraak met een ambitie 17 65,4%"))
    expect(row).to_have_count(1)
    assert_accessible(page)


def test_steering_sets_up_a_quick_poll(page, live_server, demo):
    sign_in_as(page, live_server, User.objects.get(email="regiegroep@koers.example"))
    visit(page, live_server, "polls:poll-list")
    page.get_by_role("button", name="Nieuwe peiling").click()  # a link styled as a button
    assert_accessible(page)
    field(page, "Titel").fill("Volgende bijeenkomst in Utrecht?")
    now = timezone.localtime()
    field(page, "Open vanaf").fill((now - HOUR).strftime("%Y-%m-%dT%H:%M"))
    field(page, "Sluit op").fill((now - 2 * HOUR).strftime("%Y-%m-%dT%H:%M"))
    submit_form(page, "Opslaan", status=400)
    expect(page.get_by_role("alert")).to_contain_text("De sluiting moet na de opening liggen.")
    assert_accessible(page)
    field(page, "Sluit op").fill((now + 48 * HOUR).strftime("%Y-%m-%dT%H:%M"))
    submit_form(page, "Opslaan", status=200)
    expect(page.get_by_role("heading", level=1)).to_have_text("Vragen: Volgende bijeenkomst in Utrecht?")
    assert_accessible(page)
    field(page, "Vraag").fill("Zullen we de volgende bijeenkomst in Utrecht houden?")
    field(page, "Opties").fill("Ja\nNee\nMaakt niet uit")
    submit_form(page, "Vraag opslaan", status=200)
    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_role("status")).to_have_text("De peiling is gepubliceerd.")
    assert Poll.objects.get(title="Volgende bijeenkomst in Utrecht?").state == "open"
    assert_accessible(page)


def test_member_signs_up_for_a_call(page, live_server, lid):
    call = Call.objects.get()
    visit(page, live_server, "calls:call-list")
    assert_accessible(page)
    page.get_by_role("link", name=call.title).click()
    field(page, "Motivatie (optioneel)").fill("Ik gebruik de monitor voor ons jaarplan.")
    submit_form(page, "Aanmelden", status=200)
    expect(page.get_by_role("status")).to_have_text("Je hebt je aangemeld. Dank je wel!")
    assert SignUp.objects.filter(call=call, user=lid).exists()
    assert_accessible(page)


@pytest.mark.parametrize(
    ("name", "heading"),
    [("polls:poll-outcome", "Conclusie: OOAPI als uitwisselstandaard voor het mbo"), ("calls:call-create", None)],
)
def test_steering_page_is_accessible(page, live_server, demo, name, heading):
    sign_in_as(page, live_server, User.objects.get(email="regiegroep@koers.example"))
    kwargs = {}
    if name == "polls:poll-outcome":
        kwargs = {"pk": Poll.objects.get(title="OOAPI als uitwisselstandaard voor het mbo").pk}
    visit(page, live_server, name, **kwargs)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading or "Nieuwe oproep")
    assert_accessible(page)


def test_organisers_follow_the_turnout_of_a_poll_hidden_until_closing(page, live_server, demo):
    poll = make_poll(title="Verborgen tot de sluiting", visibility="na_sluiting", quorum=50)
    sign_in_as(page, live_server, User.objects.get(email="regiegroep@koers.example"))
    page.goto(f"{live_server.url}{poll.get_absolute_url()}")
    page.get_by_role("link", name="Bekijk de opkomst").click()
    main = page.locator("main")
    expect(main).to_contain_text("Als organisator zie je de opkomst al, de uitslag nog niet.")
    expect(main).to_contain_text("0 respondenten uit 0 instellingen")
    expect(main).to_contain_text("Quorum tot nu toe niet gehaald: 0 van de")
    expect(page.locator("table.results")).to_have_count(0)
    assert_accessible(page)


def test_dot_vote_on_a_phone_without_javascript(browser, live_server, lid):
    """The − and + post the ballot back without JavaScript; the count and the dots left follow."""
    poll = Poll.objects.get(title="Welke thema's pakken we op?")
    context = browser.new_context(locale="nl-NL", base_url=live_server.url, viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in_as(page, live_server, lid)
        visit(page, live_server, "polls:poll-detail", pk=poll.pk)
        # On a phone the ballot comes first: its heading before the details of the poll.
        headings = page.get_by_role("heading", level=2).all_text_contents()
        assert headings.index("Stemmen") < headings.index("Over deze peiling")
        plus = page.get_by_role("button", name="Eén stip meer voor XR")
        counter = page.locator(".dots-left")
        for count, left in ((1, "2 stippen"), (2, "1 stip"), (3, "0 stippen")):
            with page.expect_navigation():
                plus.click()
            expect(field(page, "XR")).to_have_value(str(count))
            expect(counter).to_have_text(f"{count} van 3 stippen verdeeld. Nog {left} over.")
            expect(page.locator(".dot-option", has=page.get_by_label("XR")).locator(".dot-filled")).to_have_count(count)
        # axe-core cannot run where scripts are off; the sweep checks this page with them on.
        assert_fits(page)
        assert not Ballot.objects.filter(poll=poll, participation__user=lid).exists()  # nothing saved yet

        with page.expect_navigation():
            page.get_by_role("button", name="Eén stip minder voor XR").click()
        expect(field(page, "XR")).to_have_value("2")
        field(page, "Data-ondersteund onderwijs").fill("1")
        submit_form(page, "Stem uitbrengen", status=200)
        expect(page.get_by_role("status")).to_have_text("Je stem is opgeslagen.")
        ballot = Ballot.objects.get(participation__user=lid, poll=poll)
        assert sorted(ballot.answers.values_list("option__label", "value")) == [
            ("Data-ondersteund onderwijs", 1),
            ("XR", 2),
        ]
    finally:
        context.close()
