"""The meetings API: the list and one meeting for members, the report as public as the site makes it,
registering and cancelling through the same services (capacity, waiting list, closing), the registrations
for the steering group only, and bad input answered with a 4xx that writes nothing."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone, translation

from koers.api.endpoints.meetings import MSG_NO_OBJECT, MSG_NOTE_TEXT
from koers.api.errors import MSG_CONFLICT, MSG_FORBIDDEN, MSG_INVALID, MSG_METHOD, MSG_NOT_FOUND, MSG_UNAUTHENTICATED
from koers.api.permissions import MSG_READ_ONLY_TOKEN
from koers.meetings.models import AgendaItem, Meeting, Registration
from koers.meetings.services import (
    MSG_ALREADY_REGISTERED,
    MSG_NOT_OPEN,
    MSG_NOT_REGISTERED,
    MSG_STARTED,
    attachment_add,
    contribution_add,
    registration_create,
    statement_add,
)
from koers.polls.models import Poll
from koers.polls.services import ballot_cast

from ..factories import InstitutionFactory, ThemeFactory, UserFactory
from ..meetings.conftest import make_item, make_meeting
from ..polls.conftest import HOUR, make_poll, option
from .test_polls import NUL, NULL, assert_error, iso, not_a_dict, too_long

pytestmark = pytest.mark.django_db

MEETINGS = "/api/v1/meetings/"


@pytest.fixture(autouse=True)
def _dutch():
    with translation.override("nl"):
        yield


@pytest.fixture
def meeting(db):
    return make_meeting(capacity=2)


def detail(meeting) -> str:
    return f"{MEETINGS}{meeting.pk}/"


def registration(meeting) -> str:
    return f"{MEETINGS}{meeting.pk}/registration/"


def registrations(meeting) -> str:
    return f"{MEETINGS}{meeting.pk}/registrations/"


def report(meeting) -> str:
    return f"{MEETINGS}{meeting.pk}/report/"


def assert_refused(response, message) -> None:
    assert_error(response, 400, "invalid", MSG_INVALID, detail=message, errors={"non_field_errors": [message]})


def assert_conflict(response, message) -> None:
    """Already registered, or not registered: a 409 with the service's message."""
    assert_error(response, 409, "conflict", MSG_CONFLICT, detail=message)


def places(meeting) -> list[tuple[str, str]]:
    return [(r.user.full_name, r.status) for r in meeting.registrations.select_related("user").order_by("created_at")]


# Reading -----------------------------------------------------------------------------------------------


def test_the_list_shows_meetings_with_places_and_the_members_registration(api, member, steering, other_member):
    theme = ThemeFactory(slug="ooapi")
    host = InstitutionFactory(slug="roc-midden")
    meeting = make_meeting(title="Najaarsbijeenkomst", capacity=20, theme=theme, host=host)
    registration_create(meeting=meeting, user=member)
    registration_create(meeting=meeting, user=other_member)
    make_meeting(title="Concept", status=Meeting.Status.CONCEPT)

    body = api(member).get(MEETINGS).json()

    assert body == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [
            {
                "id": meeting.pk,
                "title": "Najaarsbijeenkomst",
                "status": "gepubliceerd",
                "theme": "ooapi",
                "starts_at": iso(meeting.starts_at),
                "ends_at": iso(meeting.ends_at),
                "venue": "Domstad",
                "host": "roc-midden",
                "capacity": 20,
                "registered": 2,
                "signed_up": True,
                "report_published": False,
            }
        ],
    }
    assert [row["title"] for row in api(steering).get(MEETINGS).json()["results"]] == ["Concept", "Najaarsbijeenkomst"]
    assert api(steering).get(MEETINGS).json()["results"][1]["signed_up"] is False


