"""What the portfolio keeps in the shared cache (koers.core.derived): the counts per theme and status of a project
list, and its chart. Every write of a project, its themes, or the names they show (theme, agenda) starts a new
generation: through the model signals below for single saves, and through ``changed()`` in the services that
write in bulk (the import), which send no signals."""

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

from koers.core import derived
from koers.themes.models import Agenda, Theme

from .models import Project

TOPIC = "portfolio"
T = TypeVar("T")


def remember(what: str, filters: dict[str, object], compute: Callable[[], T]) -> T:
    """``what`` for a project list with these filters (a model instance stands for its key) in the current
    language, kept until the next write to the portfolio."""
    parts = [f"{name}={getattr(value, 'pk', value)}" for name, value in sorted(filters.items()) if value]
    key = hashlib.sha256("|".join([what, get_language() or "", *parts]).encode()).hexdigest()
    return derived.remember(TOPIC, key, compute)


def changed() -> None:
    derived.changed(TOPIC)


def _on_write(sender, **kwargs) -> None:
    if not kwargs.get("raw"):  # loaddata: a restore empties the cache itself
        changed()


def _on_themes(sender, action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        changed()


def connect() -> None:
    for model in (Project, Theme, Agenda):
        post_save.connect(_on_write, sender=model, dispatch_uid=f"portfolio-derived-save-{model.__name__}")
        post_delete.connect(_on_write, sender=model, dispatch_uid=f"portfolio-derived-delete-{model.__name__}")
    m2m_changed.connect(_on_themes, sender=Project.themes.through, dispatch_uid="portfolio-derived-themes")
