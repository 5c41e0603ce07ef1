"""SURFconext sign-in (OpenID Connect, code flow with PKCE) against a real provider started in the test.

Koers talks to oidc-provider-mock over HTTP exactly as it would to SURFconext: the test plays the browser
(the Django test client) and the person approving the sign-in at the provider (``provider.authorize``).
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock
from urllib.parse import parse_qs, urlparse

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from koers.accounts import oidc
from koers.accounts.audit import AccountAction
from koers.accounts.models import MembershipRequest, SurfconextIdentity, User
from koers.accounts.services import (
    MSG_SURFCONEXT_INACTIVE,
    MSG_SURFCONEXT_INSTITUTION,
    MSG_SURFCONEXT_OTHER_ACCOUNT,
    surfconext_match,
)
from koers.core.models import AuditEvent
from koers.privacy.services import account_delete

from ..factories import PASSWORD, InstitutionFactory
from .helpers import messages_of, sign_in, signed_in_pk
from .oidc_provider import CLIENT_ID, CLIENT_SECRET, HORIZON, Provider, s256

# The provider's authlib warns about its own deprecated internals on every token it issues.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:authlib")

ROOT = Path(__file__).resolve().parents[2]
START = "/account/surfconext/"
CALLBACK = "/account/surfconext/terug/"
REDIRECT_URI = f"http://testserver{CALLBACK}"


@pytest.fixture(scope="module")
def provider():
    running = Provider()
    yield running
    running.stop()


@pytest.fixture
def surfconext(settings, provider):
    """Koers configured for the local provider, as the KOERS_OIDC_* variables would configure it."""
    for name, value in provider.settings().items():
        setattr(settings, name, value)
    return provider


@pytest.fixture(autouse=True)
def horizon_on_surfconext(db, institution):
    """The members' institution signs in through SURFconext with its own schac_home."""
    institution.schac_home = HORIZON
    institution.save(update_fields=["schac_home"])


@pytest.fixture
def albeda(db):
    return InstitutionFactory(name="Albeda", slug="albeda", schac_home="albeda.nl")


def start(client, query: str = "") -> str:
    """Press "Inloggen met SURFconext": returns the provider's authorization URL Koers redirected to."""
    response = client.get(START + query)
    assert response.status_code == 302
    return response["Location"]


def sign_in_with_surfconext(client, provider, sub: str, query: str = ""):
    """The whole round trip: start, approve at the provider as ``sub``, come back. Returns Koers's answer."""
    back = provider.authorize(start(client, query), sub)
    return client.get(back)


def with_query(url: str, **changes: str) -> str:
    parsed = urlparse(url)
    query = {name: values[0] for name, values in parse_qs(parsed.query).items()} | changes
    return parsed._replace(query="&".join(f"{name}={value}" for name, value in query.items())).geturl()


def assert_refused(client, response, message) -> None:
    """Back on the sign-in page with the message, not signed in."""
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert messages_of(response) == [str(message)]
    assert signed_in_pk(client) is None


# --- switched off -----------------------------------------------------------------------------------


def test_without_a_client_id_the_urls_answer_404_and_the_button_is_hidden(client, db, settings):
    settings.OIDC_RP_CLIENT_ID = ""
    assert client.get(START).status_code == 404
    assert client.get(CALLBACK + "?code=abc&state=def").status_code == 404
    page = client.get(reverse("accounts:login"))
    assert page.status_code == 200
    assert page.context["surfconext_enabled"] is False
    assert "SURFconext" not in page.content.decode()


def test_with_a_client_id_the_sign_in_page_shows_the_button(client, surfconext):
    page = client.get(reverse("accounts:login") + "?next=/leden/%3Fq%3Da%26b").content.decode()
    assert (
        '<a href="/account/surfconext/?next=/leden/%3Fq%3Da%26b" role="button" class="secondary">'
        "Inloggen met SURFconext</a>"
    ) in page


# --- the authorization request ----------------------------------------------------------------------


