"""Tokens, authentication, scope, the error body, languages and rate limits: what every endpoint shares."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from koers.api.authentication import (
    MSG_ACCOUNT_INACTIVE,
    MSG_TOKEN_EXPIRED,
    MSG_TOKEN_MALFORMED,
    MSG_TOKEN_REVOKED,
    MSG_TOKEN_UNKNOWN,
)
from koers.api.errors import MSG_FORBIDDEN, MSG_INVALID, MSG_MALFORMED
from koers.api.models import AccessToken, token_hash
from koers.api.permissions import MSG_READ_ONLY_TOKEN
from koers.api.services import (
    MAX_ACTIVE_TOKENS,
    MSG_EXPIRY_PAST,
    MSG_EXPIRY_TOO_FAR,
    MSG_NAME_TAKEN,
    MSG_TOO_MANY,
    token_create,
    token_revoke,
)
from koers.portfolio.models import Project

from ..factories import ThemeFactory
from .conftest import JsonClient, make_token

pytestmark = pytest.mark.django_db
PROJECTS = "/api/v1/projects/"
INSTITUTIONS = "/api/v1/institutions/"


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def bearer(raw: str, **headers) -> JsonClient:
    return JsonClient(headers={"Authorization": f"Bearer {raw}", **headers})


# Tokens --------------------------------------------------------------------------------------------


def test_a_token_is_stored_only_as_its_hash(member):
    token, raw = token_create(user=member, name=" Koppeling ", scope="read", expires_on=in_days(30))
    assert raw.startswith("koers_") and len(raw) == 6 + 43
    token.refresh_from_db()
    assert token.token_hash == token_hash(raw)
    assert raw not in (token.token_hash, token.hint)
    assert token.hint == raw[:10]
    assert token.name == "Koppeling"
    assert timezone.localtime(token.expires_at) == timezone.make_aware(
        datetime.datetime.combine(in_days(31), datetime.time.min)
    )


@pytest.mark.parametrize(("days", "message"), [(0, MSG_EXPIRY_PAST), (-1, MSG_EXPIRY_PAST), (367, MSG_EXPIRY_TOO_FAR)])
def test_a_token_expires_after_today_and_within_a_year(member, days, message):
    with pytest.raises(Exception) as error:
        token_create(user=member, name="x", scope="read", expires_on=in_days(days))
    assert error.value.message_dict == {"expires_on": [str(message)]}
    assert AccessToken.objects.count() == 0


def test_names_are_unique_among_valid_tokens_and_their_number_is_limited(member):
    token, _raw = token_create(user=member, name="Script", scope="read", expires_on=in_days(5))
    with pytest.raises(Exception) as error:
        token_create(user=member, name="script", scope="read", expires_on=in_days(5))
    assert error.value.message_dict == {"name": [str(MSG_NAME_TAKEN)]}
    token_revoke(token=token)
    token_create(user=member, name="Script", scope="read", expires_on=in_days(5))  # a revoked name is free again
    for number in range(MAX_ACTIVE_TOKENS - 1):
        token_create(user=member, name=f"t{number}", scope="read", expires_on=in_days(5))
    with pytest.raises(Exception) as error:
        token_create(user=member, name="one more", scope="read", expires_on=in_days(5))
    assert error.value.messages == [MSG_TOO_MANY % {"count": MAX_ACTIVE_TOKENS}]
    assert AccessToken.objects.filter(user=member).count() == MAX_ACTIVE_TOKENS + 1


# Authentication ------------------------------------------------------------------------------------


def test_a_valid_token_signs_in_and_records_its_last_use(member):
    raw = make_token(member, scope="read")
    response = bearer(raw).get(INSTITUTIONS)
    assert response.status_code == 200
    assert response.json()["count"] == 1
    token = AccessToken.objects.get()
    assert token.last_used_at is not None
    first_use = token.last_used_at
    bearer(raw).get(INSTITUTIONS)
    token.refresh_from_db()
    assert token.last_used_at == first_use  # written at most once a minute


def _refused(response, message) -> None:
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    body = response.json()
    assert body["code"] == "authentication_failed"
    assert body["detail"] == str(message)


def test_revoked_expired_unknown_and_malformed_tokens_are_refused(member):
    raw = make_token(member)
    token = AccessToken.objects.get()
    token_revoke(token=token)
    _refused(bearer(raw).get(INSTITUTIONS), MSG_TOKEN_REVOKED)

    raw = make_token(member)
    AccessToken.objects.filter(revoked_at__isnull=True).update(expires_at=timezone.now())
    _refused(bearer(raw).get(INSTITUTIONS), MSG_TOKEN_EXPIRED)

    _refused(bearer("koers_" + "x" * 43).get(INSTITUTIONS), MSG_TOKEN_UNKNOWN)
    _refused(bearer("abc").get(INSTITUTIONS), MSG_TOKEN_MALFORMED)
    _refused(JsonClient(headers={"Authorization": "Bearer"}).get(INSTITUTIONS), MSG_TOKEN_MALFORMED)


def test_a_token_of_a_deactivated_account_is_refused(member):
    raw = make_token(member)
    member.is_active = False
    member.save()
    _refused(bearer(raw).get(INSTITUTIONS), MSG_ACCOUNT_INACTIVE)


def test_a_guest_is_asked_to_sign_in(api):
    response = api().get(INSTITUTIONS)
    assert response.status_code == 401
    assert response.json() == {
        "status": 401,
        "code": "not_authenticated",
        "message": {
            "nl": "Log in, of stuur een persoonlijk toegangstoken mee.",
            "en": "Log in, or send a personal access token.",
        },
        "detail": "Log in, of stuur een persoonlijk toegangstoken mee.",
    }


def test_a_read_only_token_reads_but_writes_nothing(api, member):
    theme = ThemeFactory()
    client = api(member, scope="read")
    assert client.get(PROJECTS).status_code == 200
    response = client.post(PROJECTS, {"title": "Nieuw", "themes": [theme.slug]})
    assert response.status_code == 403
    assert response.json()["detail"] == str(MSG_READ_ONLY_TOKEN)
    assert response.json()["message"]["nl"] == str(MSG_FORBIDDEN)
    assert Project.objects.count() == 0


def test_the_session_works_for_the_browser_with_csrf(member):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.get(INSTITUTIONS).status_code == 200
    response = client.post(PROJECTS, {"title": "x"}, content_type="application/json")
    assert response.status_code == 403
    assert Project.objects.count() == 0


# The error body ------------------------------------------------------------------------------------


def test_bad_json_and_wrong_types_get_one_error_body_in_both_languages(api, member):
    client = api(member)
    response = client.post(PROJECTS, "{niet: json", content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "malformed"
    assert body["message"] == {
        "nl": "De inhoud van het verzoek is geen geldige JSON.",
        "en": "The request body is not valid JSON.",
    }
    assert str(MSG_MALFORMED) == body["message"]["nl"]

    response = client.post(PROJECTS, ["een", "lijst"])
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert list(response.json()["errors"]) == ["non_field_errors"]

    response = client.post(PROJECTS, {"title": 12, "themes": "geen lijst", "start_date": "morgen"})
    body = response.json()
    assert response.status_code == 400
    assert body["message"]["nl"] == str(MSG_INVALID)
    assert body["message"]["en"] == "The input is not valid; see the messages per field."
    assert sorted(body["errors"]) == ["start_date", "themes", "title"]
    assert body["errors"]["title"] == ["Geef hier tekst op."]
    assert Project.objects.count() == 0


def test_accept_language_chooses_the_language_of_the_details(api, member):
    response = api(member, language="en").get(PROJECTS + "999999/")
    assert response.status_code == 404
    assert response.json() == {
        "status": 404,
        "code": "not_found",
        "message": {"nl": "Niet gevonden.", "en": "Not found."},
        "detail": "Not found.",
    }
    response = api(member, language="en").get(INSTITUTIONS + "?kind=geen")
    assert response.json()["errors"] == {"kind": ["Select a valid choice. geen is not one of the available choices."]}


def test_a_wrong_method_and_a_wrong_content_type_are_4xx(api, member):
    client = api(member)
    response = client.delete(INSTITUTIONS)
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    response = client.post(PROJECTS, "title=x", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


def test_a_page_past_the_end_is_a_404_with_a_clear_message(api, member):
    response = api(member).get(INSTITUTIONS + "?page=2")
    assert response.status_code == 404
    assert response.json()["detail"] == "Deze pagina bestaat niet."


# Rate limits ---------------------------------------------------------------------------------------


@override_settings(KOERS_API_RATES={"token": "2/min", "ip": "100/min"})
def test_each_token_has_its_own_rate_limit(member, other_member):
    mine, theirs = bearer(make_token(member)), bearer(make_token(other_member))
    assert [mine.get(INSTITUTIONS).status_code for _ in range(3)] == [200, 200, 429]
    assert theirs.get(INSTITUTIONS).status_code == 200
    response = mine.get(INSTITUTIONS)
    assert response.status_code == 429
    assert int(response["Retry-After"]) in range(1, 61)
    body = response.json()
    assert body["code"] == "throttled"
    seconds = int(response["Retry-After"])
    assert body["message"] == {
        "nl": f"Te veel verzoeken. Probeer het over {seconds} seconden opnieuw.",
        "en": f"Too many requests. Try again in {seconds} seconds.",
    }


@override_settings(KOERS_API_RATES={"token": "100/min", "ip": "3/min"})
def test_each_ip_address_has_a_rate_limit_whoever_calls(api, member):
    assert [api().get("/api/v1/themes/").status_code for _ in range(3)] == [200, 200, 200]
    assert api(member).get("/api/v1/themes/").status_code == 429
    other_ip = api().get("/api/v1/themes/", REMOTE_ADDR="192.0.2.7")
    assert other_ip.status_code == 200


def test_an_empty_authorization_header_is_no_sign_in_and_no_error():
    response = JsonClient(headers={"Authorization": "   "}).get("/api/v1/themes/")
    assert (response.status_code, response.json()["count"]) == (200, 0)
