"""The advice endpoints: the same lists, page contents, rules and messages as the advice pages."""

import datetime

import pytest
from django.core.validators import ProhibitNullCharactersValidator
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework import serializers
from rest_framework.fields import CharField, ChoiceField, IntegerField
from rest_framework.relations import ManyRelatedField, PrimaryKeyRelatedField, SlugRelatedField

from koers.advice.forms import AdviceFilterForm
from koers.advice.models import MSG_TARGET_BOTH, Advice, BodyVersion, Follow, FollowUp, Status, StatusChange
from koers.advice.services import (
    MSG_DECISION_DATE,
    MSG_DECISION_FUTURE,
    MSG_ENDORSEMENT_CLOSES,
    MSG_ENDORSEMENT_STEERING,
    MSG_FOLLOW_UP_CLOSED,
    MSG_FOLLOW_UP_FUTURE,
    MSG_RATIONALE,
    MSG_TEXT_CLOSED,
    MSG_TRANSITION,
    MSG_TRANSITION_ROLE,
    MSG_WITHDRAW_NOTE,
    STEERING,
    WHO,
    advice_transition,
    follow_up_add,
    text_save,
)
from koers.api.endpoints.advice import (
    MAX_TEXT,
    MSG_BOOLEAN,
    MSG_NO_STEP,
    MSG_STALE,
    MSG_STATUS_BY_TRANSITION,
    MSG_TEXT_BY_TEXT,
)
from koers.api.errors import (
    MSG_FORBIDDEN,
    MSG_INVALID,
    MSG_MALFORMED,
    MSG_MEDIA_TYPE,
    MSG_NOT_FOUND,
    MSG_UNAUTHENTICATED,
    both_languages,
)
from koers.api.exceptions import MSG_CONFLICT
from koers.api.fields import MSG_NUL
from koers.api.pagination import MSG_NO_PAGE
from koers.api.permissions import MSG_READ_ONLY_TOKEN
from koers.api.serializers import MSG_UNKNOWN_FIELD
from koers.comments.services import comment_add
from koers.core.models import AuditEvent
from koers.polls.models import Poll
from koers.roadmap.models import PlanItem

from ..advice.conftest import BUSY_DAY, make_advice, one_busy_day
from ..factories import ThemeFactory
from ..meetings.conftest import make_meeting
from ..polls.conftest import make_poll

LIST = reverse("api:advice-list")
# The token and its use, the advice with its themes, plan, polls, meetings and files, the follow-up, the working
# group, the status changes, whether you follow it, your positions and your role in its working group.
QUERIES_DETAIL = 14
TODAY = timezone.localdate


def url(advice: Advice, name: str = "detail") -> str:
    return reverse(f"api:advice-{name}", kwargs={"pk": advice.pk})


def iso(moment) -> str:
    return serializers.DateTimeField().to_representation(moment)


def counts() -> dict[str, int]:
    models = (Advice, StatusChange, BodyVersion, FollowUp, Follow, Poll, AuditEvent)
    return {model.__name__: model.objects.count() for model in models}


def error(status: int, code: str, summary, detail=None, errors=None) -> dict:
    message = both_languages(summary)
    body = {"status": status, "code": code, "message": message, "detail": str(detail or message["nl"])}
    if errors is not None:
        body["errors"] = errors
    return body


def invalid(errors: dict) -> dict:
    return error(400, "invalid", MSG_INVALID, errors={k: [str(m) for m in v] for k, v in errors.items()})


def refused(detail=None) -> dict:
    return error(403, "forbidden", MSG_FORBIDDEN, detail=detail)


def label(status: str) -> str:
    return str(Status(status).label)


def drf(field: type, key: str, **params) -> str:
    """A message of Django REST framework as the API gives it: in Dutch, filled in (the catalogue may change)."""
    with translation.override("nl"):
        messages = {}
        for cls in reversed(field.__mro__):
            messages |= getattr(cls, "default_error_messages", {})
        return str(messages[key]).format(**params)


# Lists --------------------------------------------------------------------------------------------------


