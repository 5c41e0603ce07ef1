"""What advice holds about a person: working groups they are in and advice they follow (or not).

Called by koers.privacy for the data download and the erasure of an account.
"""

from typing import Any

from koers.accounts.models import User

from .models import Follow, WorkingGroupMember
from .rules import TEXT_OPEN

# Who created an advice, wrote a version, changed a status, reported a follow-up or uploaded a file keeps
# pointing at the account after its erasure, which then names nobody.
USER_FIELDS = (
    "advice.Advice.created_by",
    "advice.WorkingGroupMember.user",
    "advice.BodyVersion.author",
    "advice.StatusChange.actor",
    "advice.FollowUp.author",
    "advice.Follow.user",
    "advice.Attachment.uploaded_by",
)


def export(*, user: User) -> dict[str, Any]:
    return {
        "working_groups": [
            {"advice": m.advice.title, "lead": m.is_lead, "since": m.created_at.isoformat()}
            for m in WorkingGroupMember.objects.filter(user=user).select_related("advice").order_by("created_at")
        ],
        "advice_followed": [
            {"advice": f.advice.title, "following": f.following}
            for f in Follow.objects.filter(user=user).select_related("advice").order_by("created_at")
        ],
    }


def erase(*, user: User) -> None:
    # Advice still being written loses a writer who is gone; finished groups keep a "deleted member".
    Follow.objects.filter(user=user).delete()
    WorkingGroupMember.objects.filter(user=user, advice__status__in=TEXT_OPEN).delete()
