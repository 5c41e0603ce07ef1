from typing import Any

from django.db.models import QuerySet

from koers.members.models import Institution

from .models import MembershipRequest, User


def pending_requests() -> QuerySet[MembershipRequest]:
    return MembershipRequest.objects.filter(status=MembershipRequest.Status.PENDING).select_related("institution")


def decided_requests() -> QuerySet[MembershipRequest]:
    return (
        MembershipRequest.objects.exclude(status=MembershipRequest.Status.PENDING)
        .select_related("institution", "decided_by")
        .order_by("-decided_at", "-id")
    )


def institution_by_schac_home(domain: str | None) -> Institution | None:
    """The institution whose SURFconext domain (schac_home_organization) this is, whatever its case."""
    domain = (domain or "").strip()
    if not domain:
        return None
    return Institution.objects.filter(schac_home__iexact=domain).first()


# The fields the network needs to know who someone is: their name, their job, their institution and at least one
# theme of expertise (the profile form's other fields, phone and language, are optional or have a default).
PROFILE_ESSENTIALS = ("full_name", "job_title", "institution", "expertise")


def expertise_rows(*, user: User) -> QuerySet[Any]:
    """The rows that name this member's expertise (none: they named none yet)."""
    return User.expertise.through.objects.filter(user=user)


def profile_missing(*, user: User, has_expertise: bool | None = None) -> list[str]:
    """The essential profile fields this member has not filled in yet, in ``PROFILE_ESSENTIALS`` order.
    ``has_expertise`` when the caller asked already (``expertise_rows``)."""
    missing = [name for name in ("full_name", "job_title") if not getattr(user, name).strip()]
    if user.institution_id is None:
        missing.append("institution")
    if not (expertise_rows(user=user).exists() if has_expertise is None else has_expertise):
        missing.append("expertise")
    return missing
