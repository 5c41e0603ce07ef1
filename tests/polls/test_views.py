"""The poll pages: voting through the ballot, errors that keep what was typed, results, exports, calls."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from koers.accounts.models import User
from koers.polls.models import Ballot, Call, Participation, Poll, SignUp
from koers.polls.services import ballot_cast

from ..factories import InstitutionFactory, ThemeFactory, UserFactory, share
from .conftest import HOUR, make_poll, option


def test_member_votes_through_the_ballot(client, member, poll):
    client.force_login(member)
    question = poll.questions.get()
    response = client.post(poll.get_absolute_url(), {f"q{question.pk}": str(option(poll, "Ja").pk)}, follow=True)
    assert response.redirect_chain == [(poll.get_absolute_url(), 302)]
    page = response.content.decode()
    assert "Je stem is opgeslagen." in page and "Kies: Ja" in page and "Stem wijzigen" in page
    assert Ballot.objects.get().answers.get().option.label == "Ja"


def test_a_missing_answer_is_refused_and_nothing_is_written(client, member):
    poll = make_poll(questions=[("Route", "een", ["A", "B"]), ("Toelichting", "open", [])])
    route, text = poll.questions.all()
    client.force_login(member)
    response = client.post(poll.get_absolute_url(), {f"q{text.pk}": "Mijn uitleg"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Deze vraag is verplicht." in page and "Mijn uitleg" in page
    assert not Participation.objects.exists()


def test_too_many_dots_are_refused_with_the_numbers(client, member):
    poll = make_poll(kind=Poll.Kind.DOTS, dots=3, questions=[("", "stippen", ["A", "B"])])
    question = poll.questions.get()
    a, b = option(poll, "A"), option(poll, "B")
    client.force_login(member)
    data = {f"q{question.pk}-o{a.pk}": "2", f"q{question.pk}-o{b.pk}": "2"}
    response = client.post(poll.get_absolute_url(), data)
    assert response.status_code == 400
    assert "Je hebt 4 stippen verdeeld; je mag er hoogstens 3 verdelen." in response.content.decode()
    assert not Ballot.objects.exists()
    counter = client.post(reverse("polls:dots-left", args=[poll.pk, question.pk]), data, HTTP_HX_REQUEST="true")
    assert "Je hebt 4 stippen verdeeld; dat is meer dan 3." in counter.content.decode()
    data[f"q{question.pk}-o{b.pk}"] = "1"
    counter = client.post(reverse("polls:dots-left", args=[poll.pk, question.pk]), data)
    assert "3 van 3 stippen verdeeld." in counter.content.decode()
    assert client.post(poll.get_absolute_url(), data).status_code == 302
    assert Ballot.objects.get().dots_used == 3


def test_a_colleague_sees_who_voted_for_the_institution(client, member, institution):
    poll = make_poll(unit=Poll.Unit.INSTITUTION)
    ballot_cast(poll=poll, voter=member, answers={poll.questions.get().pk: option(poll, "Ja").pk})
    client.force_login(UserFactory(institution=institution))
    page = client.get(poll.get_absolute_url()).content.decode()
    assert "Gerda Visser heeft namens je instelling gestemd. Per instelling telt één stem." in page
    assert "Stem uitbrengen" not in page


def test_results_appear_after_voting_with_respondents_and_institutions(client, member, other_member, poll):
    question = poll.questions.get()
    ballot_cast(poll=poll, voter=other_member, answers={question.pk: option(poll, "Nee").pk})
    client.force_login(member)
    url = reverse("polls:poll-results", args=[poll.pk])
    assert "De uitslag is zichtbaar nadat je hebt gestemd." in client.get(url).content.decode()
    ballot_cast(poll=poll, voter=member, answers={question.pk: option(poll, "Ja").pk})
    page = client.get(url).content.decode()
    assert "2 respondenten uit 2 instellingen" in page
    assert "50,0%" in page


def test_export_names_voters_only_when_the_poll_is_not_anonymous(client, steering, member):
    for anonymous in (False, True):
        poll = make_poll(anonymous=anonymous, title=f"Peiling {anonymous}")
        ballot_cast(poll=poll, voter=member, answers={poll.questions.get().pk: option(poll, "Ja").pk})
        client.force_login(steering)
        response = client.get(reverse("polls:poll-export", args=[poll.pk, "csv"]))
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
        if anonymous:
            assert rows == [["Respondent", "Vraagnummer", "Vraag", "Antwoord"], ["1", "1", "Kies", "Ja"]]
        else:
            assert rows[1] == ["1", "Gerda Visser", "Horizon College", "1", "Kies", "Ja"]


def test_steering_sets_up_and_publishes_a_dot_vote(client, steering):
    ThemeFactory(name="Data en AI")
    ThemeFactory(name="XR")
    client.force_login(steering)
    now = timezone.localtime()
    data = {
        "title": "Welke thema's?",
        "kind": "stipstemming",
        "audience": "leden",
        "unit": "lid",
        "visibility": "na_stemmen",
        "opens_at": (now - HOUR).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + 24 * HOUR).strftime("%Y-%m-%dT%H:%M"),
        "dots": "3",
    }
    response = client.post(reverse("polls:poll-create"), data)
    poll = Poll.objects.get()
    assert response["Location"] == reverse("polls:poll-questions", args=[poll.pk])
    question = poll.questions.get()
    client.post(reverse("polls:options-from-themes", args=[poll.pk, question.pk]))
    assert list(question.options.values_list("label", flat=True)) == ["Data en AI", "XR"]
    client.post(reverse("polls:poll-publish", args=[poll.pk]))
    poll.refresh_from_db()
    assert poll.state == "open"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"closes_at": "2026-01-01T08:00"}, "closes_at", "De sluiting moet na de opening liggen."),
        ({"kind": "stipstemming"}, "dots", "Geef het aantal stippen dat elke stemmer mag verdelen."),
        (
            {"anonymous": "on", "allow_change": "on"},
            "allow_change",
            "Een anonieme stem kan niet worden gewijzigd; zet het wijzigen van een stem uit.",
        ),
    ],
)
def test_poll_settings_that_cannot_work_are_refused(client, steering, change, field, message):
    client.force_login(steering)
    data = {
        "title": "Peiling",
        "kind": "peiling",
        "audience": "leden",
        "unit": "lid",
        "visibility": "na_stemmen",
        "opens_at": "2026-01-01T09:00",
        "closes_at": "2026-01-08T09:00",
        **change,
    }
    response = client.post(reverse("polls:poll-create"), data)
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert not Poll.objects.exists()


def test_members_sign_up_for_a_call_and_withdraw(client, member, steering):
    call = Call.objects.create(title="Wie helpt?", text="Drie mensen.", wanted=3, closes_on=timezone.localdate())
    client.force_login(member)
    client.post(call.get_absolute_url(), {"motivation": "Ik ken de monitor."})
    assert list(SignUp.objects.values_list("user__full_name", "motivation")) == [("Gerda Visser", "Ik ken de monitor.")]
    client.force_login(steering)
    export = client.get(reverse("calls:call-export", args=[call.pk, "csv"])).content.decode("utf-8-sig")
    assert "Gerda Visser;;Horizon College;Ik ken de monitor." in export  # no consent: no e-mail address
    share(member, "email")
    export = client.get(reverse("calls:call-export", args=[call.pk, "csv"])).content.decode("utf-8-sig")
    assert "Gerda Visser;gerda@horizon.example;Horizon College;Ik ken de monitor." in export
    client.force_login(member)
    client.post(reverse("calls:call-withdraw", args=[call.pk]))
    assert not SignUp.objects.exists()
    Call.objects.filter(pk=call.pk).update(closes_on=timezone.localdate() - datetime.timedelta(days=1))
    response = client.post(call.get_absolute_url(), {"motivation": "Te laat"}, follow=True)
    assert not SignUp.objects.exists()
    assert "Deze oproep is gesloten." in response.content.decode()


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize(
    ("name", "queries"),
    # The poll page and the results each read the advice the poll belongs to or was followed by (one query).
    # The list counts the respondents of the polls it shows in a query of its own, the closed polls for their
    # pages in another, asks when a poll next opens or closes and which of them the member voted in.
    [("polls:poll-list", 7), ("polls:poll-results", 12), ("polls:poll-detail", 7), ("calls:call-list", 4)],
)
def test_poll_pages_query_count(client, django_assert_num_queries, member, name, queries, count):
    polls = []
    for n in range(count):
        poll = make_poll(
            title=f"Peiling {n}",
            visibility="altijd",
            questions=[("Kies", "een", ["Ja", "Nee"]), ("Cijfer", "schaal", []), ("Waarom", "open", [])],
        )
        choice, grade, why = poll.questions.all()
        for voter in [UserFactory(), UserFactory()]:
            ballot_cast(poll=poll, voter=voter, answers={choice.pk: option(poll, "Ja").pk, grade.pk: 4, why.pk: "Zo"})
        polls.append(poll)
        Call.objects.create(title=f"Oproep {n}", text="x", wanted=2, closes_on=timezone.localdate())
    client.force_login(member)
    kwargs = {"pk": polls[-1].pk} if name in ("polls:poll-results", "polls:poll-detail") else None
    with django_assert_num_queries(queries):
        response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200


def test_steering_polls_are_hidden_from_other_members(client, member, steering):
    poll = make_poll(audience=Poll.Audience.STEERING, visibility="altijd", title="Alleen regiegroep")
    client.force_login(member)
    assert "Alleen regiegroep" not in client.get(reverse("polls:poll-list")).content.decode()
    assert client.get(poll.get_absolute_url()).status_code == 403
    assert client.get(reverse("polls:poll-results", args=[poll.pk])).status_code == 403
    client.force_login(steering)
    assert "Alleen regiegroep" in client.get(reverse("polls:poll-list")).content.decode()


def test_a_member_without_institution_is_told_before_filling_in(client, db):
    poll = make_poll(unit=Poll.Unit.INSTITUTION)
    client.force_login(UserFactory(institution=None))
    page = client.get(poll.get_absolute_url()).content.decode()
    assert "Kies eerst je instelling in je profiel." in page and "Stem uitbrengen" not in page
    response = client.post(poll.get_absolute_url(), {}, follow=True)
    assert "In deze peiling stemt elke instelling één keer." in response.content.decode()
    assert not Ballot.objects.exists()


def test_results_hidden_until_closing_cannot_be_downloaded_before(client, steering, member):
    poll = make_poll(visibility="na_sluiting")
    ballot_cast(poll=poll, voter=member, answers={poll.questions.get().pk: option(poll, "Ja").pk})
    client.force_login(steering)
    response = client.get(reverse("polls:poll-export", args=[poll.pk, "csv"]), follow=True)
    assert "De uitslag van deze peiling is pas na de sluiting te downloaden." in response.content.decode()


def test_a_colleague_who_votes_while_the_ballot_is_open_is_named(client, member, institution):
    """One vote per institution: she filled in the ballot, a colleague voted meanwhile; she did not vote herself
    and the poll allows changes, so she is told who voted for her institution."""
    poll = make_poll(unit=Poll.Unit.INSTITUTION)
    question = poll.questions.get()
    colleague = UserFactory(institution=institution, full_name="Kees Jansen")
    client.force_login(member)
    assert "Stem uitbrengen" in client.get(poll.get_absolute_url()).content.decode()
    ballot_cast(poll=poll, voter=colleague, answers={question.pk: option(poll, "Nee").pk})
    page = client.post(poll.get_absolute_url(), {f"q{question.pk}": option(poll, "Ja").pk}, follow=True)
    text = page.content.decode()
    assert "Voor je instelling is al gestemd door Kees Jansen. Per instelling telt één stem." in text
    assert "Je hebt al gestemd" not in text
    assert Participation.objects.get().user == colleague


def test_the_quorum_names_what_it_is_measured_against(client, member, other_member):
    poll = make_poll(quorum=50, visibility="altijd")
    ballot_cast(poll=poll, voter=member, answers={poll.questions.get().pk: option(poll, "Ja").pk})
    User.objects.update(date_joined=timezone.now() - HOUR)  # they were members before the closing
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - datetime.timedelta(seconds=1))
    UserFactory(institution=InstitutionFactory(name="Nieuw"))  # joins after the closing
    client.force_login(member)
    page = client.get(reverse("polls:poll-results", args=[poll.pk])).content.decode()
    assert "Quorum gehaald: 1 van de 2 instellingen met leden in het netwerk deed mee (nodig: 50%)." in page
    assert "Geteld zoals het netwerk was bij de sluiting." in page


def test_organisers_see_the_turnout_before_the_results(client, member, steering):
    poll = make_poll(visibility="na_sluiting", quorum=50)
    ballot_cast(poll=poll, voter=member, answers={poll.questions.get().pk: option(poll, "Ja").pk})
    url = reverse("polls:poll-results", args=[poll.pk])
    client.force_login(steering)
    assert "Bekijk de opkomst" in client.get(poll.get_absolute_url()).content.decode()
    page = client.get(url).content.decode()
    assert "De uitslag is zichtbaar nadat je hebt gestemd." not in page
    assert "Als organisator zie je de opkomst al, de uitslag nog niet." in page
    assert "<strong>1 respondent uit 1 " in page
    assert "Quorum tot nu toe gehaald: 1 van de 1 instellingen met leden in het netwerk deed mee (nodig: 50%)." in page
    assert "Ja" not in page.split("<h1>", 1)[1].split("Terug naar de peiling")[0]  # no option, no count
    client.force_login(member)
    page = client.get(url).content.decode()
    assert "De uitslag is zichtbaar na de sluiting op" in page and "respondent" not in page


def test_the_respondent_line_counts_respondents_and_institutions_each_in_their_own_plural(
    client, member, other_member, institution
):
    poll = make_poll()
    question = poll.questions.get()
    ballot_cast(poll=poll, voter=member, answers={question.pk: option(poll, "Ja").pk})
    client.force_login(member)
    url = reverse("polls:poll-results", args=[poll.pk])
    assert "1 respondent uit 1 instelling<" in client.get(url).content.decode()
    ballot_cast(poll=poll, voter=other_member, answers={question.pk: option(poll, "Nee").pk})
    ballot_cast(poll=poll, voter=UserFactory(institution=institution), answers={question.pk: option(poll, "Ja").pk})
    assert "3 respondenten uit 2 instellingen<" in client.get(url).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "3 respondents from 2 institutions<" in client.get(url).content.decode()


def test_your_answer_to_a_question_ending_in_a_question_mark_gets_no_colon(client, member):
    poll = make_poll(questions=[("Steun je dit advies?", "een", ["Ja", "Nee"])])
    ballot_cast(poll=poll, voter=member, answers={poll.questions.get().pk: option(poll, "Ja").pk})
    client.force_login(member)
    page = client.get(poll.get_absolute_url()).content.decode()
    assert "<li>Steun je dit advies? Ja</li>" in page and "?:" not in page


def test_the_dots_counter_counts_a_single_dot(client, member):
    poll = make_poll(kind=Poll.Kind.DOTS, dots=1, questions=[("", "stippen", ["A", "B"])])
    question = poll.questions.get()
    client.force_login(member)
    counter = client.post(reverse("polls:dots-left", args=[poll.pk, question.pk]), {})
    assert counter.content.decode().strip() == "0 van 1 stip verdeeld. Nog 1 stip over."


def test_the_error_summary_puts_no_colon_after_a_question_mark(client, member):
    poll = make_poll(questions=[("Steun je dit advies?", "een", ["Ja", "Nee"]), ("Toelichting", "open", [])])
    text = poll.questions.all()[1]
    client.force_login(member)
    page = client.post(poll.get_absolute_url(), {f"q{text.pk}": "Mijn uitleg"}).content.decode()
    assert "Steun je dit advies? Deze vraag is verplicht.</a>" in page and "?:" not in page


def test_results_draw_a_bar_per_option_and_per_scale_value_with_the_figures_beneath(client, member, other_member):
    poll = make_poll(questions=[("Kies <b>nu</b>", "een", ["Ja", "Nee"]), ("Hoe tevreden?", "schaal", [])])
    choice, scale = poll.questions.all()
    ballot_cast(poll=poll, voter=member, answers={choice.pk: option(poll, "Ja").pk, scale.pk: 4})
    ballot_cast(poll=poll, voter=other_member, answers={choice.pk: option(poll, "Ja").pk, scale.pk: 5})
    ballot_cast(poll=poll, voter=UserFactory(), answers={choice.pk: option(poll, "Nee").pk, scale.pk: 5})
    client.force_login(member)
    page = client.get(reverse("polls:poll-results", args=[poll.pk])).content.decode()
    assert f'<title id="chart-question-{choice.pk}-title">Uitslag: Kies &lt;b&gt;nu&lt;/b&gt;</title>' in page
    # Shares against 100%: two of three is 66.7% of the 290 units of bar room.
    assert '<rect x="0" y="20" width="193.4" height="22" class="chart-bar"/>' in page
    assert '<text x="199.4" y="36" class="chart-value">2 (66,7%)</text>' in page
    assert '<text x="102.6" y="92" class="chart-value">1 (33,3%)</text>' in page
    desc = "1: 0 (0,0%); 2: 0 (0,0%); 3: 0 (0,0%); 4: 1 (33,3%); 5: 2 (66,7%)"
    assert f'<desc id="chart-question-{scale.pk}-desc">{desc}</desc>' in page
    assert page.count('<details class="chart-data"><summary>De cijfers als tabel</summary>') == 2
    assert '<th scope="row">Ja</th><td>2</td><td>66,7%</td>' in page


# --- the dot vote without JavaScript: − and + post the ballot back, nothing is saved until it is cast ----


def _count(page: str, name: str) -> str:
    """The value of the number field ``name`` as the page shows it."""
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert tag is not None, name
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return value.group(1) if value else ""


def test_plus_and_minus_adjust_the_ballot_without_saving(client, member):
    poll = make_poll(kind=Poll.Kind.DOTS, dots=3, questions=[("", "stippen", ["A", "B"])])
    question = poll.questions.get()
    a, b = (f"q{question.pk}-o{option(poll, label).pk}" for label in ("A", "B"))
    client.force_login(member)
    first = client.get(poll.get_absolute_url()).content.decode()
    assert f'name="adjust" value="{a}:+1"' in first and f'name="adjust" value="{a}:-1"' in first
    assert "0 van 3 stippen verdeeld. Nog 3 stippen over." in first

    data = {a: "0", b: "0"}
    for expected_a, left in (("1", 2), ("2", 1), ("3", 0)):
        response = client.post(poll.get_absolute_url(), {**data, "adjust": f"{a}:+1"})
        assert response.status_code == 200
        page = response.content.decode()
        assert (_count(page, a), _count(page, b)) == (expected_a, "0")
        assert f"{expected_a} van 3 stippen verdeeld. Nog {left} " in page
        assert "Deze vraag is verplicht." not in page and "form-errors" not in page
        data[a] = expected_a
    # No dots left: + on B adds nothing; − on A gives one back; − never goes below 0.
    page = client.post(poll.get_absolute_url(), {**data, "adjust": f"{b}:+1"}).content.decode()
    assert (_count(page, a), _count(page, b)) == ("3", "0")
    page = client.post(poll.get_absolute_url(), {**data, "adjust": f"{a}:-1"}).content.decode()
    assert (_count(page, a), _count(page, b)) == ("2", "0")
    page = client.post(poll.get_absolute_url(), {a: "2", b: "0", "adjust": f"{b}:-1"}).content.decode()
    assert (_count(page, a), _count(page, b)) == ("2", "0")
    # The circles: as many filled as the option's count, the rest of the budget empty.
    assert page.count('class="dot dot-filled"') == 2 and page.count('class="dot"') == 4
    assert not Participation.objects.exists()

    # Casting the ballot (no adjust) saves it as it stands.
    response = client.post(poll.get_absolute_url(), {a: "2", b: "1"})
    assert response.status_code == 302
    assert sorted(Ballot.objects.get().answers.values_list("option__label", "value")) == [("A", 2), ("B", 1)]


def test_plus_keeps_a_typed_count_and_respects_the_cap_per_option(client, member):
    poll = make_poll(kind=Poll.Kind.DOTS, dots=5, max_per_option=2, questions=[("", "stippen", ["A", "B"])])
    question = poll.questions.get()
    a, b = (f"q{question.pk}-o{option(poll, label).pk}" for label in ("A", "B"))
    client.force_login(member)
    page = client.post(poll.get_absolute_url(), {a: "2", b: "1", "adjust": f"{a}:+1"}).content.decode()
    assert (_count(page, a), _count(page, b)) == ("2", "1")
    page = client.post(poll.get_absolute_url(), {a: "2", b: "onzin", "adjust": f"{b}:+1"}).content.decode()
    assert (_count(page, a), _count(page, b)) == ("2", "1")


@pytest.mark.parametrize("adjust", ["q0-o0:+1", "{a}:+2", "{a}", ""])
def test_an_unknown_adjustment_is_an_ordinary_submission(client, member, adjust):
    poll = make_poll(kind=Poll.Kind.DOTS, dots=3, questions=[("", "stippen", ["A", "B"])])
    question = poll.questions.get()
    a, b = (f"q{question.pk}-o{option(poll, label).pk}" for label in ("A", "B"))
    client.force_login(member)
    response = client.post(poll.get_absolute_url(), {a: "3", b: "2", "adjust": adjust.format(a=a)})
    assert response.status_code == 400
    assert "Je hebt 5 stippen verdeeld; je mag er hoogstens 3 verdelen." in response.content.decode()


def test_the_ballot_comes_before_the_details_while_one_can_vote(client, member):
    poll = make_poll(description="Waarom we dit vragen.")
    client.force_login(member)
    page = client.get(poll.get_absolute_url()).content.decode()
    assert page.index("<h2>Stemmen</h2>") < page.index("Over deze peiling") < page.index("Waarom we dit vragen.")
    ballot_cast(poll=poll, voter=member, answers={poll.questions.get().pk: option(poll, "Ja").pk})
    poll.allow_change = False
    poll.save(update_fields=["allow_change"])
    page = client.get(poll.get_absolute_url()).content.decode()
    assert "Over deze peiling" not in page
    assert page.index("Waarom we dit vragen.") < page.index("Jouw stem")


def test_the_list_counts_the_respondents_of_each_poll_it_shows(client, member, other_member, steering):
    busy = make_poll(title="Druk")
    quiet = make_poll(title="Stil")
    make_poll(title="Leeg")
    for voter in (member, other_member, steering):
        ballot_cast(poll=busy, voter=voter, answers={busy.questions.get().pk: option(busy, "Ja").pk})
    ballot_cast(poll=quiet, voter=member, answers={quiet.questions.get().pk: option(quiet, "Nee").pk})
    client.force_login(member)
    response = client.get(reverse("polls:poll-list"))
    shown = {poll.title: poll.respondents for poll in response.context["grouped"]["open"]}
    assert shown == {"Druk": 3, "Stil": 1, "Leeg": 0}
    assert '<td data-label="Respondenten">3</td>' in response.content.decode()


def test_the_list_reads_one_page_of_closed_polls_and_every_poll_still_to_come(client, member, steering):
    now = timezone.now()
    for n in range(23):  # closed on successive days: "Gesloten 0" most recently
        make_poll(title=f"Gesloten {n}", opens_at=now - (n + 30) * 24 * HOUR, closes_at=now - (n + 1) * 24 * HOUR)
    make_poll(title="Loopt nog")
    make_poll(title="Straks", opens_at=now + 24 * HOUR, closes_at=now + 48 * HOUR)
    make_poll(title="Nog een concept", publish=False)
    client.force_login(steering)
    first = client.get(reverse("polls:poll-list")).context
    assert [poll.title for poll in first["page_obj"].object_list] == [f"Gesloten {n}" for n in range(20)]
    assert (first["page_obj"].paginator.count, first["page_obj"].paginator.num_pages) == (23, 2)
    assert {state: [poll.title for poll in polls] for state, polls in first["grouped"].items()} == {
        "open": ["Loopt nog"],
        "gepland": ["Straks"],
        "concept": ["Nog een concept"],
    }
    second = client.get(reverse("polls:poll-list"), {"page": 2}).context
    assert [poll.title for poll in second["page_obj"].object_list] == ["Gesloten 20", "Gesloten 21", "Gesloten 22"]
    assert [poll.title for poll in second["grouped"]["open"]] == ["Loopt nog"]
    client.force_login(member)  # a member sees no drafts
    assert client.get(reverse("polls:poll-list")).context["grouped"]["concept"] == []