def test_authorization_request_uses_pkce_s256_state_nonce_and_only_the_needed_scopes(client, surfconext, db):
    location = start(client)
    parsed = urlparse(location)
    assert f"{parsed.scheme}://{parsed.netloc}{parsed.path}" == f"{surfconext.url}/oauth2/authorize"
    query = {name: values[0] for name, values in parse_qs(parsed.query).items()}
    assert sorted(query) == [
        "client_id",
        "code_challenge",
        "code_challenge_method",
        "nonce",
        "redirect_uri",
        "response_type",
        "scope",
        "state",
    ]
    assert query["response_type"] == "code"
    assert query["client_id"] == CLIENT_ID
    assert query["scope"] == "openid email profile"
    assert query["redirect_uri"] == REDIRECT_URI
    assert query["code_challenge_method"] == "S256"
    assert len(query["code_challenge"]) == 43
    pending = client.session[oidc.SESSION_STATES][query["state"]]
    assert pending["nonce"] == query["nonce"]
    assert s256(pending["code_verifier"]) == query["code_challenge"]
    assert 43 <= len(pending["code_verifier"]) <= 128


def test_token_request_sends_the_code_verifier_and_the_provider_checks_it(client, surfconext, member):
    surfconext.set_user("sub-gerda", email="gerda@horizon.example", name="Gerda Visser")
    authorize_url = start(client)
    challenge = parse_qs(urlparse(authorize_url).query)["code_challenge"][0]
    client.get(surfconext.authorize(authorize_url, "sub-gerda"))
    token_request = surfconext.guard.token_requests[-1]
    assert token_request["grant_type"] == "authorization_code"
    assert token_request["redirect_uri"] == REDIRECT_URI
    assert s256(token_request["code_verifier"]) == challenge
    assert "client_secret" not in token_request  # sent as HTTP Basic authentication instead
    assert signed_in_pk(client) == str(member.pk)


def test_a_code_verifier_that_does_not_match_is_refused_by_the_provider(client, surfconext, member):
    surfconext.set_user("sub-gerda", email="gerda@horizon.example")
    authorize_url = start(client)
    state = parse_qs(urlparse(authorize_url).query)["state"][0]
    session = client.session
    session[oidc.SESSION_STATES][state]["code_verifier"] = "x" * 64
    session.save()
    response = client.get(surfconext.authorize(authorize_url, "sub-gerda"))
    assert_refused(client, response, oidc.MSG_CODE)