def test_the_list_filters_coming_and_earlier_meetings_as_the_site_orders_them(api, steering):
    theme = ThemeFactory(slug="data")
    later = make_meeting(title="Later", days=60)
    soon = make_meeting(title="Binnenkort", days=7, theme=theme)
    last_year = make_meeting(title="Vorig jaar", days=-365, status=Meeting.Status.PAST)
    last_month = make_meeting(title="Vorige maand", days=-30, venue="Albeda Rotterdam")
    cancelled = make_meeting(title="Afgelast", days=14, status=Meeting.Status.CANCELLED)
    draft = make_meeting(title="Concept", days=90, status=Meeting.Status.CONCEPT)
    client = api(steering)

    def ids(query: str) -> list[int]:
        response = client.get(f"{MEETINGS}?{query}")
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert ids("when=komend") == [soon.pk, cancelled.pk, later.pk, draft.pk]  # soonest first
    assert ids("when=eerder") == [last_month.pk, last_year.pk]  # latest first
    assert ids("") == [draft.pk, later.pk, cancelled.pk, soon.pk, last_month.pk, last_year.pk]
    assert ids("status=geannuleerd") == [cancelled.pk]
    assert ids("status=concept") == [draft.pk]
    assert ids("theme=data") == [soon.pk]
    assert ids("q=rotterdam") == [last_month.pk]
    assert ids("when=komend&page_size=3&page=2") == [draft.pk]


def test_members_do_not_find_concepts_by_filtering(api, member):
    make_meeting(status=Meeting.Status.CONCEPT)
    assert api(member).get(f"{MEETINGS}?status=concept").json()["count"] == 0


@pytest.mark.parametrize(
    "query, errors",
    [
        ("when=morgen", {"when": ["Selecteer een geldige keuze. morgen is geen beschikbare keuze."]}),
        ("status=x", {"status": ["Selecteer een geldige keuze. x is geen beschikbare keuze."]}),
        ("theme=geen-thema", {"theme": ["Selecteer een geldige keuze. Deze keuze is niet beschikbaar."]}),
        ("page=0", {"page": ["Geef een paginanummer van 1 of hoger."]}),
    ],
)
def test_a_bad_filter_is_a_400_naming_it(api, member, query, errors):
    assert_error(api(member).get(f"{MEETINGS}?{query}"), 400, "invalid", MSG_INVALID, errors=errors)


def test_a_guest_is_asked_to_sign_in_for_everything_but_a_public_report(api, meeting):
    for response in (
        api().get(MEETINGS),
        api().get(detail(meeting)),
        api().post(registration(meeting), {"note": ""}),
        api().delete(registration(meeting)),
        api().get(registrations(meeting)),
        api().get(report(meeting)),  # not published yet
    ):
        assert_error(response, 401, "not_authenticated", MSG_UNAUTHENTICATED)
    assert Registration.objects.count() == 0


def test_a_meeting_shows_its_programme_places_and_the_members_registration(api, member, other_member):
    meeting = make_meeting(capacity=1, online_url="https://meet.example/najaar", address="Stationsplein 1")
    table = make_item(meeting)
    table.presenter = other_member
    table.save()
    lunch = AgendaItem.objects.create(
        meeting=meeting,
        position=2,
        starts_at=datetime.time(12, 30),
        duration=45,
        kind=AgendaItem.Kind.PRESENTATION,
        title="Casus roosteren",
        presenter_name="Piet Jansen",
        presenter_organisation="SURF",
    )
    upload = attachment_add(item=table, upload=SimpleUploadedFile("sheets.pdf", b"%PDF-1.4"), actor=None).versions.get()
    client = api(member)

    body = client.get(detail(meeting)).json()

    assert (body["address"], body["online_url"], body["registered"], body["capacity"]) == (
        "Stationsplein 1",
        "https://meet.example/najaar",
        0,
        1,
    )
    assert body["items"] == [
        {
            "id": table.pk,
            "position": 1,
            "starts_at": "13:00",
            "ends_at": "14:00",
            "duration": 60,
            "kind": "ronde_tafel",
            "title": "Ronde tafels",
            "presenter": {"id": other_member.pk, "name": "Hans Bos", "institution": "albeda"},
            "presenter_name": "",
            "presenter_organisation": "",
            "description": "",
            "interactive": True,
            "attachments": [
                {
                    "id": upload.pk,
                    "name": "sheets.pdf",
                    "size": 8,
                    "content_type": "application/pdf",
                    "url": f"http://testserver/documenten/{upload.document_id}/versies/1/download/",
                }
            ],
        },
        {
            "id": lunch.pk,
            "position": 2,
            "starts_at": "12:30",
            "ends_at": "13:15",
            "duration": 45,
            "kind": "presentatie",
            "title": "Casus roosteren",
            "presenter": None,
            "presenter_name": "Piet Jansen",
            "presenter_organisation": "SURF",
            "description": "",
            "interactive": False,
            "attachments": [],
        },
    ]
    assert (body["registration"], body["can_register"], body["can_cancel"]) == (None, True, False)

    registration_create(meeting=meeting, user=other_member)
    registration_create(meeting=meeting, user=member, note="Vegetarisch")
    body = client.get(detail(meeting)).json()
    assert body["registration"] == {
        "status": "wachtlijst",
        "waiting_before": 0,
        "note": "Vegetarisch",
        "created_at": iso(Registration.objects.get(user=member).created_at),
    }
    assert (body["registered"], body["signed_up"], body["can_register"], body["can_cancel"]) == (1, True, False, True)
    assert "registrations" not in body  # the others' registrations are for the steering group