def test_guests_get_the_transparency_list_and_members_also_the_leads(api, steering, member, other_member):
    theme = ThemeFactory(slug="onderwijslogistiek")
    carried = make_advice(
        actor=steering,
        title="OOAPI",
        lead=other_member,
        status=Status.IN_PROGRESS,
        themes=[theme],
        target_year=2027,
        target_quarter=2,
        budget=250000,
        funding="Npuls",
    )
    follow_up_add(
        actor=steering,
        advice=carried,
        data={"date": TODAY(), "text": "Koppeling live", "done_by": "SURF", "progress": 60, "status": "op_schema"},
    )
    idea = make_advice(actor=steering, title="Een idee", themes=[theme])
    carried.refresh_from_db()

    guest = api().get(LIST)
    assert guest.status_code == 200
    body = guest.json()
    assert (body["count"], [row["id"] for row in body["results"]]) == (2, [idea.pk, carried.pk])
    row = {
        "id": carried.pk,
        "title": "OOAPI",
        "themes": ["onderwijslogistiek"],
        "status": "in_uitvoering",
        "status_changed_at": iso(carried.status_changed_at),
        "decision": "overgenomen",
        "decision_date": TODAY().isoformat(),
        "decision_rationale": "Past in de sectoragenda.",
        "target_year": 2027,
        "target_quarter": 2,
        "budget": 250000,
        "funding": "Npuls",
        "latest_follow_up": {"date": TODAY().isoformat(), "progress": 60, "status": "op_schema"},
        "lead": None,
        "updated_at": None,
    }
    assert body["results"][1] == row
    assert body["results"][0]["latest_follow_up"] is None and body["results"][0]["lead"] is None

    members = api(member).get(LIST).json()
    assert members["results"][1] == {**row, "lead": {"name": "Hans Bos"}, "updated_at": iso(carried.updated_at)}
    assert members["results"][0]["lead"] is None  # an idea has no working group yet


def test_the_list_filters_like_the_pages(api, steering, member, other_member):
    theme = ThemeFactory(slug="npuls")
    mine = make_advice(actor=steering, title="Van Hans", lead=other_member, status=Status.DRAFT, themes=[theme])
    other = make_advice(actor=steering, title="Van Chantal", status=Status.DRAFT)
    idea = make_advice(actor=steering, title="Idee")

    def ids(client, query: str) -> list[int]:
        response = client.get(f"{LIST}?{query}")
        assert response.status_code == 200, response.json()
        return [row["id"] for row in response.json()["results"]]

    hans = api(other_member)
    assert ids(hans, "mijn=true") == [mine.pk]
    assert ids(hans, "mijn=true&status=idee") == []
    assert ids(api(member), "mijn=true") == []
    assert ids(api(), "mijn=true") == [idea.pk, other.pk, mine.pk]  # the transparency page knows no "mine"
    assert ids(api(), "status=concept") == [other.pk, mine.pk]
    assert ids(api(), "theme=npuls") == [mine.pk]

    response = api(member).get(f"{LIST}?mijn=null")
    assert (response.status_code, response.json()) == (400, invalid({"mijn": [MSG_BOOLEAN]}))
    for query, field in (("status=klaar", "status"), ("theme=bestaat-niet", "theme")):
        form = AdviceFilterForm(dict([query.split("=")]))
        response = api(member).get(f"{LIST}?{query}")
        assert (response.status_code, response.json()) == (400, invalid({field: form.errors[field]}))


def test_the_list_pages(api, steering):
    first, second = make_advice(actor=steering, title="Eerste"), make_advice(actor=steering, title="Tweede")
    body = api().get(f"{LIST}?page_size=1").json()
    assert (body["count"], [row["id"] for row in body["results"]]) == (2, [second.pk])
    assert body["next"] == "http://testserver/api/v1/advice/?page=2&page_size=1"
    assert [row["id"] for row in api().get(body["next"]).json()["results"]] == [first.pk]
    response = api().get(f"{LIST}?page=9")
    assert (response.status_code, response.json()) == (404, error(404, "not_found", MSG_NOT_FOUND, MSG_NO_PAGE))


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize("role", ["guest", "member"])
def test_list_query_count(api, django_assert_num_queries, steering, member, other_member, role, count):
    for n in range(count):
        advice = make_advice(actor=steering, title=f"Advies {n}", lead=other_member, status=Status.IN_PROGRESS)
        follow_up_add(
            actor=steering,
            advice=advice,
            data={"date": TODAY(), "text": "Stap", "done_by": "SURF", "progress": n, "status": "op_schema"},
        )
    client = api(member if role == "member" else None)
    # A token: look it up, note its use; then the count, the page, its themes and its leads.
    with django_assert_num_queries(6 if role == "member" else 4):
        response = client.get(LIST)
    assert [row["lead"] for row in response.json()["results"]] == [
        {"name": "Hans Bos"} if role == "member" else None
    ] * count


