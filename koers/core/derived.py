"""Values worked out from many rows — a chart of the whole sector, counts per theme — kept in the shared cache
(Redis, or the database cache: see the administrator's guide) under a generation that every write to their
source moves on.

    chart = derived.remember("portfolio", key, lambda: work_it_out())   # read
    derived.changed("portfolio")                                        # in whatever writes the source

A value worked out from several sources names all their topics (``remember(("roadmap", "advice"), …)``) and is
worked out again when any of them changes. ``{% cached_until %}`` (``koers`` template tags) keeps a rendered part
of a page the same way.

``changed`` starts a new generation at once and again after the transaction commits, so a reader never gets a
value from before a committed write, on any app server: the cache is shared. A reader asks for the generation
before it works the value out, so a value worked out during a write is kept under a generation that nobody asks
for after the commit. Values of an old generation are left to expire.
"""

import datetime
import functools
import hashlib
import uuid
from collections.abc import Callable, Collection, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlencode

from asgiref.local import Local
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.forms import Form
from django.http import HttpRequest
from django.utils import timezone

T = TypeVar("T")

# How long a value is kept when nothing changes: long, because a write makes it unused at once.
TIMEOUT = 24 * 60 * 60
_MISSING = object()
MAX_KEY = 200


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


def _read(topics: Sequence[str]) -> list[str]:
    keys = [_generation_key(topic) for topic in topics]
    found = cache.get_many(keys)
    return [str(found[key]) if key in found else generation(topic) for topic, key in zip(topics, keys, strict=True)]


def generations(topics: Sequence[str]) -> list[str]:
    """The current generation of each topic, read together (one round trip when all are known).

    Within a request they are read once: the first part of a page that asks reads every followed topic's, and
    the page's other kept parts ask the cache for their values only. A write in the request moves them on."""
    memo: dict[str, str] | None = getattr(_request, "generations", None)
    if memo is None:
        return _read(topics)
    missing = [topic for topic in topics if topic not in memo]
    if missing:
        wanted = sorted(set(missing) | (_TOPICS - memo.keys()))
        memo.update(zip(wanted, _read(wanted), strict=True))
    return [memo[topic] for topic in topics]


@functools.cache
def release() -> str:
    """This release of Koers's code, templates and translations: a kept value belongs to the release that made it,
    so during a rolling release old and new app servers do not read each other's markup or pickles (and a data
    migration, whose writes send no signals, comes with a new release)."""
    # By content, not by date: app servers that installed the same release at different times share its values.
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent.parent
    for suffix in ("py", "html", "txt", "mo"):
        for path in sorted(root.rglob(f"*.{suffix}")):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def pin() -> None:
    """Read the generations of every topic now, for the rest of the request: a view that reads an object before
    its template keeps parts that show it calls this first, so a change committed in between makes the parts be
    kept under a generation that is already gone, never under the current one."""
    generations(sorted(_TOPICS))


# A key part that says: do not keep this part (a query string with unknown or invalid parameters).
UNKEPT = object()


def query_key(
    request: HttpRequest,
    form: Form | None = None,
    *,
    page_params: Collection[str] = ("page",),
    fields: Collection[str] = (),
) -> object:
    """The request's query string as part of a kept part's key, or ``UNKEPT`` when it holds anything but the
    form's fields (or ``fields``, checked already) with valid values and a page number: such a page is rendered for
    its visitor alone, so that nobody can fill the cache with endless variants, nor leave their own parameters in
    the links others get."""
    allowed = set(form.fields) if form is not None else set(fields)
    for name, values in request.GET.lists():
        if name in page_params:
            if len(values) != 1 or not (values[0].isdigit() and len(values[0]) <= 4):
                return UNKEPT
        elif name not in allowed:
            return UNKEPT
    if form is not None and form.is_bound and not form.is_valid():
        return UNKEPT
    return urlencode(sorted(request.GET.lists()), doseq=True)


def page_when_needed(request: HttpRequest, rows: Callable[[], Any], per_page: int) -> Callable[[], Page]:
    """The request's page of ``rows()`` for a template that keeps it (``{% cached_until %}``): worked out once, and
    only when the template asks, that is when the part is not kept."""

    @functools.cache
    def page() -> Page:
        return Paginator(rows(), per_page).get_page(request.GET.get("page"))

    return page


