"""The orchestration: the download's layout, and the erasure as one transaction over every app."""

import types

import pytest
from axes.models import AccessLog

from koers.core.models import AuditEvent
from koers.privacy import services
from koers.privacy.services import account_delete, personal_data_export


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

