import rules
from django.db.models import Q

from koers.members.rules import is_member, is_steering, steering_or_admin

rules.add_perm("polls.view_poll", is_member)
rules.add_perm("polls.manage_poll", steering_or_admin)
rules.add_perm("polls.view_call", is_member)
rules.add_perm("polls.manage_call", steering_or_admin)


def in_audience(user, poll) -> bool:
    """Whether the poll is for this member at all (the counting unit is checked when voting)."""
    if not is_member(user):
        return False
    if poll.audience == poll.Audience.STEERING:
        return is_steering(user)
    if poll.audience == poll.Audience.ATTENDEES:
        # Those registered for the meeting (not the waiting list), and anyone marked present at it.
        return (
            poll.meeting_id is not None
            and poll.meeting.registrations.filter(Q(status="aangemeld") | Q(attended=True), user=user).exists()
        )
    return True
