"""What meetings holds about a person: their registrations (and attendance).

Called by koers.privacy for the data download and the erasure of an account.
"""

from typing import Any

from django.utils import timezone

from .models import Registration
from .services import registration_cancel

# Who created a meeting, presented an item, uploaded a file, proposed a topic or contributed keeps pointing
# at the account after its erasure, which then names nobody.
USER_FIELDS = (
    "meetings.Meeting.created_by",
    "meetings.AgendaItem.presenter",
    "meetings.Attachment.uploaded_by",
    "meetings.Registration.user",
    "meetings.Topic.proposed_by",
    "meetings.Contribution.author",
)


def export(*, user) -> dict[str, Any]:
    return {
        "meeting_registrations": [
            {
                "meeting": r.meeting.title,
                "starts_at": r.meeting.starts_at.isoformat(),
                "status": r.status,
                "note": r.note,
                "attended": r.attended,
            }
            for r in Registration.objects.filter(user=user).select_related("meeting").order_by("created_at")
        ],
    }


def erase(*, user) -> None:
    # Past attendance still counts for the institution; the personal note goes, and so do future places
    # (the waiting list moves up).
    Registration.objects.filter(user=user).update(note="")
    for registration in Registration.objects.filter(user=user, meeting__starts_at__gt=timezone.now()):
        registration_cancel(meeting=registration.meeting, user=user)
