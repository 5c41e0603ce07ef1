"""The polls API: the polls a member sees, results only when the site shows them, casting and changing a ballot
through the same service and rules as the ballot page, and every kind of bad input answered with a 4xx."""

import datetime

import pytest
from django.core.validators import ProhibitNullCharactersValidator
from django.test import Client
from django.utils import timezone, translation
from django.utils.functional import Promise
from rest_framework import fields, serializers

from koers.api.authentication import MSG_TOKEN_EXPIRED, MSG_TOKEN_REVOKED
from koers.api.endpoints.polls import (
    MAX_ID,
    MSG_ANSWER_FIELD,
    MSG_LIST_TOO_LONG,
    MSG_NO_BALLOT,
    MSG_OPTION_TWICE,
    MSG_QUESTION_TWICE,
    MSG_TEXT,
    MSG_UNKNOWN_QUESTION,
)
from koers.api.errors import (
    MSG_CONFLICT,
    MSG_FORBIDDEN,
    MSG_INVALID,
    MSG_MALFORMED,
    MSG_MEDIA_TYPE,
    MSG_METHOD,
    MSG_NOT_FOUND,
    MSG_UNAUTHENTICATED,
)
from koers.api.models import AccessToken
from koers.api.permissions import MSG_READ_ONLY_TOKEN
from koers.meetings.models import Registration
from koers.polls.models import Answer, Ballot, Participation, Poll
from koers.polls.services import (
    MSG_ALREADY_VOTED,
    MSG_CLOSED,
    MSG_DOTS_BUDGET,
    MSG_DOTS_PER_OPTION,
    MSG_FOREIGN_OPTION,
    MSG_INSTITUTION_VOTED,
    MSG_NO_INSTITUTION,
    MSG_NOT_OPEN,
    MSG_RANK_GAPS,
    MSG_REQUIRED,
    MSG_SCALE,
    MSG_TOO_MANY,
    ballot_cast,
    poll_close,
)

from ..factories import InstitutionFactory, ThemeFactory, UserFactory
from ..meetings.conftest import make_meeting
from ..polls.conftest import HOUR, make_poll, option
from .conftest import JsonClient, make_token

pytestmark = pytest.mark.django_db

POLLS = "/api/v1/polls/"


@pytest.fixture(autouse=True)
def _dutch():
    """Expected messages are rendered in Dutch, whatever language an earlier request left active."""
    with translation.override("nl"):
        yield


@pytest.fixture
def poll(db):
    return make_poll()


def detail(poll) -> str:
    return f"{POLLS}{poll.pk}/"


def ballot(poll) -> str:
    return f"{POLLS}{poll.pk}/ballot/"


def iso(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).isoformat()


class Msg:
    """A message of Django or DRF, rendered in Dutch when a test compares it, so that the tests follow the
    catalogues (koers/locale/nl keeps Django's wording where DRF's differs) instead of copying their text."""

    def __init__(self, message, **values):
        self.message, self.values = message, values

    def __str__(self) -> str:
        with translation.override("nl"):
            text = str(self.message)
        return text.format(**self.values) if self.values else text


def dutch(value):
    """The expected errors with every message in Dutch."""
    if isinstance(value, dict):
        return {key: dutch(item) for key, item in value.items()}
    if isinstance(value, list):
        return [dutch(item) for item in value]
    if isinstance(value, (Msg, Promise)):
        with translation.override("nl"):
            return str(value)
    return value


REQUIRED = Msg(fields.Field.default_error_messages["required"])
NULL = Msg(fields.Field.default_error_messages["null"])
INTEGER = Msg(fields.IntegerField.default_error_messages["invalid"])
NUL = Msg(ProhibitNullCharactersValidator.message)


def at_most(n: int) -> Msg:
    return Msg(fields.IntegerField.default_error_messages["max_value"], max_value=n)


def at_least(n: int) -> Msg:
    return Msg(fields.IntegerField.default_error_messages["min_value"], min_value=n)


def not_a_dict(kind: str) -> Msg:
    return Msg(serializers.Serializer.default_error_messages["invalid"], datatype=kind)


def not_a_list(kind: str) -> Msg:
    return Msg(serializers.ListSerializer.default_error_messages["not_a_list"], input_type=kind)


def too_long(n: int) -> Msg:
    return Msg(fields.CharField.default_error_messages["max_length"], max_length=n)


def assert_error(response, status: int, code: str, message, *, detail=None, errors=None) -> None:
    """The one error body: status, code, the summary in both languages, the detail and (for input) the fields."""
    assert response.status_code == status, response.content
    body = response.json()
    assert sorted(body) == sorted(["status", "code", "message", "detail", *(["errors"] if code == "invalid" else [])])
    assert (body["status"], body["code"], body["message"]["nl"]) == (status, code, dutch(message))
    assert sorted(body["message"]) == ["en", "nl"] and body["message"]["en"]
    assert body["detail"] == dutch(detail if detail is not None else message)
    if errors is not None:
        assert body["errors"] == dutch(errors)