# One advice ---------------------------------------------------------------------------------------------


def test_the_timeline_runs_by_the_moment_within_one_day(api, steering):
    advice = make_advice(actor=steering, status=Status.IN_PROGRESS)
    day = one_busy_day(advice).isoformat()
    timeline = api(steering).get(url(advice)).json()["timeline"]
    on_the_day = [
        (e["kind"], e["title"], e["text"] if e["kind"] == "follow_up" else "") for e in timeline if e["date"] == day
    ]
    assert on_the_day == BUSY_DAY


def test_each_role_sees_what_the_page_shows_it(api, steering, member, other_member):
    advice = make_advice(actor=steering, lead=other_member, status=Status.DRAFT)
    text_save(actor=other_member, advice=advice, summary="Kort", body="Geheime conceptzin", base_version=1)

    guest = api().get(url(advice)).json()
    hidden = ("summary", "body", "version", "attachments", "working_group", "following", "updated_at")
    assert {name: guest[name] for name in hidden} == dict.fromkeys(hidden)
    assert guest["allowed"] == {"change": False, "edit_text": False, "add_follow_up": False, "transitions": []}
    assert [(event["title"], event["actor"]) for event in guest["timeline"]] == [
        ("Idee", None),
        ("Werkgroep", None),
        ("Concept", None),
    ]
    assert "Hans Bos" not in str(guest) and "Geheime conceptzin" not in str(guest)

    as_member = api(member).get(url(advice)).json()
    assert (as_member["body"], as_member["following"]) == (None, False)
    assert as_member["working_group"] == [{"name": "Hans Bos", "institution": "Albeda", "is_lead": True}]
    assert as_member["timeline"][0]["actor"] == {"name": "Chantal Yilmaz"}
    assert as_member["allowed"] == guest["allowed"]

    lead = api(other_member).get(url(advice)).json()
    assert (lead["summary"], lead["body"], lead["version"], lead["attachments"]) == (
        "Kort",
        "Geheime conceptzin",
        2,
        [],
    )
    assert lead["following"] is True  # the working group follows its advice
    assert lead["allowed"] == {
        "change": True,
        "edit_text": True,
        "add_follow_up": False,
        "transitions": ["consultatie"],
    }
    assert api(steering).get(url(advice)).json()["allowed"]["transitions"] == ["consultatie", "ingetrokken"]


def test_guests_get_no_poll_conclusions_no_steering_polls_no_early_notes_and_no_comments(api, steering, member):
    advice = make_advice(actor=steering, lead=steering, status=Status.DRAFT)
    text_save(actor=steering, advice=advice, summary="", body="Tekst", base_version=1)
    advice_transition(actor=steering, advice=advice, to="consultatie", note="Alinea over Albeda schrappen")
    comment_add(target=advice, author=member, body="Mijn reactie als lid")
    advice_transition(actor=steering, advice=advice, to="aangeboden", note="Naar de Adviesraad")
    poll = make_poll(title="Open peiling")
    Poll.objects.filter(pk=poll.pk).update(outcome="Conclusie voor leden")
    advice.polls.add(poll, make_poll(title="Geheime peiling", audience="regiegroep"))

    guest = api().get(url(advice)).json()
    assert guest["body"] == "Tekst"  # offered to the Adviesraad: the text is public
    assert guest["polls"] == [{"id": poll.pk, "title": "Open peiling"}]
    notes = {event["title"]: event["text"] for event in guest["timeline"]}
    assert notes["Open peiling"] == "" and notes["Consultatie"] == ""
    assert notes["Aangeboden aan de Adviesraad"] == "Naar de Adviesraad"
    for secret in ("Mijn reactie als lid", "Gerda Visser", "Geheime peiling", "Conclusie voor leden", "Albeda"):
        assert secret not in str(guest)

    as_member = api(member).get(url(advice)).json()
    notes = {event["title"]: event["text"] for event in as_member["timeline"]}
    assert (notes["Open peiling"], notes["Consultatie"]) == ("Conclusie voor leden", "Alinea over Albeda schrappen")
    assert "Geheime peiling" not in str(as_member)


