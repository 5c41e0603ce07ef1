"""The portfolio's part of the feed's backfill (koers.activity): every project, as added."""

from koers.activity.kinds import Kind
from koers.activity.registry import activity_backfill
from koers.activity.services import record_once

from .models import Project


@activity_backfill
def backfill() -> int:
    projects = Project.objects.select_related("institution").prefetch_related("themes")
    return sum(
        record_once(
            kind=Kind.PROJECT_ADDED,
            target=project,
            themes=project.themes.all(),
            institution=project.institution,
            at=project.created_at,
        )
        for project in projects
    )
