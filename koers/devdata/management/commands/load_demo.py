"""Load the demo data (koers.devdata.demo): the real mbo institutions and themes, and fictional people in every role.

Safe to run again: it only adds what is missing, so a second run changes nothing.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from koers.core import derived
from koers.devdata.demo import load_demo
from koers.devdata.demo.members import DEMO_PASSWORD
from koers.search.indexing import paused, reindex


class Command(BaseCommand):
    help = "Load demo institutions, themes and fictional members (idempotent)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("load_demo creates accounts with a published password; it refuses to run in production")
        with paused():  # indexed once at the end rather than on every save
            load_demo()
        reindex()
        derived.everything_changed()  # values kept in the shared cache were worked out from the data before
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        self.stdout.write("  beheer@koers.example       administrator")
        self.stdout.write("  voorzitter@koers.example   chair (steps down in 40 days)")
        self.stdout.write("  secretaris@koers.example   secretary (steering group)")
        self.stdout.write("  regiegroep@koers.example   steering group member")
        self.stdout.write("  lid@koers.example          member")
        self.stdout.write("  nieuw@koers.example        new member")