def test_signed_in_member_starting_or_returning_is_sent_home(client, surfconext, member):
    client.force_login(member)
    for url in (START, CALLBACK + "?code=abc&state=def"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("dashboard:home")


# --- known members ----------------------------------------------------------------------------------


def test_known_email_in_any_case_signs_in_and_remembers_the_subject(client, surfconext, member):
    surfconext.set_user(
        "sub-gerda", email="Gerda@Horizon.Example", name="G. Visser", schac_home_organization="horizon.nl"
    )
    response = sign_in_with_surfconext(client, surfconext, "sub-gerda")
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:home")
    assert signed_in_pk(client) == str(member.pk)
    assert client.session["_auth_user_backend"] == "koers.accounts.oidc.SurfconextBackend"
    identity = SurfconextIdentity.objects.get()
    assert (identity.user, identity.issuer, identity.sub) == (member, surfconext.url, "sub-gerda")
    assert oidc.SESSION_STATES in client.session and client.session[oidc.SESSION_STATES] == {}
    # Nothing about the member changed: SURFconext's name is not copied over the profile.
    member.refresh_from_db()
    assert (member.full_name, member.email) == ("Gerda Visser", "gerda@horizon.example")
    # The session works on the next request, through the backend's get_user.
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_the_first_link_is_in_the_audit_log(client, surfconext, member):
    surfconext.set_user("sub-gerda", email="gerda@horizon.example")
    sign_in_with_surfconext(client, surfconext, "sub-gerda")
    event = AuditEvent.objects.get(action=AccountAction.SURFCONEXT_LINKED)
    assert (event.actor, event.target_id, event.data) == (member, str(member.pk), {"schac_home": "horizon.nl"})
    # Later sign-ins use the remembered subject and add nothing.
    client.logout()
    sign_in_with_surfconext(client, surfconext, "sub-gerda")
    assert AuditEvent.objects.filter(action=AccountAction.SURFCONEXT_LINKED).count() == 1


@pytest.mark.parametrize("schac_home", ["albeda.nl", ""])
def test_an_email_address_from_another_institution_is_not_linked(client, surfconext, member, albeda, schac_home):
    """Any identity provider can release any e-mail address: only the member's own institution's is trusted."""
    surfconext.set_user("sub-imposter", email="gerda@horizon.example", schac_home_organization=schac_home)
    assert_refused(client, sign_in_with_surfconext(client, surfconext, "sub-imposter"), MSG_SURFCONEXT_INSTITUTION)
    assert SurfconextIdentity.objects.count() == 0
    assert AuditEvent.objects.filter(action=AccountAction.SURFCONEXT_LINKED).count() == 0


def test_a_member_of_an_institution_without_schac_home_is_not_linked(client, surfconext, member, institution):
    institution.schac_home = ""
    institution.save(update_fields=["schac_home"])
    surfconext.set_user("sub-gerda", email="gerda@horizon.example", schac_home_organization="")
    assert_refused(client, sign_in_with_surfconext(client, surfconext, "sub-gerda"), MSG_SURFCONEXT_INSTITUTION)
    assert SurfconextIdentity.objects.count() == 0


def test_the_subject_is_matched_before_the_email_address(client, surfconext, member):
    SurfconextIdentity.objects.create(user=member, issuer=surfconext.url, sub="sub-gerda")
    surfconext.set_user("sub-gerda", email="g.visser@nieuw-domein.example")
    response = sign_in_with_surfconext(client, surfconext, "sub-gerda")
    assert response["Location"] == reverse("dashboard:home")
    assert signed_in_pk(client) == str(member.pk)
    assert SurfconextIdentity.objects.count() == 1


def test_returns_to_the_page_asked_for_but_never_to_another_site(client, surfconext, member):
    surfconext.set_user("sub-gerda", email="gerda@horizon.example")
    response = sign_in_with_surfconext(client, surfconext, "sub-gerda", "?next=/leden/")
    assert response["Location"] == "/leden/"
    client.logout()
    response = sign_in_with_surfconext(client, surfconext, "sub-gerda", "?next=https://evil.example/")
    assert response["Location"] == reverse("dashboard:home")


def test_inactive_member_is_refused(client, surfconext, member):
    member.is_active = False
    member.save()
    surfconext.set_user("sub-gerda", email="gerda@horizon.example")
    response = sign_in_with_surfconext(client, surfconext, "sub-gerda")
    assert_refused(client, response, MSG_SURFCONEXT_INACTIVE)
    assert SurfconextIdentity.objects.count() == 0


@pytest.mark.parametrize("state", ["inactive", "linked"])
def test_another_institution_learns_nothing_about_the_account(client, surfconext, member, albeda, state):
    if state == "inactive":
        User.objects.filter(pk=member.pk).update(is_active=False)
    else:
        SurfconextIdentity.objects.create(user=member, issuer=surfconext.url, sub="sub-gerda")
    surfconext.set_user("sub-imposter", email="gerda@horizon.example", schac_home_organization="albeda.nl")
    assert_refused(client, sign_in_with_surfconext(client, surfconext, "sub-imposter"), MSG_SURFCONEXT_INSTITUTION)


def test_a_link_written_by_another_sign_in_at_the_same_moment_refuses_this_one(member, institution):
    """Another subject's sign-in linked the member between our check and our insert (the unique key says so)."""
    institution.schac_home = HORIZON
    institution.save(update_fields=["schac_home"])
    match = {"issuer": "https://idp", "email": "gerda@horizon.example", "full_name": "G", "schac_home": HORIZON}
    with mock.patch.object(SurfconextIdentity.objects, "create", side_effect=IntegrityError("one_per_user")):
        with pytest.raises(ValidationError) as refused:
            surfconext_match(sub="sub-second", **match)
    assert refused.value.messages == [str(MSG_SURFCONEXT_OTHER_ACCOUNT)]
    assert SurfconextIdentity.objects.count() == 0
    assert AuditEvent.objects.filter(action=AccountAction.SURFCONEXT_LINKED).count() == 0


def test_linked_member_who_was_deactivated_is_refused(client, surfconext, member):
    SurfconextIdentity.objects.create(user=member, issuer=surfconext.url, sub="sub-gerda")
    User.objects.filter(pk=member.pk).update(is_active=False)
    surfconext.set_user("sub-gerda", email="gerda@horizon.example")
    assert_refused(client, sign_in_with_surfconext(client, surfconext, "sub-gerda"), MSG_SURFCONEXT_INACTIVE)


def test_session_ends_when_the_member_is_deactivated(client, surfconext, member):
    surfconext.set_user("sub-gerda", email="gerda@horizon.example")
    sign_in_with_surfconext(client, surfconext, "sub-gerda")
    assert client.get(reverse("accounts:profile")).status_code == 200
    User.objects.filter(pk=member.pk).update(is_active=False)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_an_erased_member_is_a_new_person_afterwards(client, surfconext, member, albeda):
    SurfconextIdentity.objects.create(user=member, issuer=surfconext.url, sub="sub-gerda")
    account_delete(user=member)
    surfconext.set_user("sub-gerda", email="gerda@horizon.example", name="Gerda Visser")
    response = sign_in_with_surfconext(client, surfconext, "sub-gerda")
    assert response["Location"] == reverse("accounts:membership-request")
    assert signed_in_pk(client) is None
    assert SurfconextIdentity.objects.count() == 0


def test_another_surfconext_account_with_a_linked_members_email_is_refused(client, surfconext, member):
    SurfconextIdentity.objects.create(user=member, issuer=surfconext.url, sub="sub-gerda")
    surfconext.set_user("sub-someone-else", email="gerda@horizon.example")
    response = sign_in_with_surfconext(client, surfconext, "sub-someone-else")
    assert_refused(client, response, MSG_SURFCONEXT_OTHER_ACCOUNT)
    assert list(SurfconextIdentity.objects.values_list("sub", flat=True)) == ["sub-gerda"]


# --- unknown people ---------------------------------------------------------------------------------


def test_unknown_person_gets_a_pre_filled_membership_request_and_no_account(
    client, surfconext, albeda, django_capture_on_commit_callbacks
):
    surfconext.set_user(
        "sub-piet",
        email="Piet.Post@Albeda.nl",
        given_name="Piet",
        family_name="Post",
        schac_home_organization="ALBEDA.nl",
    )
    users_before = User.objects.count()
    response = sign_in_with_surfconext(client, surfconext, "sub-piet")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:membership-request")
    assert signed_in_pk(client) is None
    assert User.objects.count() == users_before
    assert SurfconextIdentity.objects.count() == 0
    assert client.session[oidc.SESSION_PERSON] == {
        "email": "piet.post@albeda.nl",
        "full_name": "Piet Post",
        "schac_home": "albeda.nl",
        "institution_id": albeda.pk,
    }

    page = client.get(response["Location"])
    form = page.context["form"]
    assert form.initial == {"full_name": "Piet Post", "email": "piet.post@albeda.nl", "institution": albeda.pk}
    assert page.context["surfconext_notes"] == [
        "SURFconext heeft je herkend als piet.post@albeda.nl, maar met dit e-mailadres ben je nog geen lid van "
        "het netwerk. Controleer je gegevens, vul je functie in en verstuur je aanvraag."
    ]
    html = page.content.decode()
    assert 'value="Piet Post"' in html
    assert f'<option value="{albeda.pk}" selected>Albeda</option>' in html

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:membership-request"),
            {
                "full_name": "Piet Post",
                "email": "piet.post@albeda.nl",
                "institution": albeda.pk,
                "job_title": "Informatiemanager",
            },
        )
    assert response["Location"] == reverse("accounts:membership-request-sent")
    request = MembershipRequest.objects.get()
    assert (request.full_name, request.email, request.institution) == ("Piet Post", "piet.post@albeda.nl", albeda)
    assert oidc.SESSION_PERSON not in client.session


