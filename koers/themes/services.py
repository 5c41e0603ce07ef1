from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import models, transaction
from django.utils.text import slugify

from koers.core.audit import audit_record

from .audit import ThemeAction
from .models import Agenda, Theme

if TYPE_CHECKING:  # only the type: accounts sits above themes
    from koers.accounts.models import User


def unique_slug(model: type[models.Model], text: str, *, instance_pk: int | None = None) -> str:
    base = slugify(text)[:70] or "item"
    slug, n = base, 2
    while model._default_manager.filter(slug=slug).exclude(pk=instance_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def agenda_save(*, actor: "User", agenda: Agenda) -> Agenda:
    with transaction.atomic():
        agenda.clean()
        if not agenda.slug:
            agenda.slug = unique_slug(Agenda, agenda.name, instance_pk=agenda.pk)
        agenda.save()
        audit_record(actor=actor, action=ThemeAction.THEME_CHANGED, target=agenda)
    return agenda


def theme_save(*, actor: "User", theme: Theme, related: Iterable[Theme]) -> Theme:
    with transaction.atomic():
        theme.clean()
        if not theme.slug:
            theme.slug = unique_slug(Theme, theme.name, instance_pk=theme.pk)
        theme.save()
        theme.related.set([t for t in related if t.pk != theme.pk])
        audit_record(
            actor=actor,
            action=ThemeAction.THEME_CHANGED,
            target=theme,
            data={"related": sorted(t.slug for t in related)},
        )
    return theme