def assert_refused(response, message) -> None:
    """A voting rule's refusal: a 400 whose detail is the service's own message."""
    assert_error(response, 400, "invalid", MSG_INVALID, detail=message, errors={"non_field_errors": [message]})


def assert_conflict(response, message) -> None:
    """A vote that is already in (one's own final vote, or the institution's): a 409 with the service's message."""
    assert_error(response, 409, "conflict", MSG_CONFLICT, detail=message)


def counts() -> dict[str, int]:
    """Everything casting a ballot writes."""
    return {
        "participations": Participation.objects.count(),
        "ballots": Ballot.objects.count(),
        "answers": Answer.objects.count(),
    }


def survey():
    return make_poll(
        questions=[
            ("Route", "een", ["A", "B", "C"]),
            ("Welke", "meer", ["X", "Y", "Z"]),
            ("Hoe tevreden", "schaal", []),
            ("Waarom", "open", []),
        ]
    )


def answers_for(poll) -> list[dict]:
    """A complete, valid ballot for the survey above."""
    route, which, scale, text = poll.questions.all()
    return [
        {"question": route.pk, "option": option(poll, "B", 0).pk},
        {"question": which.pk, "options": [option(poll, "X", 1).pk, option(poll, "Z", 1).pk]},
        {"question": scale.pk, "value": 4},
        {"question": text.pk, "text": "  Omdat het werkt.  "},
    ]


# Reading -----------------------------------------------------------------------------------------------


def test_the_list_shows_the_published_polls_for_the_member_with_their_vote(api, member, steering, other_member):
    theme = ThemeFactory(slug="ooapi")
    poll = make_poll(title="OOAPI als standaard", theme=theme, visibility="altijd")
    ballot_cast(poll=poll, voter=other_member, answers={poll.questions.get().pk: option(poll, "Ja").pk})
    make_poll(title="Concept", publish=False)
    make_poll(title="Alleen de regiegroep", audience=Poll.Audience.STEERING)

    body = api(member).get(POLLS).json()

    assert body == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [
            {
                "id": poll.pk,
                "title": "OOAPI als standaard",
                "kind": "enquete",
                "election": False,
                "state": "open",
                "audience": "leden",
                "unit": "lid",
                "anonymous": False,
                "visibility": "altijd",
                "allow_change": True,
                "opens_at": iso(poll.opens_at),
                "closes_at": iso(poll.closes_at),
                "theme": "ooapi",
                "meeting": None,
                "respondents": 1,
                "voted": False,
            }
        ],
    }
    titles = [row["title"] for row in api(steering).get(POLLS).json()["results"]]
    assert sorted(titles) == ["Alleen de regiegroep", "Concept", "OOAPI als standaard"]


def test_the_list_filters_by_state_kind_theme_and_words(api, steering):
    theme = ThemeFactory(slug="data")
    now = timezone.now()
    open_poll = make_poll(title="Open enquête", theme=theme)
    closed = make_poll(title="Gesloten peiling", kind=Poll.Kind.POLL, opens_at=now - 48 * HOUR, closes_at=now - HOUR)
    planned = make_poll(title="Nog niet open", opens_at=now + HOUR, closes_at=now + 48 * HOUR)
    draft = make_poll(title="Concept", publish=False)
    client = api(steering)

    def ids(query: str) -> list[int]:
        response = client.get(f"{POLLS}?{query}")
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert ids("state=open") == [open_poll.pk]
    assert ids("state=gesloten") == [closed.pk]
    assert ids("state=gepland") == [planned.pk]
    assert ids("state=concept") == [draft.pk]
    assert ids("kind=peiling") == [closed.pk]
    assert ids("theme=data") == [open_poll.pk]
    assert ids("q=open+enq") == [open_poll.pk]
    assert ids("") == [planned.pk, draft.pk, open_poll.pk, closed.pk]  # latest closing first
    assert ids("page_size=2&page=2") == [open_poll.pk, closed.pk]


def test_a_member_does_not_find_drafts_by_filtering(api, member):
    make_poll(title="Concept", publish=False)
    assert api(member).get(f"{POLLS}?state=concept").json()["count"] == 0


@pytest.mark.parametrize(
    "query, errors",
    [
        ("state=bijna", {"state": ["Selecteer een geldige keuze. bijna is geen beschikbare keuze."]}),
        ("kind=x", {"kind": ["Selecteer een geldige keuze. x is geen beschikbare keuze."]}),
        ("q=a%00b", {"q": [NUL]}),
        ("theme=bestaat-niet", {"theme": ["Selecteer een geldige keuze. Deze keuze is niet beschikbaar."]}),
        ("q=" + "x" * 101, {"q": ["Zorg dat deze waarde niet meer dan 100 tekens bevat (het zijn er nu 101)."]}),
    ],
)
def test_a_bad_filter_is_a_400_naming_it(api, member, query, errors):
    assert_error(api(member).get(f"{POLLS}?{query}"), 400, "invalid", MSG_INVALID, errors=errors)


