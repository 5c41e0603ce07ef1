"""A new member sets a first password through a single-use invitation link."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from koers.accounts.models import Invitation
from koers.accounts.services import (
    MSG_INVITATION_EXPIRED,
    MSG_INVITATION_INVALID,
    MSG_INVITATION_USED,
    invitation_create,
)
from koers.core.models import AuditEvent

from ..factories import UserFactory
from .helpers import messages_of, sign_in, signed_in_pk

NEW_PASSWORD = "kompas-koers-2031"
# Django 5.2's own Dutch wording for a password shorter than the 10 characters settings require.
MSG_TOO_SHORT = "Dit wachtwoord is te kort. De minimale lengte is 10 tekens."


@pytest.fixture
def invited(db, institution):
    user = UserFactory(full_name="Fatima el Amrani", email="fatima@davinci.example", institution=institution)
    user.set_unusable_password()
    user.save()
    return user


@pytest.fixture
def token(invited):
    return invitation_create(user=invited)


def url(token: str) -> str:
    return reverse("accounts:invitation-accept", kwargs={"token": token})


def post(client, token: str, password1: str, password2: str | None = None):
    return client.post(url(token), {"new_password1": password1, "new_password2": password2 or password1})


def test_valid_token_shows_form(client, token, invited):
    response = client.get(url(token))
    assert response.status_code == 200
    assert set(response.context["form"].fields) == {"new_password1", "new_password2"}
    assert "Welkom, Fatima el Amrani. Je logt straks in met fatima@davinci.example." in response.content.decode()


def test_only_the_hash_is_stored(token):
    assert Invitation.objects.get().token_hash != token
    assert len(Invitation.objects.get().token_hash) == 64


def test_accept_sets_password_and_marks_used(client, token, invited):
    response = post(client, token, NEW_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    assert messages_of(response) == ["Welkom! Je wachtwoord is ingesteld. Vul je profiel aan en kies wat je deelt."]
    assert signed_in_pk(client) == str(invited.pk)  # signed in straight away
    client.logout()
    invitation = Invitation.objects.get()
    assert invitation.used_at is not None
    invited.refresh_from_db()
    assert invited.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get(action="invitation.accepted")
    assert (event.actor, event.target_id) == (invited, str(invited.pk))

    sign_in(client, "fatima@davinci.example", NEW_PASSWORD)
    assert signed_in_pk(client) == str(invited.pk)


def test_reuse_is_410(client, token, invited):
    post(client, token, NEW_PASSWORD)
    for response in (client.get(url(token)), post(client, token, "een-ander-wachtwoord-7")):
        assert response.status_code == 410
        assert response.context["message"] == str(MSG_INVITATION_USED)
        assert str(MSG_INVITATION_USED) in response.content.decode()
    invited.refresh_from_db()
    assert invited.check_password(NEW_PASSWORD)


def test_expired(client, token, invited):
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    for response in (client.get(url(token)), post(client, token, NEW_PASSWORD)):
        assert response.status_code == 410
        assert response.context["message"] == str(MSG_INVITATION_EXPIRED)
    assert Invitation.objects.get().used_at is None
    invited.refresh_from_db()
    assert invited.has_usable_password() is False


def test_bogus_token(client, token, invited):
    for response in (client.get(url("bogus-token")), post(client, "bogus-token", NEW_PASSWORD)):
        assert response.status_code == 410
        assert response.context["message"] == str(MSG_INVITATION_INVALID)
        assert str(MSG_INVITATION_INVALID) in response.content.decode()
    assert Invitation.objects.get().used_at is None


def test_invitation_of_inactive_user_is_invalid(client, token, invited):
    invited.is_active = False
    invited.save()
    response = client.get(url(token))
    assert response.status_code == 410
    assert response.context["message"] == str(MSG_INVITATION_INVALID)


def test_too_short_password_is_refused_in_dutch(client, token, invited):
    response = post(client, token, "kort-7")

    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"] == [MSG_TOO_SHORT]
    assert MSG_TOO_SHORT in response.content.decode()
    assert Invitation.objects.get().used_at is None
    invited.refresh_from_db()
    assert invited.has_usable_password() is False
    assert AuditEvent.objects.filter(action="invitation.accepted").count() == 0


def test_mismatched_passwords_are_refused(client, token, invited):
    response = post(client, token, NEW_PASSWORD, NEW_PASSWORD + "x")
    assert response.context["form"].errors["new_password2"] == ["De twee wachtwoordvelden komen niet overeen."]
    assert Invitation.objects.get().used_at is None
