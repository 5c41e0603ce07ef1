"""The comments endpoints: the threads that the pages show, to whom they show them, with the same rules."""

import pytest
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework import serializers
from rest_framework.fields import CharField, ChoiceField, IntegerField
from rest_framework.relations import PrimaryKeyRelatedField

from koers.advice.models import Status
from koers.advice.services import advice_transition
from koers.api.endpoints.comments import MSG_NO_TARGET
from koers.api.errors import MSG_FORBIDDEN, MSG_INVALID, MSG_NOT_FOUND, MSG_UNAUTHENTICATED, both_languages
from koers.api.permissions import MSG_READ_ONLY_TOKEN
from koers.api.serializers import MSG_UNKNOWN_FIELD
from koers.comments.models import Comment
from koers.comments.services import (
    MSG_CLOSED,
    MSG_EMPTY,
    MSG_HIDDEN,
    MSG_NOT_YOURS,
    MSG_REPLY_LEVEL,
    comment_add,
    comment_hide,
)
from koers.meetings.models import Meeting
from koers.notifications.models import Notification

from ..advice.conftest import make_advice
from ..factories import UserFactory
from ..meetings.conftest import make_meeting
from .test_advice import drf

LIST = reverse("api:comment-list")


def url(comment: Comment, name: str = "detail") -> str:
    return reverse(f"api:comment-{name}", kwargs={"pk": comment.pk})


def thread(target) -> str:
    kind = "advice" if target._meta.model_name == "advice" else "meeting"
    return f"{LIST}?target={kind}&target_id={target.pk}"


def iso(moment) -> str:
    return serializers.DateTimeField().to_representation(moment)


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


UNAUTHENTICATED = error(401, "not_authenticated", MSG_UNAUTHENTICATED)


def django(message, **params) -> str:
    """A message of Django as the API gives it: in Dutch, filled in (the catalogue may change)."""
    with translation.override("nl"):
        return str(message) % params if params else str(message)


def required() -> str:
    return django(forms.Field.default_error_messages["required"])


def make_report(*, audience: str = "iedereen", published: bool = True, **extra) -> Meeting:
    meeting = make_meeting(days=-5, status=Meeting.Status.PAST, title="Najaarsbijeenkomst", **extra)
    Meeting.objects.filter(pk=meeting.pk).update(
        report="Verslag", report_audience=audience, report_published_at=timezone.now() if published else None
    )
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def report(db, steering):
    return make_report(created_by=steering)


@pytest.fixture
def consultation(db, steering):
    return make_advice(actor=steering, status=Status.CONSULTATION)


# Reading ------------------------------------------------------------------------------------------------


def test_everyone_reads_the_thread_of_a_public_report_as_its_page_shows_it(api, report, member, other_member, chair):
    first = comment_add(target=report, author=member, body="Mooi verslag")
    reply = comment_add(target=report, author=other_member, body="Eens", parent=first)
    abusive = comment_add(target=report, author=other_member, body="Scheldwoorden")
    comment_hide(comment=abusive, actor=chair, reason="Kwetsend")

    response = api().get(thread(report))
    assert response.status_code == 200
    reply_out = {
        "id": reply.pk,
        "target": "meeting",
        "target_id": report.pk,
        "parent": first.pk,
        "author": {"name": "Hans Bos", "institution": "Albeda"},
        "body": "Eens",
        "created_at": iso(reply.created_at),
        "edited_at": None,
        "hidden": False,
        "hidden_reason": "",
        "deleted": False,
        "mine": False,
    }
    assert response.json() == {
        "count": 2,
        "next": None,
        "previous": None,
        "results": [
            {
                "id": first.pk,
                "target": "meeting",
                "target_id": report.pk,
                "parent": None,
                "author": {"name": "Gerda Visser", "institution": "Horizon College"},
                "body": "Mooi verslag",
                "created_at": iso(first.created_at),
                "edited_at": None,
                "hidden": False,
                "hidden_reason": "",
                "deleted": False,
                "mine": False,
                "replies": [reply_out],
            },
            {
                "id": abusive.pk,
                "target": "meeting",
                "target_id": report.pk,
                "parent": None,
                "author": {"name": "Hans Bos", "institution": "Albeda"},
                "body": "",
                "created_at": iso(abusive.created_at),
                "edited_at": None,
                "hidden": True,
                "hidden_reason": "Kwetsend",
                "deleted": False,
                "mine": False,
                "replies": [],
            },
        ],
    }
    assert "hans@albeda.example" not in response.content.decode()  # names, never contact details
    mine = api(other_member).get(thread(report)).json()["results"]
    assert (mine[0]["mine"], mine[0]["replies"][0]["mine"], mine[1]["mine"]) == (False, True, True)
    assert api().get(url(reply)).json() == {**reply_out, "replies": []}
    assert api().get(url(first)).json()["replies"] == [reply_out]