def test_a_guest_is_asked_to_sign_in_everywhere(api, poll):
    before = counts()
    for response in (
        api().get(POLLS),
        api().get(detail(poll)),
        api().post(ballot(poll), {"answers": [{"question": poll.questions.get().pk, "option": option(poll, "Ja").pk}]}),
    ):
        assert_error(response, 401, "not_authenticated", MSG_UNAUTHENTICATED)
    assert counts() == before


def test_the_poll_shows_its_questions_options_and_the_members_vote(api, member):
    poll = survey()
    route, which, scale, text = poll.questions.all()
    body = api(member).get(detail(poll)).json()
    assert body["description"] == "" and body["quorum"] is None and body["dots"] is None
    assert body["questions"][0] == {
        "id": route.pk,
        "position": 1,
        "text": "Route",
        "kind": "een",
        "required": True,
        "max_choices": None,
        "answer_field": "option",
        "options": [
            {"id": option(poll, "A", 0).pk, "position": 1, "label": "A", "theme": None},
            {"id": option(poll, "B", 0).pk, "position": 2, "label": "B", "theme": None},
            {"id": option(poll, "C", 0).pk, "position": 3, "label": "C", "theme": None},
        ],
    }
    assert [(q["id"], q["kind"], q["answer_field"]) for q in body["questions"]] == [
        (route.pk, "een", "option"),
        (which.pk, "meer", "options"),
        (scale.pk, "schaal", "value"),
        (text.pk, "open", "text"),
    ]
    assert body["vote"] == {
        "voted": False,
        "by_me": False,
        "voted_by": None,
        "can_vote": True,
        "refusal": None,
        "answers": [],
    }
    assert (body["results_visible"], body["results"]) == (False, None)


def test_drafts_steering_polls_and_meeting_polls_are_only_for_their_audience(api, member, steering):
    draft = make_poll(title="Concept", publish=False)
    for_steering = make_poll(title="Regiegroep", audience=Poll.Audience.STEERING)
    meeting = make_meeting(days=-1)
    for_attendees = make_poll(title="Deelnemers", audience=Poll.Audience.ATTENDEES, meeting=meeting)
    missing = api(member).get(f"{POLLS}999999/").json()
    for poll in (draft, for_steering, for_attendees):
        # Hidden as a missing poll is, so that ids cannot be probed: the same 404 and the same body.
        response = api(member).get(detail(poll))
        assert_error(response, 404, "not_found", MSG_NOT_FOUND)
        assert response.json() == missing
        assert_error(api(member).post(ballot(poll), {"answers": []}), 404, "not_found", MSG_NOT_FOUND)
        assert api(steering).get(detail(poll)).status_code == 200
    Registration.objects.create(meeting=meeting, user=member, status="aangemeld")
    assert api(member).get(detail(for_attendees)).status_code == 200
    # A draft can be read by the organisers but not voted in, and says why.
    body = api(steering).get(detail(draft)).json()
    assert (body["state"], body["vote"]["can_vote"], body["vote"]["refusal"]) == ("concept", False, str(MSG_NOT_OPEN))


def test_an_unknown_or_malformed_id_is_a_404(api, member):
    for url in (f"{POLLS}999999/", f"{POLLS}999999999999999999/", f"{POLLS}abc/", f"{POLLS}999999/ballot/"):
        response = api(member).get(url) if not url.endswith("ballot/") else api(member).post(url, {"answers": []})
        assert_error(response, 404, "not_found", MSG_NOT_FOUND)


def test_results_after_voting_with_counts_shares_and_the_conclusion(api, member, other_member, institution):
    poll = survey()
    ballot_cast(poll=poll, voter=other_member, answers={q["question"]: _as_service(q) for q in answers_for(poll)})
    client = api(member)
    assert client.get(detail(poll)).json()["results"] is None  # after voting, and the member has not voted

    response = client.post(ballot(poll), {"answers": answers_for(poll)})

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["respondents"], body["voted"], body["results_visible"]) == (2, True, True)
    results = body["results"]
    assert {key: results[key] for key in results if key != "questions"} == {
        "respondents": 2,
        "institutions": 2,
        "audience_institutions": 2,
        "quorum": None,
        "quorum_met": None,
        "outcome": "",
    }
    route, which, scale, text = results["questions"]
    assert route["options"] == [
        {"option": option(poll, "A", 0).pk, "label": "A", "count": 0, "dots": 0, "share": 0.0, "place": None},
        {"option": option(poll, "B", 0).pk, "label": "B", "count": 2, "dots": 0, "share": 100.0, "place": None},
        {"option": option(poll, "C", 0).pk, "label": "C", "count": 0, "dots": 0, "share": 0.0, "place": None},
    ]
    assert [(row["label"], row["count"]) for row in which["options"]] == [("X", 2), ("Y", 0), ("Z", 2)]
    assert scale["scale"][3] == {"value": 4, "count": 2, "share": 100.0} and scale["mean"] == 4.0
    assert (text["texts"], text["more_texts"], text["respondents"]) == (["Omdat het werkt."] * 2, 0, 2)


