from django.core.management.base import BaseCommand

from koers.polls.services import closings_record, reminders_send


class Command(BaseCommand):
    help = (
        "Announce polls that opened, remind non-voters a day before closing, and record the turnout of polls "
        "that closed (run from cron)."
    )

    def handle(self, *args, **options):
        announced, reminded = reminders_send()
        recorded = closings_record()
        self.stdout.write(f"{announced} poll(s) announced, {reminded} reminder(s) sent, {recorded} closing(s) recorded")