def test_members_read_the_threads_of_members_reports_and_of_advice_and_guests_do_not(
    api, steering, member, other_member
):
    members_report = make_report(audience="leden")
    comment = comment_add(target=members_report, author=member, body="Onder leden")
    advice = make_advice(actor=steering, lead=other_member, status=Status.CONSULTATION)
    on_advice = comment_add(target=advice, author=member, body="Over het advies")

    for target, item in ((members_report, comment), (advice, on_advice)):
        response = api().get(thread(target))
        assert (response.status_code, response.json()) == (401, UNAUTHENTICATED)
        assert api().get(url(item)).status_code == 401
        assert [row["id"] for row in api(member).get(thread(target)).json()["results"]] == [item.pk]
        assert api(member).get(url(item)).status_code == 200

    advice_transition(actor=steering, advice=advice, to="aangeboden")
    # The text is public now, the comments of the consultation stay with members.
    assert api().get(f"/api/v1/advice/{advice.pk}/").json()["body"] == "# Advies\n\nGebruik OOAPI."
    assert api().get(thread(advice)).status_code == 401
    assert api(member).get(thread(advice)).status_code == 200

    draft = make_advice(actor=steering, title="Nog in concept", lead=other_member, status=Status.DRAFT)
    response = api(member).get(thread(draft))
    assert (response.status_code, response.json()) == (403, refused())
    assert api(other_member).get(thread(draft)).json()["results"] == []  # the working group reads its draft
    unpublished = make_report(published=False)
    assert api(member).get(thread(unpublished)).status_code == 403


@pytest.mark.parametrize(
    ("query", "status", "body"),
    [
        ("", 400, lambda: invalid({"target": [required()], "target_id": [required()]})),
        (
            "target=project&target_id=1",
            400,
            lambda: invalid(
                {"target": [django(forms.ChoiceField.default_error_messages["invalid_choice"], value="project")]}
            ),
        ),
        (
            "target=meeting&target_id=abc",
            400,
            lambda: invalid({"target_id": [django(forms.IntegerField.default_error_messages["invalid"])]}),
        ),
        (
            "target=meeting&target_id=0",
            400,
            lambda: invalid({"target_id": [django(MinValueValidator.message, limit_value=1)]}),
        ),
        (
            f"target=meeting&target_id={10**30}",
            400,
            lambda: invalid({"target_id": [django(MaxValueValidator.message, limit_value=2**63 - 1)]}),
        ),
        ("target=meeting&target_id=999", 404, lambda: error(404, "not_found", MSG_NOT_FOUND, MSG_NO_TARGET)),
        ("target=advice&target_id=999", 404, lambda: error(404, "not_found", MSG_NOT_FOUND, MSG_NO_TARGET)),
    ],
)
def test_the_list_needs_a_known_target(api, member, query, status, body):
    response = api(member).get(f"{LIST}?{query}")
    assert (response.status_code, response.json()) == (status, body())


def test_odd_and_unknown_comment_ids_are_a_404(api, member):
    for path in ("999", "abc", "99999999999999999999999"):
        for method in ("get", "patch", "delete"):
            response = getattr(api(member), method)(f"{LIST}{path}/")
            assert (response.status_code, response.json()["code"]) == (404, "not_found"), (method, path)


