"""Themes on top of the demo's, enough for the ambitions.

A step of ``manage.py load_scale``: see koers.devdata.scale.
"""

from django.utils.text import slugify

from koers.themes.models import Agenda, Theme

from .base import Scale
from .words import EXTRA_AGENDA, EXTRA_THEMES


def themes(data: Scale, n: int) -> str:
    """Themes of a third agenda, for the ambitions of 110 colleges."""
    rng = data.rng("themes", Theme.objects.count())
    name, slug, start, end = EXTRA_AGENDA
    agenda, _ = Agenda.objects.get_or_create(
        slug=slug,
        defaults={
            "name": name,
            "start_year": start,
            "end_year": end,
            "description": "De agenda van het netwerk zelf: fundament, onderwijs, bedrijfsvoering en samenwerking.",
        },
    )
    slugs = {row[2] for row in data.theme_rows}
    candidates = [(line, theme) for line, themes in EXTRA_THEMES.items() for theme in themes]
    candidates += [("Verkenning", f"Verkenning {k}") for k in range(1, 10_000)]
    chosen: list[tuple[str, str]] = []  # (line, name)
    for line, theme in candidates:
        if len(chosen) < n and slugify(theme) not in slugs:
            chosen.append((line, theme))
            slugs.add(slugify(theme))
    ids = data.loader.ids(Theme, len(chosen))
    rows = [
        {
            "id": pk,
            "agenda": agenda.pk,
            "line": line,
            "name": theme,
            "slug": slugify(theme),
            "description": f"{theme}: wat de instellingen samen oppakken.",
        }
        for pk, (line, theme) in zip(ids, chosen, strict=True)
    ]
    data.loader.add(Theme, rows)
    # Each related to one other theme; a symmetrical relation is stored both ways.
    existing = set(Theme.related.through.objects.values_list("from_theme_id", "to_theme_id"))
    pairs = []
    for pk in ids:
        other = rng.choice(data.theme_ids + ids)
        if other != pk and (pk, other) not in existing:
            existing |= {(pk, other), (other, pk)}
            pairs += [(pk, other), (other, pk)]
    data.loader.insert(Theme.related.through, ["from_theme", "to_theme"], pairs)
    data.load_themes()
    return f"+{len(rows):,}"