@pytest.mark.parametrize("count", [1, 5])
def test_one_advice_with_a_long_history_has_a_fixed_query_count(
    api, django_assert_num_queries, steering, member, other_member, count
):
    advice = make_advice(actor=steering, lead=other_member, status=Status.IN_PROGRESS)
    for n in range(count):
        follow_up_add(actor=steering, advice=advice, data={**follow_up(progress=n), "date": TODAY()})
        advice.polls.add(make_poll(title=f"Peiling {n}"))
        advice.meetings.add(make_meeting(title=f"Bijeenkomst {n}"))
        advice.plan_items.add(PlanItem.objects.create(title=f"Plan {n}", theme=advice.themes.get(), year=2027, rank=n))
    client = api(member)
    with django_assert_num_queries(QUERIES_DETAIL):
        body = client.get(url(advice)).json()
    assert (len(body["follow_ups"]), len(body["polls"]), len(body["plan_items"])) == (count, count, count)


def test_odd_and_unknown_ids_are_a_404(api, steering):
    advice = make_advice(actor=steering, status=Status.IN_PROGRESS)
    client = api(steering)
    for path in ("999", "abc", "99999999999999999999999", "-1", "1.5"):
        response = client.get(f"{LIST}{path}/")
        assert (response.status_code, response.json()["code"]) == (404, "not_found"), path
    before = counts()
    for name in ("transition", "follow-ups", "follow"):
        response = client.post(f"{LIST}999/{name}/", {"to": "afgerond"})
        assert response.status_code == 404
    assert client.put(f"{LIST}999/text/", {}).status_code == 404
    assert client.patch(f"{LIST}{2**70}/", {"title": "x"}).status_code == 404
    assert counts() == before
    assert client.get(url(advice)).status_code == 200


# Creating and changing ----------------------------------------------------------------------------------


def advice_data(theme, **extra) -> dict:
    return {
        "title": "Collectief gebruik van OOAPI",
        "themes": [theme.slug],
        "question": "Hoe wisselen we gegevens uit?",
        "summary": "Gebruik OOAPI.",
        "target_year": 2027,
        "target_quarter": 2,
        "budget": 250000,
        "funding": "Npuls",
        **extra,
    }


def test_the_steering_group_creates_an_advice_with_its_links(api, client, steering, chair):
    theme = ThemeFactory(slug="ooapi")
    item = PlanItem.objects.create(title="OOAPI-koppelingen", theme=theme, year=2027, rank=1)
    poll = make_poll(title="OOAPI als standaard")
    meeting = make_meeting(title="Netwerkdag")
    data = advice_data(theme, plan_items=[item.pk], polls=[poll.pk], meetings=[meeting.pk])
    response = api(steering).post(LIST, data)
    assert response.status_code == 201, response.json()
    advice = Advice.objects.get()
    body = response.json()
    assert {name: body[name] for name in ("id", "title", "themes", "status", "summary", "version")} == {
        "id": advice.pk,
        "title": "Collectief gebruik van OOAPI",
        "themes": ["ooapi"],
        "status": "idee",
        "summary": "Gebruik OOAPI.",
        "version": 1,
    }
    assert (body["plan_items"], body["polls"], body["meetings"]) == (
        [{"id": item.pk, "title": "OOAPI-koppelingen", "year": 2027}],
        [{"id": poll.pk, "title": "OOAPI als standaard"}],
        [{"id": meeting.pk, "title": "Netwerkdag", "starts_at": iso(meeting.starts_at)}],
    )
    assert (advice.target, advice.budget, advice.funding, advice.created_by) == ("Q2 2027", 250000, "Npuls", steering)
    assert list(AuditEvent.objects.values_list("action", "actor")) == [("advice.created", steering.pk)]

    client.force_login(chair)  # the browser's session works as well as a token
    response = client.post(LIST, advice_data(theme, title="Tweede"), content_type="application/json")
    assert (response.status_code, Advice.objects.get(pk=response.json()["id"]).created_by) == (201, chair)


def test_only_the_steering_group_creates_and_a_denied_request_writes_nothing(api, steering, member, other_member):
    data = advice_data(ThemeFactory())
    before = counts()
    response = api(member).post(LIST, data)
    assert (response.status_code, response.json()) == (403, refused())
    response = api().post(LIST, data)
    assert (response.status_code, response.json()) == (401, error(401, "not_authenticated", MSG_UNAUTHENTICATED))
    response = api(steering, scope="read").post(LIST, data)
    assert (response.status_code, response.json()) == (403, refused(MSG_READ_ONLY_TOKEN))
    assert counts() == before


