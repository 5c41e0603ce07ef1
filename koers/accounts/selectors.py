from django.db.models import QuerySet

from koers.members.models import Institution

from .models import MembershipRequest


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
