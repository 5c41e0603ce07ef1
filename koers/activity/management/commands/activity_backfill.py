"""Fill the feed from the data Koers already holds: what happened before the feed existed.

Safe to run again: an object that already has an activity of a kind gets no second one.
"""

from django.core.management.base import BaseCommand

from koers.activity.services import backfill_all


class Command(BaseCommand):
    help = "Create the feed's activities from existing projects, ambitions, polls, meetings, advice and members."

    def handle(self, *args, **options):
        added = backfill_all()
        self.stdout.write(self.style.SUCCESS(f"{added} activities added."))