@pytest.fixture
def steering_poll(db):
    return make_poll(title="Alleen regiegroep", audience="regiegroep")


# (change to a valid body, the field refused, its message)
BAD_CREATES = [
    ({"target_quarter": None}, "target_quarter", lambda: MSG_TARGET_BOTH),
    ({"themes": []}, "themes", lambda: drf(ManyRelatedField, "empty")),
    (
        {"themes": ["bestaat-niet"]},
        "themes",
        lambda: drf(SlugRelatedField, "does_not_exist", slug_name="slug", value="bestaat-niet"),
    ),
    ({"themes": "ooapi"}, "themes", lambda: drf(ManyRelatedField, "not_a_list", input_type="str")),
    ({"themes": ["ooapi\x00"]}, "themes", lambda: MSG_NUL),
    ({"title": "\x00"}, "title", lambda: ProhibitNullCharactersValidator.message),
    ({"title": "x" * 201}, "title", lambda: drf(CharField, "max_length", max_length=200)),
    ({"question": "x" * (MAX_TEXT + 1)}, "question", lambda: drf(CharField, "max_length", max_length=MAX_TEXT)),
    ({"budget": 10**30}, "budget", lambda: drf(IntegerField, "max_value", max_value=2**31 - 1)),
    ({"budget": "veel"}, "budget", lambda: drf(IntegerField, "invalid")),
    ({"target_year": 2050}, "target_year", lambda: drf(IntegerField, "max_value", max_value=2040)),
    ({"polls": [2**70]}, "polls", lambda: drf(PrimaryKeyRelatedField, "does_not_exist", pk_value=2**70)),
    ({"polls": [{"id": 1}]}, "polls", lambda: drf(PrimaryKeyRelatedField, "incorrect_type", data_type="dict")),
    ({"status": "besluit"}, "status", lambda: MSG_STATUS_BY_TRANSITION),
    ({"body": "Tekst"}, "body", lambda: MSG_TEXT_BY_TEXT),
    ({"colour": "rood"}, "colour", lambda: MSG_UNKNOWN_FIELD),
]


@pytest.mark.parametrize(("change", "field", "message"), BAD_CREATES)
def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(api, steering, change, field, message):
    theme = ThemeFactory(slug="ooapi")
    response = api(steering).post(LIST, {**advice_data(theme), **change})
    assert (response.status_code, response.json()) == (400, invalid({field: [message()]}))
    assert not Advice.objects.exists()


def test_a_steering_poll_cannot_be_linked(api, steering, steering_poll):
    response = api(steering).post(LIST, advice_data(ThemeFactory(), polls=[steering_poll.pk]))
    assert response.json()["errors"] == {
        "polls": [drf(PrimaryKeyRelatedField, "does_not_exist", pk_value=steering_poll.pk)]
    }
    assert not Advice.objects.exists()


@pytest.mark.parametrize("body", ["[]", '"tekst"', "42", "null", '[{"title": "x"}]'])
def test_a_body_that_is_no_object_is_a_400(api, steering, body):
    response = api(steering).post(LIST, body, content_type="application/json")
    assert response.status_code == 400
    assert (response.json()["code"], list(response.json()["errors"])) == ("invalid", ["non_field_errors"])
    assert not Advice.objects.exists()


def test_malformed_json_and_other_media_are_refused(api, steering):
    client = api(steering)
    response = client.post(LIST, '{"title": ', content_type="application/json")
    assert (response.status_code, response.json()["code"], response.json()["message"]) == (
        400,
        "malformed",
        both_languages(MSG_MALFORMED),
    )
    response = client.post(LIST, "title=x", content_type="application/x-www-form-urlencoded")
    assert (response.status_code, response.json()["message"]) == (415, both_languages(MSG_MEDIA_TYPE))
    assert not Advice.objects.exists()


