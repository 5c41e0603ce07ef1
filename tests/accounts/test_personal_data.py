"""Accounts' part of the personal data: membership requests."""

from koers.accounts import personal_data
from koers.accounts.services import membership_request_reject
from koers.core.models import AuditEvent

from ..factories import MembershipRequestFactory, UserFactory


def test_deleted_members_rejection_reason_leaves_the_audit_log(client, steering):
    request = MembershipRequestFactory(email="later@college.example")
    membership_request_reject(actor=steering, membership_request=request, reason="Werkt niet bij een mbo-instelling")
    later = UserFactory(email="later@college.example")
    personal_data.erase(user=later)
    event = AuditEvent.objects.get(action="membership.rejected")
    assert event.data == {}
    assert event.target_repr == f"Verwijderd lid <verwijderd-{later.pk}@koers.invalid>"

