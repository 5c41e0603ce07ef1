"""Who sees an activity about an object of another app, and which objects a member follows.

Activity sits at the floor of the domain, below the apps whose events it shows: each of those apps registers
here from its AppConfig.ready(), so that activity never imports them.

- ``register_visibility(label, rule)``: for the activities with audience "restricted" about objects of the model
  ``label``, ``rule(user, ids)`` returns the ids among ``ids`` that ``user`` may open (in a fixed number of
  queries, reusing the app's own selectors).
- ``register_followed(label, followed)``: ``followed(user)`` returns the ids of the objects of ``label`` that the
  member follows; their activities belong to the member's personal feed.
"""

from collections.abc import Callable
from typing import Any

VisibleIds = Callable[[Any, set[int]], set[int]]
FollowedIds = Callable[[Any], set[int]]

_visible: dict[str, VisibleIds] = {}
_followed: dict[str, FollowedIds] = {}


def register_visibility(label: str, rule: VisibleIds) -> None:
    if label in _visible:
        raise ValueError(f"{label} already has an activity visibility rule")
    _visible[label] = rule


def register_followed(label: str, followed: FollowedIds) -> None:
    if label in _followed:
        raise ValueError(f"{label} already says what a member follows")
    _followed[label] = followed


def visible_ids(label: str, user: Any, ids: set[int]) -> set[int]:
    """The ids ``user`` may open; none for a model without a rule (restricted means: only with a rule)."""
    rule = _visible.get(label)
    return rule(user, ids) if rule is not None and ids else set()


def followed_by(user: Any) -> dict[str, set[int]]:
    return {label: followed(user) for label, followed in _followed.items()}


# Backfills: each app that records activities says how to make them from the data it already holds (for data
# from before the feed existed, and for the demo). Declared in the app's ``activity`` module, found at start-up.
Backfill = Callable[[], int]
_backfills: list[Backfill] = []


def activity_backfill(backfill: Backfill) -> Backfill:
    """Register an app's backfill: a function that records (with ``record_once``) and returns how many."""
    _backfills.append(backfill)
    return backfill


def backfills() -> list[Backfill]:
    return list(_backfills)
