"""A published meeting report: the thread the comment tests write in."""

import pytest
from django.utils import timezone

from koers.meetings.models import Meeting

from ..meetings.conftest import make_meeting


@pytest.fixture
def report(db, steering):
    meeting = make_meeting(days=-5, status=Meeting.Status.PAST, created_by=steering, title="Najaarsbijeenkomst")
    Meeting.objects.filter(pk=meeting.pk).update(report="Verslag", report_published_at=timezone.now())
    meeting.refresh_from_db()
    return meeting
