"""Recording what happened, for the feed. The domain services call ``record_activity`` in the same transaction
as the change they make, so a change that rolls back leaves no activity behind."""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from .models import Activity, Audience, FeedVisit
from .registry import backfills

if TYPE_CHECKING:  # types only: activity sits below the apps that own these models
    import datetime

    from django.contrib.auth.models import AnonymousUser

    from koers.accounts.models import User
    from koers.members.models import Institution
    from koers.themes.models import Theme


def record_activity(
    *,
    kind: str,
    target: Model,
    audience: str = Audience.MEMBERS,
    title: str | None = None,
    url: str | None = None,
    themes: "Iterable[Theme]" = (),
    institution: "Institution | None" = None,
    actor: "User | AnonymousUser | None" = None,
    at: "datetime.datetime | None" = None,
) -> Activity:
    """One feed item about ``target``: its title and link as they are now, and who may see it."""
    activity = Activity.objects.create(
        created_at=at or timezone.now(),
        kind=kind,
        audience=audience,
        object_type=target._meta.label_lower,
        object_id=target.pk,
        title=(title if title is not None else str(target))[:255],
        url=url if url is not None else target.get_absolute_url(),  # type: ignore[attr-defined]
        institution=institution,
        actor=actor if actor is not None and actor.is_authenticated else None,
    )
    themes = list(themes)
    if themes:
        activity.themes.set(themes)
    return activity


def feed_visited(*, user: "User", at: "datetime.datetime | None" = None) -> "datetime.datetime | None":
    """Note that ``user`` opened the feed now; returns when they opened it before (None the first time)."""
    at = at or timezone.now()
    visit, created = FeedVisit.objects.get_or_create(user=user, defaults={"seen_at": at})
    if created:
        return None
    before = visit.seen_at
    FeedVisit.objects.filter(pk=visit.pk).update(seen_at=at)
    return before


def activity_withdraw(*, kind: str, target: Model) -> int:
    """Take back the feed items of ``kind`` about ``target``, when what they announced is withdrawn (a report
    unpublished, a meeting back to concept); returns how many."""
    deleted, _ = Activity.objects.filter(kind=kind, object_type=target._meta.label_lower, object_id=target.pk).delete()
    return deleted


def record_once(*, kind: str, target: Model, **fields: Any) -> bool:
    """``record_activity`` unless ``target`` already has an activity of ``kind`` (for backfills, which may run
    again); returns whether it recorded."""
    exists = Activity.objects.filter(kind=kind, object_type=target._meta.label_lower, object_id=target.pk).exists()
    if not exists:
        record_activity(kind=kind, target=target, **fields)
    return not exists


def backfill_all() -> int:
    """Run every app's backfill (koers.activity.registry); returns how many activities were added."""
    with transaction.atomic():
        return sum(backfill() for backfill in backfills())
