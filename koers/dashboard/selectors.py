"""The home page's reads: a summary of what each domain app has for the signed-in member."""

from typing import Any

from koers.accounts.selectors import pending_requests
from koers.meetings.selectors import upcoming_published
from koers.members.selectors import institution_members, member_cards, new_members
from koers.notifications.selectors import notifications_for
from koers.polls.selectors import open_for


def dashboard_for(*, user) -> dict[str, Any]:
    """What the member's dashboard shows: their institution and colleagues, recent notifications, new members,
    the membership requests waiting (for who reviews them), open polls and the coming meetings."""
    return {
        "institution": user.institution,
        "colleagues": member_cards(institution_members(institution=user.institution).exclude(pk=user.pk)[:12])
        if user.institution_id
        else [],
        "notifications": list(notifications_for(user=user)[:5]),
        "new_members": member_cards(new_members().exclude(pk=user.pk)[:12]),
        "pending_requests": pending_requests().count() if user.has_perm("members.review_membership") else None,
        "open_polls": open_for(user=user),
        "meetings": upcoming_published(),
    }