@pytest.mark.parametrize("count", [1, 3])
def test_list_query_count(api, django_assert_num_queries, report, member, count):
    for n in range(count):
        top = comment_add(target=report, author=UserFactory(), body=f"Reactie {n}")
        for _ in range(count):
            comment_add(target=report, author=UserFactory(), body="Antwoord", parent=top)
    client = api(member)
    # The token and its use, the meeting, the count, the comments with their authors, their replies, the
    # replies' authors, and which of them the member wrote.
    with django_assert_num_queries(8):
        response = client.get(thread(report))
    results = response.json()["results"]
    assert (len(results), sum(len(row["replies"]) for row in results)) == (count, count * count)


# Writing ------------------------------------------------------------------------------------------------


def test_members_comment_on_an_advice_in_consultation_and_reply(api, client, consultation, member, other_member):
    response = api(member).post(LIST, {"target": "advice", "target_id": consultation.pk, "body": "  Helder advies  "})
    comment = Comment.objects.get()
    assert (response.status_code, response.json()) == (
        201,
        {
            "id": comment.pk,
            "target": "advice",
            "target_id": consultation.pk,
            "parent": None,
            "author": {"name": "Gerda Visser", "institution": "Horizon College"},
            "body": "Helder advies",
            "created_at": iso(comment.created_at),
            "edited_at": None,
            "hidden": False,
            "hidden_reason": "",
            "deleted": False,
            "mine": True,
            "replies": [],
        },
    )
    client.force_login(other_member)  # with the browser's session
    data = {"target": "advice", "target_id": consultation.pk, "body": "Eens", "parent": comment.pk}
    response = client.post(LIST, data, content_type="application/json")
    assert (response.status_code, response.json()["parent"]) == (201, comment.pk)
    assert Notification.objects.filter(user=member, kind="comments").count() == 1


def test_bad_comments_are_refused_and_write_nothing(api, steering, consultation, report, member, other_member):
    top = comment_add(target=consultation, author=member, body="Eerste")
    reply = comment_add(target=consultation, author=other_member, body="Antwoord", parent=top)
    elsewhere = comment_add(target=report, author=member, body="Op het verslag")
    hidden = comment_add(target=consultation, author=other_member, body="Weg ermee")
    comment_hide(comment=hidden, actor=steering, reason="")
    draft = make_advice(actor=steering, title="Nog in concept", status=Status.DRAFT)
    before = Comment.objects.count()
    client = api(member)

    def post(**data):
        return client.post(LIST, {"target": "advice", "target_id": consultation.pk, "body": "Reactie", **data})

    level = invalid({"non_field_errors": [MSG_REPLY_LEVEL]}) | {"detail": str(MSG_REPLY_LEVEL)}
    assert (post(parent=reply.pk).status_code, post(parent=reply.pk).json()) == (400, level)
    assert post(parent=elsewhere.pk).json() == level
    assert post(parent=hidden.pk).json() == invalid({"non_field_errors": [MSG_HIDDEN]}) | {"detail": str(MSG_HIDDEN)}
    assert post(parent=999).json() == invalid({"parent": [drf(PrimaryKeyRelatedField, "does_not_exist", pk_value=999)]})
    assert post(parent="eerste").json() == invalid(
        {"parent": [drf(PrimaryKeyRelatedField, "incorrect_type", data_type="str")]}
    )
    assert post(body="   ").json() == invalid({"body": [MSG_EMPTY]})
    assert post(body="x" * 5001).json() == invalid({"body": [drf(CharField, "max_length", max_length=5000)]})
    assert post(body=["Reactie"]).json() == invalid({"body": [drf(CharField, "invalid")]})
    assert post(target_id=999).json() == invalid({"target_id": [MSG_NO_TARGET]})
    assert post(target_id=2**70).json() == invalid({"target_id": [drf(IntegerField, "max_value", max_value=2**63 - 1)]})
    assert post(target="project").json() == invalid({"target": [drf(ChoiceField, "invalid_choice", input="project")]})
    assert post(author=other_member.pk).json() == invalid({"author": [MSG_UNKNOWN_FIELD]})
    assert client.post(LIST, ["Reactie"]).status_code == 400
    response = post(target_id=draft.pk)
    assert (response.status_code, response.json()) == (403, refused(MSG_CLOSED))
    assert (api().post(LIST, {"target": "advice", "target_id": consultation.pk, "body": "Gast"}).json()) == (
        UNAUTHENTICATED
    )
    response = api(member, scope="read").post(LIST, {"target": "advice", "target_id": consultation.pk, "body": "x"})
    assert (response.status_code, response.json()) == (403, refused(MSG_READ_ONLY_TOKEN))
    assert Comment.objects.count() == before


