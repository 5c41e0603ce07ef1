"""Reading the feed: one rule for who sees which activity, used by the feed page, the Atom feed and the dashboard.

- A guest sees the public activities only.
- A member sees the public and members' activities, and a restricted one only when the object's app says she may
  open it (its rule in koers.activity.registry, which reuses the app's own selectors): a member never sees in the
  feed what she may not open.
- "Voor mij" narrows that to the themes she lists as her expertise, her institution and the things she follows.
"""

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from .models import Activity, Audience
from .registry import followed_by, visible_ids

if TYPE_CHECKING:  # the type only: activity sits below accounts, which holds the User model
    from koers.accounts.models import User

SEEN = (Audience.PUBLIC, Audience.MEMBERS)


def _until_now() -> QuerySet[Activity]:
    """Nothing from the future: a scheduled poll's opening shows once it opens."""
    return Activity.objects.filter(created_at__lte=timezone.now())


def public_activities() -> QuerySet[Activity]:
    return _until_now().filter(audience=Audience.PUBLIC)


def _openable(user: "User", objects: Iterable[tuple[str, int]]) -> dict[str, set[int]]:
    """Of the objects (model label, id) that restricted activities are about, the ids ``user`` may open, per
    model: each app's rule asked once, whatever the number of objects."""
    candidates: dict[str, set[int]] = defaultdict(set)
    for object_type, object_id in objects:
        candidates[object_type].add(object_id)
    return {object_type: visible_ids(object_type, user, ids) for object_type, ids in sorted(candidates.items())}


def _restricted_visible(user: "User") -> Q:
    """The restricted activities ``user`` may see, as a condition: one query for the candidates and one per
    app rule, whatever the number of activities."""
    rows = Activity.objects.filter(audience=Audience.RESTRICTED).values_list("object_type", "object_id").distinct()
    condition = Q(pk__in=[])
    for object_type, allowed in _openable(user, rows).items():
        if allowed:
            condition |= Q(object_type=object_type, object_id__in=sorted(allowed))
    return Q(audience=Audience.RESTRICTED) & condition


def activities_for(*, user: "User | AnonymousUser", personal: bool = False) -> QuerySet[Activity]:
    """The activities ``user`` may see, newest first; ``personal``: only those about her themes, institution and
    followed things."""
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        return public_activities()
    activities = _until_now().filter(Q(audience__in=SEEN) | _restricted_visible(user))
    if personal:
        activities = activities.filter(_personal(user))
    return activities


def _personal(user: "User") -> Q:
    themes = Activity.themes.through.objects.filter(activity=OuterRef("pk"), theme__in=user.expertise.values("pk"))
    condition = Q(Exists(themes))
    if user.institution_id is not None:
        condition |= Q(institution_id=user.institution_id)
    for object_type, ids in sorted(followed_by(user).items()):
        if ids:
            condition |= Q(object_type=object_type, object_id__in=sorted(ids))
    return condition


# How many of the newest activities ``newest_for`` reads at once, per activity it needs.
NEWEST_WINDOW = 4


def newest_for(*, user: "User | AnonymousUser", limit: int = 5) -> list[Activity]:
    """The newest ``limit`` activities ``user`` may see (the dashboard's), the same as the first of
    ``activities_for``. Only the restricted ones among the newest few are checked, by the apps' rules, rather
    than every restricted activity there ever was; when too many of those are hidden from her, the full rule
    decides."""
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        return list(public_activities()[:limit])
    window = limit * NEWEST_WINDOW
    rows = list(_until_now().filter(audience__in=(*SEEN, Audience.RESTRICTED))[:window])
    restricted = [activity for activity in rows if activity.audience == Audience.RESTRICTED]
    allowed = _openable(user, ((activity.object_type, activity.object_id) for activity in restricted))
    shown = [
        activity
        for activity in rows
        if activity.audience != Audience.RESTRICTED or activity.object_id in allowed[activity.object_type]
    ]
    if len(shown) < limit and len(rows) == window:  # more hidden than the window allows for: ask the full rule
        return list(activities_for(user=user)[:limit])
    return shown[:limit]
