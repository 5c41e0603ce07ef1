"""Notifications for members. A step of ``manage.py load_scale``: see koers.devdata.scale."""

import datetime

from django.urls import reverse

from koers.advice.models import Advice
from koers.meetings.models import Meeting
from koers.notifications.models import Notification
from koers.polls.models import Poll

from .base import Scale
from .words import NOTIFICATION_SUBJECTS


def notifications(data: Scale, n: int) -> str:
    """A modest inbox per member: all of it mailed already (nothing goes out later), most of it read."""
    rng = data.rng("notifications", Notification.objects.count())
    polls = list(Poll.objects.filter(published_at__isnull=False).order_by("-pk").values_list("pk", "title")[:50])
    meetings = list(Meeting.objects.exclude(status="concept").order_by("-pk").values_list("pk", "title")[:50])
    advice = list(Advice.objects.order_by("-pk").values_list("pk", "title")[:50])
    sources = {
        "polls": (polls, "polls:poll-detail"),
        "meetings": (meetings, "meetings:meeting-detail"),
        "advice": (advice, "advice:advice-detail"),
        "comments": (meetings, "meetings:report"),
    }
    kinds = [kind for kind, (objects, _) in sources.items() if objects]
    if not kinds:
        return "nothing to tell"
    rows = []
    for _ in range(n):
        kind = rng.choice(kinds)
        objects, view = sources[kind]
        pk, title = rng.choice(objects)
        status = rng.choice(["Consultatie", "Besluit", "In uitvoering"])
        created = data.ago(rng, 1, 60)
        read = created + datetime.timedelta(hours=rng.randint(1, 72)) if rng.random() < 0.7 else None
        rows.append(
            {
                "user": rng.choice(data.people),
                "kind": kind,
                "subject": NOTIFICATION_SUBJECTS[kind].format(title=title, status=status)[:200],
                "url": reverse(view, args=[pk]),
                "created_at": created,
                "read_at": min(read, data.loader.now) if read else None,
                "emailed_at": created,
            }
        )
    data.loader.add(Notification, rows)
    return f"+{len(rows):,}"