def test_a_concept_is_only_for_the_steering_group(api, member, steering, chair, admin_user):
    meeting = make_meeting(status=Meeting.Status.CONCEPT)
    # Hidden as a missing meeting is, so that ids cannot be probed: the same 404 and the same body.
    missing = api(member).get(f"{MEETINGS}999999/").json()
    for response in (
        api(member).get(detail(meeting)),
        api(member).post(registration(meeting), {}),
        api(member).delete(registration(meeting)),
        api(member).get(report(meeting)),
        api().get(report(meeting)),
    ):
        assert_error(response, 404, "not_found", MSG_NOT_FOUND)
        assert response.json() == missing
    for user in (steering, chair, admin_user):
        assert api(user).get(detail(meeting)).json()["status"] == "concept"


def test_an_unknown_or_malformed_id_is_a_404(api, member):
    for url in (f"{MEETINGS}999999/", f"{MEETINGS}999999999999999999/", f"{MEETINGS}x1/", f"{MEETINGS}999999/report/"):
        assert_error(api(member).get(url), 404, "not_found", MSG_NOT_FOUND)
    assert_error(api(member).post(f"{MEETINGS}999999/registration/", {}), 404, "not_found", MSG_NOT_FOUND)
    assert_error(api().get(f"{MEETINGS}999999/report/"), 404, "not_found", MSG_NOT_FOUND)


# Registering -------------------------------------------------------------------------------------------


def test_a_member_registers_with_a_token_and_gets_the_confirmation(api, member, django_capture_on_commit_callbacks):
    meeting = make_meeting(capacity=5)
    with django_capture_on_commit_callbacks(execute=True):
        response = api(member).post(registration(meeting), {"note": "  Rolstoel  "})
    assert response.status_code == 201, response.content
    created = Registration.objects.get()
    assert response.json() == {
        "status": "aangemeld",
        "waiting_before": None,
        "note": "Rolstoel",
        "created_at": iso(created.created_at),
    }
    assert (created.user, created.note) == (member, "Rolstoel")
    assert [message.subject for message in mail.outbox] == ["Aangemeld: Netwerkbijeenkomst"]


def test_a_member_registers_with_the_browser_session_without_a_body(member, meeting):
    client = Client()
    client.force_login(member)
    response = client.post(registration(meeting), content_type="application/json")
    assert response.status_code == 201, response.content
    assert places(meeting) == [("Gerda Visser", "aangemeld")]


