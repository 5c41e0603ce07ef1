from .models import MembershipRequest


def pending_requests():
    return MembershipRequest.objects.filter(status=MembershipRequest.Status.PENDING).select_related("institution")


def decided_requests():
    return (
        MembershipRequest.objects.exclude(status=MembershipRequest.Status.PENDING)
        .select_related("institution", "decided_by")
        .order_by("-decided_at", "-id")
    )


def institution_by_schac_home(domain: str):
    """The institution whose SURFconext domain (schac_home_organization) this is, whatever its case."""
    from koers.members.models import Institution

    domain = (domain or "").strip()
    if not domain:
        return None
    return Institution.objects.filter(schac_home__iexact=domain).first()
