from django.core.management.base import BaseCommand

from koers.polls.services import reminders_send


class Command(BaseCommand):
    help = "Announce polls that opened and remind non-voters a day before closing (run from cron)."

    def handle(self, *args, **options):
        announced, reminded = reminders_send()
        self.stdout.write(f"{announced} poll(s) announced, {reminded} reminder(s) sent")
