from django.core.management.base import BaseCommand

from koers.search.indexing import reindex
from koers.search.kinds import BY_KEY


class Command(BaseCommand):
    help = "Rebuild the search index from the content (all kinds, or the kinds named)."

    def add_arguments(self, parser):
        parser.add_argument("kinds", nargs="*", choices=sorted(BY_KEY), help="only these kinds")

    def handle(self, *args, **options):
        counts = reindex(options["kinds"] or None)
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count}")
        self.stdout.write(self.style.SUCCESS(f"{sum(counts.values())} entries indexed."))