def test_results_of_a_poll_shown_after_closing_wait_for_the_closing_for_everyone(api, member, steering):
    poll = make_poll(visibility=Poll.Visibility.AFTER_CLOSING, quorum=50)
    question = poll.questions.get()
    response = api(member).post(ballot(poll), {"answers": [{"question": question.pk, "option": option(poll, "Ja").pk}]})
    assert (response.json()["results_visible"], response.json()["results"]) == (False, None)
    assert api(steering).get(detail(poll)).json()["results"] is None
    poll_close(actor=steering, poll=poll)
    Poll.objects.filter(pk=poll.pk).update(outcome="We kiezen Ja.")
    results = api(steering).get(detail(poll)).json()["results"]
    assert (results["respondents"], results["quorum"], results["quorum_met"], results["outcome"]) == (
        1,
        50,
        True,  # 1 of the 2 institutions with members (Horizon College and the steering member's is the same)
        "We kiezen Ja.",
    )


def test_organisers_see_the_turnout_of_a_poll_hidden_until_closing(api, member, steering):
    poll = make_poll(visibility=Poll.Visibility.AFTER_CLOSING, quorum=50)
    question = poll.questions.get()
    api(member).post(ballot(poll), {"answers": [{"question": question.pk, "option": option(poll, "Ja").pk}]})
    turnout = {"respondents": 1, "institutions": 1, "audience_institutions": 1, "quorum": 50, "quorum_met": True}
    body = api(steering).get(detail(poll)).json()
    assert (body["results_visible"], body["results"], body["turnout"]) == (False, None, turnout)
    assert api(member).get(detail(poll)).json()["turnout"] is None  # the turnout is for the organisers


def test_a_closed_polls_quorum_is_measured_against_the_institutions_at_closing(api, member, steering):
    poll = make_poll(visibility=Poll.Visibility.AFTER_CLOSING, quorum=50)
    question = poll.questions.get()
    api(member).post(ballot(poll), {"answers": [{"question": question.pk, "option": option(poll, "Ja").pk}]})
    poll_close(actor=steering, poll=poll)
    UserFactory(institution=InstitutionFactory())  # a new institution joins after the closing
    results = api(member).get(detail(poll)).json()["results"]
    assert (results["institutions"], results["audience_institutions"], results["quorum_met"]) == (1, 1, True)


def test_results_shown_always_are_there_before_voting(api, member):
    poll = make_poll(visibility=Poll.Visibility.ALWAYS)
    body = api(member).get(detail(poll)).json()
    assert body["results_visible"] is True and body["results"]["respondents"] == 0


# Voting ------------------------------------------------------------------------------------------------


def test_a_member_casts_a_ballot_with_a_token_and_changes_it(api, member):
    poll = survey()
    client = api(member)

    response = client.post(ballot(poll), {"answers": answers_for(poll)})

    assert response.status_code == 201, response.content
    route, which, scale, text = poll.questions.all()
    expected = [
        {"question": route.pk, "option": option(poll, "B", 0).pk},
        {"question": which.pk, "options": [option(poll, "X", 1).pk, option(poll, "Z", 1).pk]},
        {"question": scale.pk, "value": 4},
        {"question": text.pk, "text": "Omdat het werkt."},
    ]
    assert response.json()["vote"] == {
        "voted": True,
        "by_me": True,
        "voted_by": None,
        "can_vote": True,
        "refusal": None,
        "answers": expected,
    }
    participation = Participation.objects.get()
    assert (participation.user, participation.unit_key) == (member, f"u:{member.pk}")
    assert sorted(str(a.option or a.value or a.text) for a in Answer.objects.all()) == [
        "4",
        "B",
        "Omdat het werkt.",
        "X",
        "Z",
    ]

    changed = [*expected[:2], {"question": scale.pk, "value": 2}, {"question": text.pk, "text": "Anders"}]
    response = client.post(ballot(poll), {"answers": changed})

    assert response.status_code == 200, response.content
    assert response.json()["vote"]["answers"] == changed
    assert counts() == {"participations": 1, "ballots": 1, "answers": 5}
    assert Answer.objects.get(question=scale).value == 2


def test_a_member_votes_with_the_browser_session(member, poll):
    client = Client()
    client.force_login(member)
    question = poll.questions.get()
    data = {"answers": [{"question": question.pk, "option": option(poll, "Nee").pk}]}
    response = client.post(ballot(poll), data, content_type="application/json")
    assert response.status_code == 201, response.content
    assert Ballot.objects.get().answers.get().option.label == "Nee"
    assert client.get(POLLS).json()["results"][0]["voted"] is True


