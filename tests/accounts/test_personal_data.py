"""Accounts' part of the personal data: membership requests and the sign-in logs."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog

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


def _sign_in_logs(username: str) -> dict[str, int]:
    return {
        log.__name__: log.objects.filter(username=username).count()
        for log in (AccessAttempt, AccessFailureLog, AccessLog)
    }


def test_erasure_clears_the_persons_sign_in_logs_in_any_case(member, other_member):
    for username in ("gerda@horizon.example", "Gerda@Horizon.example", "hans@albeda.example"):
        AccessAttempt.objects.create(
            username=username, ip_address="192.0.2.1", user_agent=username, failures_since_start=2
        )
        AccessFailureLog.objects.create(username=username, ip_address="192.0.2.1")
        AccessLog.objects.create(username=username, ip_address="192.0.2.1")
    personal_data.erase(user=member)
    assert _sign_in_logs("gerda@horizon.example") == {"AccessAttempt": 0, "AccessFailureLog": 0, "AccessLog": 0}
    assert _sign_in_logs("Gerda@Horizon.example") == {"AccessAttempt": 0, "AccessFailureLog": 0, "AccessLog": 0}
    assert _sign_in_logs("hans@albeda.example") == {"AccessAttempt": 1, "AccessFailureLog": 1, "AccessLog": 1}
    assert not AccessLog.objects.filter(username__contains="verwijderd").exists()
