"""The orchestration: the download's layout, and the erasure as one transaction over every app."""

import types

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.urls import reverse

from koers.accounts.models import User
from koers.core.models import AuditEvent
from koers.privacy import services
from koers.privacy.services import account_delete, personal_data_export

from ..accounts.helpers import sign_in, signed_in_pk
from ..factories import PASSWORD


def test_the_download_lists_its_sections_in_a_fixed_order(member):
    assert list(personal_data_export(user=member)) == [
        "format",
        "exported_at",
        "profile",
        "consents",
        "consent_history",
        "positions",
        "membership_requests",
        "notification_preferences",
        "notifications",
        "poll_votes",
        "call_signups",
        "meeting_registrations",
        "comments",
        "working_groups",
        "nominations",
        "advice_followed",
        "feed_activities",
        "feed_last_visit",
        "documents",
        "document_versions",
        "audit_events_by_you",
    ]


def test_a_section_an_app_adds_follows_the_others(monkeypatch, member):
    diary = types.SimpleNamespace(USER_FIELDS=(), export=lambda *, user: {"diary": [user.full_name]}, erase=None)
    monkeypatch.setattr(services, "PERSONAL_DATA", (diary, *services.PERSONAL_DATA))
    data = personal_data_export(user=member)
    assert list(data)[-2:] == ["audit_events_by_you", "diary"]
    assert data["diary"] == ["Gerda Visser"]


def test_erasure_is_one_transaction(monkeypatch, member):
    AccessLog.objects.create(username=member.email, ip_address="192.0.2.1")

    def fail(*, user):
        raise RuntimeError("stop")

    broken = types.SimpleNamespace(USER_FIELDS=(), export=None, erase=fail)
    monkeypatch.setattr(services, "PERSONAL_DATA", (*services.PERSONAL_DATA, broken))
    with pytest.raises(RuntimeError):
        account_delete(user=member)
    member.refresh_from_db()
    assert (member.full_name, member.email, member.anonymised_at) == ("Gerda Visser", "gerda@horizon.example", None)
    assert AccessLog.objects.filter(username="gerda@horizon.example").count() == 1
    assert not AuditEvent.objects.filter(action="account.deleted").exists()


def _sign_in_logs(username: str) -> tuple[int, int, int]:
    return tuple(log.objects.filter(username=username).count() for log in (AccessAttempt, AccessFailureLog, AccessLog))


def test_deleting_the_account_clears_the_persons_sign_in_logs(client_for, client, member, other_member):
    for person in (member, other_member):
        sign_in(client, person.email, PASSWORD)
        client.logout()
        sign_in(client, person.email, "fout-wachtwoord")
        sign_in(client, person.email, "fout-wachtwoord")
        # Koers keeps no failure log (AXES_ENABLE_ACCESS_FAILURE_LOG); should it be switched on, it is erased too.
        AccessFailureLog.objects.create(username=person.email, ip_address="192.0.2.1")
    assert signed_in_pk(client) is None
    assert _sign_in_logs("gerda@horizon.example") == (1, 1, 1)
    assert _sign_in_logs("hans@albeda.example") == (1, 1, 1)
    other_logs = [
        list(log.objects.filter(username="hans@albeda.example").values())
        for log in (AccessAttempt, AccessFailureLog, AccessLog)
    ]

    response = client_for(member).post(reverse("privacy:account-delete"), {"password": PASSWORD})

    assert response.status_code == 302
    assert User.objects.get(pk=member.pk).anonymised_at is not None
    assert _sign_in_logs("gerda@horizon.example") == (0, 0, 0)
    assert AccessLog.objects.filter(username__icontains="gerda").count() == 0
    assert [
        list(log.objects.filter(username="hans@albeda.example").values())
        for log in (AccessAttempt, AccessFailureLog, AccessLog)
    ] == other_logs
