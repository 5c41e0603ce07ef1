"""The profile page where a member creates, sees and revokes personal access tokens."""

import datetime

import pytest
from django.utils import timezone

from koers.api.models import AccessToken, token_hash
from koers.api.services import MSG_EXPIRY_TOO_FAR

from .conftest import make_token

pytestmark = pytest.mark.django_db
URL = "/account/tokens/"


def test_a_new_token_is_shown_once_and_stored_hashed(client, member):
    client.force_login(member)
    expires = timezone.localdate() + datetime.timedelta(days=10)
    response = client.post(URL, {"name": "Portfolio-sync", "scope": "read", "expires_on": expires.isoformat()})
    assert response.status_code == 200
    token = AccessToken.objects.get()
    raw = response.context["created"]
    assert token_hash(raw) == token.token_hash
    assert (token.user, token.name, token.scope) == (member, "Portfolio-sync", "read")
    assert raw in response.content.decode()
    again = client.get(URL).content.decode()
    assert raw not in again
    assert "Portfolio-sync" in again and f"{token.hint}…" in again


def test_bad_input_keeps_the_form_and_writes_nothing(client, member):
    client.force_login(member)
    too_far = timezone.localdate() + datetime.timedelta(days=400)
    response = client.post(URL, {"name": "x", "scope": "alles", "expires_on": too_far.isoformat()})
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "scope": ["Selecteer een geldige keuze. alles is geen beschikbare keuze."]
    }
    response = client.post(URL, {"name": "x", "scope": "read", "expires_on": too_far.isoformat()})
    assert response.status_code == 400
    assert response.context["form"].errors == {"expires_on": [str(MSG_EXPIRY_TOO_FAR)]}
    assert AccessToken.objects.count() == 0


def test_revoking_asks_first_and_then_the_token_stops_working(client, member):
    raw = make_token(member, name="Oud script")
    token = AccessToken.objects.get()
    client.force_login(member)
    url = f"{URL}{token.pk}/intrekken/"
    assert "Oud script" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    client.logout()
    assert client.get("/api/v1/themes/", headers={"Authorization": f"Bearer {raw}"}).status_code == 401
    client.force_login(member)
    assert client.get(url).status_code == 404  # revoked once


def test_nobody_sees_or_revokes_another_members_token(client, member, other_member):
    make_token(member, name="Van Gerda")
    token = AccessToken.objects.get()
    client.force_login(other_member)
    assert "Van Gerda" not in client.get(URL).content.decode()
    assert client.post(f"{URL}{token.pk}/intrekken/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_erasing_an_account_removes_its_tokens(member, other_member):
    from koers.privacy.services import account_delete

    make_token(member)
    make_token(other_member)
    account_delete(user=member)
    assert list(AccessToken.objects.values_list("user__email", flat=True)) == [other_member.email]
