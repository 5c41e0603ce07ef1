"""What the portfolio keeps in the shared cache (koers.core.derived): the counts per theme and status of a project
list, and its chart. Every write of a project, its themes or its partners starts a new generation of the topic
"portfolio": through model signals for single saves (connected in apps.py), and through ``changed()`` in the
services that write in bulk (the import), which send no signals. The names a chart shows are the themes' ("themes")."""

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.utils.translation import get_language

from koers.core import derived

from .models import Project

TOPIC = "portfolio"
# A kept part of a portfolio page that names institutions (the coverage matrix, a theme's colleges).
KEPT_TOPICS = "portfolio themes institutions"
T = TypeVar("T")


def remember(what: str, filters: dict[str, object], compute: Callable[[], T]) -> T:
    """``what`` for a project list with these filters (a model instance stands for its key) in the current
    language, kept until the next write to the portfolio or the themes."""
    parts = [f"{name}={getattr(value, 'pk', value)}" for name, value in sorted(filters.items()) if value]
    key = hashlib.sha256("|".join([what, get_language() or "", *parts]).encode()).hexdigest()
    return derived.remember((TOPIC, "themes"), key, compute)


def changed() -> None:
    derived.changed(TOPIC)


def connect() -> None:
    derived.follow(TOPIC, Project, m2m=[Project.themes.through, Project.partners.through])
