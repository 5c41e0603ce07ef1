"""Invitations can be sent again; e-mails carry text verbatim; a failing mail server loses nothing."""

from django.core import mail
from django.urls import reverse

from koers.accounts.models import Invitation, MembershipRequest
from koers.accounts.services import (
    MSG_INVITATION_INVALID,
    MSG_INVITATION_NOT_NEEDED,
    MSG_INVITATION_NOT_POSSIBLE,
    membership_request_approve,
    membership_request_reject,
)
from koers.core.models import AuditEvent

from ..factories import MembershipRequestFactory

LINK_PREFIX = "http://127.0.0.1:8000/account/uitnodiging/"


def _link(message) -> str:
    line = next(line for line in message.body.splitlines() if line.startswith(LINK_PREFIX))
    return line.removeprefix("http://127.0.0.1:8000")


def test_resend_replaces_the_old_link(client, steering, institution, django_capture_on_commit_callbacks):
    request = MembershipRequestFactory(institution=institution)
    with django_capture_on_commit_callbacks(execute=True):
        user = membership_request_approve(actor=steering, membership_request=request)
    first = _link(mail.outbox[0])
    client.force_login(steering)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:invitation-resend", kwargs={"pk": request.pk}))
    assert response.status_code == 302
    assert len(mail.outbox) == 2 and mail.outbox[1].to == [user.email]
    second = _link(mail.outbox[1])
    assert second != first
    assert Invitation.objects.filter(user=user).count() == 1
    assert AuditEvent.objects.filter(action="invitation.sent", target_id=str(user.pk)).count() == 1
    client.logout()
    old = client.get(first)
    assert old.status_code == 410 and str(MSG_INVITATION_INVALID) in old.content.decode()
    assert client.get(second).status_code == 200


def test_resend_is_refused_when_a_password_is_set_or_the_request_is_pending(client, steering, institution):
    approved = MembershipRequestFactory(institution=institution)
    user = membership_request_approve(actor=steering, membership_request=approved)
    user.set_password("een-goed-wachtwoord-42")
    user.save()
    pending = MembershipRequestFactory(institution=institution)
    client.force_login(steering)
    before = Invitation.objects.count()
    for request, message in [(approved, MSG_INVITATION_NOT_NEEDED), (pending, MSG_INVITATION_NOT_POSSIBLE)]:
        response = client.post(reverse("accounts:invitation-resend", kwargs={"pk": request.pk}), follow=True)
        assert [str(m) for m in response.context["messages"]] == [str(message)]
    assert Invitation.objects.count() == before


def test_detail_page_offers_resend_only_while_no_password_is_set(client, steering, institution):
    request = MembershipRequestFactory(institution=institution)
    user = membership_request_approve(actor=steering, membership_request=request)
    client.force_login(steering)
    url = reverse("accounts:membership-request-detail", kwargs={"pk": request.pk})
    assert "Nieuwe uitnodiging sturen" in client.get(url).content.decode()
    user.set_password("een-goed-wachtwoord-42")
    user.save()
    assert "Nieuwe uitnodiging sturen" not in client.get(url).content.decode()


def test_plain_text_mail_is_not_html_escaped(steering, institution, django_capture_on_commit_callbacks):
    request = MembershipRequestFactory(institution=institution, full_name="Jan van 't Hof")
    with django_capture_on_commit_callbacks(execute=True):
        membership_request_reject(actor=steering, membership_request=request, reason="Geen mbo & geen IM'er")
    body = mail.outbox[0].body
    assert "Beste Jan van 't Hof," in body
    assert "Geen mbo & geen IM'er" in body
    assert "&amp;" not in body and "&#x27;" not in body


def test_failing_mail_server_does_not_undo_or_break_the_action(
    client, steering, institution, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.accounts.failing_mail.Backend"
    request = MembershipRequestFactory(institution=institution)
    client.force_login(steering)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:membership-request-approve", kwargs={"pk": request.pk}))
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == MembershipRequest.Status.APPROVED
