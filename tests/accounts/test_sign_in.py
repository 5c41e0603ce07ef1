"""Signing in (with throttling by django-axes) and signing out."""

from axes.utils import reset
from django.conf import settings
from django.test import TestCase
from django.urls import reverse

from koers.accounts.forms import SignInForm

from ..factories import PASSWORD
from .helpers import sign_in, signed_in_pk

MSG_INVALID_LOGIN = str(SignInForm.error_messages["invalid_login"])
MSG_LOCKED_OUT = (
    "Er is te vaak een verkeerd wachtwoord ingevoerd voor dit e-mailadres. Inloggen is daarom een uur "
    "geblokkeerd. Probeer het daarna opnieuw, of stel nu een nieuw wachtwoord in."
)


def test_sign_in_with_email_in_other_case(client, member):
    response = sign_in(client, "  GERDA@Horizon.Example ", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:home")
    assert signed_in_pk(client) == str(member.pk)


def test_wrong_password_shows_message(client, member):
    response = sign_in(client, member.email, "fout-wachtwoord")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [MSG_INVALID_LOGIN]
    assert MSG_INVALID_LOGIN in response.content.decode()
    assert signed_in_pk(client) is None


def test_inactive_member_cannot_sign_in(client, member):
    member.is_active = False
    member.save()
    sign_in(client, member.email, PASSWORD)
    assert signed_in_pk(client) is None


def test_lock_out_after_failure_limit(client, member):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, member.email, "fout-wachtwoord")
        assert response.status_code == 200
    response = sign_in(client, member.email, "fout-wachtwoord")
    assert response.status_code == 429
    assert MSG_LOCKED_OUT in response.content.decode()

    # Even the right password is refused now.
    response = sign_in(client, member.email, PASSWORD)
    assert response.status_code == 429
    assert MSG_LOCKED_OUT in response.content.decode()
    assert signed_in_pk(client) is None

    reset()
    response = sign_in(client, member.email, PASSWORD)
    assert response.status_code == 302
    assert signed_in_pk(client) == str(member.pk)


def test_lock_out_cannot_be_dodged_by_changing_the_case_of_the_email(client, member):
    variants = ["gerda@horizon.example", "GERDA@horizon.example", "Gerda@Horizon.example", "gerda@HORIZON.EXAMPLE"]
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, variants[attempt % len(variants)], "fout-wachtwoord")
    for variant in variants:
        response = sign_in(client, variant, PASSWORD)
        assert response.status_code == 429
    assert signed_in_pk(client) is None


def test_lock_out_is_per_email_address(client, member, other_member):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, member.email, "fout-wachtwoord")
    response = sign_in(client, other_member.email, PASSWORD)
    assert response.status_code == 302
    assert signed_in_pk(client) == str(other_member.pk)


def test_behind_the_proxy_the_lock_out_is_per_visitor_not_for_everyone(client, member, settings):
    """All requests come from the reverse proxy: the lockout counts by the address it forwards (core.throttle)."""
    settings.BEHIND_PROXY = True
    attacker = {"HTTP_X_FORWARDED_FOR": "203.0.113.9", "REMOTE_ADDR": "10.0.0.2"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": member.email, "password": "fout-wachtwoord"}, **attacker)
    response = client.post(reverse("accounts:login"), {"username": member.email, "password": PASSWORD}, **attacker)
    assert response.status_code == 429
    member_at_home = {"HTTP_X_FORWARDED_FOR": "198.51.100.20", "REMOTE_ADDR": "10.0.0.2"}
    response = client.post(
        reverse("accounts:login"), {"username": member.email, "password": PASSWORD}, **member_at_home
    )
    assert response.status_code == 302
    assert signed_in_pk(client) == str(member.pk)


def test_signed_in_member_is_sent_on_from_sign_in_page(member_client):
    response = member_client.get(reverse("accounts:login"))
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:home")


def test_sign_out_by_get_is_not_allowed(member_client, member):
    response = member_client.get(reverse("accounts:logout"))
    assert response.status_code == 405
    assert signed_in_pk(member_client) == str(member.pk)


def test_sign_out_by_post(member_client):
    response = member_client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:home")
    assert signed_in_pk(member_client) is None
    assert member_client.get(reverse("accounts:profile")).status_code == 302


def test_setting_a_new_password_by_e_mail_lifts_the_lock_out(client, member, mailoutbox):
    import re

    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, member.email, "fout-wachtwoord")
    assert sign_in(client, member.email, PASSWORD).status_code == 429

    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("accounts:password-reset"), {"email": member.email})
    link = re.search(r"http://127\.0\.0\.1:8000(/\S+/)", mailoutbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    new_password = "nieuw-en-sterk-wachtwoord-7"
    response = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302

    response = sign_in(client, member.email, new_password)
    assert response.status_code == 302
    assert signed_in_pk(client) == str(member.pk)