def test_beyond_the_capacity_members_wait_and_move_up_when_a_place_comes_free(api, member, other_member, steering):
    meeting = make_meeting(capacity=1)
    assert api(member).post(registration(meeting), {}).json()["status"] == "aangemeld"
    response = api(other_member).post(registration(meeting), {})
    assert (response.json()["status"], response.json()["waiting_before"]) == ("wachtlijst", 0)
    third = api(steering).post(registration(meeting), {})
    assert (third.json()["status"], third.json()["waiting_before"]) == ("wachtlijst", 1)

    response = api(member).delete(registration(meeting))

    assert (response.status_code, response.content) == (204, b"")
    assert places(meeting) == [("Hans Bos", "aangemeld"), ("Chantal Yilmaz", "wachtlijst")]


def test_a_second_registration_is_refused(api, member, meeting):
    client = api(member)
    assert client.post(registration(meeting), {"note": "eerste"}).status_code == 201
    assert_conflict(client.post(registration(meeting), {"note": "tweede"}), MSG_ALREADY_REGISTERED)
    assert [(r.note, r.status) for r in Registration.objects.all()] == [("eerste", "aangemeld")]


@pytest.mark.parametrize(
    "state",
    [
        {"days": -1},  # begun already
        {"status": Meeting.Status.CANCELLED},
        {"status": Meeting.Status.PAST},
    ],
)
def test_registration_is_closed_for_meetings_that_began_or_were_cancelled(api, member, state):
    meeting = make_meeting(**state)
    assert_refused(api(member).post(registration(meeting), {}), MSG_NOT_OPEN)
    assert Registration.objects.count() == 0
    assert api(member).get(detail(meeting)).json()["can_register"] is False


def test_cancelling_needs_a_registration_and_a_meeting_that_has_not_begun(api, member, other_member):
    meeting = make_meeting(days=7)
    registration_create(meeting=meeting, user=member)
    # Another member cannot cancel someone else's place: they cancel only their own, which they do not have.
    assert_conflict(api(other_member).delete(registration(meeting)), MSG_NOT_REGISTERED)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - HOUR)
    assert_refused(api(member).delete(registration(meeting)), MSG_STARTED)
    assert places(meeting) == [("Gerda Visser", "aangemeld")]


def test_a_read_only_token_neither_registers_nor_cancels(api, member, meeting):
    registration_create(meeting=meeting, user=member)
    client = api(member, scope="read")
    for response in (client.post(registration(meeting), {}), client.delete(registration(meeting))):
        assert_error(response, 403, "forbidden", MSG_FORBIDDEN, detail=MSG_READ_ONLY_TOKEN)
    assert places(meeting) == [("Gerda Visser", "aangemeld")]


@pytest.mark.parametrize(
    "body, errors",
    [
        ({"note": "x" * 301}, {"note": [too_long(300)]}),
        ({"note": ["vega"]}, {"note": [MSG_NOTE_TEXT]}),
        ("null", {"non_field_errors": [MSG_NO_OBJECT]}),
        ({"note": None}, {"note": [NULL]}),
        ({"note": "a\x00b"}, {"note": [NUL]}),
        ([], {"non_field_errors": [not_a_dict("list")]}),
        ('"aanmelden"', {"non_field_errors": [not_a_dict("str")]}),
    ],
)
def test_bad_input_is_a_400_and_registers_nobody(api, member, meeting, body, errors):
    response = api(member).post(registration(meeting), body)
    only = errors["non_field_errors"][0] if list(errors) == ["non_field_errors"] else None
    assert_error(response, 400, "invalid", MSG_INVALID, errors=errors, detail=only)
    assert Registration.objects.count() == 0


