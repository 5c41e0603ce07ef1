from django.core.management.base import BaseCommand

from koers.notifications.models import Frequency
from koers.notifications.services import digest_send


class Command(BaseCommand):
    help = "Queue the daily or weekly notification digest, one task per member (run from cron)."

    def add_arguments(self, parser):
        parser.add_argument("frequency", choices=[Frequency.DAILY, Frequency.WEEKLY])

    def handle(self, *args, frequency: str, **options):
        queued = digest_send(frequency=frequency)
        self.stdout.write(f"{queued} digest(s) queued")
