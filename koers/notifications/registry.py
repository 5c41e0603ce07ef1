"""The messages a notification can carry: each app declares its own, so a notification is rendered in the
language of whoever reads it, when they read it.

Each app declares its messages in its own ``notices`` module with ``notice()``; the notifications app imports
every app's ``notices`` module when Django starts (``NotificationsConfig.ready``), so notifications never imports
a domain app. A notification stores the message's key and its parameters (JSON); the subject and body are
formatted from the message's translatable strings in the active language. Parameters named in ``choices`` are
stored as the choice's value and shown as its translated label.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ImproperlyConfigured
from django.db import models

if TYPE_CHECKING:  # the type of gettext_lazy's strings exists only in the stubs
    from django_stubs_ext import StrOrPromise

# What a notification's parameters may hold: stored as JSON.
Params = Mapping[str, str | int]


@dataclass(frozen=True)
class Notice:
    key: str
    kind: str
    subject: "StrOrPromise"
    body: "StrOrPromise" = ""
    choices: Mapping[str, type[models.TextChoices]] = field(default_factory=dict)

    def render(self, params: Params) -> tuple[str, str]:
        """Subject and body in the active language."""
        values = {name: self._shown(name, value) for name, value in params.items()}
        return str(self.subject) % values, (str(self.body) % values).strip()

    def _shown(self, name: str, value: str | int) -> object:
        choices = self.choices.get(name)
        if choices is not None and isinstance(value, str) and value in choices.values:
            return str(choices(value).label)
        return value


_NOTICES: dict[str, Notice] = {}


def notice(
    *,
    key: str,
    kind: str,
    subject: "StrOrPromise",
    body: "StrOrPromise" = "",
    choices: Mapping[str, type[models.TextChoices]] | None = None,
) -> Notice:
    """Declare a message; its key is stored with every notification, so it never changes once used."""
    if key in _NOTICES:
        raise ImproperlyConfigured(f"Notification message {key!r} is already declared")
    declared = Notice(key=key, kind=kind, subject=subject, body=body, choices=choices or {})
    _NOTICES[key] = declared
    return declared


def rendered(key: str, params: Params) -> tuple[str, str] | None:
    """Subject and body of the message ``key`` in the active language; None when nobody declares it (any more)
    or its parameters no longer fit, so the caller shows the text stored when it was sent."""
    declared = _NOTICES.get(key)
    if declared is None:
        return None
    try:
        return declared.render(params)
    except (KeyError, TypeError, ValueError):
        return None
