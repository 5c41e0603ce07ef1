"""The audit log: one function records every security-relevant event, and a registry of the actions.

Each app declares the actions it records in its own ``audit`` module, as a ``TextChoices`` class decorated with
``@audit_actions``; the core app imports every app's ``audit`` module when Django starts (``CoreConfig.ready``).
So a new action needs no change (and no migration) in core, and core never imports a domain app. The stored value
is the action's string (``"membership.approved"``); the registry gives it its translated label.
"""

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db import models

from .models import AuditEvent

if TYPE_CHECKING:  # only the type: core imports no app, and accounts holds the User model
    from django.contrib.auth.models import AnonymousUser

    from koers.accounts.models import User

Choices = TypeVar("Choices", bound=type[models.TextChoices])

# value -> (the TextChoices class that declared it, its label)
_ACTIONS: dict[str, tuple[type[models.TextChoices], Any]] = {}


def audit_actions(choices: Choices) -> Choices:
    """Register an app's audit actions; a value may belong to one class only."""
    for member in choices:
        owner = _ACTIONS.get(member.value, (choices,))[0]
        if owner is not choices:
            raise ImproperlyConfigured(
                f"Audit action {member.value!r} of {choices.__module__}.{choices.__qualname__} "
                f"is already declared by {owner.__module__}.{owner.__qualname__}"
            )
    _ACTIONS.update((member.value, (choices, member.label)) for member in choices)
    return choices


def action_label(value: str) -> str:
    """The translated label of an action; an action nobody declares (any more) shows as its stored value."""
    registered = _ACTIONS.get(value)
    return str(registered[1]) if registered else value


def action_choices() -> Iterator[tuple[str, Any]]:
    """Every declared action with its label, in the order the apps are installed and declare them."""
    return ((value, label) for value, (_, label) in _ACTIONS.items())


def is_action(value: str) -> bool:
    return value in _ACTIONS


def audit_record(
    *, actor: "User | AnonymousUser | None", action: str, target: models.Model, data: dict[str, Any] | None = None
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk or ""),
        target_repr=str(target)[:255],
        data=data or {},
    )
