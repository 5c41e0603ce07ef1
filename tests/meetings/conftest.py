import datetime

import pytest
from django.utils import timezone

from koers.meetings.models import AgendaItem, Meeting


def make_meeting(*, days: int = 14, capacity=None, status=Meeting.Status.PUBLISHED, **extra) -> Meeting:
    starts = timezone.now() + datetime.timedelta(days=days)
    data = {
        "title": "Netwerkbijeenkomst",
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=6),
        "venue": "Domstad",
        "capacity": capacity,
        "status": status,
        **extra,
    }
    return Meeting.objects.create(**data)


def make_item(meeting: Meeting, *, kind: str = AgendaItem.Kind.ROUND_TABLE, title: str = "Ronde tafels") -> AgendaItem:
    return AgendaItem.objects.create(
        meeting=meeting, starts_at=datetime.time(13, 0), duration=60, kind=kind, title=title
    )


@pytest.fixture
def meeting(db):
    return make_meeting(capacity=2)
