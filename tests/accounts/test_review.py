"""The steering group approves or rejects membership requests."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from koers.accounts.models import Invitation, MembershipRequest, User, first_meeting_year_end
from koers.accounts.services import MSG_EMAIL_IS_MEMBER, MSG_REQUEST_DECIDED
from koers.core.models import AuditEvent

from ..factories import MembershipRequestFactory, UserFactory
from .helpers import messages_of


@pytest.fixture
def application(institution):
    return MembershipRequestFactory(
        full_name="Fatima el Amrani",
        email="fatima@davinci.example",
        institution=institution,
        job_title="Adviseur informatiemanagement",
    )


def approve(client, application):
    return client.post(reverse("accounts:membership-request-approve", kwargs={"pk": application.pk}))


def reject(client, application, reason):
    return client.post(reverse("accounts:membership-request-reject", kwargs={"pk": application.pk}), {"reason": reason})


def test_approve_creates_member_and_sends_one_invitation(
    client_for, steering, application, institution, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = approve(client_for(steering), application)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:membership-request-list")
    assert messages_of(response) == ["Fatima el Amrani is goedgekeurd en heeft een uitnodiging gekregen."]

    user = User.objects.get(email="fatima@davinci.example")
    assert (user.full_name, user.institution, user.job_title, user.is_active) == (
        "Fatima el Amrani",
        institution,
        "Adviseur informatiemanagement",
        True,
    )
    assert user.new_until == first_meeting_year_end(timezone.localdate())
    assert user.is_new is True
    assert user.has_usable_password() is False

    application.refresh_from_db()
    assert application.status == MembershipRequest.Status.APPROVED
    assert application.decided_by == steering
    assert application.decided_at is not None
    assert application.user == user

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["fatima@davinci.example"]
    assert mail.subject == "Welkom bij Koers: kies je wachtwoord"
    match = re.search(re.escape(settings.SITE_URL) + r"/account/uitnodiging/([\w-]+)/", mail.body)
    assert match is not None
    assert Invitation.objects.get().user == user
    assert f"{settings.INVITATION_VALID_DAYS} dagen geldig" in mail.body

    # The link in the mail opens the password form.
    page = Client().get(reverse("accounts:invitation-accept", kwargs={"token": match.group(1)}))
    assert page.status_code == 200

    event = AuditEvent.objects.get(action="membership.approved")
    assert (event.actor, event.target_id, event.data) == (steering, str(application.pk), {"user": user.pk})


def test_approve_twice_gives_decided_message_and_no_second_user(
    client_for, steering, chair, application, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        approve(client_for(steering), application)
        response = approve(client_for(chair), application)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:membership-request-detail", kwargs={"pk": application.pk})
    assert messages_of(response) == [str(MSG_REQUEST_DECIDED)]
    assert User.objects.filter(email="fatima@davinci.example").count() == 1
    assert Invitation.objects.count() == 1
    assert len(mailoutbox) == 1
    assert AuditEvent.objects.filter(action="membership.approved").count() == 1
    application.refresh_from_db()
    assert application.decided_by == steering


def test_approve_when_email_became_a_member_meanwhile(client_for, steering, application, mailoutbox):
    UserFactory(email="fatima@davinci.example")
    response = approve(client_for(steering), application)
    assert messages_of(response) == [str(MSG_EMAIL_IS_MEMBER)]
    application.refresh_from_db()
    assert application.status == MembershipRequest.Status.PENDING
    assert User.objects.filter(email="fatima@davinci.example").count() == 1
    assert len(mailoutbox) == 0


def test_member_cannot_approve(client_for, member, application):
    response = approve(client_for(member), application)
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == MembershipRequest.Status.PENDING
    assert User.objects.filter(email="fatima@davinci.example").count() == 0


def test_approve_by_get_is_not_allowed(client_for, steering, application):
    response = client_for(steering).get(reverse("accounts:membership-request-approve", kwargs={"pk": application.pk}))
    assert response.status_code == 405
    assert User.objects.filter(email="fatima@davinci.example").count() == 0


def test_reject_without_reason_is_400_and_changes_nothing(
    client_for, steering, application, mailoutbox, django_capture_on_commit_callbacks
):
    audits = AuditEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = reject(client_for(steering), application, "   ")
    assert response.status_code == 400
    assert response.context["reject_form"].errors["reason"] == ["Dit veld is verplicht."]
    application.refresh_from_db()
    assert (application.status, application.decision_reason, application.decided_by) == (
        MembershipRequest.Status.PENDING,
        "",
        None,
    )
    assert AuditEvent.objects.count() == audits
    assert len(mailoutbox) == 0


def test_reject_with_reason(client_for, steering, application, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = reject(client_for(steering), application, " Geen mbo-instelling. ")

    assert response.status_code == 302
    assert messages_of(response) == ["De aanvraag van Fatima el Amrani is afgewezen."]
    application.refresh_from_db()
    assert application.status == MembershipRequest.Status.REJECTED
    assert application.decision_reason == "Geen mbo-instelling."
    assert application.decided_by == steering
    assert application.decided_at is not None
    assert User.objects.filter(email="fatima@davinci.example").count() == 0

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["fatima@davinci.example"]
    assert mailoutbox[0].subject == "Je aanvraag voor het Netwerk Informatiemanagement mbo"
    assert "\nGeen mbo-instelling.\n" in mailoutbox[0].body

    event = AuditEvent.objects.get(action="membership.rejected")
    assert (event.actor, event.target_id, event.data) == (
        steering,
        str(application.pk),
        {"reason": "Geen mbo-instelling."},
    )


def test_reject_after_approval_is_refused(
    client_for, steering, application, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        approve(client_for(steering), application)
        response = reject(client_for(steering), application, "Toch niet")
    assert messages_of(response) == [str(MSG_REQUEST_DECIDED)]
    application.refresh_from_db()
    assert (application.status, application.decision_reason) == (MembershipRequest.Status.APPROVED, "")
    assert len(mailoutbox) == 1


def test_list_shows_pending_and_decided(client_for, steering, application, institution):
    decided = MembershipRequestFactory(
        full_name="Oud Verzoek",
        institution=institution,
        status=MembershipRequest.Status.REJECTED,
        decided_at=timezone.now(),
        decided_by=steering,
    )
    response = client_for(steering).get(reverse("accounts:membership-request-list"))
    assert response.status_code == 200
    assert response.context["pending"] == [application]
    assert list(response.context["page_obj"].object_list) == [decided]
