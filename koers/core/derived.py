"""Values worked out from many rows — a chart of the whole sector, counts per theme — kept in the shared cache
(Redis, or the database cache: see the administrator's guide) under a generation that every write to their
source moves on.

    chart = derived.remember("portfolio", key, lambda: work_it_out())   # read
    derived.changed("portfolio")                                        # in whatever writes the source

``changed`` starts a new generation at once and again after the transaction commits, so a reader never gets a
value from before a committed write, on any app server: the cache is shared. A reader asks for the generation
before it works the value out, so a value worked out during a write is kept under a generation that nobody asks
for after the commit. Values of an old generation are left to expire.
"""

import uuid
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")

# How long a value is kept when nothing changes: long, because a write makes it unused at once.
TIMEOUT = 24 * 60 * 60
_MISSING = object()


def _generation_key(topic: str) -> str:
    return f"koers:generation:{topic}"


def generation(topic: str) -> str:
    """The current generation of ``topic``'s values (a new one after every committed write)."""
    key = _generation_key(topic)
    current = cache.get(key)
    if current is None:
        cache.add(key, uuid.uuid4().hex, None)  # two first readers at once agree on one
        current = cache.get(key)
    return str(current)


def remember(topic: str, key: str, compute: Callable[[], T], *, timeout: int = TIMEOUT) -> T:
    """The value under ``key`` in ``topic``'s current generation, worked out by ``compute`` if not yet kept."""
    full_key = f"koers:{topic}:{generation(topic)}:{key}"
    value = cache.get(full_key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(full_key, value, timeout)
    return value


def _new_generation(topic: str) -> None:
    cache.set(_generation_key(topic), uuid.uuid4().hex, None)


def changed(topic: str) -> None:
    """``topic``'s source was written: start a new generation now, for the rest of the writer's own transaction, and
    again after the commit, because another reader may have kept a value worked out from the data before it."""
    _new_generation(topic)
    transaction.on_commit(lambda: _new_generation(topic))
