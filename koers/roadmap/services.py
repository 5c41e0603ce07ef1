from typing import Any

from django.db import transaction

from .models import Ambition, AmbitionChange

FIELDS = ["start_year", "start_half", "level", "readiness", "note"]


def ambition_save(*, actor, institution, theme, data: dict[str, Any]) -> Ambition:
    """Set an institution's ambition for a theme and keep the previous version in the history."""
    with transaction.atomic():
        ambition, _created = Ambition.objects.select_for_update().update_or_create(
            institution=institution, theme=theme, defaults={name: data[name] for name in FIELDS}
        )
        AmbitionChange.objects.create(
            institution=institution, theme=theme, changed_by=actor, **{name: data[name] for name in FIELDS}
        )
    return ambition


def ambition_remove(*, actor, institution, theme) -> None:
    with transaction.atomic():
        deleted, _ = Ambition.objects.filter(institution=institution, theme=theme).delete()
        if deleted:
            AmbitionChange.objects.create(institution=institution, theme=theme, changed_by=actor, removed=True)
