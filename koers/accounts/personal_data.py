"""What accounts holds about a person: the profile, membership requests, sign-in links and sign-in logs.

Called by koers.privacy for the data download and the erasure of an account.
"""

from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.core.models import AuditEvent

from .models import Invitation, MembershipRequest, User

# Every field that points at a person. Who decided on a request keeps pointing at the account after its
# erasure: the row stays and no longer says who the person was.
USER_FIELDS = (
    "accounts.MembershipRequest.user",
    "accounts.MembershipRequest.decided_by",
    "accounts.Invitation.user",
    "accounts.SurfconextIdentity.user",
)


def _membership_requests(*, user: User, email: str):
    # A request made before the account existed is linked by its address only.
    return MembershipRequest.objects.filter(Q(user=user) | Q(email__iexact=email))


def export(*, user: User) -> dict[str, Any]:
    return {
        "profile": {
            "email": user.email,
            "full_name": user.full_name,
            "job_title": user.job_title,
            "phone": user.phone,
            "institution": user.institution.name if user.institution else None,
            "expertise": sorted(theme.name for theme in user.expertise.all()),
            "language": user.language,
            "date_joined": user.date_joined.isoformat(),
            "new_until": user.new_until.isoformat() if user.new_until else None,
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "membership_requests": [
            {
                "full_name": r.full_name,
                "email": r.email,
                "institution": r.institution.name,
                "job_title": r.job_title,
                "motivation": r.motivation,
                "status": r.status,
                "created_at": r.created_at.isoformat(),
                "decision_reason": r.decision_reason,
            }
            for r in _membership_requests(user=user, email=user.email)
            .select_related("institution")
            .order_by("created_at")
        ],
    }


def erase(*, user: User) -> None:
    """The row stays so that counts per institution, positions held and votes cast keep adding up; it no
    longer says who the person was. Runs first: other apps' audit events name the person through it."""
    old_email = user.email
    user.email = f"verwijderd-{user.pk}@koers.invalid"
    user.full_name = str(_("Verwijderd lid"))
    user.job_title = ""
    user.phone = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.anonymised_at = timezone.now()
    user.set_unusable_password()
    user.save()
    user.expertise.clear()
    Invitation.objects.filter(user=user).delete()
    user.surfconext_identities.all().delete()
    # django-axes logs sign-ins and failed attempts by the address typed (or the account's address).
    for log in (AccessAttempt, AccessFailureLog, AccessLog):
        log.objects.filter(username__iexact=old_email).delete()
    requests = _membership_requests(user=user, email=old_email)
    request_ids = list(requests.values_list("pk", flat=True))
    requests.update(
        full_name=str(_("Verwijderd lid")), email=user.email, job_title="", motivation="", decision_reason=""
    )
    # Keep the audit trail but without the person's name in it: events about the member and about their
    # requests ("<name> <e-mail>") named them.
    for target in [user, *MembershipRequest.objects.filter(pk__in=request_ids)]:
        AuditEvent.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk)).update(
            target_repr=str(target)[:255]
        )
    # A rejection reason may describe the person: drop the details of events about their requests.
    AuditEvent.objects.filter(
        target_type=MembershipRequest._meta.label_lower, target_id__in=[str(pk) for pk in request_ids]
    ).update(data={})
