"""Comments on meetings and advice. A step of ``manage.py load_scale``: see koers.devdata.scale."""

import datetime
from collections import Counter, defaultdict

from django.contrib.contenttypes.models import ContentType

from koers.advice.models import Advice, StatusChange
from koers.advice.rules import MEMBER_TEXT_STATUSES
from koers.comments.models import Comment
from koers.meetings.models import Meeting

from .base import Scale
from .words import COMMENT_SENTENCES

# A page to comment on: (content type, object, from, until, weight).
Target = tuple[int, int, datetime.datetime, datetime.datetime, int]


def comment_targets(data: Scale) -> list[Target]:
    """(content type, object, from, until, weight): published reports, and advice from consultation on."""
    now = data.loader.now
    targets: list[Target] = []
    meeting_type = ContentType.objects.get_for_model(Meeting).pk
    reports = Meeting.objects.filter(report_published_at__isnull=False).exclude(status="concept").order_by("pk")
    for pk, published in reports.values_list("pk", "report_published_at"):
        assert published is not None  # the query asks for published reports only
        targets.append((meeting_type, pk, published, min(published + datetime.timedelta(days=60), now), 2))
    advice_type = ContentType.objects.get_for_model(Advice).pk
    readable = Advice.objects.filter(status__in=[status.value for status in MEMBER_TEXT_STATUSES]).order_by("pk")
    steps: defaultdict[int, list[tuple[str, datetime.datetime]]] = defaultdict(list)
    history = StatusChange.objects.filter(advice__in=readable).order_by("advice_id", "at", "pk")
    for advice, to, at in history.values_list("advice_id", "to_status", "at"):
        steps[advice].append((to, at))
    for pk, status, changed in readable.values_list("pk", "status", "status_changed_at"):
        start, end = changed or now, now
        consulted = [k for k, (to, _) in enumerate(steps[pk]) if to == "consultatie"]
        if consulted:  # members comment during the consultation
            k = consulted[-1]
            start = steps[pk][k][1]
            end = steps[pk][k + 1][1] if k + 1 < len(steps[pk]) else now
        targets.append((advice_type, pk, start, max(start, min(end, now)), 3 if status == "consultatie" else 1))
    return targets


def comments(data: Scale, n: int) -> str:
    """Comments and replies (one level) on reports and advice, in their time; a few edited, a few hidden."""
    rng = data.rng("comments", Comment.objects.count())
    targets = comment_targets(data)
    if not targets:
        return "nothing to comment on"
    per_target = Counter(rng.choices(range(len(targets)), [target[4] for target in targets], k=n))
    ids = iter(data.loader.ids(Comment, n))
    rows = []
    for index in sorted(per_target):
        content_type, pk, start, end, _ = targets[index]
        threads: list[int] = []  # comments that can be replied to
        for share in sorted(rng.random() for _ in range(per_target[index])):
            cid = next(ids)
            created = start + (end - start) * share
            parent = rng.choice(threads) if threads and rng.random() < 0.3 else None
            hidden = parent is None and rng.random() < 0.005
            edited = rng.random() < 0.04
            rows.append(
                {
                    "id": cid,
                    "content_type": content_type,
                    "object_id": pk,
                    "parent": parent,
                    "author": rng.choice(data.people),
                    "body": " ".join(rng.sample(COMMENT_SENTENCES, rng.randint(1, 3))),
                    "created_at": created,
                    "edited_at": min(created + datetime.timedelta(minutes=rng.randint(2, 90)), data.loader.now)
                    if edited
                    else None,
                    "hidden_at": created + datetime.timedelta(hours=2) if hidden else None,
                    "hidden_by": rng.choice(data.steering) if hidden else None,
                    "hidden_reason": "Persoonlijke aanval." if hidden else "",
                }
            )
            if parent is None and not hidden:
                threads.append(cid)
    data.loader.add(Comment, rows)
    return f"+{len(rows):,} on {len(per_target):,} pages"
