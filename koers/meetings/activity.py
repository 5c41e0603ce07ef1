"""The meetings' part of the feed's backfill (koers.activity): each published meeting's announcement (for
members) and its published report (for its audience)."""

from django.urls import reverse

from koers.activity.kinds import Kind
from koers.activity.models import Audience
from koers.activity.registry import activity_backfill
from koers.activity.services import record_once

from .models import Meeting


@activity_backfill
def backfill() -> int:
    added = 0
    for meeting in Meeting.objects.exclude(status=Meeting.Status.CONCEPT).select_related("theme", "host"):
        where = {"themes": [meeting.theme] if meeting.theme else [], "institution": meeting.host}
        added += record_once(kind=Kind.MEETING_ANNOUNCED, target=meeting, at=meeting.created_at, **where)
        if meeting.report_published_at is not None:
            added += record_once(
                kind=Kind.MEETING_REPORT,
                target=meeting,
                audience=Audience.PUBLIC if meeting.report_is_public else Audience.MEMBERS,
                url=reverse("meetings:report", args=[meeting.pk]),
                at=meeting.report_published_at,
                **where,
            )
    return added
