"""Keeping the index current: entries are written from the declarations in ``kinds.py``.

The services that write content do so through the ORM's ``save()`` and ``delete()``; the index listens to those
signals (connected in ``SearchConfig.ready()``) so that the domain apps need not know about search. Bulk writes
that bypass the signals (the national-scale loader) end with ``reindex()``.
"""

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save

from .kinds import BY_KEY, KINDS, Document, Kind
from .models import Entry

BATCH = 500
UPSERT_FIELDS = ["title", "body", "url", "theme_keys", "institution_id", "audience", "updated_at"]
# Saves that change nothing a search entry shows (signing in writes last_login) do not reindex.
UNINDEXED_UPDATES = frozenset({"last_login"})
_state = threading.local()


@contextmanager
def paused() -> Iterator[None]:
    """Write without indexing each save (loading demo data); the caller runs ``reindex()`` afterwards."""
    before = getattr(_state, "paused", False)
    _state.paused = True
    try:
        yield
    finally:
        _state.paused = before


def is_active() -> bool:
    """Whether saves in this thread update the search index (not inside `paused()`)."""
    return not getattr(_state, "paused", False)


def _entry(kind: Kind, pk: int, document: Document) -> Entry:
    return Entry(
        kind=kind.key,
        object_id=pk,
        title=document.title[:300],
        body=document.body,
        url=document.url[:300],
        theme_keys=" " + " ".join(str(theme) for theme in document.themes) + " " if document.themes else "",
        institution_id=document.institution,
        audience=document.audience,
    )


def index(kind_key: str, pks: Iterable[int]) -> None:
    """Write the entries of these objects of one kind again; an object that is gone or not findable loses its
    entry."""
    kind = BY_KEY[kind_key]
    pks = list(pks)
    if not pks:
        return
    found = {obj.pk: kind.document(obj) for obj in kind.objects().filter(pk__in=pks)}
    entries = [_entry(kind, pk, document) for pk, document in found.items() if document is not None]
    kept = {entry.object_id for entry in entries}
    with transaction.atomic():
        Entry.objects.filter(kind=kind.key, object_id__in=[pk for pk in pks if pk not in kept]).delete()
        # An upsert, not delete-then-insert: two requests indexing the same object at once (a member signing in
        # on two devices) must not both insert it.
        Entry.objects.bulk_create(
            entries, update_conflicts=True, unique_fields=["kind", "object_id"], update_fields=UPSERT_FIELDS
        )


def unindex(kind_key: str, pks: Iterable[int]) -> None:
    Entry.objects.filter(kind=kind_key, object_id__in=list(pks)).delete()


def reindex(kinds: Iterable[str] | None = None) -> dict[str, int]:
    """Rebuild the index (of the named kinds, else all) from the content; returns the entries per kind."""
    counts: dict[str, int] = {}
    for kind in KINDS:
        if kinds is not None and kind.key not in kinds:
            continue
        with transaction.atomic():
            Entry.objects.filter(kind=kind.key).delete()
            batch: list[Entry] = []
            count = 0
            for obj in kind.objects().order_by("pk").iterator(chunk_size=BATCH):
                document = kind.document(obj)
                if document is None:
                    continue
                batch.append(_entry(kind, obj.pk, document))
                if len(batch) >= BATCH:
                    Entry.objects.bulk_create(batch)
                    count += len(batch)
                    batch = []
            Entry.objects.bulk_create(batch)
            counts[kind.key] = count + len(batch)
    return counts


# Signals --------------------------------------------------------------------------------------------------------


def _saved(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if kwargs.get("raw") or not is_active():
        return
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= UNINDEXED_UPDATES:
        return
    for kind in KINDS:
        if kind.model is sender:
            index(kind.key, [instance.pk])
        for model, dependants in kind.watch:
            if model is sender:
                index(kind.key, dependants(instance))


def _deleted(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if not is_active():
        return
    for kind in KINDS:
        if kind.model is sender:
            unindex(kind.key, [instance.pk])
        for model, dependants in kind.watch:
            if model is sender:
                # The object is gone; what depended on it may have changed (a consent withdrawn).
                index(kind.key, dependants(instance))


def _m2m(sender: type[Model], instance: Model, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any):
    if action not in ("post_add", "post_remove", "post_clear") or not is_active():
        return
    for kind in KINDS:
        if sender in kind.m2m:
            # Forward (project.themes.add): the instance is the indexed object; reverse (theme.projects.add): the
            # indexed objects are in pk_set (a clear from the reverse side is not followed: reindex after it).
            index(kind.key, [instance.pk] if not reverse else list(pk_set or ()))


def connect_signals() -> None:
    models: set[type[Model]] = set()
    for kind in KINDS:
        models.add(kind.model)
        models.update(model for model, _ in kind.watch)
        for through in kind.m2m:
            m2m_changed.connect(_m2m, sender=through, dispatch_uid=f"search-m2m-{through._meta.label}")
    for model in models:
        post_save.connect(_saved, sender=model, dispatch_uid=f"search-save-{model._meta.label}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"search-delete-{model._meta.label}")
