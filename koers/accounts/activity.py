"""The accounts' part of the feed's backfill (koers.activity): each active member as joined (for members)."""

from django.urls import reverse

from koers.activity.kinds import Kind
from koers.activity.registry import activity_backfill
from koers.activity.services import record_once

from .models import User


@activity_backfill
def backfill() -> int:
    directory = reverse("members:directory")
    return sum(
        record_once(
            kind=Kind.MEMBER_JOINED,
            target=user,
            title=user.full_name,
            url=directory,
            institution=user.institution,
            at=user.date_joined,
        )
        for user in User.objects.filter(is_active=True)
        .exclude(full_name="")
        .exclude(password__startswith="!")  # invited, not joined yet
        .select_related("institution")
    )
