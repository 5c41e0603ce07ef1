"""Personal data (GDPR): the download of everything Koers holds about a member, and the erasure of an account.

Each app that holds data about a person says so in its own ``personal_data`` module; this module only
calls them, in the order of ``PERSONAL_DATA``. tests/privacy checks that every field in Koers that points
at a person is declared by one of them.
"""

from typing import Any, Protocol

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from koers.accounts import personal_data as accounts
from koers.accounts.models import User
from koers.activity import personal_data as activity
from koers.advice import personal_data as advice
from koers.api import personal_data as api
from koers.comments import personal_data as comments
from koers.core.audit import audit_record
from koers.documents import personal_data as documents
from koers.governance import personal_data as governance
from koers.meetings import personal_data as meetings
from koers.members import personal_data as members
from koers.notifications import personal_data as notifications
from koers.polls import personal_data as polls
from koers.portfolio import personal_data as portfolio
from koers.roadmap import personal_data as roadmap

from . import personal_data as audit_log
from .audit import PrivacyAction


class PersonalData(Protocol):
    """An app's ``personal_data`` module."""

    @property
    def USER_FIELDS(self) -> tuple[str, ...]:
        """Every field of the app's models (or of a third-party app it looks after) that points at a person,
        as "app_label.Model.field", also those left as they are on erasure."""
        ...

    def export(self, *, user: User) -> dict[str, Any]:
        """The app's sections of the download, JSON-ready."""
        ...

    def erase(self, *, user: User) -> None:
        """Erase or anonymise the person. Runs inside the erasure's transaction, in the site's language."""
        ...


# Erasure runs in this order. Accounts comes first: the apps after it rename the audit events about their
# objects ("Voorzitter: <name>") through the account it has anonymised.
PERSONAL_DATA: tuple[PersonalData, ...] = (
    accounts,
    members,
    notifications,
    polls,
    meetings,
    comments,
    advice,
    documents,
    governance,
    portfolio,
    roadmap,
    activity,
    api,
    audit_log,
)

DOWNLOAD_FORMAT = "koers-personal-data/1"

# The download lists its sections in this order; a section an app adds later follows them, in the order
# of PERSONAL_DATA, so nothing an app exports can be left out.
SECTIONS = (
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
)


def personal_data_export(*, user: User) -> dict[str, Any]:
    """Everything Koers holds about a member (GDPR art. 15), as JSON-ready data. The download is audited."""
    data: dict[str, Any] = {"format": DOWNLOAD_FORMAT, "exported_at": timezone.now().isoformat()}
    parts: dict[str, Any] = {}
    for module in PERSONAL_DATA:
        parts.update(module.export(user=user))
    data.update((section, parts.pop(section)) for section in SECTIONS if section in parts)
    data.update(parts)
    audit_record(actor=user, action=PrivacyAction.DATA_EXPORTED, target=user)
    return data


def account_delete(*, user: User) -> None:
    """Erase a member (GDPR art. 17): personal data goes, institution-level aggregates stay.

    The row stays so that counts per institution, positions held and votes cast keep adding up; it no
    longer says who the person was.
    """
    # The placeholder is stored data, not interface text: the same words whatever language the member used.
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        user = User.objects.select_for_update().get(pk=user.pk)
        audit_record(actor=user, action=PrivacyAction.ACCOUNT_DELETED, target=user)
        for module in PERSONAL_DATA:
            module.erase(user=user)
