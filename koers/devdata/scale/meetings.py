"""Meetings with their agendas, registrations and cards, and round-table topics.

A step of ``manage.py load_scale``: see koers.devdata.scale.
"""

import datetime

from django.utils import timezone

from koers.meetings.models import AgendaItem, Contribution, Meeting, Registration, Statement, Topic

from .base import Scale
from .words import AGENDA_ROWS, CARD_TEXTS, DOMSTAD, MEETING_KINDS, MONTHS, POLL_SUBJECTS, STATEMENTS


def meetings(data: Scale, n: int) -> str:
    """Meetings over the past eight years and the coming months: agenda, registrations, round-table cards."""
    rng = data.rng("meetings", Meeting.objects.count())
    kinds = [kind for kind, weight in MEETING_KINDS for _ in range(weight)]
    statuses = {"past": "afgelopen", "upcoming": "gepubliceerd", "concept": "concept", "cancelled": "geannuleerd"}
    meetings, agenda, registrations = [], [], []
    for pk in data.loader.ids(Meeting, n):
        state = rng.choices(list(statuses), [85, 10, 3, 2])[0]
        if state == "past":
            day = data.today - datetime.timedelta(days=rng.randint(7, 3000))
        elif state == "cancelled":
            day = data.today + datetime.timedelta(days=rng.randint(-900, 90))
        else:
            day = data.today + datetime.timedelta(days=rng.randint(3, 270))
        theme = rng.choice(data.theme_rows) if rng.random() < 0.7 else None
        host = rng.choice(data.institution_rows) if rng.random() < 0.7 else None
        kind = rng.choice(kinds)
        subject = theme[1].lower() if theme else rng.choice(POLL_SUBJECTS)
        title = f"{kind} {day.day} {MONTHS[day.month - 1]} {day.year}: {subject}"
        online = kind == "Webinar"
        if online:
            venue, address = "Online", ""
        else:
            venue, address = (host[1], host[5]) if host else DOMSTAD
        starts = data.at(day, 15 if online else 10)
        ends = starts + datetime.timedelta(minutes=90 if online else 360)
        capacity = None if online or rng.random() < 0.3 else rng.choice([40, 60, 80, 100, 120])
        report, audience, published = "", "leden", None
        if state == "past" and rng.random() < 0.8:
            report = (
                f"Verslag van de {kind.lower()} over {subject}. {rng.choice(CARD_TEXTS)} {rng.choice(CARD_TEXTS)}"
                "\n\nDe uitkomsten van de ronde tafels staan hieronder."
            )
            audience = rng.choice(["leden", "iedereen"])
            published = min(ends + datetime.timedelta(days=rng.randint(1, 10)), data.base)
        created = min(starts - datetime.timedelta(days=rng.randint(30, 120)), data.base)
        meetings.append(
            {
                "id": pk,
                "title": title,
                "theme": theme[0] if theme else None,
                "starts_at": starts,
                "ends_at": ends,
                "venue": venue,
                "address": address,
                "online_url": f"https://meet.demo.example/{rng.getrandbits(40):010x}" if online else "",
                "host": host[0] if host else None,
                "description": f"{title}. Met presentaties, een casus en ronde tafels.",
                "capacity": capacity,
                "status": statuses[state],
                "report": report,
                "report_audience": audience,
                "report_published_at": published,
                "created_by": rng.choice(data.steering),
                "created_at": created,
            }
        )
        # The agenda: welcome, a few parts with lunch between on a full day, and a closing.
        parts = rng.sample(AGENDA_ROWS[1:6], rng.randint(2, 4))
        closing = AGENDA_ROWS[rng.choice([7, 8])]
        rows = [AGENDA_ROWS[0], *parts[:2]] if online else [AGENDA_ROWS[0], parts[0], AGENDA_ROWS[6], *parts[1:]]
        clock = starts
        for position, (item_kind, item_title, minutes) in enumerate([*rows, closing], start=1):
            speaks = item_kind in ("casus", "presentatie") and rng.random() < 0.5
            presenter = rng.choice(data.people) if speaks else None
            named = item_kind in ("workshop", "ronde_tafel", "casus")
            item = {
                "meeting": pk,
                "position": position,
                "starts_at": timezone.localtime(clock).time(),
                "duration": minutes,
                "kind": item_kind,
                "title": f"{item_title}: {subject}" if named else item_title,
                "presenter": presenter,
                "presenter_name": "MBO Digitaal" if item_kind == "presentatie" and presenter is None else "",
            }
            agenda.append((item, state, ends))
            clock += datetime.timedelta(minutes=minutes)
        # Registrations: who came, who is coming, who waits.
        if state != "concept":
            wanted = rng.randint(20, 110) if state == "past" else rng.randint(5, 90)
            chosen = rng.sample(data.people, min(wanted, len(data.people)))
            moments = sorted(data.between(rng, created, min(starts, data.base)) for _ in chosen)
            for k, (user, moment) in enumerate(zip(chosen, moments, strict=True)):
                waiting = capacity is not None and k >= capacity
                registrations.append(
                    {
                        "meeting": pk,
                        "user": user,
                        "status": "wachtlijst" if waiting else "aangemeld",
                        "note": "Vegetarisch" if rng.random() < 0.05 else "",
                        "attended": (rng.random() < 0.85) if state == "past" and not waiting else None,
                        "created_at": moment,
                    }
                )
    data.loader.add(Meeting, meetings)
    items, statements, cards = [], [], []
    for item_id, (item, state, ends) in zip(data.loader.ids(AgendaItem, len(agenda)), agenda, strict=True):
        items.append({"id": item_id, **item})
        if item["kind"] not in ("workshop", "ronde_tafel"):
            continue
        texts = rng.sample(STATEMENTS, rng.randint(2, 3))
        for position, (statement_id, text) in enumerate(
            zip(data.loader.ids(Statement, len(texts)), texts, strict=True), start=1
        ):
            statements.append({"id": statement_id, "item": item_id, "position": position, "text": text})
            if state != "past":
                continue
            for table in range(1, rng.randint(2, 4)):  # the cards of each table on the statement
                for _ in range(rng.randint(1, 3)):
                    cards.append(
                        {
                            "item": item_id,
                            "statement": statement_id,
                            "kind": rng.choice(["conclusie", "waarom", "hoe", "voorbeeld"]),
                            "text": rng.choice(CARD_TEXTS),
                            "heading": f"Tafel {table}",
                            "table": str(table),
                            "author": rng.choice(data.people),
                            "created_at": ends,
                        }
                    )
    data.loader.add(AgendaItem, items)
    data.loader.add(Statement, statements)
    data.loader.add(Contribution, cards)
    data.loader.add(Registration, registrations)
    return f"+{len(meetings):,}, {len(registrations):,} registrations"


def topics(data: Scale, n: int) -> str:
    """Proposals for coming meetings; half of them already on an agenda."""
    rng = data.rng("topics", Topic.objects.count())
    free = AgendaItem.objects.filter(kind__in=["casus", "workshop", "ronde_tafel"], topic__isnull=True)
    free_items = list(free.order_by("pk").values_list("pk", "title"))
    rows = [
        {
            "title": title,
            "description": "Voorgesteld door een lid.",
            "theme": None,
            "proposed_by": rng.choice(data.people),
            "created_at": data.ago(rng, 30, 2000),
            "item": pk,
        }
        for pk, title in rng.sample(free_items, min(len(free_items), n // 2))
    ]
    for _ in range(n - len(rows)):
        theme = rng.choice(data.theme_rows)
        rows.append(
            {
                "title": f"{rng.choice(['Ervaringen met', 'Vraag over', 'Casus:'])} {theme[1].lower()}",
                "description": "Ik hoor graag hoe andere instellingen dit aanpakken.",
                "theme": theme[0],
                "proposed_by": rng.choice(data.people),
                "created_at": data.ago(rng, 1, 200),
                "item": None,
            }
        )
    data.loader.add(Topic, rows)
    return f"+{len(rows):,}"