def test_a_read_only_token_cannot_vote(api, member, poll):
    question = poll.questions.get()
    response = api(member, scope="read").post(
        ballot(poll), {"answers": [{"question": question.pk, "option": option(poll, "Ja").pk}]}
    )
    assert_error(response, 403, "forbidden", MSG_FORBIDDEN, detail=MSG_READ_ONLY_TOKEN)
    assert counts() == {"participations": 0, "ballots": 0, "answers": 0}
    assert api(member, scope="read").get(detail(poll)).status_code == 200


def test_a_revoked_or_expired_token_cannot_vote(member, poll):
    question = poll.questions.get()
    data = {"answers": [{"question": question.pk, "option": option(poll, "Ja").pk}]}
    raw = make_token(member)
    AccessToken.objects.update(revoked_at=timezone.now())
    response = JsonClient(headers={"Authorization": f"Bearer {raw}"}).post(ballot(poll), data)
    assert_error(response, 401, "authentication_failed", MSG_TOKEN_REVOKED)
    raw = make_token(member)
    AccessToken.objects.filter(revoked_at=None).update(expires_at=timezone.now() - HOUR)
    response = JsonClient(headers={"Authorization": f"Bearer {raw}"}).post(ballot(poll), data)
    assert_error(response, 401, "authentication_failed", MSG_TOKEN_EXPIRED)
    assert counts() == {"participations": 0, "ballots": 0, "answers": 0}


@pytest.mark.parametrize(
    "when, message",
    [
        ({"opens_at": "future"}, MSG_NOT_OPEN),
        ({"closes_at": "past"}, MSG_CLOSED),
    ],
)
def test_no_vote_before_opening_or_after_closing(api, member, when, message):
    now = timezone.now()
    if "opens_at" in when:
        poll = make_poll(opens_at=now + HOUR, closes_at=now + 2 * HOUR)
    else:
        poll = make_poll(opens_at=now - 2 * HOUR, closes_at=now - HOUR)
    question = poll.questions.get()
    response = api(member).post(ballot(poll), {"answers": [{"question": question.pk, "option": option(poll, "Ja").pk}]})
    assert_refused(response, message)
    assert counts() == {"participations": 0, "ballots": 0, "answers": 0}
    vote = api(member).get(detail(poll)).json()["vote"]
    assert (vote["can_vote"], vote["refusal"]) == (False, str(message))  # whenever can_vote is false, why


def test_a_second_ballot_is_refused_where_votes_are_final(api, member):
    poll = make_poll(allow_change=False)
    question = poll.questions.get()
    client = api(member)
    data = {"answers": [{"question": question.pk, "option": option(poll, "Ja").pk}]}
    assert client.post(ballot(poll), data).status_code == 201
    data = {"answers": [{"question": question.pk, "option": option(poll, "Nee").pk}]}
    assert_conflict(client.post(ballot(poll), data), MSG_ALREADY_VOTED)
    assert Answer.objects.get().option.label == "Ja"
    vote = client.get(detail(poll)).json()["vote"]
    assert (vote["can_vote"], vote["refusal"]) == (False, str(MSG_ALREADY_VOTED))


def test_an_anonymous_ballot_is_final_and_never_shown_again(api, member):
    poll = make_poll(anonymous=True)
    question = poll.questions.get()
    client = api(member)
    response = client.post(ballot(poll), {"answers": [{"question": question.pk, "option": option(poll, "Ja").pk}]})
    assert response.status_code == 201, response.content
    assert response.json()["vote"] == {
        "voted": True,
        "by_me": True,
        "voted_by": None,
        "can_vote": False,
        "refusal": str(MSG_ALREADY_VOTED),
        "answers": [],
    }
    assert Ballot.objects.get().participation is None
    response = client.post(ballot(poll), {"answers": [{"question": question.pk, "option": option(poll, "Nee").pk}]})
    assert_conflict(response, MSG_ALREADY_VOTED)
    assert counts() == {"participations": 1, "ballots": 1, "answers": 1}


def test_one_vote_per_institution_names_the_colleague_who_cast_it(api, member, institution, other_member):
    poll = make_poll(unit=Poll.Unit.INSTITUTION)
    question = poll.questions.get()
    data = {"answers": [{"question": question.pk, "option": option(poll, "Ja").pk}]}
    assert api(member).post(ballot(poll), data).status_code == 201
    colleague = UserFactory(institution=institution)

    vote = api(colleague).get(detail(poll)).json()["vote"]
    institution_voted = MSG_INSTITUTION_VOTED % {"name": "Gerda Visser"}
    assert vote == {
        "voted": True,
        "by_me": False,
        "voted_by": "Gerda Visser",
        "can_vote": False,
        "refusal": institution_voted,
        "answers": [],
    }
    # Not "you already voted; a vote cannot be changed": she did not vote, and this poll allows changes.
    assert_conflict(api(colleague).post(ballot(poll), data), institution_voted)
    # Another institution's ballot is its own.
    assert api(other_member).post(ballot(poll), data).status_code == 201
    assert counts() == {"participations": 2, "ballots": 2, "answers": 2}


