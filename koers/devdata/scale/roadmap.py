"""The roadmap: ambitions, the multi-year plan and the reference list with its adoption.

A step of ``manage.py load_scale``: see koers.devdata.scale.
"""

import datetime
import itertools
import random

from django.utils.text import slugify

from koers.roadmap.models import Adoption, Ambition, AmbitionChange, PlanItem, ReferenceItem

from .base import SEED, Scale
from .words import BAD_PRACTICES, PLAN_VERBS, REFERENCE_ENTRIES


def ambitions(data: Scale, n: int) -> str:
    """When colleges want to start with which theme (the national heatmap), with some history of changes."""
    rng = data.rng("ambitions", Ambition.objects.count())
    taken = set(Ambition.objects.values_list("institution_id", "theme_id"))
    free = [(i, t) for i in data.institution_ids for t in data.theme_ids if (i, t) not in taken]
    priorities = ("data-ondersteund-onderwijs", "leven-lang-ontwikkelen-llo")  # the network's, as in the demo
    early = {pk for pk, _, slug in data.theme_rows if slug in priorities}
    year = data.today.year
    ambitions, changes = [], []
    for institution, theme in sorted(rng.sample(free, min(n, len(free)))):
        step = rng.randint(0, 4 if theme in early else 9)  # half-years from last year on
        row = {
            "institution": institution,
            "theme": theme,
            "start_year": year - 1 + step // 2,
            "start_half": 1 + step % 2,
            "level": rng.choice(["orienteren", "experimenteren", "implementeren", "borgen"]),
            "readiness": rng.choice(["kunnen", "willen"]),
            "note": rng.choice(["", "", "", "Afhankelijk van de begroting.", "Samen met de regio.", "Pilot eerst."]),
        }
        changed, member = data.ago(rng, 1, 700), data.colleague(rng, institution)
        ambitions.append({**row, "updated_at": changed})
        if rng.random() < 0.25:  # it moved once: the earlier plan is in the history too
            earlier = max(0, step + rng.choice([-2, -1, 1, 2]))
            moved = {"start_year": year - 1 + earlier // 2, "start_half": 1 + earlier % 2, "note": ""}
            before = changed - datetime.timedelta(days=rng.randint(30, 300))
            changes.append({**row, **moved, "removed": False, "changed_at": before, "changed_by": member})
        changes.append({**row, "removed": False, "changed_at": changed, "changed_by": member})
    data.loader.add(Ambition, ambitions)
    data.loader.add(AmbitionChange, changes)
    return f"+{len(ambitions):,}"


def plan_items(data: Scale, n: int) -> str:
    """The network's multi-year plan goes on, ranked after what is there."""
    rng = data.rng("plan", PlanItem.objects.count())
    rank = PlanItem.objects.order_by("-rank").values_list("rank", flat=True).first() or 0
    year = data.today.year
    rows = []
    for k in range(1, n + 1):
        _, theme_name, _ = theme = rng.choice(data.theme_rows)
        item_year = year + rng.randint(-3, 5)
        if item_year < year:
            status = rng.choices(["afgerond", "vervallen"], [4, 1])[0]
        elif item_year == year:
            status = rng.choice(["in_uitvoering", "gepland"])
        else:
            status = rng.choices(["gepland", "voorgesteld"], [1, 2])[0]
        title = f"{rng.choice(PLAN_VERBS)}: {theme_name.lower()}"
        when = data.ago(rng, 1, 900)
        rows.append(
            {
                "title": title,
                "description": f"{title} ({item_year}): een onderdeel van het meerjarenplan van het netwerk.",
                "theme": theme[0],
                "year": item_year,
                "rank": rank + k,
                "owner": rng.choice([*data.steering, None]),
                "status": status,
                "created_at": when,
                "updated_at": when,
            }
        )
    data.loader.add(PlanItem, rows)
    return f"+{len(rows):,}"


def reference_items(data: Scale, n: int) -> str:
    """The reference list, and where every college stands with it."""
    rng = data.rng("references", ReferenceItem.objects.count())
    taken = {value.lower() for row in ReferenceItem.objects.values_list("name", "slug") for value in row}
    # The kinds in turn, so that a few items already mix standards, agreements, products and principles.
    by_kind = [[(name, kind) for name in names] for kind, names in REFERENCE_ENTRIES.items()]
    entries = [entry for group in itertools.zip_longest(*by_kind) for entry in group if entry]
    entries += [(f"Referentie-item {k}", "standaard") for k in range(1, 10_000)]
    chosen = [(name, kind) for name, kind in entries if not {name.lower(), slugify(name)} & taken][:n]
    ids = data.loader.ids(ReferenceItem, len(chosen))
    rows, themes = [], []
    for pk, (name, kind) in zip(ids, chosen, strict=True):
        if name in BAD_PRACTICES:
            recommendation = rng.choice(["afgeraden", "uitfaseren"])
        else:
            recommendation = rng.choices(["aanbevolen", "in_onderzoek"], [3, 1])[0]
        rows.append(
            {
                "id": pk,
                "name": name,
                "slug": slugify(name),
                "kind": kind,
                "recommendation": recommendation,
                "recommendation_since": data.today - datetime.timedelta(days=rng.randint(20, 900)),
                "rationale": f"Het netwerk adviseert: {name.lower()}. Zie de toelichting van de werkgroep.",
                "updated_at": data.ago(rng, 1, 300),
            }
        )
        themes += [(pk, theme) for theme in rng.sample(data.theme_ids, rng.randint(1, 2))]
    data.loader.add(ReferenceItem, rows)
    data.loader.insert(ReferenceItem.themes.through, ["referenceitem", "theme"], themes)
    # Adoption for the new items at every college, and for colleges that said nothing yet on all items.
    done = set(Adoption.objects.values_list("institution_id", "item_id"))
    silent = set(data.institution_ids) - {institution for institution, _ in done}
    new_items = set(ids)
    adoptions = []
    for item, item_slug in ReferenceItem.objects.order_by("pk").values_list("pk", "slug"):
        shares = random.Random(f"{SEED}/adoption/{item_slug}")
        in_use, planned = shares.uniform(0.05, 0.6), shares.uniform(0.0, 0.3)
        for institution in data.institution_ids:
            if (institution, item) in done or (item not in new_items and institution not in silent):
                continue
            draw = rng.random()
            if draw < in_use:
                state = "in_gebruik"
            elif draw < in_use + planned:
                state = "gepland"
            elif draw < in_use + planned + 0.05:
                state = "niet_van_toepassing"
            else:
                continue  # no row: the college has not said
            adoptions.append(
                {
                    "institution": institution,
                    "item": item,
                    "state": state,
                    "updated_at": data.ago(rng, 1, 500),
                    "updated_by": data.colleague(rng, institution),
                }
            )
    data.loader.add(Adoption, adoptions)
    return f"+{len(rows):,}, {len(adoptions):,} adoptions"