def test_the_lead_changes_the_details_only_while_writing(api, steering, member, other_member):
    advice = make_advice(actor=steering, lead=other_member, status=Status.CONSULTATION)
    lead = api(other_member)
    response = lead.patch(url(advice), {"title": "Scherper geformuleerd"})
    assert (response.status_code, response.json()["title"]) == (200, "Scherper geformuleerd")
    assert AuditEvent.objects.filter(action="advice.changed").get().data == {"fields": ["title"]}

    assert lead.patch(url(advice), {}).status_code == 200
    assert AuditEvent.objects.filter(action="advice.changed").count() == 1  # an empty PATCH records nothing
    response = lead.patch(url(advice), {"target_year": 2027})
    assert (response.status_code, response.json()) == (400, invalid({"target_quarter": [MSG_TARGET_BOTH]}))
    assert lead.patch(url(advice), {"target_year": 2027, "target_quarter": 4}).json()["target_quarter"] == 4
    response = lead.patch(url(advice), {"status": "besluit"})
    assert (response.status_code, response.json()) == (400, invalid({"status": [MSG_STATUS_BY_TRANSITION]}))
    assert lead.patch(url(advice), ["title"]).status_code == 400

    response = api(member).patch(url(advice), {"title": "Van een lid"})
    assert (response.status_code, response.json()) == (403, refused())
    advice_transition(actor=steering, advice=advice, to="aangeboden")
    response = lead.patch(url(advice), {"title": "Na het aanbieden"})
    assert (response.status_code, response.json()) == (403, refused())
    assert api(steering).patch(url(advice), {"budget": 1000}).json()["budget"] == 1000
    advice.refresh_from_db()
    assert (advice.title, advice.status, advice.target, advice.budget) == (
        "Scherper geformuleerd",
        "aangeboden",
        "Q4 2027",
        1000,
    )


# The lifecycle ------------------------------------------------------------------------------------------


def test_steps_follow_the_step_table_with_its_messages(api, client, steering, member, other_member):
    advice = make_advice(actor=steering, lead=other_member, status=Status.DRAFT)
    text_save(actor=other_member, advice=advice, summary="", body="Tekst", base_version=1)
    before = counts()

    response = api(member).post(url(advice, "transition"), {"to": "consultatie"})
    assert (response.status_code, response.json()) == (403, refused(MSG_NO_STEP))
    response = api(other_member).post(url(advice, "transition"), {"to": "ingetrokken", "note": "Weg ermee"})
    detail = MSG_TRANSITION_ROLE % {"who": WHO[STEERING], "from": label("concept"), "to": label("ingetrokken")}
    assert (response.status_code, response.json()) == (403, refused(detail))
    response = api(steering).post(url(advice, "transition"), {"to": "besluit"})
    detail = MSG_TRANSITION % {"from": label("concept"), "to": label("besluit")}
    assert (response.status_code, response.json()) == (
        400,
        invalid({"non_field_errors": [detail]}) | {"detail": detail},
    )
    response = api(steering).post(url(advice, "transition"), {"to": "klaar"})
    assert (response.status_code, response.json()) == (
        400,
        invalid({"to": [drf(ChoiceField, "invalid_choice", input="klaar")]}),
    )
    response = api(other_member, scope="read").post(url(advice, "transition"), {"to": "consultatie"})
    assert (response.status_code, response.json()) == (403, refused(MSG_READ_ONLY_TOKEN))
    assert counts() == before

    client.force_login(other_member)
    response = client.post(
        url(advice, "transition"), {"to": "consultatie", "note": "Graag reacties"}, content_type="application/json"
    )
    assert (response.status_code, response.json()["status"]) == (200, "consultatie")
    change = StatusChange.objects.latest("id")
    assert (change.from_status, change.to_status, change.actor, change.note) == (
        "concept",
        "consultatie",
        other_member,
        "Graag reacties",
    )


def test_a_decision_needs_the_councils_choice_rationale_and_a_date_not_in_the_future(api, steering):
    advice = make_advice(actor=steering, status=Status.OFFERED)
    client = api(steering)
    before = counts()
    response = client.post(url(advice, "transition"), {"to": "besluit", "decision": "overgenomen"})
    assert (response.status_code, response.json()) == (
        400,
        invalid({"decision_rationale": [MSG_RATIONALE], "decision_date": [MSG_DECISION_DATE]}),
    )
    tomorrow = (TODAY() + datetime.timedelta(days=1)).isoformat()
    data = {"to": "besluit", "decision": "overgenomen", "decision_rationale": "Past.", "decision_date": tomorrow}
    response = client.post(url(advice, "transition"), data)
    assert response.json()["errors"] == {"decision_date": [str(MSG_DECISION_FUTURE)]}
    response = client.post(url(advice, "transition"), {**data, "decision_date": "morgen", "decision": "ja"})
    assert set(response.json()["errors"]) == {"decision_date", "decision"}
    assert counts() == before

    response = client.post(url(advice, "transition"), {**data, "decision_date": TODAY().isoformat()})
    body = response.json()
    assert (response.status_code, body["status"], body["decision"], body["decision_rationale"]) == (
        200,
        "besluit",
        "overgenomen",
        "Past.",
    )