def test_one_vote_per_institution_needs_an_institution(api, admin_user):
    poll = make_poll(unit=Poll.Unit.INSTITUTION)
    question = poll.questions.get()
    response = api(admin_user).post(
        ballot(poll), {"answers": [{"question": question.pk, "option": option(poll, "Ja").pk}]}
    )
    assert_refused(response, MSG_NO_INSTITUTION)
    assert api(admin_user).get(detail(poll)).json()["vote"]["refusal"] == str(MSG_NO_INSTITUTION)


def dot_vote(**settings):
    return make_poll(kind=Poll.Kind.DOTS, dots=3, questions=[("", "stippen", ["A", "B", "C"])], **settings)


def test_a_dot_vote_within_the_budget(api, member):
    poll = dot_vote(max_per_option=2, visibility="altijd")
    question = poll.questions.get()
    a, b = option(poll, "A"), option(poll, "B")
    dots = [{"option": a.pk, "dots": 2}, {"option": b.pk, "dots": 1}]
    response = api(member).post(ballot(poll), {"answers": [{"question": question.pk, "dots": dots}]})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["vote"]["answers"] == [{"question": question.pk, "dots": dots}]
    assert [(row["label"], row["dots"], row["place"]) for row in body["results"]["questions"][0]["options"]] == [
        ("A", 2, 1),
        ("B", 1, 2),
        ("C", 0, 3),
    ]
    assert Ballot.objects.get().dots_used == 3


@pytest.mark.parametrize(
    "given, errors",
    [
        ([("A", 2), ("B", 2)], lambda q: {f"q{q.pk}": [str(MSG_DOTS_BUDGET % {"used": 4, "budget": 3})]}),
        ([("A", 3)], lambda q: {f"q{q.pk}": [str(MSG_DOTS_PER_OPTION % {"max": 2})]}),
        ([("A", 0), ("B", 0)], lambda q: {f"q{q.pk}": [str(MSG_REQUIRED)]}),
        ([("A", 1), ("A", 1)], lambda q: {f"q{q.pk}": [str(MSG_OPTION_TWICE)]}),
        (
            [("A", -1)],
            lambda q: {"answers": {"0": {"dots": {"0": {"dots": [at_least(0)]}}}}},
        ),
    ],
)
def test_dots_beyond_the_budget_or_the_maximum_are_refused(api, member, given, errors):
    poll = dot_vote(max_per_option=2)
    question = poll.questions.get()
    dots = [{"option": option(poll, label).pk, "dots": n} for label, n in given]
    response = api(member).post(ballot(poll), {"answers": [{"question": question.pk, "dots": dots}]})
    assert_error(response, 400, "invalid", MSG_INVALID, errors=errors(question))
    assert counts() == {"participations": 0, "ballots": 0, "answers": 0}


def test_a_ranking_in_order_of_preference(api, member):
    poll = make_poll(kind=Poll.Kind.POLL, questions=[("Route", "rangorde", ["A", "B", "C"])], visibility="altijd")
    question = poll.questions.get()
    ranking = [option(poll, "C").pk, option(poll, "A").pk]
    response = api(member).post(ballot(poll), {"answers": [{"question": question.pk, "ranking": ranking}]})
    assert response.status_code == 201, response.content
    assert response.json()["vote"]["answers"] == [{"question": question.pk, "ranking": ranking}]
    assert sorted((a.option.label, a.value) for a in Answer.objects.all()) == [("A", 2), ("C", 1)]
    first = {row["label"]: row["count"] for row in response.json()["results"]["questions"][0]["options"]}
    assert first == {"A": 0, "B": 0, "C": 1}  # a ranking's tally counts first preferences


def test_a_ranking_respects_the_maximum_and_names_an_option_once(api, member):
    poll = make_poll(kind=Poll.Kind.POLL, questions=[("Route", "rangorde", ["A", "B", "C"])])
    question = poll.questions.get()
    question.max_choices = 2
    question.save()
    a, b, c = (option(poll, label).pk for label in "ABC")
    client = api(member)
    response = client.post(ballot(poll), {"answers": [{"question": question.pk, "ranking": [a, b, c]}]})
    assert_error(response, 400, "invalid", MSG_INVALID, errors={f"q{question.pk}": [str(MSG_TOO_MANY % {"max": 2})]})
    response = client.post(ballot(poll), {"answers": [{"question": question.pk, "ranking": [a, a]}]})
    assert_error(response, 400, "invalid", MSG_INVALID, errors={f"q{question.pk}": [str(MSG_OPTION_TWICE)]})
    assert counts() == {"participations": 0, "ballots": 0, "answers": 0}
    assert MSG_RANK_GAPS  # gaps cannot happen: the list's order is the ranking


