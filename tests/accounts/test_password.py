"""Resetting a forgotten password and changing a known one."""

import re

from django.contrib.auth.forms import PasswordChangeForm
from django.test import TestCase
from django.urls import reverse

from koers.core.models import AuditEvent

from ..factories import PASSWORD
from .helpers import messages_of, sign_in, signed_in_pk

NEW_PASSWORD = "nieuw-kompas-2031"
MSG_TOO_SHORT = "Dit wachtwoord is te kort. De minimale lengte is 10 tekens."
LINK = re.compile(r"http://127\.0\.0\.1:8000(/account/wachtwoord-herstellen/[^/\s]+/[^/\s]+/)")


def request_reset(client, email: str):
    """Ask for a link; the queued task runs once the request's work commits, as with a worker."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("accounts:password-reset"), {"email": email})


def test_reset_sends_one_mail_with_a_working_link(client, member, mailoutbox):
    response = request_reset(client, "Gerda@Horizon.example")

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password-reset-done")
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["gerda@horizon.example"]
    assert mail.subject == "Koers: nieuw wachtwoord instellen"
    assert mail.body.startswith("Beste Gerda Visser,")
    link = LINK.search(mail.body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"] is True
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password-reset-complete")

    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    assert sign_in(client, member.email, PASSWORD).status_code == 200
    assert signed_in_pk(client) is None
    sign_in(client, member.email, NEW_PASSWORD)
    assert signed_in_pk(client) == str(member.pk)

    # The link works once.
    assert client.get(link, follow=True).context["validlink"] is False


def test_reset_refuses_a_too_short_password_in_dutch(client, member, mailoutbox):
    request_reset(client, member.email)
    set_url = client.get(LINK.search(mailoutbox[0].body).group(1), follow=True).redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": "kort-7", "new_password2": "kort-7"})
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"] == [MSG_TOO_SHORT]
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_reset_for_unknown_email_sends_nothing_but_looks_the_same(client, member, mailoutbox):
    response = request_reset(client, "onbekend@nergens.example")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password-reset-done")
    assert len(mailoutbox) == 0
    done = client.get(response["Location"])
    assert "Als dit e-mailadres bij een lid hoort" in done.content.decode()


def test_reset_for_inactive_member_sends_nothing(client, member, mailoutbox):
    member.is_active = False
    member.save()
    request_reset(client, member.email)
    assert len(mailoutbox) == 0


def test_password_change_is_audited(member_client, member):
    response = member_client.post(
        reverse("accounts:password-change"),
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    assert messages_of(response) == ["Je wachtwoord is gewijzigd."]
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.target_type, event.target_id) == (
        "password.changed",
        member,
        "accounts.user",
        str(member.pk),
    )
    # Still signed in after the change.
    assert signed_in_pk(member_client) == str(member.pk)


def test_password_change_with_wrong_old_password_changes_nothing(member_client, member):
    response = member_client.post(
        reverse("accounts:password-change"),
        {
            "old_password": "fout",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["old_password"] == [
        str(PasswordChangeForm.error_messages["password_incorrect"])
    ]
    assert response.context["form"].errors["old_password"] == [
        "Uw oude wachtwoord is niet juist ingevoerd. Voer het opnieuw in."
    ]
    member.refresh_from_db()
    assert member.check_password(PASSWORD)
    assert AuditEvent.objects.count() == 0


def test_password_change_refuses_a_too_short_password_in_dutch(member_client, member):
    response = member_client.post(
        reverse("accounts:password-change"),
        {
            "old_password": PASSWORD,
            "new_password1": "kort-7",
            "new_password2": "kort-7",
        },
    )
    assert response.context["form"].errors["new_password2"] == [MSG_TOO_SHORT]
    assert AuditEvent.objects.count() == 0
