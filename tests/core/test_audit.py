"""The audit actions: each app declares its own, core shows their labels through one registry."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.urls import reverse

from koers.accounts.audit import AccountAction
from koers.advice.audit import AdviceAction
from koers.core import audit
from koers.core.audit import action_choices, action_label, audit_actions, audit_record
from koers.core.models import AuditEvent
from koers.documents.audit import DocumentAction
from koers.governance.audit import GovernanceAction
from koers.members.audit import MemberAction
from koers.privacy.audit import PrivacyAction
from koers.roadmap.audit import RoadmapAction
from koers.themes.audit import ThemeAction

DECLARED = [
    AccountAction,
    MemberAction,
    ThemeAction,
    RoadmapAction,
    AdviceAction,
    GovernanceAction,
    PrivacyAction,
    DocumentAction,
]


@pytest.fixture
def registry(monkeypatch):
    """The registry as it is, restored after the test."""
    monkeypatch.setattr(audit, "_ACTIONS", dict(audit._ACTIONS))


def test_every_app_declares_its_actions_and_all_are_registered():
    values = [member.value for choices in DECLARED for member in choices]
    assert len(values) == len(set(values)) == 39
    assert sorted(value for value, _ in action_choices()) == sorted(values)


def test_the_label_comes_from_the_owning_app():
    assert action_label("membership.approved") == "Lidmaatschap goedgekeurd"
    assert action_label(PrivacyAction.DATA_EXPORTED) == "Persoonsgegevens gedownload"
    assert action_label(GovernanceAction.ELECTION_CONFIRMED) == "Uitslag van een verkiezing bevestigd"


def test_two_apps_cannot_declare_the_same_action(registry):
    class Clash(models.TextChoices):
        FRESH = "clash.fresh", "fresh"
        TAKEN = "membership.approved", "taken"

    with pytest.raises(ImproperlyConfigured, match="'membership.approved'.*already declared by .*AccountAction"):
        audit_actions(Clash)
    assert action_label("clash.fresh") == "clash.fresh"  # nothing of the refused class is registered
    assert action_label("membership.approved") == "Lidmaatschap goedgekeurd"


def test_a_new_app_adds_actions_without_touching_core(registry):
    @audit_actions
    class Extra(models.TextChoices):
        DONE = "extra.done", "Extra gedaan"

    assert audit_actions(Extra) is Extra  # declaring the same class again changes nothing
    assert action_label("extra.done") == "Extra gedaan"
    assert ("extra.done", "Extra gedaan") in list(action_choices())


def test_an_unknown_stored_action_shows_its_value(client, steering):
    audit_record(actor=steering, action="gone.away", target=steering)
    assert action_label(AuditEvent.objects.get().action) == "gone.away"
    client.force_login(steering)
    page = client.get(reverse("core:audit-log")).content.decode()
    assert '<td data-label="Gebeurtenis">gone.away</td>' in page
    # An unknown action in the filter filters nothing, as before.
    assert (
        '<td data-label="Gebeurtenis">gone.away</td>'
        in client.get(reverse("core:audit-log"), {"action": "gone.away"}).content.decode()
    )


def test_the_audit_log_filter_offers_every_declared_action(client, steering):
    client.force_login(steering)
    page = client.get(reverse("core:audit-log")).content.decode()
    assert '<option value="membership.approved">Lidmaatschap goedgekeurd</option>' in page
    assert '<option value="plan.changed">Meerjarenplan gewijzigd</option>' in page


def test_the_admin_shows_labels(admin_client, member):
    audit_record(actor=member, action=MemberAction.CONSENT_GRANTED, target=member)
    event = AuditEvent.objects.get()
    listing = admin_client.get(reverse("admin:core_auditevent_changelist")).content.decode()
    assert "Toestemming gegeven" in listing
    link = reverse("admin:core_auditevent_change", args=[event.pk])
    assert link in listing
    assert (
        link
        in admin_client.get(
            listing_url := reverse("admin:core_auditevent_changelist"), {"action": "consent.granted"}
        ).content.decode()
    )
    assert link not in admin_client.get(listing_url, {"action": "position.started"}).content.decode()
    detail = admin_client.get(link).content.decode()
    assert "Toestemming gegeven" in detail
