"""The kinds of activity the feed shows, each with the sentence it puts before the title."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PROJECT_ADDED = "project.added", _("Nieuw project")
    PROJECT_STATUS = "project.status", _("Project van status veranderd")
    AMBITION_FILLED = "ambition.filled", _("Ambitie op de roadmap")
    POLL_OPENED = "poll.opened", _("Peiling geopend")
    POLL_CLOSED = "poll.closed", _("Peiling gesloten")
    POLL_OUTCOME = "poll.outcome", _("Uitkomst van een peiling")
    MEETING_ANNOUNCED = "meeting.announced", _("Bijeenkomst aangekondigd")
    MEETING_REPORT = "meeting.report", _("Verslag gepubliceerd")
    ADVICE_ADDED = "advice.added", _("Nieuw advies")
    ADVICE_STATUS = "advice.status", _("Advies van status veranderd")
    ADVICE_FOLLOW_UP = "advice.follow_up", _("Opvolging van een advies")
    MEMBER_JOINED = "member.joined", _("Nieuw lid")
    DOCUMENT_ADDED = "document.added", _("Nieuw document")


def kind_label(value: str) -> str:
    try:
        return str(Kind(value).label)
    except ValueError:
        return value