def test_only_the_author_changes_or_deletes_a_comment(api, steering, consultation, member, other_member):
    comment = comment_add(target=consultation, author=member, body="Eerste")
    response = api(member).patch(url(comment), {"body": "Eerste, aangevuld"})
    comment.refresh_from_db()
    assert (response.status_code, response.json()["body"], response.json()["edited_at"]) == (
        200,
        "Eerste, aangevuld",
        iso(comment.edited_at),
    )
    response = api(other_member).patch(url(comment), {"body": "Gekaapt"})
    assert (response.status_code, response.json()) == (403, refused(MSG_NOT_YOURS))
    response = api(other_member).delete(url(comment))
    assert (response.status_code, response.json()) == (403, refused(MSG_NOT_YOURS))
    response = api(member).patch(url(comment), {"body": ""})
    assert (response.status_code, response.json()) == (400, invalid({"body": [MSG_EMPTY]}))
    assert api(member).patch(url(comment), {}).json() == invalid({"body": [drf(CharField, "required")]})
    assert api().patch(url(comment), {"body": "Gast"}).status_code == 401

    comment_add(target=consultation, author=other_member, body="Antwoord", parent=comment)
    assert api(member).delete(url(comment)).status_code == 204
    emptied = api(member).get(thread(consultation)).json()["results"][0]
    assert (emptied["author"], emptied["body"], emptied["deleted"], len(emptied["replies"])) == (None, "", True, 1)
    lone = comment_add(target=consultation, author=member, body="Los")
    assert api(member).delete(url(lone)).status_code == 204
    assert not Comment.objects.filter(pk=lone.pk).exists()

    later = comment_add(target=consultation, author=member, body="Te laat")
    advice_transition(actor=steering, advice=consultation, to="aangeboden")
    response = api(member).patch(url(later), {"body": "Nu nog?"})
    assert (response.status_code, response.json()) == (403, refused(MSG_CLOSED))
    assert Comment.objects.get(pk=later.pk).body == "Te laat"


def test_the_steering_group_hides_an_abusive_comment(api, steering, report, member):
    comment = comment_add(target=report, author=member, body="Scheldwoorden")
    response = api(member).post(url(comment, "hide"), {"reason": "Zelf"})
    assert (response.status_code, response.json()) == (403, refused())
    response = api(steering).post(url(comment, "hide"), {"reason": "x" * 201})
    assert response.json() == invalid({"reason": [drf(CharField, "max_length", max_length=200)]})
    assert Comment.objects.get().hidden_at is None

    response = api(steering).post(url(comment, "hide"), {"reason": "Kwetsend"})
    body = response.json()
    assert (response.status_code, body["hidden"], body["hidden_reason"], body["body"]) == (200, True, "Kwetsend", "")
    hidden = Comment.objects.get()
    assert (hidden.hidden_by, hidden.body) == (steering, "Scheldwoorden")  # kept as the moderation record
    response = api(member).patch(url(comment), {"body": "Netjes"})
    assert (response.status_code, response.json()) == (403, refused(MSG_NOT_YOURS))
    assert api(member).delete(url(comment)).status_code == 403
    assert api(steering).post(url(comment, "hide"), {}).status_code == 200  # the reason may stay empty


def test_a_comment_whose_meeting_was_deleted_is_a_404(api, steering, member):
    meeting = make_report()
    comment = comment_add(target=meeting, author=member, body="Wees")
    Meeting.objects.filter(pk=meeting.pk).delete()  # comments are not deleted with what they were on
    assert api(member).get(url(comment)).status_code == 404
    assert api(member).patch(url(comment), {"body": "Nog steeds"}).status_code == 404
    assert api(member).delete(url(comment)).status_code == 404
    assert api(steering).post(url(comment, "hide"), {"reason": "Weg"}).status_code == 404
    assert Comment.objects.get().body == "Wees"
