from .models import MembershipRequest


def pending_requests():
    return MembershipRequest.objects.filter(status=MembershipRequest.Status.PENDING).select_related("institution")


def decided_requests():
    return (
        MembershipRequest.objects.exclude(status=MembershipRequest.Status.PENDING)
        .select_related("institution", "decided_by")
        .order_by("-decided_at", "-id")
    )