def test_every_broken_rule_is_named_per_question_and_nothing_is_written(api, member):
    poll = survey()
    route, which, scale, text = poll.questions.all()
    which.max_choices = 1
    which.save()
    answers = [
        {"question": which.pk, "options": [option(poll, "X", 1).pk, option(poll, "Y", 1).pk]},
        {"question": scale.pk, "value": 6},
    ]  # and neither the route nor the text, which are required

    response = api(member).post(ballot(poll), {"answers": answers})

    assert_error(
        response,
        400,
        "invalid",
        MSG_INVALID,
        errors={
            f"q{route.pk}": [str(MSG_REQUIRED)],
            f"q{which.pk}": [str(MSG_TOO_MANY % {"max": 1})],
            f"q{scale.pk}": [str(MSG_SCALE)],
            f"q{text.pk}": [str(MSG_REQUIRED)],
        },
    )
    assert counts() == {"participations": 0, "ballots": 0, "answers": 0}


def test_an_option_of_another_question_or_poll_is_refused_before_the_rules(api, member):
    """As on the ballot page, where such a choice is not on the form: the ids first, then the voting rules."""
    poll = survey()
    other = survey()
    route, which, scale, text = poll.questions.all()
    answers = [
        {"question": route.pk, "option": option(other, "A", 0).pk},
        {"question": which.pk, "options": [option(poll, "A", 0).pk]},
        {"question": scale.pk, "value": 6},
    ]
    response = api(member).post(ballot(poll), {"answers": answers})
    errors = {f"q{route.pk}": [str(MSG_FOREIGN_OPTION)], f"q{which.pk}": [str(MSG_FOREIGN_OPTION)]}
    assert_error(response, 400, "invalid", MSG_INVALID, errors=errors)
    assert counts() == {"participations": 0, "ballots": 0, "answers": 0}


def test_an_answer_in_the_wrong_field_or_for_another_poll_is_refused(api, member):
    poll = survey()
    other = survey()
    route, which, scale, text = poll.questions.all()
    client = api(member)

    response = client.post(ballot(poll), {"answers": [{"question": route.pk, "options": [option(poll, "A", 0).pk]}]})
    assert_error(
        response, 400, "invalid", MSG_INVALID, errors={f"q{route.pk}": [str(MSG_ANSWER_FIELD % {"field": "option"})]}
    )
    response = client.post(ballot(poll), {"answers": [{"question": scale.pk, "value": 3, "text": "drie"}]})
    assert_error(
        response, 400, "invalid", MSG_INVALID, errors={f"q{scale.pk}": [str(MSG_ANSWER_FIELD % {"field": "value"})]}
    )
    foreign = other.questions.first().pk
    response = client.post(ballot(poll), {"answers": [{"question": foreign, "option": option(other, "A", 0).pk}]})
    assert_error(
        response, 400, "invalid", MSG_INVALID, errors={"answers": [str(MSG_UNKNOWN_QUESTION % {"id": foreign})]}
    )
    response = client.post(
        ballot(poll), {"answers": [{"question": text.pk, "text": "a"}, {"question": text.pk, "text": "b"}]}
    )
    assert_error(response, 400, "invalid", MSG_INVALID, errors={"answers": [str(MSG_QUESTION_TWICE % {"id": text.pk})]})
    assert counts() == {"participations": 0, "ballots": 0, "answers": 0}


TOO_MANY = Msg(MSG_LIST_TOO_LONG, max_length=100)


def first(errors: dict) -> dict:
    """DRF names the errors of list items by their index."""
    return {"answers": {"0": errors}}


