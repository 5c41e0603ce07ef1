"""National-scale data for load tests and benchmarks: ``manage.py load_scale``.

On top of the demo data, every count is topped up to a fixed target (at ``scale`` 1): 110 institutions,
3,000 members, 20,000 projects, 5,000 ambitions, 300 polls with 1,000,000 answers (one national survey of
200,000 ballots holds 800,000 of them), 200 meetings, 500 advice items and 50,000 comments, with what the
pages show around them. All content comes from seeded random generators and is dated relative to today, so
two runs on empty databases give the same content; a second run finds nothing to add.

Rows are written without the ORM: ``executemany`` on SQLite, ``COPY`` on PostgreSQL, all in the caller's
transaction, with ids reserved up front so that rows can refer to each other. On PostgreSQL the three biggest
tables (participations, ballots, answers) are loaded without their foreign keys and plain indexes, which are
rebuilt afterwards in the same transaction: the rebuilt constraints check every row at once.
"""

import bisect
import datetime
import itertools
import json
import math
import random
import time
from collections import Counter, defaultdict
from contextlib import contextmanager

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from koers.accounts.models import MembershipRequest, User, first_meeting_year_end
from koers.advice.models import Advice, BodyVersion, Follow, FollowUp, StatusChange, WorkingGroupMember
from koers.advice.rules import MEMBER_TEXT_STATUSES
from koers.comments.models import Comment
from koers.meetings.models import AgendaItem, Contribution, Meeting, Registration, Statement, Topic
from koers.members.models import Consent, ConsentEvent, Institution, Position, SharedField
from koers.members.services import CONSENT_TEXT_VERSION
from koers.notifications.models import Notification, NotificationPreference
from koers.polls.models import Answer, Ballot, Call, Option, Participation, Poll, Question, SignUp
from koers.portfolio.models import Project
from koers.roadmap.models import Adoption, Ambition, AmbitionChange, PlanItem, ReferenceItem
from koers.themes.models import Agenda, Theme

from .words import (
    ADVICE_SUBJECTS,
    AGENDA_ROWS,
    BAD_PRACTICES,
    CARD_TEXTS,
    CITIES,
    COMMENT_SENTENCES,
    DOMSTAD,
    EXTRA_AGENDA,
    EXTRA_THEMES,
    FIRST_NAMES,
    INSTITUTION_KINDS,
    JOB_TITLES,
    LAST_NAMES,
    MEETING_KINDS,
    MONTHS,
    NAME_PREFIXES,
    NOTIFICATION_SUBJECTS,
    OPEN_TEXTS,
    PLAN_VERBS,
    POLL_SUBJECTS,
    PROJECT_ACTIONS,
    PROJECT_OBJECTS,
    PROJECT_PURPOSES,
    QUICK_QUESTIONS,
    REFERENCE_ENTRIES,
    STATEMENTS,
    SURVEY_QUESTIONS,
    SURVEY_SERVICES,
)

SEED = "koers-scale-1"
DEMO_PASSWORD = "koers-demo-2026"  # as load_demo's: generated members sign in with it too, for load tests
DEMO_DOMAIN = "@koers.example"  # the demo's own accounts: they do not vote, register or comment here

# Totals at scale 1; the demo data counts towards them.
FULL = {
    "institutions": 110,
    "themes": 0,  # follows from the ambitions, see targets()
    "members": 3000,
    "positions": 60,
    "membership_requests": 60,
    "ambitions": 5000,
    "plan_items": 150,
    "reference_items": 60,
    "projects": 20_000,
    "meetings": 200,
    "topics": 120,
    "calls": 60,
    "polls": 300,
    "answers": 1_000_000,
    "advice": 500,
    "comments": 50_000,
    "notifications": 6000,
}
BIG_POLL_BALLOTS = 200_000  # the national survey, four answers a ballot on average
NATIONAL_SURVEY = "Landelijke enquête digitalisering in het mbo"
# At small scales every step still adds something on top of the demo data.
FLOORS = {
    "institutions": 60,
    "members": 100,
    "positions": 15,
    "membership_requests": 3,
    "ambitions": 300,
    "plan_items": 15,
    "reference_items": 12,
    "projects": 100,
    "meetings": 10,
    "topics": 3,
    "calls": 3,
    "polls": 12,
    "answers": 2000,
    "advice": 20,
    "comments": 100,
    "notifications": 50,
}
MAX_INSTITUTIONS = 110
AMBITION_DENSITY = 0.8  # the share of institution × theme pairs with an ambition, which sets the number of themes
MODELS = {
    "institutions": Institution,
    "themes": Theme,
    "members": User,
    "positions": Position,
    "membership_requests": MembershipRequest,
    "ambitions": Ambition,
    "plan_items": PlanItem,
    "reference_items": ReferenceItem,
    "projects": Project,
    "meetings": Meeting,
    "topics": Topic,
    "calls": Call,
    "polls": Poll,
    "answers": Answer,
    "advice": Advice,
    "comments": Comment,
    "notifications": Notification,
}
SIZE_WEIGHT = {"S": 1, "M": 2, "L": 3}  # larger colleges have more members and projects
PROGRESS = ["op_schema", "vertraagd", "geblokkeerd"]
SCALE, SCALE_WEIGHTS = [1, 2, 3, 4, 5], list(itertools.accumulate([1, 2, 4, 5, 3]))


def targets(scale: float) -> dict[str, int]:
    """The total per kind for this scale."""
    result = {key: max(round(full * scale), FLOORS.get(key, 0)) for key, full in FULL.items()}
    result["institutions"] = min(MAX_INSTITUTIONS, result["institutions"])
    # One ambition per institution and theme: enough themes for the ambitions.
    result["themes"] = math.ceil(result["ambitions"] / (result["institutions"] * AMBITION_DENSITY))
    return result


def counts() -> dict[str, int]:
    return {key: model.objects.count() for key, model in MODELS.items()}


# Writing rows --------------------------------------------------------------------------------------------


