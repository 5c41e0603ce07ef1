"""Load national-scale data on top of the demo data, for load tests and benchmarks (see koers.devdata.scale).

Safe to run again: it tops every count up to its target, so a second run finds nothing to add.
"""

import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from koers.accounts.models import User
from koers.core import derived
from koers.devdata.scale import FULL, ScaleData, counts, targets
from koers.search.indexing import paused, reindex

BIG_TABLES = ["polls_answer", "polls_ballot", "polls_participation", "comments_comment", "portfolio_project"]


class Command(BaseCommand):
    help = "Top the database up to national scale: 110 institutions, 3,000 members, 1,000,000 poll answers, ..."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Multiply every target by this (e.g. 0.01 for a quick run)."
        )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("load_scale creates accounts with a published password; it refuses to run in production")
        scale = options["scale"]
        if not 0 < scale <= 100:
            raise CommandError("--scale must be above 0 and at most 100")
        began = time.perf_counter()
        if not User.objects.filter(email="lid@koers.example").exists():
            self.stdout.write("No demo accounts yet: loading the demo data first.")
            call_command("load_demo", stdout=self.stdout, stderr=self.stderr)
            self.stdout.write(f"  demo data {time.perf_counter() - began:.1f} s")
        data = ScaleData(scale=scale, write=self.stdout.write)
        if not any(data.plan().values()):
            self.stdout.write(self.style.SUCCESS(f"National-scale data (scale {scale:g}) is already loaded."))
            return
        self.stdout.write(f"Loading national-scale data (scale {scale:g}) on {connection.vendor}:")
        with transaction.atomic(), paused():  # indexed once at the end rather than on every save
            data.run()
            # The loader writes rows in bulk, past the signals that keep the search index current.
            indexed = time.perf_counter()
            entries = sum(reindex().values())
            self.stdout.write(f"  {'search index':<20} {entries:>9,}  {'':<52} {time.perf_counter() - indexed:5.1f} s")
        self.tidy()
        derived.everything_changed()  # the bulk writes sent no signals: values kept in the shared cache are stale
        total = counts()
        wanted = targets(scale)
        short = {key: (total[key], wanted[key]) for key in FULL if total[key] < wanted[key]}
        self.stdout.write(
            self.style.SUCCESS(f"National-scale data loaded in {time.perf_counter() - began:.1f} s.")
            + "".join(f"\n  {key}: {have:,} (target {want:,})" for key, (have, want) in short.items())
        )

    def tidy(self) -> None:
        """PostgreSQL: fresh statistics and visibility maps for the big tables, so that the first queries after
        loading get good plans and index-only scans. Not possible inside a transaction (as in tests)."""
        if connection.vendor != "postgresql" or connection.in_atomic_block:
            return
        began = time.perf_counter()
        with connection.cursor() as cursor:
            for table in BIG_TABLES:
                cursor.execute(f'VACUUM (ANALYZE) "{table}"')
            cursor.execute("ANALYZE")
        self.stdout.write(f"  {'vacuum and analyze':<20} {'':>9}  {'':<52} {time.perf_counter() - began:5.1f} s")
