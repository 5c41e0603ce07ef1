"""The institutions' projects. A step of ``manage.py load_scale``: see koers.devdata.scale."""

import datetime
from collections import defaultdict

from django.db.models.functions import Lower

from koers.portfolio.models import Project
from koers.roadmap.models import Ambition

from .base import Scale
from .words import PROJECT_ACTIONS, PROJECT_OBJECTS, PROJECT_PURPOSES


def projects(data: Scale, n: int) -> str:
    """Projects at every college (more at larger ones), on the themes of their ambitions mostly."""
    rng = data.rng("projects", Project.objects.count())
    titles = defaultdict(set)
    for institution, title in Project.objects.annotate(t=Lower("title")).values_list("institution_id", "t"):
        titles[institution].add(title)
    ambitions = defaultdict(list)
    for institution, theme in Ambition.objects.order_by("pk").values_list("institution_id", "theme_id"):
        ambitions[institution].append(theme)
    names = {row[0]: row[1] for row in data.institution_rows}
    # n split by size band, by largest remainder so that the parts add up to n.
    shares = [n * w / sum(data.institution_weights) for w in data.institution_weights]
    per = [int(share) for share in shares]
    for k in sorted(range(len(shares)), key=lambda k: per[k] - shares[k])[: n - sum(per)]:
        per[k] += 1
    combinations = [f"{action} {thing}" for action in PROJECT_ACTIONS for thing in PROJECT_OBJECTS]
    month = data.today.replace(day=1)
    ids = iter(data.loader.ids(Project, n))
    projects, links, partners = [], [], []
    for institution, count in zip(data.institution_ids, per, strict=True):
        free = [title for title in combinations if title.lower() not in titles[institution]]
        picked = rng.sample(free, min(count, len(free)))
        picked += [f"Project {len(titles[institution]) + k}" for k in range(1, count - len(picked) + 1)]
        for title in picked:
            pk = next(ids)
            status = rng.choices(["idee", "gepland", "lopend", "afgerond", "gestopt"], [10, 15, 40, 28, 7])[0]
            if status == "idee":
                start = None if rng.random() < 0.5 else month + datetime.timedelta(days=31 * rng.randint(1, 12))
                end = None
            elif status == "gepland":
                start = month + datetime.timedelta(days=31 * rng.randint(1, 12))
                end = start + datetime.timedelta(days=31 * rng.randint(3, 24))
            elif status == "lopend":
                start = month - datetime.timedelta(days=31 * rng.randint(1, 36))
                end = None if rng.random() < 0.3 else data.today + datetime.timedelta(days=rng.randint(30, 700))
            else:  # finished or stopped: both dates past
                start = month - datetime.timedelta(days=31 * rng.randint(6, 72))
                end = start + datetime.timedelta(days=rng.randint(60, 900))
                if end >= data.today:
                    end = max(start, data.today - datetime.timedelta(days=rng.randint(1, 60)))
            reviewed = None if rng.random() < 0.1 else data.today - datetime.timedelta(days=rng.randint(0, 400))
            created = data.ago(rng, 401, 2400) if start and start < data.today else data.ago(rng, 1, 400)
            projects.append(
                {
                    "id": pk,
                    "institution": institution,
                    "title": title,
                    "description": f"{title} bij {names[institution]}, voor {rng.choice(PROJECT_PURPOSES)}.",
                    "status": status,
                    "start_date": start,
                    "end_date": end,
                    "horizon": rng.choice(["strategisch", "operationeel"]),
                    "domain": rng.choice(["ict", "business"]),
                    "budget_band": rng.choice(["<50k", "50k-250k", "250k-1m", ">1m", ""]),
                    "contact": data.colleague(rng, institution) if rng.random() < 0.6 else None,
                    "last_reviewed": reviewed,
                    "created_at": created,
                    "updated_at": max(created, data.at(reviewed)) if reviewed else created,
                }
            )
            own = ambitions.get(institution) or data.theme_ids
            chosen = {
                rng.choice(own) if rng.random() < 0.7 else rng.choice(data.theme_ids)
                for _ in range(rng.choice([1, 1, 2, 2, 3]))
            }
            links += [(pk, theme) for theme in sorted(chosen)]
            if rng.random() < 0.12:
                others = {rng.choice(data.institution_ids) for _ in range(rng.randint(1, 3))} - {institution}
                partners += [(pk, other) for other in sorted(others)]
    data.loader.add(Project, projects)
    data.loader.insert(Project.themes.through, ["project", "theme"], links)
    data.loader.insert(Project.partners.through, ["project", "institution"], partners)
    return f"+{len(projects):,}, {len(links):,} theme links"
