"""The demo data: the real mbo institutions and themes, and fictional people in every role.

One module per domain app loads that app's part; ``load_demo`` calls them in the order their data builds on each
other. Safe to run again: each part only adds what is missing, so a second run changes nothing.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from koers.accounts.models import User
from koers.activity.models import Activity
from koers.activity.services import backfill_all

from . import accounts, advice, governance, meetings, members, polls, portfolio, roadmap, themes


def load_demo() -> None:
    with transaction.atomic():
        institutions = members.load_institutions()
        agenda_themes = themes.load_themes()
        members.load_people(institutions=institutions, themes=agenda_themes)
        accounts.load_membership_requests(institutions=institutions)
        portfolio.load_projects(institutions=institutions, themes=agenda_themes)
        roadmap.load_ambitions(institutions=institutions, themes=agenda_themes)
        roadmap.load_plan(themes=agenda_themes)
        roadmap.load_references(institutions=institutions, themes=agenda_themes)
        polls.load_polls(institutions=institutions, themes=agenda_themes)
        meetings.load_meetings(institutions=institutions, themes=agenda_themes)
        advice.load_advice(themes=agenda_themes)
        governance.load_election(people={u.email: u for u in User.objects.filter(email__endswith="@koers.example")})
        # What the services above did not record themselves (data created directly) becomes the feed's history.
        if backfill_all():
            spread_activities()


def spread_activities() -> None:
    """The demo is loaded in one go, so its events all happened just now: spread them over the past weeks, in a
    fixed shuffled order, so that the feed shows a varied history (only on the first load)."""
    now = timezone.now()
    activities = list(Activity.objects.filter(created_at__lte=now).order_by("id"))
    random.Random(19).shuffle(activities)
    for n, activity in enumerate(activities):
        activity.created_at = now - datetime.timedelta(hours=3 * n + 1)
    # One object's events keep their order: a poll opens before it closes.
    per_object: dict[tuple[str, int], list[Activity]] = {}
    for activity in activities:
        per_object.setdefault((activity.object_type, activity.object_id), []).append(activity)
    for events in per_object.values():
        moments = sorted(activity.created_at for activity in events)
        for activity, moment in zip(sorted(events, key=lambda a: a.pk), moments, strict=True):
            activity.created_at = moment
    Activity.objects.bulk_update(activities, ["created_at"])
