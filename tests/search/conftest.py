import datetime

import pytest
from django.utils import timezone

from koers.advice.models import Advice, FollowUp, Status
from koers.comments.models import Comment
from koers.meetings.models import AgendaItem, Meeting
from koers.polls.models import Poll
from koers.portfolio.models import Project


def meeting(title: str, *, status=Meeting.Status.PUBLISHED, report: str = "", public_report=False, **kwargs):
    starts = timezone.now() + datetime.timedelta(days=7)
    return Meeting.objects.create(
        title=title,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        status=status,
        report=report,
        report_published_at=timezone.now() if report else None,
        report_audience=Meeting.ReportAudience.EVERYONE if public_report else Meeting.ReportAudience.MEMBERS,
        **kwargs,
    )


def item(meeting_: Meeting, title: str, description: str = "") -> AgendaItem:
    return AgendaItem.objects.create(
        meeting=meeting_, title=title, description=description, starts_at=datetime.time(10), duration=30
    )


def advice(title: str, status=Status.DECIDED, **kwargs) -> Advice:
    return Advice.objects.create(title=title, question=kwargs.pop("question", "Wat doen we?"), status=status, **kwargs)


def poll(title: str, *, published=True, audience=Poll.Audience.MEMBERS, **kwargs) -> Poll:
    now = timezone.now()
    return Poll.objects.create(
        title=title,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=7),
        published_at=now if published else None,
        audience=audience,
        **kwargs,
    )


def project(institution, title: str, description: str = "") -> Project:
    return Project.objects.create(institution=institution, title=title, description=description)


def comment(target, body: str, author=None, hidden=False) -> Comment:
    return Comment.objects.create(target=target, body=body, author=author, hidden_at=timezone.now() if hidden else None)


def follow_up(advice_: Advice, text: str) -> FollowUp:
    return FollowUp.objects.create(
        advice=advice_, date=timezone.localdate(), text=text, done_by="Regiegroep", progress=50, status="op_schema"
    )


@pytest.fixture
def kinds():
    return {"meeting": meeting, "item": item, "advice": advice, "poll": poll, "project": project}
