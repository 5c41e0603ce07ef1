"""National-scale data for load tests and benchmarks: ``manage.py load_scale``.

On top of the demo data, every count is topped up to a fixed target (at ``scale`` 1): 110 institutions,
3,000 members, 20,000 projects, 5,000 ambitions, 300 polls with 1,000,000 answers (one national survey of
200,000 ballots holds 800,000 of them), 200 meetings, 500 advice items and 50,000 comments, with what the
pages show around them. All content comes from seeded random generators and is dated relative to today, so
two runs on empty databases give the same content; a second run finds nothing to add.

Rows are written without the ORM: ``executemany`` on SQLite, ``COPY`` on PostgreSQL, all in the caller's
transaction, with ids reserved up front so that rows can refer to each other. On PostgreSQL the three biggest
tables (participations, ballots, answers) are loaded without their foreign keys and plain indexes, which are
rebuilt afterwards in the same transaction: the rebuilt constraints check every row at once.

Layout: ``base`` holds what every step shares (the row writer, random keys, the seeded random generators and the
rows every step reads); one module per domain app holds that app's steps (``members.institutions``,
``polls.polls``, ...), each a function of the shared state and the number to add; ``words`` holds the words the
content is made of. ``ScaleData.run`` below calls the steps in order.
"""

import math
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from koers.accounts.models import MembershipRequest, User
from koers.advice.models import Advice
from koers.comments.models import Comment
from koers.meetings.models import Meeting, Topic
from koers.members.models import Institution, Position
from koers.notifications.models import Notification
from koers.polls.models import Answer, Call, Poll
from koers.portfolio.models import Project
from koers.roadmap.models import Ambition, PlanItem, ReferenceItem
from koers.themes.models import Theme

from . import accounts, advice, comments, meetings, members, notifications, polls, portfolio, roadmap, themes
from .base import Loader, Scale
from .polls import BIG_POLL_BALLOTS, NATIONAL_SURVEY

__all__ = ["BIG_POLL_BALLOTS", "FULL", "NATIONAL_SURVEY", "ScaleData", "counts", "targets"]

# Totals at scale 1; the demo data counts towards them.
FULL = {
    "institutions": 110,
    "themes": 0,  # follows from the ambitions, see targets()
    "members": 3000,
    "positions": 60,
    "membership_requests": 60,
    "ambitions": 5000,
    "plan_items": 150,
    "reference_items": 60,
    "projects": 20_000,
    "meetings": 200,
    "topics": 120,
    "calls": 60,
    "polls": 300,
    "answers": 1_000_000,
    "advice": 500,
    "comments": 50_000,
    "notifications": 6000,
}
# At small scales every step still adds something on top of the demo data.
FLOORS = {
    "institutions": 60,
    "members": 100,
    "positions": 15,
    "membership_requests": 3,
    "ambitions": 300,
    "plan_items": 15,
    "reference_items": 12,
    "projects": 100,
    "meetings": 10,
    "topics": 3,
    "calls": 3,
    "polls": 12,
    "answers": 2000,
    "advice": 20,
    "comments": 100,
    "notifications": 50,
}
MAX_INSTITUTIONS = 110
AMBITION_DENSITY = 0.8  # the share of institution × theme pairs with an ambition, which sets the number of themes
MODELS: dict[str, type[Model]] = {
    "institutions": Institution,
    "themes": Theme,
    "members": User,
    "positions": Position,
    "membership_requests": MembershipRequest,
    "ambitions": Ambition,
    "plan_items": PlanItem,
    "reference_items": ReferenceItem,
    "projects": Project,
    "meetings": Meeting,
    "topics": Topic,
    "calls": Call,
    "polls": Poll,
    "answers": Answer,
    "advice": Advice,
    "comments": Comment,
    "notifications": Notification,
}


def targets(scale: float) -> dict[str, int]:
    """The total per kind for this scale."""
    result = {key: max(round(full * scale), FLOORS.get(key, 0)) for key, full in FULL.items()}
    result["institutions"] = min(MAX_INSTITUTIONS, result["institutions"])
    # One ambition per institution and theme: enough themes for the ambitions.
    result["themes"] = math.ceil(result["ambitions"] / (result["institutions"] * AMBITION_DENSITY))
    return result


def counts() -> dict[str, int]:
    return {key: model._default_manager.count() for key, model in MODELS.items()}


class ScaleData(Scale):
    """Tops the database up to ``targets(scale)``, one step per kind. Call ``run()`` inside a transaction."""

    def __init__(self, *, scale: float = 1.0, write: Callable[[str], object] = print):
        super().__init__(scale=scale, write=write)
        self.targets = targets(scale)

    def plan(self) -> dict[str, int]:
        """What each kind lacks: its target minus what is there."""
        now = counts()
        return {key: max(0, self.targets[key] - now[key]) for key in FULL}

    def run(self) -> dict[str, int]:
        """Add what is missing, step by step; returns how many were added per kind."""
        if not any(self.plan().values()):
            return {}
        self.loader = Loader(timezone.now())
        self.read_context()
        added: dict[str, int] = {}
        # Each step adds ``wanted`` of its kind and says what it did; the polls step wants (polls, answers).
        steps: list[tuple[str, Callable[[Scale, Any], str]]] = [
            ("institutions", members.institutions),
            ("themes", themes.themes),
            ("members", members.members),
            ("positions", members.positions),
            ("membership_requests", accounts.membership_requests),
            ("ambitions", roadmap.ambitions),
            ("plan_items", roadmap.plan_items),
            ("reference_items", roadmap.reference_items),
            ("projects", portfolio.projects),
            ("meetings", meetings.meetings),
            ("topics", meetings.topics),
            ("calls", polls.calls),
            ("polls", polls.polls),
            ("advice", advice.advice),
            ("comments", comments.comments),
            ("notifications", notifications.notifications),
        ]
        with self.tuned():
            for key, step in steps:
                before = MODELS[key]._default_manager.count()
                missing = max(0, self.targets[key] - before)
                wanted: int | tuple[int, int] = missing
                if key == "polls":
                    answers = Answer.objects.count()
                    wanted = (missing, max(0, self.targets["answers"] - answers))
                if wanted in (0, (0, 0)):
                    continue
                began = time.perf_counter()
                detail = step(self, wanted)
                total = MODELS[key]._default_manager.count()
                added[key] = total - before
                if key == "polls":
                    added["answers"] = Answer.objects.count() - answers
                seconds = time.perf_counter() - began
                self.write(f"  {key.replace('_', ' '):<20} {total:>9,}  {detail:<52} {seconds:5.1f} s")
        return added

    @contextmanager
    def tuned(self) -> Iterator[None]:
        """SQLite: a bigger page cache for this connection while loading."""
        if connection.vendor != "sqlite":
            yield
            return
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            before = int(cursor.fetchone()[0])
            cursor.execute("PRAGMA cache_size = -262144")  # 256 MiB
            try:
                yield
            finally:
                cursor.execute(f"PRAGMA cache_size = {before}")