def test_unknown_institution_is_said_plainly_and_left_to_the_person(client, surfconext, albeda):
    surfconext.set_user(
        "sub-anna", email="anna@onbekend.example", name="Anna de Boer", schac_home_organization="onbekend.example"
    )
    response = sign_in_with_surfconext(client, surfconext, "sub-anna")
    page = client.get(response["Location"])
    assert page.context["form"].initial == {
        "full_name": "Anna de Boer",
        "email": "anna@onbekend.example",
        "institution": None,
    }
    assert page.context["surfconext_notes"][1] == (
        "Je instelling (onbekend.example volgens SURFconext) is nog niet bekend in Koers. Kies je instelling "
        "zelf uit de lijst."
    )
    assert '<option value="" selected>Kies je instelling</option>' in page.content.decode()


def test_missing_institution_claim_is_said_plainly(client, surfconext, db):
    surfconext.set_user("sub-bram", email="bram@ergens.example", name="Bram", schac_home_organization=None)
    page = client.get(sign_in_with_surfconext(client, surfconext, "sub-bram")["Location"])
    assert page.context["surfconext_notes"][1] == str(oidc.MSG_INSTITUTION_MISSING)


def test_no_email_claim_is_refused_with_a_message(client, surfconext, db):
    surfconext.set_user("sub-zonder-mail", name="Zonder Mail")
    response = sign_in_with_surfconext(client, surfconext, "sub-zonder-mail")
    assert_refused(client, response, oidc.MSG_NO_EMAIL)


