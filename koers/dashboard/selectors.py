"""The home page's reads: a summary of what each domain app has for the signed-in member."""

from typing import TYPE_CHECKING, TypedDict

from koers.accounts.models import User
from koers.accounts.selectors import pending_requests
from koers.meetings.models import Meeting
from koers.meetings.selectors import upcoming_published
from koers.members.models import Institution
from koers.members.selectors import MemberCard, institution_members, member_cards, new_members
from koers.notifications.models import Notification
from koers.notifications.selectors import notifications_for
from koers.polls.selectors import open_for

if TYPE_CHECKING:  # a type only: a poll with the annotations its list adds (polls.selectors declares it so)
    from koers.polls.selectors import ListedPoll


class Dashboard(TypedDict):
    """The template context of the member's dashboard."""

    institution: Institution | None
    colleagues: list[MemberCard]
    notifications: list[Notification]
    new_members: list[MemberCard]
    pending_requests: int | None  # None: this member does not review membership requests
    open_polls: "list[ListedPoll]"
    meetings: list[Meeting]


def dashboard_for(*, user: User) -> Dashboard:
    """What the member's dashboard shows: their institution and colleagues, recent notifications, new members,
    the membership requests waiting (for who reviews them), open polls and the coming meetings."""
    institution = user.institution
    return {
        "institution": institution,
        "colleagues": member_cards(institution_members(institution=institution).exclude(pk=user.pk)[:12])
        if institution is not None
        else [],
        "notifications": list(notifications_for(user=user)[:5]),
        "new_members": member_cards(new_members().exclude(pk=user.pk)[:12]),
        "pending_requests": pending_requests().count() if user.has_perm("members.review_membership") else None,
        "open_polls": open_for(user=user),
        "meetings": upcoming_published(),
    }
