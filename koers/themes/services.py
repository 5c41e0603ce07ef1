from django.db import transaction
from django.utils.text import slugify

from koers.core.audit import audit_record
from koers.core.models import AuditEvent

from .models import Agenda, Theme


def unique_slug(model, text: str, *, instance_pk=None) -> str:
    base = slugify(text)[:70] or "item"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exclude(pk=instance_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def agenda_save(*, actor, agenda: Agenda) -> Agenda:
    with transaction.atomic():
        agenda.clean()
        if not agenda.slug:
            agenda.slug = unique_slug(Agenda, agenda.name, instance_pk=agenda.pk)
        agenda.save()
        audit_record(actor=actor, action=AuditEvent.Action.THEME_CHANGED, target=agenda)
    return agenda


def theme_save(*, actor, theme: Theme, related) -> Theme:
    with transaction.atomic():
        theme.clean()
        if not theme.slug:
            theme.slug = unique_slug(Theme, theme.name, instance_pk=theme.pk)
        theme.save()
        theme.related.set([t for t in related if t.pk != theme.pk])
        audit_record(
            actor=actor,
            action=AuditEvent.Action.THEME_CHANGED,
            target=theme,
            data={"related": sorted(t.slug for t in related)},
        )
    return theme
