"""Which models documents can belong to, and who may see the documents of one of their objects.

Documents sit below the apps whose objects they belong to (meetings, advice): each of those apps registers its
model here from its AppConfig.ready(), with the rule of who sees its documents as a queryset of the objects
whose documents ``user`` may see, so that documents never imports them and a list filters in the database.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, QuerySet
from django.utils.functional import Promise

from koers.accounts.models import User

# The objects of the registered model whose documents ``user`` may see.
VisibleObjects = Callable[[User | AnonymousUser], QuerySet[Any]]


@dataclass(frozen=True)
class Owner:
    """A model documents can belong to: its label ("advice.advice"), the kind's name for filters and pages, and
    the rule of who sees its documents."""

    label: str
    kind: str  # a short key for the library's filter ("advies")
    name: str | Promise
    visible_objects: VisibleObjects


_owners: dict[str, Owner] = {}


def register_document_owner(
    model: type[Model], *, kind: str, name: str | Promise, visible_objects: VisibleObjects
) -> None:
    """Let documents belong to the objects of ``model``; ``visible_objects(user)`` is the queryset of those
    objects whose documents ``user`` may see. A model registers once."""
    label = model._meta.label_lower
    if label in _owners:
        raise ValueError(f"{label} already has documents")
    if any(owner.kind == kind for owner in _owners.values()):
        raise ValueError(f"the kind {kind} is taken")
    _owners[label] = Owner(label=label, kind=kind, name=name, visible_objects=visible_objects)


def owners() -> list[Owner]:
    return list(_owners.values())


def owner(label: str) -> Owner | None:
    return _owners.get(label)


def owner_of_kind(kind: str) -> Owner | None:
    return next((o for o in _owners.values() if o.kind == kind), None)
