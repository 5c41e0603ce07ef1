"""The password-reset and membership forms do the same work for every address: validate, queue one task.

The task looks the address up and sends the mail that fits, so neither the answer, nor the work the request
does (its queries), nor its timing tells whether an address belongs to a member.
"""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from koers.accounts.models import MembershipRequest

from ..background import queued, run_tasks
from ..factories import MembershipRequestFactory

RESET = reverse("accounts:password-reset")
JOIN = reverse("accounts:membership-request")


def post(client, url: str, data: dict, capture) -> tuple[int, str, list[str], list]:
    """Status, redirect, the SQL the request ran (without its values) and the queued tasks."""
    with capture(execute=True), CaptureQueriesContext(connection) as queries:
        response = client.post(url, data)
    statements = [q["sql"].split(" WHERE ")[0] for q in queries.captured_queries]
    return response.status_code, response["Location"], statements, queued()


@pytest.fixture
def fresh_client():
    from django.test import Client  # a new visitor per request: no session or throttle in common

    return Client


def test_reset_queues_the_same_task_for_a_member_and_a_stranger(
    fresh_client, member, task_queue, django_capture_on_commit_callbacks
):
    known = post(fresh_client(), RESET, {"email": "Gerda@Horizon.example"}, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert known[3] == [("password_reset_send", {"email": "gerda@horizon.example", "language": "nl"})]
    run_tasks()
    stranger = post(fresh_client(), RESET, {"email": "onbekend@nergens.example"}, django_capture_on_commit_callbacks)
    assert stranger[3] == [("password_reset_send", {"email": "onbekend@nergens.example", "language": "nl"})]
    assert known[:3] == stranger[:3] == (302, reverse("accounts:password-reset-done"), known[2])
    # The request looks at no account: the task does.
    assert not any('"accounts_user"' in statement for statement in known[2])

    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["gerda@horizon.example"], "Koers: nieuw wachtwoord instellen")
    ]
    assert run_tasks() == 1
    assert len(mail.outbox) == 1  # nothing for an address without an account


def test_membership_form_queues_the_same_task_and_the_task_sends_the_right_mail(
    fresh_client, member, institution, steering, task_queue, django_capture_on_commit_callbacks
):
    MembershipRequestFactory(email="wacht@davinci.example", institution=institution)
    form = {"full_name": "Fatima el Amrani", "job_title": "Informatiemanager"}
    answers = []
    # A member, someone whose request is pending, a newcomer; the tasks each request led to.
    for address, tasks in (("gerda@horizon.example", 2), ("wacht@davinci.example", 2), ("nieuw@davinci.example", 3)):
        answer = post(
            fresh_client(),
            JOIN,
            {**form, "institution": str(institution.pk), "email": address},
            django_capture_on_commit_callbacks,
        )
        assert answer[3] == [
            (
                "membership_request_process",
                {**form, "email": address, "institution_id": institution.pk, "motivation": ""},
            )
        ]
        assert MembershipRequest.objects.count() == 1  # nothing decided in the request
        answers.append(answer[:3])
        assert run_tasks() == tasks  # the request's task, then the mails it queued
    assert answers[0] == answers[1] == answers[2]
    assert answers[0][:2] == (302, reverse("accounts:membership-request-sent"))
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["gerda@horizon.example"], "Je bent al lid van het Netwerk Informatiemanagement mbo"),
        (["wacht@davinci.example"], "Je aanvraag voor het Netwerk Informatiemanagement mbo loopt al"),
        (["nieuw@davinci.example"], "We hebben je aanvraag ontvangen"),
        ([steering.email], "Nieuwe lidmaatschapsaanvraag (Horizon College)"),
    ]
    assert MembershipRequest.objects.filter(email="nieuw@davinci.example", status="pending").count() == 1