def test_membership_request_without_surfconext_shows_no_notes(client, db):
    page = client.get(reverse("accounts:membership-request"))
    assert page.context["surfconext_notes"] == []
    assert page.context["form"].initial == {}


# --- failures -----------------------------------------------------------------------------------------


def test_wrong_state_is_refused_before_the_code_is_used(client, surfconext, member):
    surfconext.set_user("sub-gerda", email="gerda@horizon.example")
    back = surfconext.authorize(start(client), "sub-gerda")
    token_requests = len(surfconext.guard.token_requests)
    response = client.get(with_query(back, state="vervalst"))
    assert_refused(client, response, oidc.MSG_STATE)
    assert len(surfconext.guard.token_requests) == token_requests
    page = client.get(response["Location"])
    assert str(oidc.MSG_STATE) in page.content.decode()


@pytest.mark.parametrize("query", ["", "?code=abc", "?state=abc", "?code=&state=", "?code=abc&state=abc"])
def test_missing_or_unknown_state_or_code_is_refused(client, surfconext, db, query):
    assert_refused(client, client.get(CALLBACK + query), oidc.MSG_STATE)


def test_missing_code_with_a_valid_state_is_refused_and_the_state_is_spent(client, surfconext, db):
    state = parse_qs(urlparse(start(client)).query)["state"][0]
    assert_refused(client, client.get(f"{CALLBACK}?state={state}"), oidc.MSG_STATE)
    assert client.session[oidc.SESSION_STATES] == {}


def test_the_same_answer_twice_is_refused_the_second_time(client, surfconext, albeda):
    surfconext.set_user("sub-piet", email="piet@albeda.nl")
    back = surfconext.authorize(start(client), "sub-piet")
    assert client.get(back)["Location"] == reverse("accounts:membership-request")
    assert_refused(client, client.get(back), oidc.MSG_STATE)


def test_a_used_code_is_refused_by_the_provider(client, surfconext, member):
    surfconext.set_user("sub-gerda", email="gerda@horizon.example")
    first = surfconext.authorize(start(client), "sub-gerda")
    client.get(first)
    assert signed_in_pk(client) == str(member.pk)
    client.logout()
    # A fresh sign-in, but someone slips in the code that was already exchanged.
    second = surfconext.authorize(start(client), "sub-gerda")
    used_code = parse_qs(urlparse(first).query)["code"][0]
    response = client.get(with_query(second, code=used_code))
    assert_refused(client, response, oidc.MSG_CODE)


def test_cancelling_at_surfconext(client, surfconext, db):
    back = surfconext.deny(start(client))
    assert parse_qs(urlparse(back).query)["error"] == ["access_denied"]
    assert_refused(client, client.get(back), oidc.MSG_CANCELLED)


def test_other_provider_error_spends_the_state(client, surfconext, db):
    state = parse_qs(urlparse(start(client)).query)["state"][0]
    response = client.get(f"{CALLBACK}?error=temporarily_unavailable&state={state}")
    assert_refused(client, response, oidc.MSG_PROVIDER_ERROR)
    assert client.session[oidc.SESSION_STATES] == {}


