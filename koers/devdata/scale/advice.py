"""Advice in every state, with working groups, status changes and follow-up.

A step of ``manage.py load_scale``: see koers.devdata.scale.
"""

import datetime
from collections import defaultdict

from django.utils import timezone

from koers.advice.models import Advice, BodyVersion, Follow, FollowUp, StatusChange, WorkingGroupMember
from koers.meetings.models import Meeting
from koers.polls.models import Poll, SignUp
from koers.roadmap.models import PlanItem

from .base import Scale
from .words import ADVICE_SUBJECTS, CARD_TEXTS, PROJECT_PURPOSES

PROGRESS = ["op_schema", "vertraagd", "geblokkeerd"]


def advice(data: Scale, n: int) -> str:
    """Advice in every state, each with the history that led there: versions, steps, decision, follow-up."""
    rng = data.rng("advice", Advice.objects.count())
    closed = Poll.objects.filter(published_at__isnull=False, closes_at__lt=data.base).exclude(audience="regiegroep")
    polls = list(closed.order_by("pk").values_list("pk", flat=True))
    meetings = list(Meeting.objects.filter(status="afgelopen").order_by("pk").values_list("pk", flat=True))
    plan = list(PlanItem.objects.order_by("pk").values_list("pk", flat=True))
    signed_up: defaultdict[int, list[int]] = defaultdict(list)
    for call_id, user_id in (
        SignUp.objects.filter(call__advice__isnull=True, user__is_active=True)
        .order_by("call_id", "pk")
        .values_list("call_id", "user_id")
    ):
        signed_up[call_id].append(user_id)
    calls = [call for call, users in signed_up.items() if len(users) >= 2]
    lifecycle = ["idee", "werkgroep", "concept", "consultatie", "aangeboden", "besluit"]
    statuses = [*lifecycle, "in_uitvoering", "afgerond", "ingetrokken"]
    rows, themes, plan_links, poll_links, meeting_links = [], [], [], [], []
    members, versions, changes, follows, follow_ups = [], [], [], [], []
    for pk in data.loader.ids(Advice, n):
        status = rng.choices(statuses, [8, 10, 10, 12, 8, 10, 20, 15, 7])[0]
        decision = ""
        if status in ("besluit", "in_uitvoering", "afgerond"):
            decision = rng.choices(["overgenomen", "deels_overgenomen", "niet_overgenomen"], [60, 25, 15])[0]
            if status == "in_uitvoering" and decision == "niet_overgenomen":
                decision = "overgenomen"  # what the Adviesraad did not take over is not carried out
        if status == "ingetrokken":
            path = [*lifecycle[: rng.randint(1, 5)], "ingetrokken"]
        elif status in lifecycle:
            path = lifecycle[: lifecycle.index(status) + 1]
        elif status == "in_uitvoering":
            path = [*lifecycle, "in_uitvoering"]
        else:
            carried_out = decision != "niet_overgenomen" and rng.random() < 0.7
            path = [*lifecycle, *(["in_uitvoering"] if carried_out else []), "afgerond"]
        # Dated backwards from the last step, a few weeks apart.
        moments = [data.ago(rng, 1, 500 if status in ("afgerond", "ingetrokken") else 120)]
        for _ in path[1:]:
            moments.insert(0, moments[0] - datetime.timedelta(days=rng.randint(10, 60), hours=rng.randint(0, 5)))
        chosen_themes = rng.sample(data.theme_rows, rng.randint(1, 3))
        subject = chosen_themes[0][1].lower()
        creator = rng.choice(data.steering)
        call: int | None = None
        group: list[tuple[int, str]] = []
        if "werkgroep" in path:
            if calls and rng.random() < 0.1:
                call = calls.pop()
                group = [(user, "oproep") for user in signed_up[call]]
            else:
                group = [(user, "uitnodiging") for user in rng.sample(data.people, rng.randint(2, 6))]
        lead = group[0][0] if group else None
        version = rng.randint(2, 5) if "concept" in path else 2 if group and rng.random() < 0.5 else 1
        summary = f"Wat de instellingen samen doen aan {subject}." if version > 1 else ""
        body = (
            f"### Advies\n\n1. Maak sectorbrede afspraken over {subject}.\n2. Leg ze vast in het meerjarenplan."
            f"\n\n### Onderbouwing\n\n{rng.choice(PROJECT_PURPOSES).capitalize()}."
            if version > 1
            else ""
        )
        shared = None
        if "consultatie" in path:  # the version members first saw; it changed since only in consultation
            shared = version - (1 if status == "consultatie" and version > 2 and rng.random() < 0.3 else 0)
        decision_date = timezone.localdate(moments[path.index("besluit")]) if decision else None
        target = (data.today.year + rng.randint(-1, 3), rng.randint(1, 4)) if rng.random() < 0.6 else (None, None)
        budget = rng.choice([25_000, 50_000, 120_000, 350_000]) if rng.random() < 0.3 else None
        updated = moments[-1]
        if decision_date and decision != "niet_overgenomen":  # follow-up from the decision on (there is one)
            entries = rng.randint(1, 5)
            days = sorted(rng.randint(0, max((data.today - decision_date).days, 1)) for _ in range(entries))
            progress = 0
            for k, day in enumerate(days, start=1):
                progress = min(100, progress + rng.randint(5, 35))
                done = status == "afgerond" and k == entries
                date = min(decision_date + datetime.timedelta(days=day), data.today - datetime.timedelta(days=1))
                follow_ups.append(
                    {
                        "advice": pk,
                        "date": date,
                        "text": f"Stap {k}: {rng.choice(CARD_TEXTS)}",
                        "done_by": rng.choice(["Werkgroep", "MBO Digitaal", "Instellingen", "SURF"]),
                        "progress": 100 if done else progress,
                        "status": "gereed" if done else rng.choices(PROGRESS, [6, 3, 1])[0],
                        "author": creator,
                        "created_at": data.at(date, 12),
                    }
                )
                updated = max(updated, data.at(date, 12))
        rows.append(
            {
                "id": pk,
                "title": f"Advies over {rng.choice(ADVICE_SUBJECTS)} {subject}",
                "question": f"Hoe pakken de instellingen {subject} samen aan?",
                "summary": summary,
                "body": body,
                "version": version,
                "shared_version": shared,
                "target_year": target[0],
                "target_quarter": target[1],
                "budget": budget,
                "funding": "Npuls" if budget else "",
                "call": call,
                "status": status,
                "status_changed_at": moments[-1],
                "decision": decision,
                "decision_rationale": f"De Adviesraad besluit: {decision.replace('_', ' ')}." if decision else "",
                "decision_date": decision_date,
                "created_by": creator,
                "created_at": moments[0],
                "updated_at": min(updated, data.base),
            }
        )
        themes += [(pk, theme[0]) for theme in chosen_themes]
        if plan and rng.random() < 0.3:
            plan_links += [(pk, item) for item in sorted(set(rng.sample(plan, min(len(plan), 2))))]
        if polls and rng.random() < 0.15:
            poll_links.append((pk, rng.choice(polls)))
        if meetings and rng.random() < 0.2:
            meeting_links.append((pk, rng.choice(meetings)))
        joined = moments[min(1, len(moments) - 1)]
        for k, (user, source) in enumerate(group):
            members.append({"advice": pk, "user": user, "is_lead": k == 0, "source": source, "created_at": joined})
        # The versions of the text: the first (empty, as an idea), drafts, and the advice's own as the newest.
        for number in range(1, version + 1):
            if number == version:
                text = (summary, body)
            elif number == 1:
                text = ("", "")
            else:
                text = (summary, body.split("\n\n### Onderbouwing")[0] + f"\n\n(versie {number})")
            versions.append(
                {
                    "advice": pk,
                    "number": number,
                    "summary": text[0],
                    "body": text[1],
                    "author": (lead or creator) if number > 1 else creator,
                    "created_at": moments[0] + (moments[-1] - moments[0]) * (number - 1) / version,
                }
            )
        for k, (step, moment) in enumerate(zip(path, moments, strict=True)):
            changes.append(
                {
                    "advice": pk,
                    "from_status": path[k - 1] if k else "",
                    "to_status": step,
                    "actor": lead if lead and step in ("concept", "consultatie") else creator,
                    "note": "Het programma neemt dit over; een eigen advies is niet meer nodig."
                    if step == "ingetrokken"
                    else "",
                    "at": moment,
                }
            )
        followers = {creator} | set(rng.sample(data.people, rng.randint(0, 8)))  # the maker follows it
        follows += [
            {"advice": pk, "user": user, "following": True, "created_at": moments[0]}
            for user in sorted(user for user in followers if user is not None)
        ]
    data.loader.add(Advice, rows)
    data.loader.insert(Advice.themes.through, ["advice", "theme"], themes)
    data.loader.insert(Advice.plan_items.through, ["advice", "planitem"], plan_links)
    data.loader.insert(Advice.polls.through, ["advice", "poll"], poll_links)
    data.loader.insert(Advice.meetings.through, ["advice", "meeting"], meeting_links)
    data.loader.add(WorkingGroupMember, members)
    data.loader.add(BodyVersion, versions)
    data.loader.add(StatusChange, changes)
    data.loader.add(Follow, follows)
    data.loader.add(FollowUp, follow_ups)
    return f"+{len(rows):,}, {len(follow_ups):,} follow-ups"
