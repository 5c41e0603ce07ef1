"""Institutions and members, with their positions and consents.

A step of ``manage.py load_scale``: see koers.devdata.scale.
"""

import datetime

from django.contrib.auth.hashers import make_password
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify

from koers.accounts.models import User, first_meeting_year_end
from koers.devdata.demo.members import DEMO_PASSWORD
from koers.members.models import Consent, ConsentEvent, Institution, Position, SharedField
from koers.members.services import CONSENT_TEXT_VERSION
from koers.notifications.models import NotificationPreference

from .base import DEMO_DOMAIN, Keys, Scale
from .words import CITIES, FIRST_NAMES, INSTITUTION_KINDS, JOB_TITLES, LAST_NAMES, NAME_PREFIXES


def institutions(data: Scale, n: int) -> str:
    """Fictional colleges ("Koerscollege Almere") after the real ones of the demo, with obviously fake codes."""
    rng = data.rng("institutions", Institution.objects.count())
    existing = Institution.objects.values_list("name", "slug", "institution_code", "schac_home")
    taken = {value.lower() for row in existing for value in row if value}
    kinds = [kind for kind, _, weight in INSTITUTION_KINDS for _ in range(weight)]
    prefixes = {kind: prefix for kind, prefix, _ in INSTITUTION_KINDS}
    cities = list(CITIES)
    rng.shuffle(cities)
    cities += [f"{city} {k}" for k in range(2, 10) for city in CITIES]
    rows: list[dict[str, object]] = []
    code = 0
    for city in cities:
        if len(rows) == n:
            break
        kind = rng.choice(kinds)
        name = f"{prefixes[kind]} {city}"
        slug = slugify(name)
        home = f"{slug}.demo.example"
        if {name.lower(), slug, home} & taken:
            continue
        code += 1
        while f"xx{code:02d}" in taken:
            code += 1
        rows.append(
            {
                "name": name,
                "slug": slug,
                "kind": kind,
                "city": city,
                "website": f"https://{home}",
                "institution_code": f"XX{code:02d}",
                "schac_home": home,
                "size_band": rng.choices(["S", "M", "L"], [5, 4, 1])[0],
                "uuid": Keys.one(rng),
            }
        )
    data.loader.add(Institution, rows)
    data.load_institutions()
    return f"+{len(rows):,}"


def members(data: Scale, n: int) -> str:
    """Fictional members at the colleges, with their consents (and the proof), expertise and preferences."""
    rng = data.rng("members", User.objects.count())
    emails = set(User.objects.annotate(e=Lower("email")).values_list("e", flat=True))
    demo_names = set(User.objects.filter(email__endswith=DEMO_DOMAIN).values_list("full_name", flat=True))
    password = make_password(DEMO_PASSWORD, salt="koersscale")  # one hash for all: hashing is slow on purpose
    number = User.objects.count()
    users, consents, events, expertise, preferences = [], [], [], [], []
    for pk in data.loader.ids(User, n):
        institution = rng.choices(data.institution_rows, data.institution_weights)[0]
        full_name = None
        while full_name is None or full_name in demo_names:
            first, prefix, last = rng.choice(FIRST_NAMES), rng.choice(NAME_PREFIXES), rng.choice(LAST_NAMES)
            full_name = " ".join(part for part in (first, prefix, last) if part)
        email = None
        while email is None or email in emails:
            number += 1
            local = f"{slugify(first)}.{slugify(prefix + last).replace('-', '')}.{number:04d}"
            email = f"{local}@{institution[4] or institution[2] + '.demo.example'}".lower()
        emails.add(email)
        new = rng.random() < 0.08
        joined = data.ago(rng, 1, 300) if new else data.ago(rng, 301, 3300)
        has_phone = rng.random() < 0.4
        users.append(
            {
                "id": pk,
                "password": password,
                "email": email,
                "full_name": full_name,
                "job_title": rng.choice(JOB_TITLES),
                "phone": f"+31 6 {rng.randint(10_000_000, 99_999_999)}" if has_phone else "",
                "institution": institution[0],
                "language": "en" if rng.random() < 0.05 else "nl",
                "is_active": rng.random() > 0.02,
                "date_joined": joined,
                "new_until": first_meeting_year_end(timezone.localdate(joined)) if new else None,
            }
        )
        granted = joined + datetime.timedelta(days=1)
        shares = [
            (SharedField.EMAIL, 0.8),
            (SharedField.PHONE, 0.3 if has_phone else 0),
            (SharedField.JOB_TITLE, 0.7),
            (SharedField.EXPERTISE, 0.6),
        ]
        for field, chance in shares:
            if rng.random() < chance:
                consents.append((pk, field, CONSENT_TEXT_VERSION, granted))
                events.append((pk, field, True, CONSENT_TEXT_VERSION, granted))
        expertise += [(pk, theme) for theme in rng.sample(data.theme_ids, rng.choice([0, 1, 1, 2, 2, 3]))]
        if rng.random() < 0.1:
            for kind in rng.sample(["polls", "meetings", "advice", "comments"], rng.randint(1, 2)):
                preferences.append((pk, kind, rng.choice(["daily", "weekly", "off"])))
    data.loader.add(User, users)
    data.loader.insert(Consent, ["user", "field", "text_version", "granted_at"], consents)
    data.loader.insert(ConsentEvent, ["user", "field", "granted", "text_version", "created_at"], events)
    data.loader.insert(User.expertise.through, ["user", "theme"], expertise)
    data.loader.insert(NotificationPreference, ["user", "kind", "frequency"], preferences)
    data.load_members()
    return f"+{len(users):,}, {len(consents):,} consents"


def positions(data: Scale, n: int) -> str:
    """Former terms in the steering group: the register's history. Nobody current changes."""
    rng = data.rng("positions", Position.objects.count())
    holders = rng.sample(data.people, min(n, len(data.people)))
    earliest = Position.objects.order_by("start_date").values_list("start_date", flat=True).first() or data.today
    rows = []
    for k, user in enumerate(holders):
        if k < n // 10:  # chairs and secretaries before anyone in the register, term after term
            kind = "chair" if k % 2 == 0 else "secretary"
            end = earliest - datetime.timedelta(days=1 + 1100 * (k // 2))
            start = end - datetime.timedelta(days=1095)
        else:
            kind = "steering_member"
            end = data.today - datetime.timedelta(days=rng.randint(30, 3650))
            start = end - datetime.timedelta(days=rng.randint(365, 1460))
        rows.append(
            {
                "user": user,
                "kind": kind,
                "institution": data.institution_of[user],
                "start_date": start,
                "end_date": end,
            }
        )
    data.loader.add(Position, rows)
    return f"+{len(rows):,}"