def test_malformed_json_and_other_methods_are_refused(api, member, meeting):
    client = api(member)
    response = client.post(registration(meeting), "{note", content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (400, "malformed")
    for response in (
        client.put(registration(meeting), {}),
        client.get(registration(meeting)),
        client.post(MEETINGS, {}),
    ):
        assert (response.status_code, response.json()["code"]) == (405, "method_not_allowed")
        assert response.json()["message"]["nl"] == str(MSG_METHOD)
    assert Registration.objects.count() == 0


# The steering group's view -----------------------------------------------------------------------------


def test_the_steering_group_sees_the_registrations_with_wishes_and_attendance(api, steering, member, other_member):
    meeting = make_meeting(capacity=1)
    first = registration_create(meeting=meeting, user=other_member, note="Glutenvrij")
    waiting = registration_create(meeting=meeting, user=member)
    Registration.objects.filter(pk=first.pk).update(attended=True)

    body = api(steering).get(registrations(meeting)).json()

    assert body == {
        "count": 2,
        "next": None,
        "previous": None,
        "results": [
            {
                "id": first.pk,
                "user": {"id": other_member.pk, "name": "Hans Bos", "institution": "albeda"},
                "status": "aangemeld",
                "note": "Glutenvrij",
                "attended": True,
                "created_at": iso(first.created_at),
            },
            {
                "id": waiting.pk,
                "user": {"id": member.pk, "name": "Gerda Visser", "institution": "horizon-college"},
                "status": "wachtlijst",
                "note": "",
                "attended": None,
                "created_at": iso(waiting.created_at),
            },
        ],
    }
    assert "email" not in str(body) and "hans@albeda.example" not in str(body)  # no contact details at all
    filtered = api(steering).get(f"{registrations(meeting)}?status=wachtlijst").json()
    assert [row["id"] for row in filtered["results"]] == [waiting.pk]
    assert_error(
        api(steering).get(f"{registrations(meeting)}?status=weg"),
        400,
        "invalid",
        MSG_INVALID,
        errors={"status": ["Selecteer een geldige keuze. weg is geen beschikbare keuze."]},
    )


def test_members_do_not_see_the_registrations(api, member, other_member, meeting):
    registration_create(meeting=meeting, user=other_member, note="Glutenvrij")
    assert_error(api(member).get(registrations(meeting)), 403, "forbidden", MSG_FORBIDDEN)
    assert_error(api(other_member).get(registrations(meeting)), 403, "forbidden", MSG_FORBIDDEN)


# The report --------------------------------------------------------------------------------------------


def published_report(meeting, audience: str) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(
        report="Goed gesprek.", report_audience=audience, report_published_at=timezone.now()
    )
    meeting.refresh_from_db()


def test_the_report_shows_the_outcomes_and_closed_polls_without_authors(api, member, other_member):
    meeting = make_meeting(days=-2, status=Meeting.Status.PAST)
    table = make_item(meeting)
    make_item(meeting, kind=AgendaItem.Kind.LUNCH, title="Lunch")  # nothing to report: left out
    statement = statement_add(item=table, text="Roosteren doen we samen")
    card = contribution_add(
        item=table, author=other_member, data={"kind": "conclusie", "text": "Eén rooster", "statement": statement}
    )
    now = timezone.now()
    poll = make_poll(title="Welke route?", meeting=meeting, opens_at=now - 48 * HOUR, closes_at=now + HOUR)
    ballot_cast(poll=poll, voter=other_member, answers={poll.questions.get().pk: option(poll, "Ja").pk})
    Poll.objects.filter(pk=poll.pk).update(closes_at=now - HOUR)
    still_open = make_poll(title="Nog open", meeting=meeting)
    make_poll(title="Regiegroep", meeting=meeting, audience=Poll.Audience.STEERING)
    published_report(meeting, "iedereen")

    body = api().get(report(meeting)).json()

    assert {key: body[key] for key in body if key not in ("items", "polls")} == {
        "id": meeting.pk,
        "title": "Netwerkbijeenkomst",
        "starts_at": iso(meeting.starts_at),
        "venue": "Domstad",
        "theme": None,
        "published": True,
        "report_published_at": iso(meeting.report_published_at),
        "report_audience": "iedereen",
        "report": "Goed gesprek.",
    }
    assert body["items"] == [
        {
            "id": table.pk,
            "title": "Ronde tafels",
            "attachments": [],
            "statements": [{"id": statement.pk, "position": 1, "text": "Roosteren doen we samen"}],
            "cards": [
                {"id": card.pk, "kind": "conclusie", "heading": "", "statement": statement.pk, "text": "Eén rooster"}
            ],
        }
    ]
    assert "Hans Bos" not in str(body)
    closed, pending = body["polls"]
    assert (closed["id"], closed["title"], closed["results"]["respondents"]) == (poll.pk, "Welke route?", 1)
    assert [(row["label"], row["count"]) for row in closed["results"]["questions"][0]["options"]] == [
        ("Ja", 1),
        ("Nee", 0),
    ]
    assert pending == {"id": still_open.pk, "title": "Nog open", "results": None}


def test_a_report_for_members_and_an_unpublished_one(api, member, steering):
    meeting = make_meeting(days=-2)
    assert_error(api(member).get(report(meeting)), 403, "forbidden", MSG_FORBIDDEN)
    assert api(steering).get(report(meeting)).json()["published"] is False
    published_report(meeting, "leden")
    assert_error(api().get(report(meeting)), 401, "not_authenticated", MSG_UNAUTHENTICATED)
    assert api(member).get(report(meeting)).json()["report"] == "Goed gesprek."


# Queries -----------------------------------------------------------------------------------------------


def add_meetings(n: int) -> None:
    theme = ThemeFactory()
    host = InstitutionFactory()
    for i in range(n):
        meeting = make_meeting(title=f"Bijeenkomst {i}", days=10 + i, theme=theme, host=host, capacity=10)
        registration_create(meeting=meeting, user=UserFactory())


@pytest.mark.parametrize("n", [1, 3])
def test_the_list_runs_a_fixed_number_of_queries_with_a_token(api, member, django_assert_num_queries, n):
    add_meetings(n)
    client = api(member)
    # token (with the user), its last use, the member's positions and (not in the steering group) the
    # user's and the groups' permissions for "manage", when a meeting next ends (the list is not kept yet), the count,
    # the page, for which of them the member signed up
    with django_assert_num_queries(7):
        response = client.get(f"{MEETINGS}?when=komend")
    assert response.json()["count"] == n


@pytest.mark.parametrize("n", [1, 3])
def test_the_list_runs_a_fixed_number_of_queries_with_the_session(member, django_assert_num_queries, n):
    add_meetings(n)
    client = Client()
    client.force_login(member)
    # the session, the member with their positions and permissions (koers.members.viewer), when a meeting next ends,
    # the count, the page, for which of them the member signed up
    with django_assert_num_queries(6):
        response = client.get(MEETINGS)
    assert response.json()["count"] == n


@pytest.mark.parametrize("n", [1, 3])
def test_the_registrations_run_a_fixed_number_of_queries(api, steering, django_assert_num_queries, n):
    meeting = make_meeting()
    for _ in range(n):
        registration_create(meeting=meeting, user=UserFactory())
    client = api(steering)
    # token (with the user), its last use, the steering member's positions, the meeting, the count, the page
    with django_assert_num_queries(6):
        response = client.get(registrations(meeting))
    assert response.json()["count"] == n


def test_the_report_keeps_open_answers_and_scale_details_on_the_polls_own_page(api, member, other_member):
    meeting = make_meeting(days=-2, status=Meeting.Status.PAST)
    now = timezone.now()
    poll = make_poll(
        title="Hoe ging het?",
        meeting=meeting,
        opens_at=now - 48 * HOUR,
        closes_at=now + HOUR,
        questions=[("Cijfer", "schaal", []), ("Toelichting", "open", [])],
    )
    scale, text = poll.questions.order_by("position")
    ballot_cast(poll=poll, voter=other_member, answers={scale.pk: 4, text.pk: "Vertrouwelijke opmerking"})
    Poll.objects.filter(pk=poll.pk).update(closes_at=now - HOUR)
    published_report(meeting, "iedereen")

    body = api().get(report(meeting)).json()

    rows = body["polls"][0]["results"]["questions"]
    assert [
        (row["text"], row["respondents"], row["scale"], row["mean"], row["texts"], row["more_texts"]) for row in rows
    ] == [
        ("Cijfer", 1, [], None, [], 0),
        ("Toelichting", 1, [], None, [], 0),
    ]
    assert "Vertrouwelijke opmerking" not in str(body)
