"""The demo data: the real mbo institutions and themes, and fictional people in every role.

One module per domain app loads that app's part; ``load_demo`` calls them in the order their data builds on each
other. Safe to run again: each part only adds what is missing, so a second run changes nothing.
"""

from django.db import transaction

from koers.accounts.models import User
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
        backfill_all()