def test_token_endpoint_unreachable(client, surfconext, settings, member):
    settings.OIDC_OP_TOKEN_ENDPOINT = "http://127.0.0.1:9/token"  # the discard port: nobody listens
    surfconext.set_user("sub-gerda", email="gerda@horizon.example")
    assert_refused(client, sign_in_with_surfconext(client, surfconext, "sub-gerda"), oidc.MSG_UNAVAILABLE)


def test_token_endpoint_answering_with_an_error_page(client, surfconext, settings, member):
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{surfconext.url}/jwks"  # answers POST with 405
    surfconext.set_user("sub-gerda", email="gerda@horizon.example")
    assert_refused(client, sign_in_with_surfconext(client, surfconext, "sub-gerda"), oidc.MSG_UNAVAILABLE)


def test_id_token_from_another_issuer_is_refused(client, surfconext, settings, member):
    settings.OIDC_OP_ISSUER = "https://connect.surfconext.nl"
    surfconext.set_user("sub-gerda", email="gerda@horizon.example")
    assert_refused(client, sign_in_with_surfconext(client, surfconext, "sub-gerda"), oidc.MSG_INVALID)


def test_id_token_signed_with_another_key_is_refused(client, surfconext, settings, member):
    other = Provider()
    try:
        settings.OIDC_OP_JWKS_ENDPOINT = f"{other.url}/jwks"
        surfconext.set_user("sub-gerda", email="gerda@horizon.example")
        response = sign_in_with_surfconext(client, surfconext, "sub-gerda")
    finally:
        other.stop()
    assert_refused(client, response, oidc.MSG_INVALID)
    assert SurfconextIdentity.objects.count() == 0


@pytest.mark.parametrize(
    ("payload", "userinfo"),
    [
        ({"aud": "iemand-anders", "sub": "s"}, {"sub": "s", "email": "a@b.nl"}),
        ({"aud": ["iemand-anders"], "sub": "s"}, {"sub": "s", "email": "a@b.nl"}),
        ({"aud": CLIENT_ID}, {"sub": "s", "email": "a@b.nl"}),
        ({"aud": CLIENT_ID, "sub": "s"}, {"sub": "t", "email": "a@b.nl"}),
        ({"aud": CLIENT_ID, "sub": "s"}, ["niet", "een", "object"]),
    ],
)
def test_audience_and_subject_are_checked(surfconext, member, monkeypatch, payload, userinfo):
    backend = oidc.SurfconextBackend()
    monkeypatch.setattr(backend, "get_userinfo", lambda *args: userinfo)
    payload = {**payload, "iss": surfconext.url}  # the right issuer: only the audience or subject is wrong
    with pytest.raises(oidc.SurfconextRefused) as refusal:
        backend.get_or_create_user("access", "id", payload)
    assert refusal.value.message == oidc.MSG_INVALID


# --- password sign-in and django-axes -------------------------------------------------------------