class Loader:
    """Inserts rows fast: executemany on SQLite, COPY on PostgreSQL. Fields left out get their model default."""

    def __init__(self, now: datetime.datetime):
        self.vendor = connection.vendor
        self.now = now
        self.cursor = connection.cursor()
        self.raw = self.cursor.cursor
        self.next_id: dict[str, int] = {}  # SQLite: per table the first id past those handed out

    def ids(self, model, n: int) -> list[int]:
        """Reserve ``n`` primary keys of ``model`` (on PostgreSQL from its sequence, which moves on)."""
        if n <= 0:
            return []
        table, column = model._meta.db_table, model._meta.pk.column
        if self.vendor == "postgresql":
            self.cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, column, n]
            )
            return [row[0] for row in self.cursor.fetchall()]
        if table not in self.next_id:  # SQLite has one writer: the table is ours until the transaction ends
            self.cursor.execute(
                f'SELECT MAX(COALESCE((SELECT MAX("{column}") FROM "{table}"), 0), '
                "COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0))",
                [table],
            )
            self.next_id[table] = self.cursor.fetchone()[0] + 1
        start = self.next_id[table]
        self.next_id[table] = start + n
        return list(range(start, start + n))

    def add(self, model, rows: list[dict]) -> int:
        """Insert rows given as dicts, all with the same fields in the same order."""
        if not rows:
            return 0
        return self.insert(model, list(rows[0]), [tuple(row.values()) for row in rows])

    def insert(self, model, fields: list[str], rows) -> int:
        """Insert rows given as tuples in the order of ``fields``; returns how many were written."""
        meta = model._meta
        given = [meta.get_field(name) for name in fields]
        rest = [f for f in meta.concrete_fields if f not in given and not (f.primary_key and f.auto_created)]
        constants = tuple(self._default(field) for field in rest)
        converters = [(n, c) for n, c in ((n, self._converter(f)) for n, f in enumerate(given)) if c is not None]
        if converters or constants:
            rows = self._prepared(rows, converters, constants)
        columns = ", ".join(f'"{f.column}"' for f in [*given, *rest])
        if self.vendor == "postgresql":
            written = 0
            with self.raw.copy(f'COPY "{meta.db_table}" ({columns}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
                    written += 1
            return written
        rows = rows if isinstance(rows, list) else list(rows)
        placeholders = ", ".join(["%s"] * (len(given) + len(rest)))
        self.cursor.executemany(f'INSERT INTO "{meta.db_table}" ({columns}) VALUES ({placeholders})', rows)
        return len(rows)

    def _default(self, field):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = self.now
        elif field.has_default() or not field.null:
            value = field.get_default()
        else:
            value = None
        return field.get_db_prep_save(value, connection) if self.vendor == "sqlite" else value

    def _converter(self, field):
        kind = field.get_internal_type()
        if kind == "JSONField":
            return json.dumps
        if self.vendor != "sqlite":
            return None  # psycopg writes dates, times and aware datetimes itself
        if kind == "DateTimeField":  # as Django stores them on SQLite: naive UTC
            return lambda value: str(value.astimezone(datetime.UTC).replace(tzinfo=None))
        if kind in ("DateField", "TimeField"):
            return str
        return None

    @staticmethod
    def _prepared(rows, converters, constants):
        for row in rows:
            if converters:
                row = list(row)
                for n, convert in converters:
                    if row[n] is not None:
                        row[n] = convert(row[n])
                row = tuple(row)
            yield row + constants

    @contextmanager
    def bulk_tables(self, *models):
        """PostgreSQL: load these tables without their foreign keys and plain indexes, then rebuild both.

        The rebuilt foreign keys check all rows in one go, much faster than a check per row. Unique indexes and
        primary keys stay. If loading fails, the transaction's rollback brings everything back. On SQLite this
        changes nothing: there, checks and index updates per row are cheap.
        """
        if self.vendor != "postgresql":
            yield
            return
        cursor = self.cursor
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # pending checks first: a table with them cannot be altered
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        indexes, keys = [], []
        for model in models:
            table = model._meta.db_table
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
                [table],
            )
            for name, definition in cursor.fetchall():
                keys.append(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
                cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
            cursor.execute(
                "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                "WHERE x.indrelid = %s::regclass AND NOT x.indisunique AND NOT x.indisprimary ORDER BY i.relname",
                [table],
            )
            for name, definition in cursor.fetchall():
                indexes.append(definition)
                cursor.execute(f'DROP INDEX "{name}"')
        yield
        for statement in indexes + keys:
            cursor.execute(statement)
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # back to how Django declares its foreign keys


class Keys:
    """Random version-4 UUIDs (32 hex digits) that mostly increase, so that bulk inserts append to the indexes."""

    CLEAR = ~((0xF000 << 64) | (0xC000 << 48))  # the version and variant bits
    SET = (0x4000 << 64) | (0x8000 << 48)

    def __init__(self, rng: random.Random, expected: int):
        self.bits = rng.getrandbits
        self.step = max(1, 124 - max(expected, 1).bit_length())  # steps below 2**step: room for 16× expected
        self.value = rng.getrandbits(124)

    def next(self) -> str:
        self.value += self.bits(self.step) + 1
        return f"{self.value & self.CLEAR | self.SET:032x}"

    @staticmethod
    def one(rng: random.Random) -> str:
        return f"{rng.getrandbits(128) & Keys.CLEAR | Keys.SET:032x}"


# The data ------------------------------------------------------------------------------------------------


class ScaleData:
    """Tops the database up to ``targets(scale)``. Call ``run()`` inside a transaction."""

    def __init__(self, *, scale: float = 1.0, write=print):
        self.scale = scale
        self.write = write
        self.today = timezone.localdate()
        self.tz = timezone.get_current_timezone()
        # The start of today: everything is dated from here, so that one day's runs are identical.
        self.base = datetime.datetime.combine(self.today, datetime.time.min, tzinfo=self.tz)
        self.targets = targets(scale)

    def plan(self) -> dict[str, int]:
        """What each kind lacks: its target minus what is there."""
        now = counts()
        return {key: max(0, self.targets[key] - now[key]) for key in FULL}

    def run(self) -> dict[str, int]:
        """Add what is missing, step by step; returns how many were added per kind."""
        if not any(self.plan().values()):
            return {}
        self.loader = Loader(timezone.now())
        self.read_context()
        added: dict[str, int] = {}
        steps = [
            ("institutions", self.institutions),
            ("themes", self.themes),
            ("members", self.members),
            ("positions", self.positions),
            ("membership_requests", self.membership_requests),
            ("ambitions", self.ambitions),
            ("plan_items", self.plan_items),
            ("reference_items", self.reference_items),
            ("projects", self.projects),
            ("meetings", self.meetings),
            ("topics", self.topics),
            ("calls", self.calls),
            ("polls", self.polls),
            ("advice", self.advice),
            ("comments", self.comments),
            ("notifications", self.notifications),
        ]
        with self.tuned():
            for key, step in steps:
                before = MODELS[key].objects.count()
                wanted = max(0, self.targets[key] - before)
                if key == "polls":
                    answers = Answer.objects.count()
                    wanted = (wanted, max(0, self.targets["answers"] - answers))
                if wanted in (0, (0, 0)):
                    continue
                began = time.perf_counter()
                detail = step(wanted)
                total = MODELS[key].objects.count()
                added[key] = total - before
                if key == "polls":
                    added["answers"] = Answer.objects.count() - answers
                seconds = time.perf_counter() - began
                self.write(f"  {key.replace('_', ' '):<20} {total:>9,}  {detail:<52} {seconds:5.1f} s")
        return added

    @contextmanager
    def tuned(self):
        """SQLite: a bigger page cache for this connection while loading."""
        if connection.vendor != "sqlite":
            yield
            return
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            before = int(cursor.fetchone()[0])
            cursor.execute("PRAGMA cache_size = -262144")  # 256 MiB
            try:
                yield
            finally:
                cursor.execute(f"PRAGMA cache_size = {before}")

    # What the steps share

    def rng(self, step: str, offset: int = 0) -> random.Random:
        return random.Random(f"{SEED}/{step}/{offset}")

    def at(self, day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=self.tz)

    def ago(self, rng: random.Random, low_days: int, high_days: int) -> datetime.datetime:
        """A moment in office hours, ``low_days`` to ``high_days`` (at least 1) before today."""
        day = self.today - datetime.timedelta(days=rng.randint(low_days, high_days))
        return self.at(day, rng.randint(8, 17), rng.randint(0, 59))

    @staticmethod
    def between(rng: random.Random, start: datetime.datetime, end: datetime.datetime) -> datetime.datetime:
        return start if end <= start else start + (end - start) * rng.random()

    def read_context(self) -> None:
        """Institutions, themes, members and the steering group, each in a fixed order."""
        self.load_institutions()
        self.load_themes()
        self.load_members()
        steering = Position.objects.current().order_by("user_id").values_list("user_id", flat=True).distinct()
        self.steering = list(steering) or list(User.objects.filter(is_superuser=True).values_list("pk", flat=True))
        self.steering = self.steering or [None]

    def load_institutions(self) -> None:
        self.institution_rows = list(
            Institution.objects.order_by("pk").values_list("pk", "name", "slug", "size_band", "schac_home", "city")
        )
        self.institution_ids = [row[0] for row in self.institution_rows]
        self.institution_weights = [SIZE_WEIGHT.get(row[3], 2) for row in self.institution_rows]

    def load_themes(self) -> None:
        self.theme_rows = list(Theme.objects.order_by("pk").values_list("pk", "name", "slug"))
        self.theme_ids = [row[0] for row in self.theme_rows]

    def load_members(self) -> None:
        rows = User.objects.filter(is_active=True, anonymised_at__isnull=True, institution__isnull=False)
        rows = list(rows.order_by("pk").values_list("pk", "institution_id", "email"))
        self.institution_of = {pk: inst for pk, inst, _ in rows}
        self.by_institution: dict[int, list[int]] = defaultdict(list)
        for pk, inst, _ in rows:
            self.by_institution[inst].append(pk)
        # Generated members vote, register and write, so that the demo accounts start with a clean slate.
        self.people = [pk for pk, _, email in rows if not email.endswith(DEMO_DOMAIN)] or list(self.institution_of)
        self.people_set = set(self.people)

    def colleague(self, rng: random.Random, institution: int):
        """Someone of this institution, or None."""
        return rng.choice(self.by_institution.get(institution) or [None])

    # Institutions and themes -------------------------------------------------------------------------------

    def institutions(self, n: int) -> str:
        """Fictional colleges ("Koerscollege Almere") after the real ones of the demo, with obviously fake codes."""
        rng = self.rng("institutions", Institution.objects.count())
        existing = Institution.objects.values_list("name", "slug", "institution_code", "schac_home")
        taken = {value.lower() for row in existing for value in row if value}
        kinds = [kind for kind, _, weight in INSTITUTION_KINDS for _ in range(weight)]
        prefixes = {kind: prefix for kind, prefix, _ in INSTITUTION_KINDS}
        cities = list(CITIES)
        rng.shuffle(cities)
        cities += [f"{city} {k}" for k in range(2, 10) for city in CITIES]
        rows, code = [], 0
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
        self.loader.add(Institution, rows)
        self.load_institutions()
        return f"+{len(rows):,}"

    def themes(self, n: int) -> str:
        """Themes of a third agenda, for the ambitions of 110 colleges."""
        rng = self.rng("themes", Theme.objects.count())
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
        slugs = {row[2] for row in self.theme_rows}
        candidates = [(line, theme) for line, themes in EXTRA_THEMES.items() for theme in themes]
        candidates += [("Verkenning", f"Verkenning {k}") for k in range(1, 10_000)]
        chosen = []
        for line, theme in candidates:
            if len(chosen) < n and slugify(theme) not in slugs:
                chosen.append((line, theme))
                slugs.add(slugify(theme))
        ids = self.loader.ids(Theme, len(chosen))
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
        self.loader.add(Theme, rows)
        # Each related to one other theme; a symmetrical relation is stored both ways.
        existing = set(Theme.related.through.objects.values_list("from_theme_id", "to_theme_id"))
        pairs = []
        for pk in ids:
            other = rng.choice(self.theme_ids + ids)
            if other != pk and (pk, other) not in existing:
                existing |= {(pk, other), (other, pk)}
                pairs += [(pk, other), (other, pk)]
        self.loader.insert(Theme.related.through, ["from_theme", "to_theme"], pairs)
        self.load_themes()
        return f"+{len(rows):,}"

    # Members -----------------------------------------------------------------------------------------------

    def members(self, n: int) -> str:
        """Fictional members at the colleges, with their consents (and the proof), expertise and preferences."""
        rng = self.rng("members", User.objects.count())
        emails = set(User.objects.annotate(e=Lower("email")).values_list("e", flat=True))
        demo_names = set(User.objects.filter(email__endswith=DEMO_DOMAIN).values_list("full_name", flat=True))
        password = make_password(DEMO_PASSWORD, salt="koersscale")  # one hash for all: hashing is slow on purpose
        number = User.objects.count()
        users, consents, events, expertise, preferences = [], [], [], [], []
        for pk in self.loader.ids(User, n):
            institution = rng.choices(self.institution_rows, self.institution_weights)[0]
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
            joined = self.ago(rng, 1, 300) if new else self.ago(rng, 301, 3300)
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
            expertise += [(pk, theme) for theme in rng.sample(self.theme_ids, rng.choice([0, 1, 1, 2, 2, 3]))]
            if rng.random() < 0.1:
                for kind in rng.sample(["polls", "meetings", "advice", "comments"], rng.randint(1, 2)):
                    preferences.append((pk, kind, rng.choice(["daily", "weekly", "off"])))
        self.loader.add(User, users)
        self.loader.insert(Consent, ["user", "field", "text_version", "granted_at"], consents)
        self.loader.insert(ConsentEvent, ["user", "field", "granted", "text_version", "created_at"], events)
        self.loader.insert(User.expertise.through, ["user", "theme"], expertise)
        self.loader.insert(NotificationPreference, ["user", "kind", "frequency"], preferences)
        self.load_members()
        return f"+{len(users):,}, {len(consents):,} consents"

    def positions(self, n: int) -> str:
        """Former terms in the steering group: the register's history. Nobody current changes."""
        rng = self.rng("positions", Position.objects.count())
        holders = rng.sample(self.people, min(n, len(self.people)))
        earliest = Position.objects.order_by("start_date").values_list("start_date", flat=True).first() or self.today
        rows = []
        for k, user in enumerate(holders):
            if k < n // 10:  # chairs and secretaries before anyone in the register, term after term
                kind = "chair" if k % 2 == 0 else "secretary"
                end = earliest - datetime.timedelta(days=1 + 1100 * (k // 2))
                start = end - datetime.timedelta(days=1095)
            else:
                kind = "steering_member"
                end = self.today - datetime.timedelta(days=rng.randint(30, 3650))
                start = end - datetime.timedelta(days=rng.randint(365, 1460))
            rows.append(
                {
                    "user": user,
                    "kind": kind,
                    "institution": self.institution_of[user],
                    "start_date": start,
                    "end_date": end,
                }
            )
        self.loader.add(Position, rows)
        return f"+{len(rows):,}"

    def membership_requests(self, n: int) -> str:
        """A third approved (the generated members' own requests), a third waiting, a third rejected."""
        rng = self.rng("requests", MembershipRequest.objects.count())
        members = User.objects.filter(pk__in=rng.sample(self.people, min(len(self.people), n // 3))).order_by("pk")
        rows = [
            {
                "full_name": member.full_name,
                "email": member.email,
                "institution": member.institution_id,
                "job_title": member.job_title,
                "motivation": "Graag lid van het netwerk.",
                "status": "approved",
                "created_at": member.date_joined - datetime.timedelta(days=3),
                "decided_at": member.date_joined,
                "decided_by": rng.choice(self.steering),
                "decision_reason": "",
                "user": member.pk,
            }
            for member in members
        ]
        start = MembershipRequest.objects.count()
        for k in range(n - len(rows)):
            institution = rng.choice(self.institution_rows)
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            email = f"{slugify(first)}.{slugify(last)}.aanvraag{start + k + 1:04d}@{institution[4] or 'mbo.example'}"
            waiting = k % 2 == 0
            created = self.ago(rng, 1, 30) if waiting else self.ago(rng, 30, 700)
            rows.append(
                {
                    "full_name": f"{first} {last}",
                    "email": email,
                    "institution": institution[0],
                    "job_title": rng.choice(JOB_TITLES) if waiting else "Student",
                    "motivation": "Ik wil graag meedoen." if waiting else "",
                    "status": "pending" if waiting else "rejected",
                    "created_at": created,
                    "decided_at": None if waiting else created + datetime.timedelta(days=2),
                    "decided_by": None if waiting else rng.choice(self.steering),
                    "decision_reason": "" if waiting else "Het netwerk is voor medewerkers van mbo-instellingen.",
                    "user": None,
                }
            )
        self.loader.add(MembershipRequest, rows)
        return f"+{len(rows):,}"

    # The roadmap -------------------------------------------------------------------------------------------

    def ambitions(self, n: int) -> str:
        """When colleges want to start with which theme (the national heatmap), with some history of changes."""
        rng = self.rng("ambitions", Ambition.objects.count())
        taken = set(Ambition.objects.values_list("institution_id", "theme_id"))
        free = [(i, t) for i in self.institution_ids for t in self.theme_ids if (i, t) not in taken]
        priorities = ("data-ondersteund-onderwijs", "leven-lang-ontwikkelen-llo")  # the network's, as in the demo
        early = {pk for pk, _, slug in self.theme_rows if slug in priorities}
        year = self.today.year
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
                "note": rng.choice(
                    ["", "", "", "Afhankelijk van de begroting.", "Samen met de regio.", "Pilot eerst."]
                ),
            }
            changed, member = self.ago(rng, 1, 700), self.colleague(rng, institution)
            ambitions.append({**row, "updated_at": changed})
            if rng.random() < 0.25:  # it moved once: the earlier plan is in the history too
                earlier = max(0, step + rng.choice([-2, -1, 1, 2]))
                moved = {"start_year": year - 1 + earlier // 2, "start_half": 1 + earlier % 2, "note": ""}
                before = changed - datetime.timedelta(days=rng.randint(30, 300))
                changes.append({**row, **moved, "removed": False, "changed_at": before, "changed_by": member})
            changes.append({**row, "removed": False, "changed_at": changed, "changed_by": member})
        self.loader.add(Ambition, ambitions)
        self.loader.add(AmbitionChange, changes)
        return f"+{len(ambitions):,}"

    def plan_items(self, n: int) -> str:
        """The network's multi-year plan goes on, ranked after what is there."""
        rng = self.rng("plan", PlanItem.objects.count())
        rank = PlanItem.objects.order_by("-rank").values_list("rank", flat=True).first() or 0
        year = self.today.year
        rows = []
        for k in range(1, n + 1):
            _, theme_name, _ = theme = rng.choice(self.theme_rows)
            item_year = year + rng.randint(-3, 5)
            if item_year < year:
                status = rng.choices(["afgerond", "vervallen"], [4, 1])[0]
            elif item_year == year:
                status = rng.choice(["in_uitvoering", "gepland"])
            else:
                status = rng.choices(["gepland", "voorgesteld"], [1, 2])[0]
            title = f"{rng.choice(PLAN_VERBS)}: {theme_name.lower()}"
            when = self.ago(rng, 1, 900)
            rows.append(
                {
                    "title": title,
                    "description": f"{title} ({item_year}): een onderdeel van het meerjarenplan van het netwerk.",
                    "theme": theme[0],
                    "year": item_year,
                    "rank": rank + k,
                    "owner": rng.choice([*self.steering, None]),
                    "status": status,
                    "created_at": when,
                    "updated_at": when,
                }
            )
        self.loader.add(PlanItem, rows)
        return f"+{len(rows):,}"

    def reference_items(self, n: int) -> str:
        """The reference list, and where every college stands with it."""
        rng = self.rng("references", ReferenceItem.objects.count())
        taken = {value.lower() for row in ReferenceItem.objects.values_list("name", "slug") for value in row}
        # The kinds in turn, so that a few items already mix standards, agreements, products and principles.
        by_kind = [[(name, kind) for name in names] for kind, names in REFERENCE_ENTRIES.items()]
        entries = [entry for group in itertools.zip_longest(*by_kind) for entry in group if entry]
        entries += [(f"Referentie-item {k}", "standaard") for k in range(1, 10_000)]
        chosen = [(name, kind) for name, kind in entries if not {name.lower(), slugify(name)} & taken][:n]
        ids = self.loader.ids(ReferenceItem, len(chosen))
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
                    "recommendation_since": self.today - datetime.timedelta(days=rng.randint(20, 900)),
                    "rationale": f"Het netwerk adviseert: {name.lower()}. Zie de toelichting van de werkgroep.",
                    "updated_at": self.ago(rng, 1, 300),
                }
            )
            themes += [(pk, theme) for theme in rng.sample(self.theme_ids, rng.randint(1, 2))]
        self.loader.add(ReferenceItem, rows)
        self.loader.insert(ReferenceItem.themes.through, ["referenceitem", "theme"], themes)
        # Adoption for the new items at every college, and for colleges that said nothing yet on all items.
        done = set(Adoption.objects.values_list("institution_id", "item_id"))
        silent = set(self.institution_ids) - {institution for institution, _ in done}
        new_items = set(ids)
        adoptions = []
        for item, item_slug in ReferenceItem.objects.order_by("pk").values_list("pk", "slug"):
            shares = random.Random(f"{SEED}/adoption/{item_slug}")
            in_use, planned = shares.uniform(0.05, 0.6), shares.uniform(0.0, 0.3)
            for institution in self.institution_ids:
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
                        "updated_at": self.ago(rng, 1, 500),
                        "updated_by": self.colleague(rng, institution),
                    }
                )
        self.loader.add(Adoption, adoptions)
        return f"+{len(rows):,}, {len(adoptions):,} adoptions"

    # The portfolio -----------------------------------------------------------------------------------------

    def projects(self, n: int) -> str:
        """Projects at every college (more at larger ones), on the themes of their ambitions mostly."""
        rng = self.rng("projects", Project.objects.count())
        titles = defaultdict(set)
        for institution, title in Project.objects.annotate(t=Lower("title")).values_list("institution_id", "t"):
            titles[institution].add(title)
        ambitions = defaultdict(list)
        for institution, theme in Ambition.objects.order_by("pk").values_list("institution_id", "theme_id"):
            ambitions[institution].append(theme)
        names = {row[0]: row[1] for row in self.institution_rows}
        # n split by size band, by largest remainder so that the parts add up to n.
        shares = [n * w / sum(self.institution_weights) for w in self.institution_weights]
        per = [int(share) for share in shares]
        for k in sorted(range(len(shares)), key=lambda k: per[k] - shares[k])[: n - sum(per)]:
            per[k] += 1
        combinations = [f"{action} {thing}" for action in PROJECT_ACTIONS for thing in PROJECT_OBJECTS]
        month = self.today.replace(day=1)
        ids = iter(self.loader.ids(Project, n))
        projects, links, partners = [], [], []
        for institution, count in zip(self.institution_ids, per, strict=True):
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
                    end = None if rng.random() < 0.3 else self.today + datetime.timedelta(days=rng.randint(30, 700))
                else:  # finished or stopped: both dates past
                    start = month - datetime.timedelta(days=31 * rng.randint(6, 72))
                    end = start + datetime.timedelta(days=rng.randint(60, 900))
                    if end >= self.today:
                        end = max(start, self.today - datetime.timedelta(days=rng.randint(1, 60)))
                reviewed = None if rng.random() < 0.1 else self.today - datetime.timedelta(days=rng.randint(0, 400))
                created = self.ago(rng, 401, 2400) if start and start < self.today else self.ago(rng, 1, 400)
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
                        "contact": self.colleague(rng, institution) if rng.random() < 0.6 else None,
                        "last_reviewed": reviewed,
                        "created_at": created,
                        "updated_at": max(created, self.at(reviewed)) if reviewed else created,
                    }
                )
                own = ambitions.get(institution) or self.theme_ids
                chosen = {
                    rng.choice(own) if rng.random() < 0.7 else rng.choice(self.theme_ids)
                    for _ in range(rng.choice([1, 1, 2, 2, 3]))
                }
                links += [(pk, theme) for theme in sorted(chosen)]
                if rng.random() < 0.12:
                    others = {rng.choice(self.institution_ids) for _ in range(rng.randint(1, 3))} - {institution}
                    partners += [(pk, other) for other in sorted(others)]
        self.loader.add(Project, projects)
        self.loader.insert(Project.themes.through, ["project", "theme"], links)
        self.loader.insert(Project.partners.through, ["project", "institution"], partners)
        return f"+{len(projects):,}, {len(links):,} theme links"

    # Meetings ----------------------------------------------------------------------------------------------

    def meetings(self, n: int) -> str:
        """Meetings over the past eight years and the coming months: agenda, registrations, round-table cards."""
        rng = self.rng("meetings", Meeting.objects.count())
        kinds = [kind for kind, weight in MEETING_KINDS for _ in range(weight)]
        statuses = {"past": "afgelopen", "upcoming": "gepubliceerd", "concept": "concept", "cancelled": "geannuleerd"}
        meetings, agenda, registrations = [], [], []
        for pk in self.loader.ids(Meeting, n):
            state = rng.choices(list(statuses), [85, 10, 3, 2])[0]
            if state == "past":
                day = self.today - datetime.timedelta(days=rng.randint(7, 3000))
            elif state == "cancelled":
                day = self.today + datetime.timedelta(days=rng.randint(-900, 90))
            else:
                day = self.today + datetime.timedelta(days=rng.randint(3, 270))
            theme = rng.choice(self.theme_rows) if rng.random() < 0.7 else None
            host = rng.choice(self.institution_rows) if rng.random() < 0.7 else None
            kind = rng.choice(kinds)
            subject = theme[1].lower() if theme else rng.choice(POLL_SUBJECTS)
            title = f"{kind} {day.day} {MONTHS[day.month - 1]} {day.year}: {subject}"
            online = kind == "Webinar"
            if online:
                venue, address = "Online", ""
            else:
                venue, address = (host[1], host[5]) if host else DOMSTAD
            starts = self.at(day, 15 if online else 10)
            ends = starts + datetime.timedelta(minutes=90 if online else 360)
            capacity = None if online or rng.random() < 0.3 else rng.choice([40, 60, 80, 100, 120])
            report, audience, published = "", "leden", None
            if state == "past" and rng.random() < 0.8:
                report = (
                    f"Verslag van de {kind.lower()} over {subject}. {rng.choice(CARD_TEXTS)} {rng.choice(CARD_TEXTS)}"
                    "\n\nDe uitkomsten van de ronde tafels staan hieronder."
                )
                audience = rng.choice(["leden", "iedereen"])
                published = min(ends + datetime.timedelta(days=rng.randint(1, 10)), self.base)
            created = min(starts - datetime.timedelta(days=rng.randint(30, 120)), self.base)
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
                    "created_by": rng.choice(self.steering),
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
                presenter = rng.choice(self.people) if speaks else None
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
                chosen = rng.sample(self.people, min(wanted, len(self.people)))
                moments = sorted(self.between(rng, created, min(starts, self.base)) for _ in chosen)
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
        self.loader.add(Meeting, meetings)
        items, statements, cards = [], [], []
        for item_id, (item, state, ends) in zip(self.loader.ids(AgendaItem, len(agenda)), agenda, strict=True):
            items.append({"id": item_id, **item})
            if item["kind"] not in ("workshop", "ronde_tafel"):
                continue
            texts = rng.sample(STATEMENTS, rng.randint(2, 3))
            for position, (statement_id, text) in enumerate(
                zip(self.loader.ids(Statement, len(texts)), texts, strict=True), start=1
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
                                "author": rng.choice(self.people),
                                "created_at": ends,
                            }
                        )
        self.loader.add(AgendaItem, items)
        self.loader.add(Statement, statements)
        self.loader.add(Contribution, cards)
        self.loader.add(Registration, registrations)
        return f"+{len(meetings):,}, {len(registrations):,} registrations"

    def topics(self, n: int) -> str:
        """Proposals for coming meetings; half of them already on an agenda."""
        rng = self.rng("topics", Topic.objects.count())
        free_items = AgendaItem.objects.filter(kind__in=["casus", "workshop", "ronde_tafel"], topic__isnull=True)
        free_items = list(free_items.order_by("pk").values_list("pk", "title"))
        rows = [
            {
                "title": title,
                "description": "Voorgesteld door een lid.",
                "theme": None,
                "proposed_by": rng.choice(self.people),
                "created_at": self.ago(rng, 30, 2000),
                "item": pk,
            }
            for pk, title in rng.sample(free_items, min(len(free_items), n // 2))
        ]
        for _ in range(n - len(rows)):
            theme = rng.choice(self.theme_rows)
            rows.append(
                {
                    "title": f"{rng.choice(['Ervaringen met', 'Vraag over', 'Casus:'])} {theme[1].lower()}",
                    "description": "Ik hoor graag hoe andere instellingen dit aanpakken.",
                    "theme": theme[0],
                    "proposed_by": rng.choice(self.people),
                    "created_at": self.ago(rng, 1, 200),
                    "item": None,
                }
            )
        self.loader.add(Topic, rows)
        return f"+{len(rows):,}"

    # Polls -------------------------------------------------------------------------------------------------

    def calls(self, n: int) -> str:
        """Calls for volunteers, some with their sign-ups turned into a working group later (see advice)."""
        rng = self.rng("calls", Call.objects.count())
        calls, signups = [], []
        for pk in self.loader.ids(Call, n):
            _, theme_name, _ = theme = rng.choice(self.theme_rows)
            closes = self.today + datetime.timedelta(days=rng.randint(-900, 40))
            created = min(self.at(closes - datetime.timedelta(days=rng.randint(14, 40))), self.base)
            wanted = rng.randint(2, 8)
            calls.append(
                {
                    "id": pk,
                    "title": f"Wie denkt mee over {theme_name.lower()}?",
                    "text": f"We zoeken {wanted} leden voor een werkgroep over {theme_name.lower()}.",
                    "theme": theme[0],
                    "wanted": wanted,
                    "closes_on": closes,
                    "created_by": rng.choice(self.steering),
                    "created_at": created,
                }
            )
            for user in rng.sample(self.people, min(len(self.people), rng.randint(0, wanted + 3))):
                moment = self.between(rng, created, min(created + datetime.timedelta(days=13), self.base))
                motivation = rng.choice(["", "Ik heb hier ervaring mee.", "Graag!"])
                signups.append({"call": pk, "user": user, "motivation": motivation, "created_at": moment})
        self.loader.add(Call, calls)
        self.loader.add(SignUp, signups)
        return f"+{len(calls):,}, {len(signups):,} sign-ups"

    def polls(self, wanted: tuple[int, int]) -> str:
        """New polls with exactly the missing answers: one national survey with most, and many smaller polls."""
        n, budget = wanted
        rng = self.rng("polls", Poll.objects.count())
        big_ballots = min(max(round(BIG_POLL_BALLOTS * self.scale), 1), budget // 4) if n else 0
        poll_ids = self.loader.ids(Poll, n)
        big_id = poll_ids.pop(0) if big_ballots else None
        # Ballots, answers and who took part (per ballot, also in anonymous polls, where they are not linked).
        self.participations, self.ballots, self.answers = [], [], []
        self.ballot_keys = Keys(self.rng("ballot-keys", Poll.objects.count()), budget // 2 + 16)
        self.answer_keys = Keys(self.rng("answer-keys", Poll.objects.count()), budget + 16)
        meetings = self.meeting_attendees()
        plans = [self.small_poll(rng, pk, meetings) for pk in poll_ids]
        # The smaller polls share what the national survey leaves, each up to its voters.
        voting = [plan for plan in plans if plan["state"] in ("open", "closed")]
        remaining = budget - 4 * big_ballots
        for k, plan in enumerate(voting):
            share = remaining if k == len(voting) - 1 else round(remaining / (len(voting) - k) * rng.uniform(0.3, 1.7))
            remaining -= self.fill_poll(rng, plan, min(remaining, share))
        polls = [plan["poll"] for plan in plans]
        questions = [question for plan in plans for question in plan["questions"]]
        options = [option for plan in plans for option in plan["options"]]
        survey = ""
        if big_id is not None:  # the national survey takes the rest, so that the total comes out exactly
            survey = self.big_poll(rng, big_id, big_ballots, 4 * big_ballots + remaining, polls, questions, options)
        elif remaining:  # no new survey: the latest one gets more respondents
            more = self.more_survey_ballots(rng, remaining)
            survey = f" ({more:,} more for the national survey)" if more else ""
        self.loader.add(Poll, polls)
        self.loader.add(Question, questions)
        self.loader.add(Option, options)
        with self.loader.bulk_tables(Participation, Ballot, Answer):
            participation_fields = ["id", "poll", "user", "institution", "unit_key", "created_at"]
            self.loader.insert(Participation, participation_fields, self.participations)
            self.loader.insert(Ballot, ["id", "poll", "participation", "dots_used", "dots_budget"], self.ballots)
            written = self.loader.insert(Answer, ["id", "ballot", "question", "option", "value", "text"], self.answers)
        ballots = len(self.ballots)
        del self.participations, self.ballots, self.answers
        return f"+{n:,}, {ballots:,} ballots, {written:,} answers{survey}"

    def meeting_attendees(self) -> list[tuple[int, datetime.datetime, datetime.datetime, list[int]]]:
        """Past meetings with the generated members registered: polls for attendees are held there."""
        attendees = defaultdict(list)
        registered = Registration.objects.filter(meeting__status="afgelopen", status="aangemeld")
        registered = registered.exclude(user__email__endswith=DEMO_DOMAIN).order_by("meeting_id", "user_id")
        for meeting, user in registered.values_list("meeting_id", "user_id"):
            attendees[meeting].append(user)
        meetings = (
            Meeting.objects.filter(pk__in=list(attendees)).order_by("pk").values_list("pk", "starts_at", "ends_at")
        )
        return [(pk, starts, ends, attendees[pk]) for pk, starts, ends in meetings]

    def small_poll(self, rng: random.Random, pk: int, meetings: list) -> dict:
        """A quick poll, survey or dot vote: open, closed, planned or a draft, with its questions and options."""
        kind = rng.choices(["peiling", "enquete", "stipstemming"], [45, 40, 15])[0]
        state = rng.choices(["closed", "open", "planned", "concept"], [60, 25, 7, 8])[0]
        audience = rng.choices(["leden", "deelnemers", "regiegroep"], [85, 10, 5])[0]
        steering = [user for user in self.steering if user is not None]
        if (audience == "deelnemers" and not meetings) or (audience == "regiegroep" and not steering):
            audience = "leden"
        if audience != "leden":
            state = "closed"  # attendees vote at the meeting; the steering accounts are the demo's, not to block
        unit = "instelling" if audience == "leden" and rng.random() < 0.15 else "lid"
        anonymous = rng.random() < 0.2
        subject = rng.choice(POLL_SUBJECTS)
        theme = rng.choice(self.theme_rows) if rng.random() < 0.5 else None
        meeting, voters = None, None
        if audience == "deelnemers":
            meeting = rng.choice(meetings)
            _, opens, closes, voters = meeting
        elif state == "closed":
            opens = self.ago(rng, 20, 1500)
            closes = min(opens + datetime.timedelta(days=rng.randint(7, 28)), self.base - datetime.timedelta(hours=1))
        elif state == "open":
            opens = self.ago(rng, 1, 14)
            closes = self.at(self.today + datetime.timedelta(days=rng.randint(1, 21)), 17)
        else:
            opens = self.at(self.today + datetime.timedelta(days=rng.randint(3, 30)), 9)
            closes = opens + datetime.timedelta(days=rng.randint(7, 21))
        if audience == "regiegroep":
            voters = steering
        published = None if state == "concept" else opens - datetime.timedelta(days=1)
        dots = rng.randint(3, 5) if kind == "stipstemming" else None
        title = {
            "peiling": f"Peiling: {subject}",
            "enquete": f"Enquête over {subject}",
            "stipstemming": f"Stipstemming: waar beginnen we met {subject}?",
        }[kind]
        outcome = state == "closed" and rng.random() < 0.4
        if state == "closed":
            reminded = closes - datetime.timedelta(hours=24)
        elif state == "open" and closes <= self.base + datetime.timedelta(days=2):
            reminded = self.base  # closing soon: reminded already, so that loading sends no mail later
        else:
            reminded = None
        if kind == "peiling":
            layout = [rng.choice(QUICK_QUESTIONS)]
        elif kind == "enquete":
            layout = rng.sample(SURVEY_QUESTIONS, rng.randint(2, 5))
        else:
            layout = [("stippen", title, [])]
        questions, options, spec = [], [], []
        for position, (qid, (qkind, text, labels)) in enumerate(
            zip(self.loader.ids(Question, len(layout)), layout, strict=True), start=1
        ):
            max_choices = {"meer": rng.choice([None, 2, 3]), "rangorde": rng.choice([None, 3])}.get(qkind)
            questions.append(
                {
                    "id": qid,
                    "poll": pk,
                    "position": position,
                    "text": text.format(s=subject),
                    "kind": qkind,
                    "required": qkind != "open",
                    "max_choices": max_choices,
                }
            )
            if qkind == "stippen":
                labels = [(name, theme_id) for theme_id, name, _ in rng.sample(self.theme_rows, rng.randint(5, 9))]
            else:
                labels = [(label, None) for label in labels]
            option_ids = self.loader.ids(Option, len(labels))
            for oposition, (oid, (label, otheme)) in enumerate(zip(option_ids, labels, strict=True), start=1):
                options.append({"id": oid, "question": qid, "position": oposition, "label": label, "theme": otheme})
            weights = list(itertools.accumulate(rng.random() ** 2 + 0.05 for _ in labels))  # some options win
            spec.append((qid, qkind, option_ids, weights, max_choices))
        poll = {
            "id": pk,
            "title": title,
            "description": f"Laat weten wat je vindt van {subject}.",
            "kind": kind,
            "audience": audience,
            "unit": unit,
            "anonymous": anonymous,
            "visibility": rng.choice(["altijd", "na_stemmen", "na_sluiting"]),
            "opens_at": opens,
            "closes_at": closes,
            "quorum": 50 if unit == "instelling" and rng.random() < 0.3 else None,
            "allow_change": not anonymous and rng.random() < 0.7,
            "dots": dots,
            "max_per_option": rng.choice([None, 2]) if dots else None,
            "theme": theme[0] if theme else None,
            "meeting": meeting[0] if meeting else None,
            "published_at": published,
            "outcome": f"Conclusie over {subject}: het netwerk pakt dit samen op." if outcome else "",
            "outcome_at": closes + datetime.timedelta(days=2) if outcome else None,
            "opening_sent_at": opens if state in ("open", "closed") else None,
            "reminder_sent_at": reminded,
            "created_by": rng.choice(self.steering),
            "created_at": (published or self.base) - datetime.timedelta(days=rng.randint(1, 10)),
        }
        return {
            "poll": poll,
            "questions": questions,
            "options": options,
            "state": state,
            "spec": spec,
            "voters": voters,
            "closes": min(closes, self.base),
        }

    def fill_poll(self, rng: random.Random, plan: dict, target: int) -> int:
        """Ballots for one poll, up to ``target`` answers; returns how many answers it got."""
        poll = plan["poll"]
        if poll["unit"] == "instelling":  # one ballot per college, by one of its members
            voters = []
            for institution in rng.sample(self.institution_ids, len(self.institution_ids)):
                members = [pk for pk in self.by_institution.get(institution, []) if pk in self.people_set]
                if members:
                    voters.append(rng.choice(members))
        else:
            pool = plan["voters"] if plan["voters"] is not None else self.people
            voters = rng.sample(pool, len(pool))
        used, ballots = 0, []
        for user in voters:
            answers, dots_used = self.ballot_answers(rng, plan)
            if used + len(answers) > target:
                break
            used += len(answers)
            ballots.append((user, answers, dots_used))
        for pid, (user, answers, dots_used) in zip(self.loader.ids(Participation, len(ballots)), ballots, strict=True):
            institution = self.institution_of.get(user)
            key = f"i:{institution}" if poll["unit"] == "instelling" else f"u:{user}"
            moment = self.between(rng, poll["opens_at"], plan["closes"])
            self.participations.append((pid, poll["id"], user, institution, key, moment))
            ballot = self.ballot_keys.next()
            linked = None if poll["anonymous"] else pid
            self.ballots.append((ballot, poll["id"], linked, dots_used, poll["dots"] or 0))
            for question, option, value, text in answers:
                self.answers.append((self.answer_keys.next(), ballot, question, option, value, text))
        return used

    def ballot_answers(self, rng: random.Random, plan: dict) -> tuple[list, int]:
        """One voter's answers (question, option, value, text) and the dots they used."""
        poll = plan["poll"]
        answers, dots_used = [], 0
        for qid, kind, option_ids, weights, max_choices in plan["spec"]:
            if kind == "een":
                answers.append((qid, rng.choices(option_ids, cum_weights=weights)[0], None, ""))
            elif kind in ("meer", "rangorde"):
                chosen = []
                for _ in range(rng.randint(1, min(len(option_ids), max_choices or 3, 3))):
                    pick = rng.choices(option_ids, cum_weights=weights)[0]
                    if pick not in chosen:
                        chosen.append(pick)
                for rank, option in enumerate(chosen, start=1):
                    answers.append((qid, option, rank if kind == "rangorde" else None, ""))
            elif kind == "schaal":
                answers.append((qid, None, rng.choices(SCALE, cum_weights=SCALE_WEIGHTS)[0], ""))
            elif kind == "open":
                if rng.random() < 0.5:  # not required: half leave it empty
                    answers.append((qid, None, None, rng.choice(OPEN_TEXTS)))
            elif kind == "stippen":
                allocation, limit = Counter(), poll["max_per_option"]
                for _ in range(poll["dots"]):
                    pick = rng.choices(option_ids, cum_weights=weights)[0]
                    if limit and allocation[pick] >= limit:
                        pick = next((o for o in option_ids if allocation[o] < limit), None)
                    if pick is not None:
                        allocation[pick] += 1
                dots_used = sum(allocation.values())
                answers += [(qid, option, count, "") for option, count in sorted(allocation.items())]
        return answers, dots_used

    def big_poll(self, rng, pk: int, ballots: int, total: int, polls: list, questions: list, options: list) -> str:
        """The national survey: per ballot a choice, one to three choices, a scale value and sometimes a remark."""
        opens = self.at(self.today - datetime.timedelta(days=60), 9)
        closes = self.at(self.today - datetime.timedelta(days=20), 17)
        editions = Poll.objects.filter(title__startswith=NATIONAL_SURVEY).count()  # a top-up adds another
        polls.append(
            {
                "id": pk,
                "title": f"{NATIONAL_SURVEY} ({editions + 1})" if editions else NATIONAL_SURVEY,
                "description": "Een enquête onder alle medewerkers van de instellingen: wat gebruik je, wat vind je "
                "ervan en wat moet beter?",
                "kind": "enquete",
                "audience": "leden",
                "unit": "lid",
                "anonymous": True,
                "visibility": "na_sluiting",
                "opens_at": opens,
                "closes_at": closes,
                "quorum": None,
                "allow_change": False,
                "dots": None,
                "max_per_option": None,
                "theme": None,
                "meeting": None,
                "published_at": opens - datetime.timedelta(days=1),
                "outcome": "De uitkomsten gaan naar de Adviesraad Digitalisering.",
                "outcome_at": closes + datetime.timedelta(days=3),
                "opening_sent_at": opens,
                "reminder_sent_at": closes - datetime.timedelta(hours=24),
                "created_by": self.steering[0],
                "created_at": opens - datetime.timedelta(days=7),
            }
        )
        q = self.loader.ids(Question, 4)
        for position, (text, kind, required, max_choices) in enumerate(
            [
                ("Welk thema heeft voor jouw instelling de hoogste prioriteit?", "een", True, None),
                ("Welke voorzieningen gebruik je elke week?", "meer", True, 3),
                ("Hoe tevreden ben je over de digitale voorzieningen van je instelling?", "schaal", True, None),
                ("Wat zou je verbeteren?", "open", False, None),
            ]
        ):
            questions.append(
                {
                    "id": q[position],
                    "poll": pk,
                    "position": position + 1,
                    "text": text,
                    "kind": kind,
                    "required": required,
                    "max_choices": max_choices,
                }
            )
        first = [(name, theme) for theme, name, _ in self.theme_rows[:6]]
        second = [(label, None) for label in SURVEY_SERVICES]
        first_ids, second_ids = self.loader.ids(Option, len(first)), self.loader.ids(Option, len(second))
        for question, ids, labels in ((q[0], first_ids, first), (q[1], second_ids, second)):
            for position, (oid, (label, theme)) in enumerate(zip(ids, labels, strict=True), start=1):
                options.append({"id": oid, "question": question, "position": position, "label": label, "theme": theme})
        survey = (pk, q, first_ids, second_ids, opens, closes)
        ballots = self.survey_ballots(rng, survey, ballots, total, members=True)
        return f" (national survey: {ballots:,} ballots)"

    def more_survey_ballots(self, rng, total: int) -> int:
        """Answers without new polls to hold them (a top-up at the same number of polls): more for the survey."""
        poll = Poll.objects.filter(title__startswith=NATIONAL_SURVEY).order_by("-pk").first()
        if poll is None or total < 3:
            return 0
        q = list(poll.questions.order_by("position").values_list("pk", flat=True))
        first_ids, second_ids = (
            list(Option.objects.filter(question=question).order_by("position").values_list("pk", flat=True))
            for question in q[:2]
        )
        survey = (poll.pk, q, first_ids, second_ids, poll.opens_at, poll.closes_at)
        offset = Participation.objects.filter(poll=poll).count()
        return self.survey_ballots(rng, survey, max(1, total // 4), total, members=False, offset=offset)

    def survey_ballots(self, rng, survey: tuple, ballots: int, total: int, *, members: bool, offset: int = 0) -> int:
        """``total`` answers exactly in about ``ballots`` ballots; returns the number of ballots.

        Two choices and no remark make four answers; ballots with one choice or three (balanced), then remarks,
        make up the difference.
        """
        pk, q, first_ids, second_ids, opens, closes = survey
        extra = total - 4 * ballots
        while extra > 2 * ballots:
            ballots += 1
            extra -= 4
        third, remarks = min(max(extra, 0), ballots), max(0, extra - ballots)
        fewer = max(0, -extra)  # only when a few answers are to be spread over more ballots than they fill
        one = min(round(0.2 * ballots), (ballots - third - fewer) // 2)
        choices = [1] * (one + fewer) + [3] * (one + third) + [2] * (ballots - 2 * one - third - fewer)
        rng.shuffle(choices)
        with_remark = set(rng.sample(range(ballots), remarks))
        # Who took part: members first, then respondents without an account here (keys that match no member).
        people = rng.sample(self.people, min(len(self.people), ballots)) if members else []
        span = (closes - opens).total_seconds()
        for k, pid in enumerate(self.loader.ids(Participation, ballots)):
            moment = opens + datetime.timedelta(seconds=span * rng.random())
            if k < len(people):
                user = people[k]
                self.participations.append((pid, pk, user, self.institution_of[user], f"u:{user}", moment))
            else:
                institution = rng.choices(self.institution_ids, self.institution_weights)[0]
                self.participations.append((pid, pk, None, institution, f"u:s{offset + k}", moment))
        # The hot loop: weighted draws by bisection, the choices from all subsets of one, two or three services.
        cumulative = list(itertools.accumulate(rng.random() ** 2 + 0.05 for _ in first_ids))
        subsets = {size: list(itertools.combinations(second_ids, size)) for size in (1, 2, 3)}
        random_, bisect_ = rng.random, bisect.bisect
        ballot_rows, answers = self.ballots, self.answers
        ballot_key, answer_key = self.ballot_keys.next, self.answer_keys.next
        for k in range(ballots):
            ballot = ballot_key()
            ballot_rows.append((ballot, pk, None, 0, 0))
            choice = first_ids[bisect_(cumulative, random_() * cumulative[-1])]
            answers.append((answer_key(), ballot, q[0], choice, None, ""))
            subset = subsets[choices[k]]
            for option in subset[int(random_() * len(subset))]:
                answers.append((answer_key(), ballot, q[1], option, None, ""))
            value = 1 + bisect_(SCALE_WEIGHTS, random_() * SCALE_WEIGHTS[-1])
            answers.append((answer_key(), ballot, q[2], None, value, ""))
            if k in with_remark:
                answers.append((answer_key(), ballot, q[3], None, None, OPEN_TEXTS[int(random_() * len(OPEN_TEXTS))]))
        return ballots

    # Advice ------------------------------------------------------------------------------------------------

    def advice(self, n: int) -> str:
        """Advice in every state, each with the history that led there: versions, steps, decision, follow-up."""
        rng = self.rng("advice", Advice.objects.count())
        polls = Poll.objects.filter(published_at__isnull=False, closes_at__lt=self.base).exclude(audience="regiegroep")
        polls = list(polls.order_by("pk").values_list("pk", flat=True))
        meetings = list(Meeting.objects.filter(status="afgelopen").order_by("pk").values_list("pk", flat=True))
        plan = list(PlanItem.objects.order_by("pk").values_list("pk", flat=True))
        signed_up = defaultdict(list)
        for call, user in (
            SignUp.objects.filter(call__advice__isnull=True, user__is_active=True)
            .order_by("call_id", "pk")
            .values_list("call_id", "user_id")
        ):
            signed_up[call].append(user)
        calls = [call for call, users in signed_up.items() if len(users) >= 2]
        lifecycle = ["idee", "werkgroep", "concept", "consultatie", "aangeboden", "besluit"]
        statuses = [*lifecycle, "in_uitvoering", "afgerond", "ingetrokken"]
        rows, themes, plan_links, poll_links, meeting_links = [], [], [], [], []
        members, versions, changes, follows, follow_ups = [], [], [], [], []
        for pk in self.loader.ids(Advice, n):
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
            moments = [self.ago(rng, 1, 500 if status in ("afgerond", "ingetrokken") else 120)]
            for _ in path[1:]:
                moments.insert(0, moments[0] - datetime.timedelta(days=rng.randint(10, 60), hours=rng.randint(0, 5)))
            chosen_themes = rng.sample(self.theme_rows, rng.randint(1, 3))
            subject = chosen_themes[0][1].lower()
            creator = rng.choice(self.steering)
            call, group = None, []
            if "werkgroep" in path:
                if calls and rng.random() < 0.1:
                    call = calls.pop()
                    group = [(user, "oproep") for user in signed_up[call]]
                else:
                    group = [(user, "uitnodiging") for user in rng.sample(self.people, rng.randint(2, 6))]
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
            target = (self.today.year + rng.randint(-1, 3), rng.randint(1, 4)) if rng.random() < 0.6 else (None, None)
            budget = rng.choice([25_000, 50_000, 120_000, 350_000]) if rng.random() < 0.3 else None
            updated = moments[-1]
            if decision and decision != "niet_overgenomen":  # follow-up from the decision on
                entries = rng.randint(1, 5)
                days = sorted(rng.randint(0, max((self.today - decision_date).days, 1)) for _ in range(entries))
                progress = 0
                for k, day in enumerate(days, start=1):
                    progress = min(100, progress + rng.randint(5, 35))
                    done = status == "afgerond" and k == entries
                    date = min(decision_date + datetime.timedelta(days=day), self.today - datetime.timedelta(days=1))
                    follow_ups.append(
                        {
                            "advice": pk,
                            "date": date,
                            "text": f"Stap {k}: {rng.choice(CARD_TEXTS)}",
                            "done_by": rng.choice(["Werkgroep", "MBO Digitaal", "Instellingen", "SURF"]),
                            "progress": 100 if done else progress,
                            "status": "gereed" if done else rng.choices(PROGRESS, [6, 3, 1])[0],
                            "author": creator,
                            "created_at": self.at(date, 12),
                        }
                    )
                    updated = max(updated, self.at(date, 12))
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
                    "updated_at": min(updated, self.base),
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
            followers = {creator} | set(rng.sample(self.people, rng.randint(0, 8)))  # the maker follows it
            follows += [
                {"advice": pk, "user": user, "following": True, "created_at": moments[0]}
                for user in sorted(followers - {None})
            ]
        self.loader.add(Advice, rows)
        self.loader.insert(Advice.themes.through, ["advice", "theme"], themes)
        self.loader.insert(Advice.plan_items.through, ["advice", "planitem"], plan_links)
        self.loader.insert(Advice.polls.through, ["advice", "poll"], poll_links)
        self.loader.insert(Advice.meetings.through, ["advice", "meeting"], meeting_links)
        self.loader.add(WorkingGroupMember, members)
        self.loader.add(BodyVersion, versions)
        self.loader.add(StatusChange, changes)
        self.loader.add(Follow, follows)
        self.loader.add(FollowUp, follow_ups)
        return f"+{len(rows):,}, {len(follow_ups):,} follow-ups"

    # Comments and notifications ----------------------------------------------------------------------------

    def comment_targets(self) -> list[tuple[int, int, datetime.datetime, datetime.datetime, int]]:
        """(content type, object, from, until, weight): published reports, and advice from consultation on."""
        now = self.loader.now
        targets = []
        meeting_type = ContentType.objects.get_for_model(Meeting).pk
        reports = Meeting.objects.filter(report_published_at__isnull=False).exclude(status="concept").order_by("pk")
        for pk, published in reports.values_list("pk", "report_published_at"):
            targets.append((meeting_type, pk, published, min(published + datetime.timedelta(days=60), now), 2))
        advice_type = ContentType.objects.get_for_model(Advice).pk
        readable = Advice.objects.filter(status__in=[status.value for status in MEMBER_TEXT_STATUSES]).order_by("pk")
        steps = defaultdict(list)
        history = StatusChange.objects.filter(advice__in=readable).order_by("advice_id", "at", "pk")
        for advice, to, at in history.values_list("advice_id", "to_status", "at"):
            steps[advice].append((to, at))
        for pk, status, changed in readable.values_list("pk", "status", "status_changed_at"):
            start, end = changed or now, now
            consulted = [k for k, (to, _) in enumerate(steps[pk]) if to == "consultatie"]
            if consulted:  # members comment during the consultation
                k = consulted[-1]
                start = steps[pk][k][1]
                end = steps[pk][k + 1][1] if k + 1 < len(steps[pk]) else now
            targets.append((advice_type, pk, start, max(start, min(end, now)), 3 if status == "consultatie" else 1))
        return targets

    def comments(self, n: int) -> str:
        """Comments and replies (one level) on reports and advice, in their time; a few edited, a few hidden."""
        rng = self.rng("comments", Comment.objects.count())
        targets = self.comment_targets()
        if not targets:
            return "nothing to comment on"
        per_target = Counter(rng.choices(range(len(targets)), [target[4] for target in targets], k=n))
        ids = iter(self.loader.ids(Comment, n))
        rows = []
        for index in sorted(per_target):
            content_type, pk, start, end, _ = targets[index]
            threads = []  # comments that can be replied to
            for share in sorted(rng.random() for _ in range(per_target[index])):
                cid = next(ids)
                created = start + (end - start) * share
                parent = rng.choice(threads) if threads and rng.random() < 0.3 else None
                hidden = parent is None and rng.random() < 0.005
                edited = rng.random() < 0.04
                rows.append(
                    {
                        "id": cid,
                        "content_type": content_type,
                        "object_id": pk,
                        "parent": parent,
                        "author": rng.choice(self.people),
                        "body": " ".join(rng.sample(COMMENT_SENTENCES, rng.randint(1, 3))),
                        "created_at": created,
                        "edited_at": min(created + datetime.timedelta(minutes=rng.randint(2, 90)), self.loader.now)
                        if edited
                        else None,
                        "hidden_at": created + datetime.timedelta(hours=2) if hidden else None,
                        "hidden_by": rng.choice(self.steering) if hidden else None,
                        "hidden_reason": "Persoonlijke aanval." if hidden else "",
                    }
                )
                if parent is None and not hidden:
                    threads.append(cid)
        self.loader.add(Comment, rows)
        return f"+{len(rows):,} on {len(per_target):,} pages"

    def notifications(self, n: int) -> str:
        """A modest inbox per member: all of it mailed already (nothing goes out later), most of it read."""
        rng = self.rng("notifications", Notification.objects.count())
        polls = list(Poll.objects.filter(published_at__isnull=False).order_by("-pk").values_list("pk", "title")[:50])
        meetings = list(Meeting.objects.exclude(status="concept").order_by("-pk").values_list("pk", "title")[:50])
        advice = list(Advice.objects.order_by("-pk").values_list("pk", "title")[:50])
        sources = {
            "polls": (polls, "polls:poll-detail"),
            "meetings": (meetings, "meetings:meeting-detail"),
            "advice": (advice, "advice:advice-detail"),
            "comments": (meetings, "meetings:report"),
        }
        kinds = [kind for kind, (objects, _) in sources.items() if objects]
        if not kinds:
            return "nothing to tell"
        rows = []
        for _ in range(n):
            kind = rng.choice(kinds)
            objects, view = sources[kind]
            pk, title = rng.choice(objects)
            status = rng.choice(["Consultatie", "Besluit", "In uitvoering"])
            created = self.ago(rng, 1, 60)
            read = created + datetime.timedelta(hours=rng.randint(1, 72)) if rng.random() < 0.7 else None
            rows.append(
                {
                    "user": rng.choice(self.people),
                    "kind": kind,
                    "subject": NOTIFICATION_SUBJECTS[kind].format(title=title, status=status)[:200],
                    "url": reverse(view, args=[pk]),
                    "created_at": created,
                    "read_at": min(read, self.loader.now) if read else None,
                    "emailed_at": created,
                }
            )
        self.loader.add(Notification, rows)
        return f"+{len(rows):,}"
