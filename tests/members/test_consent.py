"""Consent to share contact details: recorded with the text version and time, and withdrawable in one click."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from koers.core.models import AuditEvent
from koers.members import services
from koers.members.models import Consent, ConsentEvent
from koers.members.services import CONSENT_TEXT_VERSION, MSG_UNKNOWN_FIELD, consent_set, consents_save

from ..factories import share

NOW = datetime.datetime(2026, 11, 3, 9, 30, tzinfo=datetime.UTC)


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(services.timezone, "now", lambda: NOW)
    return NOW


def state(user) -> tuple[list, list, list]:
    return (
        list(Consent.objects.filter(user=user).order_by("field").values_list("field", "text_version", "granted_at")),
        list(
            ConsentEvent.objects.filter(user=user)
            .order_by("id")
            .values_list("field", "granted", "text_version", "created_at")
        ),
        list(AuditEvent.objects.order_by("id").values_list("action", "actor", "target_id", "data")),
    )


def test_consent_set_grant_records_consent_event_and_audit(member, frozen):
    assert consent_set(user=member, field="email", granted=True) is True
    assert state(member) == (
        [("email", CONSENT_TEXT_VERSION, NOW)],
        [("email", True, CONSENT_TEXT_VERSION, NOW)],
        [("consent.granted", member.pk, str(member.pk), {"field": "email", "text_version": CONSENT_TEXT_VERSION})],
    )


def test_consent_set_withdraw(member, frozen):
    consent_set(user=member, field="phone", granted=True)
    assert consent_set(user=member, field="phone", granted=False) is True
    consents, events, audits = state(member)
    assert consents == []
    assert events == [("phone", True, CONSENT_TEXT_VERSION, NOW), ("phone", False, CONSENT_TEXT_VERSION, NOW)]
    assert [a[0] for a in audits] == ["consent.granted", "consent.withdrawn"]
    assert audits[1][3] == {"field": "phone", "text_version": CONSENT_TEXT_VERSION}


def test_consent_set_without_change_writes_nothing(member):
    assert consent_set(user=member, field="email", granted=False) is False
    consent_set(user=member, field="email", granted=True)
    before = state(member)
    assert consent_set(user=member, field="email", granted=True) is False
    assert state(member) == before


def test_consent_for_a_new_text_version_is_recorded_again(member, frozen):
    consent_set(user=member, field="email", granted=True, text_version="2020-01")
    assert consent_set(user=member, field="email", granted=True) is True
    consents, events, _ = state(member)
    assert consents == [("email", CONSENT_TEXT_VERSION, NOW)]
    assert [e[2] for e in events] == ["2020-01", CONSENT_TEXT_VERSION]


def test_consent_set_unknown_field_writes_nothing(member):
    with pytest.raises(ValidationError) as error:
        consent_set(user=member, field="address", granted=True)
    assert error.value.messages == [str(MSG_UNKNOWN_FIELD)]
    assert state(member) == ([], [], [])


def test_consents_save_makes_consents_exactly_the_given_set(member, frozen):
    assert consents_save(user=member, fields={"email", "phone"}) == 2
    assert consents_save(user=member, fields={"phone", "expertise"}) == 2
    consents, events, audits = state(member)
    assert consents == [("expertise", CONSENT_TEXT_VERSION, NOW), ("phone", CONSENT_TEXT_VERSION, NOW)]
    assert sorted((e[0], e[1]) for e in events) == [
        ("email", False),
        ("email", True),
        ("expertise", True),
        ("phone", True),
    ]
    assert sorted(a[0] for a in audits) == ["consent.granted"] * 3 + ["consent.withdrawn"]
    assert consents_save(user=member, fields={"phone", "expertise"}) == 0


def test_consent_page_saves_choices(member_client, member):
    response = member_client.post(reverse("members:consent"), {"fields_shared": ["email", "job_title"]})
    assert response.status_code == 302
    assert response["Location"] == reverse("members:consent")
    assert sorted(Consent.objects.filter(user=member).values_list("field", flat=True)) == ["email", "job_title"]
    assert ConsentEvent.objects.filter(user=member, granted=True).count() == 2


def test_consent_page_refuses_unknown_choice(member_client, member):
    response = member_client.post(reverse("members:consent"), {"fields_shared": ["email", "address"]})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["fields_shared"]
    assert state(member) == ([], [], [])


def test_consent_page_shows_version_and_current_consents(member_client, member):
    share(member, "phone")
    html = member_client.get(reverse("members:consent")).content.decode()
    assert f"Toestemmingstekst (versie {CONSENT_TEXT_VERSION})" in html
    assert f"(tekstversie {CONSENT_TEXT_VERSION})" in html
    assert html.count("Niet gedeeld") == 3
    assert 'action="/profiel/toestemming/phone/intrekken/"' in html


def test_one_click_withdraw(member_client, member):
    share(member, "email", "phone")
    response = member_client.post(reverse("members:consent-withdraw", kwargs={"field": "email"}))
    assert response.status_code == 302
    assert response["Location"] == reverse("members:consent")
    assert list(Consent.objects.filter(user=member).values_list("field", flat=True)) == ["phone"]
    event = ConsentEvent.objects.get()
    assert (event.user, event.field, event.granted, event.text_version) == (
        member,
        "email",
        False,
        CONSENT_TEXT_VERSION,
    )
    assert AuditEvent.objects.get().action == "consent.withdrawn"


def test_withdraw_by_get_is_not_allowed(member_client, member):
    share(member, "email")
    response = member_client.get(reverse("members:consent-withdraw", kwargs={"field": "email"}))
    assert response.status_code == 405
    assert Consent.objects.filter(user=member).count() == 1


def test_withdraw_unknown_field_is_404_and_writes_nothing(member_client, member):
    share(member, "email")
    before = state(member)
    response = member_client.post(reverse("members:consent-withdraw", kwargs={"field": "address"}))
    assert response.status_code == 404
    assert state(member) == before


def test_withdraw_only_touches_own_consent(member_client, member, other_member):
    share(other_member, "email")
    member_client.post(reverse("members:consent-withdraw", kwargs={"field": "email"}))
    assert Consent.objects.filter(user=other_member).count() == 1
    assert ConsentEvent.objects.count() == 0