def test_withdrawing_needs_a_reason(api, steering):
    advice = make_advice(actor=steering, status=Status.WORKING_GROUP)
    response = api(steering).post(url(advice, "transition"), {"to": "ingetrokken", "note": "   "})
    assert (response.status_code, response.json()) == (400, invalid({"note": [MSG_WITHDRAW_NOTE]}))
    assert Advice.objects.get().status == "werkgroep"


def test_only_the_steering_group_opens_an_endorsement_poll(api, steering, other_member):
    advice = make_advice(actor=steering, lead=other_member, status=Status.DRAFT)
    text_save(actor=other_member, advice=advice, summary="", body="Tekst", base_version=1)
    closes = (timezone.now() + datetime.timedelta(days=7)).isoformat()
    before = counts()
    response = api(other_member).post(url(advice, "transition"), {"to": "consultatie", "endorsement_closes_at": closes})
    assert (response.status_code, response.json()) == (403, refused(MSG_ENDORSEMENT_STEERING))
    past = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    response = api(steering).post(url(advice, "transition"), {"to": "consultatie", "endorsement_closes_at": past})
    assert (response.status_code, response.json()) == (
        400,
        invalid({"endorsement_closes_at": [MSG_ENDORSEMENT_CLOSES]}),
    )
    assert counts() == before

    response = api(steering).post(url(advice, "transition"), {"to": "consultatie", "endorsement_closes_at": closes})
    poll = Poll.objects.get()
    assert response.json()["endorsement_poll"] == {"id": poll.pk, "title": f"Steun voor het advies: {advice.title}"}


# The text -----------------------------------------------------------------------------------------------


def test_the_text_is_saved_as_a_new_version_and_a_stale_base_version_is_a_conflict(api, steering, member, other_member):
    advice = make_advice(actor=steering, lead=other_member, status=Status.DRAFT)
    response = api(other_member).put(
        url(advice, "text"), {"summary": "Kort", "body": "Eerste tekst", "base_version": 1}
    )
    assert (response.status_code, response.json()["version"], response.json()["body"]) == (200, 2, "Eerste tekst")

    before = counts()
    response = api(steering).put(url(advice, "text"), {"summary": "", "body": "Mijn tekst", "base_version": 1})
    assert (response.status_code, response.json()) == (
        409,
        error(409, "conflict", MSG_CONFLICT, detail=MSG_STALE % {"version": 2}),
    )
    response = api(member).put(url(advice, "text"), {"summary": "", "body": "Van een lid", "base_version": 2})
    assert (response.status_code, response.json()) == (403, refused())
    for base_version, message in (
        (0, drf(IntegerField, "min_value", min_value=1)),
        ("twee", drf(IntegerField, "invalid")),
        (10**20, drf(IntegerField, "max_value", max_value=2**31 - 1)),
    ):
        response = api(steering).put(url(advice, "text"), {"summary": "", "body": "x", "base_version": base_version})
        assert (response.status_code, response.json()) == (400, invalid({"base_version": [message]}))
    response = api(steering).put(url(advice, "text"), {"body": "x", "base_version": 2})
    assert response.json()["errors"] == {"summary": [drf(CharField, "required")]}
    assert counts() == before
    assert Advice.objects.get().body == "Eerste tekst"


def test_the_text_is_fixed_once_offered(api, steering):
    advice = make_advice(actor=steering, status=Status.OFFERED)
    response = api(steering).put(url(advice, "text"), {"summary": "", "body": "Later", "base_version": advice.version})
    assert (response.status_code, response.json()) == (
        400,
        invalid({"non_field_errors": [MSG_TEXT_CLOSED]}) | {"detail": str(MSG_TEXT_CLOSED)},
    )


# Follow-up ----------------------------------------------------------------------------------------------


def follow_up(**extra) -> dict:
    return {
        "date": TODAY().isoformat(),
        "text": "Koppeling live",
        "done_by": "SURF",
        "progress": 60,
        "status": "op_schema",
        **extra,
    }


