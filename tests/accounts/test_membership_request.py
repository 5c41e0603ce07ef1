"""Applying for membership through the public form."""

import pytest
from django import forms
from django.core.validators import EmailValidator
from django.urls import reverse
from django.utils.html import escape

from koers.accounts.forms import MSG_UNKNOWN_INSTITUTION
from koers.accounts.models import MembershipRequest, User
from koers.accounts.views import MSG_TOO_MANY_REQUESTS, REQUESTS_PER_HOUR
from koers.core.models import AuditEvent
from koers.notifications.models import Kind, Notification

from ..factories import MembershipRequestFactory

URL = reverse("accounts:membership-request")
MSG_REQUIRED = str(forms.Field.default_error_messages["required"])
MSG_INVALID_EMAIL = str(EmailValidator.message)


@pytest.fixture
def data(institution):
    return {
        "full_name": "  Fatima el Amrani ",
        "email": "Fatima.ElAmrani@Davinci.example",
        "institution": str(institution.pk),
        "job_title": "Informatiemanager",
        "motivation": "Ik wil meedenken over Npuls.",
    }


def counts() -> tuple[int, int, int, int]:
    return (
        MembershipRequest.objects.count(),
        AuditEvent.objects.count(),
        Notification.objects.count(),
        User.objects.count(),
    )


def test_submit_creates_pending_request_audit_and_notifies_steering_group(
    client, data, institution, steering, chair, member, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, data)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:membership-request-sent")
    request = MembershipRequest.objects.get()
    assert (request.full_name, request.email, request.institution, request.job_title, request.motivation) == (
        "Fatima el Amrani",
        "fatima.elamrani@davinci.example",
        institution,
        "Informatiemanager",
        "Ik wil meedenken over Npuls.",
    )
    assert request.status == MembershipRequest.Status.PENDING
    assert (request.decided_at, request.decided_by, request.user) == (None, None, None)

    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.target_type, event.target_id) == (
        "membership.requested",
        None,
        "accounts.membershiprequest",
        str(request.pk),
    )

    notifications = Notification.objects.order_by("user__full_name")
    assert [n.user for n in notifications] == [chair, steering]
    detail = reverse("accounts:membership-request-detail", kwargs={"pk": request.pk})
    for notification in notifications:
        assert notification.kind == Kind.MEMBERSHIP
        assert notification.subject == "Nieuwe lidmaatschapsaanvraag (Horizon College)"
        assert notification.body == "Een aanvraag vanuit Horizon College wacht op beoordeling."
        assert notification.url == detail
    # An ordinary member is not told.
    assert not Notification.objects.filter(user=member).exists()
    # The applicant gets a receipt; the steering group gets its notifications by e-mail; replies reach them.
    receipt = next(m for m in mailoutbox if m.to == ["fatima.elamrani@davinci.example"])
    assert receipt.subject == "We hebben je aanvraag ontvangen"
    assert receipt.reply_to == ["regiegroep@koers.example"]
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        ["fatima.elamrani@davinci.example", chair.email, steering.email]
    )


def test_sent_page_is_public(client, db):
    response = client.get(reverse("accounts:membership-request-sent"))
    assert response.status_code == 200
    assert "Aanvraag ontvangen" in response.content.decode()


def _assert_refused(response, field: str, message: str, before) -> None:
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert escape(message) in response.content.decode()
    assert counts() == before


def test_invalid_email_is_refused(client, data, steering):
    before = counts()
    response = client.post(URL, {**data, "email": "geen-e-mailadres"})
    _assert_refused(response, "email", MSG_INVALID_EMAIL, before)


def _assert_same_answer_and_one_mail(response, before, mailoutbox, subject: str) -> None:
    # The visitor sees exactly what a new applicant sees: the form reveals nothing about who is a member.
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:membership-request-sent")
    assert counts() == before
    assert [(m.to, m.subject) for m in mailoutbox] == [(["fatima.elamrani@davinci.example"], subject)]


def test_email_of_existing_member_gets_the_same_answer_and_a_hint_by_mail(
    client, data, steering, mailoutbox, django_capture_on_commit_callbacks
):
    from ..factories import UserFactory

    UserFactory(email="fatima.elamrani@davinci.example")
    before = counts()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {**data, "email": "FATIMA.elamrani@Davinci.example"})
    _assert_same_answer_and_one_mail(
        response, before, mailoutbox, "Je bent al lid van het Netwerk Informatiemanagement mbo"
    )
    assert "Log in met je e-mailadres en wachtwoord" in mailoutbox[0].body


def test_email_with_pending_request_gets_the_same_answer_and_a_mail(
    client, data, steering, mailoutbox, django_capture_on_commit_callbacks
):
    MembershipRequestFactory(email="fatima.elamrani@davinci.example")
    before = counts()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, data)
    _assert_same_answer_and_one_mail(
        response, before, mailoutbox, "Je aanvraag voor het Netwerk Informatiemanagement mbo loopt al"
    )


def test_too_many_requests_from_one_address_are_refused(client, data, steering):
    for n in range(REQUESTS_PER_HOUR):
        response = client.post(URL, {**data, "email": f"aanvrager{n}@college.example"})
        assert response.status_code == 302
    before = counts()
    response = client.post(URL, {**data, "email": "nog.een@college.example"})
    assert response.status_code == 429
    assert escape(str(MSG_TOO_MANY_REQUESTS)) in response.content.decode()
    assert counts() == before


def test_email_with_decided_request_may_apply_again(client, data, steering, django_capture_on_commit_callbacks):
    MembershipRequestFactory(email="fatima.elamrani@davinci.example", status=MembershipRequest.Status.REJECTED)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, data)
    assert response.status_code == 302
    assert MembershipRequest.objects.filter(status=MembershipRequest.Status.PENDING).count() == 1


def test_unknown_institution_is_refused(client, data, steering):
    before = counts()
    response = client.post(URL, {**data, "institution": "999999"})
    _assert_refused(response, "institution", str(MSG_UNKNOWN_INSTITUTION), before)


def test_missing_name_is_refused(client, data, steering):
    before = counts()
    response = client.post(URL, {**data, "full_name": "   "})
    _assert_refused(response, "full_name", MSG_REQUIRED, before)


def test_signed_in_member_is_redirected(member_client):
    for response in (member_client.get(URL), member_client.post(URL, {"full_name": "X"})):
        assert response.status_code == 302
        assert response["Location"] == reverse("dashboard:home")
    assert MembershipRequest.objects.count() == 0


def test_guest_sees_the_form(client, institution):
    response = client.get(URL)
    assert response.status_code == 200
    assert f'<option value="{institution.pk}">Horizon College</option>' in response.content.decode()


def test_simultaneous_request_for_same_address_writes_one_request(db, institution):
    from unittest import mock

    from koers.accounts.services import membership_request_submit

    MembershipRequestFactory(email="race@college.example", institution=institution)
    # The other request commits between our check and our insert: the check sees nothing, the database refuses.
    with mock.patch("koers.accounts.services.MembershipRequest.objects.filter") as filtered:
        filtered.return_value.exists.return_value = False
        result = membership_request_submit(
            full_name="Race", email="race@college.example", institution=institution, job_title="IM"
        )
    assert result is None
    assert MembershipRequest.objects.count() == 1