def test_password_sign_in_still_works_and_never_reaches_the_provider(client, surfconext, member):
    token_requests = len(surfconext.guard.token_requests)
    response = client.post(
        reverse("accounts:login") + "?code=abc&state=def", {"username": member.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert signed_in_pk(client) == str(member.pk)
    assert client.session["_auth_user_backend"] == "koers.accounts.backends.MemberBackend"
    assert len(surfconext.guard.token_requests) == token_requests


def test_authenticate_with_a_password_skips_the_surfconext_backend(rf, surfconext, member):
    request = rf.post("/", {"code": "abc", "state": "def"})
    assert authenticate(request, username=member.email, password="fout") is None
    assert authenticate(request, username=member.email, password=PASSWORD) == member


def test_refused_surfconext_attempts_do_not_count_as_failed_passwords(client, surfconext, member, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        client.get(CALLBACK + "?code=abc&state=def")
    assert AccessAttempt.objects.count() == 0
    surfconext.set_user("sub-gerda", email="gerda@horizon.example")
    sign_in_with_surfconext(client, surfconext, "sub-gerda")
    assert signed_in_pk(client) == str(member.pk)
    # Logged like a password sign-in.
    assert list(AccessLog.objects.values_list("username", "path_info")) == [(member.email, CALLBACK)]


def test_a_member_locked_out_by_wrong_passwords_can_still_use_surfconext(client, surfconext, member, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, member.email, "fout-wachtwoord")
    assert sign_in(client, member.email, PASSWORD).status_code == 429
    surfconext.set_user("sub-gerda", email="gerda@horizon.example")
    sign_in_with_surfconext(client, surfconext, "sub-gerda")
    assert signed_in_pk(client) == str(member.pk)


# --- configuration from the environment -----------------------------------------------------------


def _settings_in_subprocess(**env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("KOERS_") and k != "DATABASE_URL"}
    environment.update(env)
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps({n: getattr(settings, n) for n in dir(settings) if n.startswith('OIDC_')}))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment | {"DJANGO_SETTINGS_MODULE": "koers.settings"},
        capture_output=True,
        text=True,
    )


def test_settings_default_to_surfconext_and_are_off_without_a_client_id():
    result = _settings_in_subprocess()
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["OIDC_RP_CLIENT_ID"] == ""
    assert values["OIDC_OP_ISSUER"] == "https://connect.surfconext.nl"
    assert values["OIDC_OP_AUTHORIZATION_ENDPOINT"] == "https://connect.surfconext.nl/oidc/authorize"
    assert values["OIDC_OP_TOKEN_ENDPOINT"] == "https://connect.surfconext.nl/oidc/token"
    assert values["OIDC_OP_USER_ENDPOINT"] == "https://connect.surfconext.nl/oidc/userinfo"
    assert values["OIDC_OP_JWKS_ENDPOINT"] == "https://connect.surfconext.nl/oidc/certs"
    assert values["OIDC_RP_SCOPES"] == "openid email profile"
    assert values["OIDC_RP_SIGN_ALGO"] == "RS256"
    assert (values["OIDC_USE_PKCE"], values["OIDC_PKCE_CODE_CHALLENGE_METHOD"]) == (True, "S256")
    assert values["OIDC_CREATE_USER"] is False
    assert values["OIDC_TIMEOUT"] == 10


def test_settings_follow_the_issuer_and_each_endpoint_can_be_overridden():
    result = _settings_in_subprocess(
        KOERS_OIDC_CLIENT_ID="koers.example.nl",
        KOERS_OIDC_CLIENT_SECRET=CLIENT_SECRET,
        KOERS_OIDC_ISSUER="https://connect.test.surfconext.nl/",
        KOERS_OIDC_USERINFO_ENDPOINT="https://userinfo.example.nl/claims",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["OIDC_RP_CLIENT_ID"] == "koers.example.nl"
    assert values["OIDC_OP_ISSUER"] == "https://connect.test.surfconext.nl"
    assert values["OIDC_OP_TOKEN_ENDPOINT"] == "https://connect.test.surfconext.nl/oidc/token"
    assert values["OIDC_OP_USER_ENDPOINT"] == "https://userinfo.example.nl/claims"


@pytest.mark.parametrize(
    ("env", "error"),
    [
        ({"KOERS_OIDC_CLIENT_ID": "koers"}, "KOERS_OIDC_CLIENT_SECRET must be set when KOERS_OIDC_CLIENT_ID is set"),
        ({"KOERS_OIDC_ISSUER": "connect.surfconext.nl"}, "KOERS_OIDC_ISSUER must be an http(s) address"),
        ({"KOERS_OIDC_SCOPES": "email profile"}, "KOERS_OIDC_SCOPES must include openid"),
        (
            {
                "KOERS_DEBUG": "false",
                "KOERS_SECRET_KEY": "k" * 60,
                "KOERS_ALLOWED_HOSTS": "koers.example",
                "KOERS_OIDC_TOKEN_ENDPOINT": "http://connect.surfconext.nl/oidc/token",
            },
            "KOERS_OIDC_TOKEN_ENDPOINT must use https in production",
        ),
    ],
)
def test_bad_settings_stop_the_start_with_a_clear_message(env, error):
    result = _settings_in_subprocess(**env)
    assert result.returncode == 1
    assert error in result.stderr