def remember(topics: str | Sequence[str], key: str, compute: Callable[[], T], *, timeout: int = TIMEOUT) -> T:
    """The value under ``key`` in the current generation of ``topics`` (one or several), worked out by
    ``compute`` if not yet kept."""
    names = [topics] if isinstance(topics, str) else list(topics)
    full_key = f"koers:{release()}:{'+'.join(names)}:{':'.join(generations(names))}:{key}"
    if len(full_key) > MAX_KEY:  # the database cache's key column holds 255 characters, its prefix included
        full_key = f"koers:{release()}:{'+'.join(names)}:{hashlib.sha256(full_key.encode()).hexdigest()}"
    value = cache.get(full_key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(full_key, value, timeout)
    return value


def next_moment(topic: str, name: str, moments: Callable[[], Iterable[datetime.datetime]]) -> str:
    """The first of ``moments()`` still to come, as part of the key of a kept part that changes with the clock
    (a poll opens, a meeting ends): a part kept before that moment is not read after it. ``moments()`` gives those
    to come when asked; they are kept (under ``name``) until ``topic`` changes, and a moment that has passed since
    is skipped. Empty when none is to come."""
    now = timezone.now()
    kept = remember(topic, f"moments:{name}", lambda: sorted(set(moments())))
    return next((moment.isoformat() for moment in kept if moment > now), "")


def _new_generation(topic: str) -> None:
    value = uuid.uuid4().hex
    cache.set(_generation_key(topic), value, None)
    memo: dict[str, str] | None = getattr(_request, "generations", None)
    if memo is not None:
        memo[topic] = value


# The generations read during the current request (None outside a request: every call reads the cache).
_request = Local()


def _request_began(**kwargs) -> None:
    _request.generations = {}


def _request_ended(**kwargs) -> None:
    _request.generations = None


request_started.connect(_request_began, dispatch_uid="koers-derived-request-started")
request_finished.connect(_request_ended, dispatch_uid="koers-derived-request-finished")


def changed(topic: str) -> None:
    """``topic``'s source was written: start a new generation now, for the rest of the writer's own transaction, and
    again after the commit, because another reader may have kept a value worked out from the data before it."""
    _new_generation(topic)
    transaction.on_commit(lambda: _new_generation(topic))


# Every topic that follows models, so that a wholesale load of data can start all of them anew.
_TOPICS: set[str] = set()
# The topics that follow each model (a form's choices among its rows are kept under them).
_MODEL_TOPICS: dict[type[Model], set[str]] = {}


def follow(
    topic: str, *models: type[Model], m2m: Sequence[type[Model]] = (), except_fields: frozenset[str] = frozenset()
) -> None:
    """Start a new generation of ``topic`` whenever one of ``models`` is saved or deleted (one by one or by a
    queryset's ``delete()``) or a many-to-many relation through one of ``m2m`` changes. A save of only
    ``except_fields`` (a member's last sign-in) changes nothing the topic's values show. Writes that send no
    signals — ``update()``, ``bulk_create()``, ``bulk_update()`` — call ``changed(topic)`` themselves."""
    _TOPICS.add(topic)
    for model in models:
        _MODEL_TOPICS.setdefault(model, set()).add(topic)

    def on_write(sender, **kwargs) -> None:
        if kwargs.get("raw"):  # loaddata: a restore empties the cache itself
            return
        fields = kwargs.get("update_fields")
        if except_fields and fields is not None and set(fields) <= except_fields:
            return
        changed(topic)

    def on_relation(sender, action: str, **kwargs) -> None:
        if action in ("post_add", "post_remove", "post_clear"):
            changed(topic)

    for model in models:
        post_save.connect(on_write, sender=model, weak=False, dispatch_uid=f"derived-save-{topic}-{model._meta.label}")
        post_delete.connect(
            on_write, sender=model, weak=False, dispatch_uid=f"derived-delete-{topic}-{model._meta.label}"
        )
    for through in m2m:
        m2m_changed.connect(
            on_relation, sender=through, weak=False, dispatch_uid=f"derived-m2m-{topic}-{through._meta.label}"
        )


def _shown(choices: Any) -> list[Any]:
    """A field's choices as plain values and labels in the current language (groups flattened in order)."""
    shown: list[Any] = []
    for value, label in choices:
        shown.append((value, _shown(label) if isinstance(label, list | tuple) else str(label)))
    return shown


def form_key(form: Form) -> tuple[list[str], str] | None:
    """The topics and the key under which ``form`` rendered can be kept (``{% kept_form %}``), or None when it
    cannot: a bound form with errors (they are the visitor's), or a choice among rows of a model that no topic
    follows.

    The key holds the form's class and prefix and, per field, its label, help text, whether it is required or
    disabled, its widget's attributes, its choices (for a choice among rows: its query, whose rows the topics
    follow, the field's class, the function that names a row, the label of no choice and the field a choice
    sends) and the value it shows; the language is part of every kept part's key. A form's rendering depends
    on nothing else, so two visitors with the same filters get the same markup. A form without a choice among
    rows is quick to render and is not kept."""
    if form.is_bound and not form.is_valid():
        return None
    topics: set[str] = set()
    parts: list[Any] = [type(form).__module__, type(form).__qualname__, form.prefix, form.auto_id]
    for name, field in form.fields.items():
        queryset = getattr(field, "queryset", None)
        if queryset is not None:
            followers = _MODEL_TOPICS.get(queryset.model)
            if not followers:
                return None
            topics |= followers
            choices: Any = str(queryset.query)
        else:
            choices = _shown(getattr(field, "choices", ()))
        value = form[name].value()
        value = [getattr(item, "pk", item) for item in value] if isinstance(value, list | tuple) else value
        attrs = sorted((key, str(attr)) for key, attr in field.widget.attrs.items())
        shown: tuple[Any, ...] = (str(field.label), str(field.help_text), field.required, field.disabled, attrs)
        shown += (choices,)
        if queryset is not None:  # how a row is named, and the choice of none
            label = getattr(field, "label_from_instance", None)
            named = (type(field).__qualname__, getattr(label, "__module__", ""), getattr(label, "__qualname__", ""))
            shown += (*named, str(getattr(field, "empty_label", "")), getattr(field, "to_field_name", None))
        parts.append((name, *shown, getattr(value, "pk", value)))
    if not topics:
        return None  # no rows of a model: quick to render, nothing to keep
    return sorted(topics), hashlib.sha256(repr(parts).encode()).hexdigest()


def followed() -> frozenset[str]:
    """Every topic that follows models: a value kept under any other name would never be worked out again."""
    return frozenset(_TOPICS)


def everything_changed() -> None:
    """Every followed topic changed (demo or national data was loaded in bulk)."""
    for topic in sorted(_TOPICS):
        changed(topic)