def test_follow_up_is_public_and_added_by_the_lead_or_the_steering_group(api, steering, member, other_member):
    advice = make_advice(actor=steering, lead=other_member, status=Status.IN_PROGRESS)
    assert api().get(url(advice, "follow-ups")).json()["results"] == []

    response = api(other_member).post(url(advice, "follow-ups"), follow_up())
    entry = FollowUp.objects.get()
    assert (response.status_code, response.json()) == (
        201,
        {"id": entry.pk, **follow_up(), "created_at": iso(entry.created_at)},
    )
    assert entry.author == other_member
    api(steering).post(url(advice, "follow-ups"), follow_up(date="2026-01-05", progress=10, status="vertraagd"))
    listed = api().get(url(advice, "follow-ups")).json()
    assert [(row["progress"], row["status"]) for row in listed["results"]] == [(60, "op_schema"), (10, "vertraagd")]
    assert [
        row["progress"] for row in api().get(url(advice, "follow-ups") + "?status=vertraagd").json()["results"]
    ] == [10]
    since = api().get(url(advice, "follow-ups") + f"?since={TODAY().isoformat()}").json()
    assert [row["progress"] for row in since["results"]] == [60]
    response = api().get(url(advice, "follow-ups") + "?since=gisteren")
    assert (response.status_code, list(response.json()["errors"])) == (400, ["since"])


def test_bad_follow_up_is_refused_and_writes_nothing(api, steering, member, other_member):
    advice = make_advice(actor=steering, lead=other_member, status=Status.IN_PROGRESS)
    client = api(other_member)
    before = counts()
    tomorrow = (TODAY() + datetime.timedelta(days=1)).isoformat()
    response = client.post(url(advice, "follow-ups"), follow_up(date=tomorrow))
    assert (response.status_code, response.json()) == (400, invalid({"date": [MSG_FOLLOW_UP_FUTURE]}))
    response = client.post(url(advice, "follow-ups"), follow_up(progress=101, status="klaar", done_by="x" * 201))
    assert set(response.json()["errors"]) == {"progress", "status", "done_by"}
    response = client.post(url(advice, "follow-ups"), follow_up(progress=2**70))
    assert set(response.json()["errors"]) == {"progress"}
    response = api(member).post(url(advice, "follow-ups"), follow_up())
    assert (response.status_code, response.json()) == (403, refused())
    response = api().post(url(advice, "follow-ups"), follow_up())
    assert response.status_code == 401

    in_consultation = make_advice(
        actor=steering, title="Nog niet besloten", lead=other_member, status=Status.CONSULTATION
    )
    before = counts()
    response = client.post(url(in_consultation, "follow-ups"), follow_up())
    assert (response.status_code, response.json()) == (
        400,
        invalid({"non_field_errors": [MSG_FOLLOW_UP_CLOSED]}) | {"detail": str(MSG_FOLLOW_UP_CLOSED)},
    )
    assert counts() == before


@pytest.mark.parametrize("count", [1, 3])
def test_follow_up_list_query_count(api, django_assert_num_queries, steering, member, count):
    advice = make_advice(actor=steering, status=Status.IN_PROGRESS)
    for n in range(count):
        follow_up_add(actor=steering, advice=advice, data={**follow_up(progress=n), "date": TODAY()})
    client = api(member)
    # The token and its use, the advice, the count and the page.
    with django_assert_num_queries(5):
        response = client.get(url(advice, "follow-ups"))
    assert len(response.json()["results"]) == count


# Following ----------------------------------------------------------------------------------------------


def test_members_follow_and_stop_following(api, steering, member):
    advice = make_advice(actor=steering)
    client = api(member)
    response = client.post(url(advice, "follow"), {"following": True})
    assert (response.status_code, response.json()) == (200, {"following": True})
    assert client.get(url(advice)).json()["following"] is True
    assert client.post(url(advice, "follow"), {"following": False}).json() == {"following": False}
    assert list(Follow.objects.filter(user=member).values_list("following", flat=True)) == [False]
    before = counts()
    for value in ("misschien", [], None):
        response = client.post(url(advice, "follow"), {"following": value})
        assert (response.status_code, list(response.json()["errors"])) == (400, ["following"])
    assert api().post(url(advice, "follow"), {"following": True}).status_code == 401
    assert counts() == before


# Languages ----------------------------------------------------------------------------------------------


def test_errors_carry_both_languages_and_the_detail_in_the_asked_one(api, steering, member):
    advice = make_advice(actor=steering)
    response = api(member, language="en").patch(url(advice), {"title": "x"})
    body = response.json()
    assert body["message"] == both_languages(MSG_FORBIDDEN)
    assert body["detail"] == body["message"]["en"]