@pytest.mark.parametrize(
    "body, errors",
    [
        ([], {"non_field_errors": [not_a_dict("list")]}),
        ('"stem"', {"non_field_errors": [not_a_dict("str")]}),
        (42, {"non_field_errors": [not_a_dict("int")]}),
        ("null", {"non_field_errors": [MSG_NO_BALLOT]}),
        ({}, {"answers": [REQUIRED]}),
        ({"answers": None}, {"answers": [NULL]}),
        (
            {"answers": "alles"},
            {"answers": {"non_field_errors": [not_a_list("str")]}},
        ),
        (
            {"answers": {"1": 2}},
            {"answers": {"non_field_errors": [not_a_list("dict")]}},
        ),
        ({"answers": [7]}, first({"non_field_errors": [not_a_dict("int")]})),
        ({"answers": [{"question": "abc"}]}, first({"question": [INTEGER]})),
        ({"answers": [{"question": True}]}, first({"question": [INTEGER]})),
        ({"answers": [{"question": 1.5}]}, first({"question": [INTEGER]})),
        (
            {"answers": [{"question": -1}]},
            first({"question": [at_least(1)]}),
        ),
        (
            {"answers": [{"question": 10**30}]},
            first({"question": [at_most(MAX_ID)]}),
        ),
        ({"answers": [{"question": "Q", "text": ["lijst"]}]}, first({"text": [MSG_TEXT]})),
        ({"answers": [{"question": "Q", "option": {"id": 1}}]}, first({"option": [INTEGER]})),
        (
            {"answers": [{"question": "Q", "option": 10**30}]},
            first({"option": [at_most(MAX_ID)]}),
        ),
        (
            {"answers": [{"question": "Q", "text": "x" * 2001}]},
            first({"text": [too_long(2000)]}),
        ),
        (
            {"answers": [{"question": "Q", "options": 5}]},
            first({"options": [not_a_list("int")]}),
        ),
        ({"answers": [{"question": "Q", "text": "a\x00b"}]}, first({"text": [NUL]})),
        ({"answers": [{"question": "Q", "options": [1] * 101}]}, first({"options": [TOO_MANY]})),
        (
            {"answers": [{"question": "Q", "dots": {"1": 2}}]},
            first({"dots": {"non_field_errors": [not_a_list("dict")]}}),
        ),
        ({"answers": [{"question": "Q", "ranking": ["een"]}]}, first({"ranking": {"0": [INTEGER]}})),
        ({"answers": [{"question": 1}] * 101}, {"answers": {"non_field_errors": [TOO_MANY]}}),
    ],
)
def test_malformed_ballots_are_a_400_and_write_nothing(api, member, poll, body, errors):
    question = poll.questions.get().pk
    if isinstance(body, dict) and isinstance(body.get("answers"), list):
        body = {
            "answers": [
                {**a, "question": question} if isinstance(a, dict) and a.get("question") == "Q" else a
                for a in body["answers"]
            ]
        }
    response = api(member).post(ballot(poll), body)
    only = errors["non_field_errors"][0] if list(errors) == ["non_field_errors"] else None
    assert_error(response, 400, "invalid", MSG_INVALID, errors=errors, detail=only)
    assert counts() == {"participations": 0, "ballots": 0, "answers": 0}


def test_not_json_is_refused_with_a_clear_message(api, member, poll):
    client = api(member)
    for text in ("{stem", "1" * 5000, '{"answers": NaN}', "\xff"):
        response = client.post(ballot(poll), text, content_type="application/json")
        assert (response.status_code, response.json()["code"]) == (400, "malformed"), text
        assert response.json()["message"]["nl"] == str(MSG_MALFORMED)
        assert response.json()["detail"] == "De inhoud van het verzoek is geen geldige JSON."
    response = client.post(ballot(poll), "answers=1", content_type="application/x-www-form-urlencoded")
    assert (response.status_code, response.json()["code"]) == (415, "unsupported_media_type")
    assert response.json()["message"]["nl"] == str(MSG_MEDIA_TYPE)
    for response in (client.put(ballot(poll), {"answers": []}), client.delete(detail(poll)), client.post(POLLS, {})):
        assert (response.status_code, response.json()["code"]) == (405, "method_not_allowed")
        assert response.json()["message"]["nl"] == str(MSG_METHOD)
    assert counts() == {"participations": 0, "ballots": 0, "answers": 0}


def test_errors_come_in_english_on_request(api, member):
    now = timezone.now()
    poll = make_poll(opens_at=now - 2 * HOUR, closes_at=now - HOUR)
    response = api(member, language="en").post(ballot(poll), {"answers": []})
    closed = "This poll is closed; voting is no longer possible."
    assert_error(response, 400, "invalid", MSG_INVALID, detail=closed, errors={"non_field_errors": [closed]})


# Queries -----------------------------------------------------------------------------------------------


def add_polls(n: int, voter) -> None:
    theme = ThemeFactory()
    for i in range(n):
        poll = make_poll(title=f"Peiling {i}", theme=theme)
        ballot_cast(poll=poll, voter=voter, answers={poll.questions.get().pk: option(poll, "Ja").pk})


@pytest.mark.parametrize("n", [1, 3])
def test_the_list_runs_a_fixed_number_of_queries_with_a_token(api, member, other_member, django_assert_num_queries, n):
    add_polls(n, other_member)
    client = api(member)
    # token (with the user), its last use, the member's positions and (not in the steering group) the
    # user's and the groups' permissions for "manage", when a poll next opens or closes (the list is not
    # kept yet), the count, the page, which of them the member voted in
    with django_assert_num_queries(7):
        response = client.get(f"{POLLS}?state=open")
    assert response.json()["count"] == n


@pytest.mark.parametrize("n", [1, 3])
def test_the_list_runs_a_fixed_number_of_queries_with_the_session(member, other_member, django_assert_num_queries, n):
    add_polls(n, other_member)
    client = Client()
    client.force_login(member)
    # the session, the member with their positions and permissions (koers.members.viewer), when a poll
    # next opens or closes, the count, the page, which of them the member voted in
    with django_assert_num_queries(6):
        response = client.get(POLLS)
    assert response.json()["count"] == n


def _as_service(answer: dict):
    """An API answer in the voting service's own shape (to cast ballots for others in a test)."""
    if "options" in answer:
        return answer["options"]
    return next(answer[key] for key in ("option", "value", "text") if key in answer)
