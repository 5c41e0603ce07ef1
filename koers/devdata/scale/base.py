"""What the steps of ``manage.py load_scale`` share: the fast row writer, random keys, the seeded random
generators and the context every step reads (institutions, themes, members, the steering group)."""

import datetime
import json
import random
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager

from django.db import connection
from django.utils import timezone

from koers.accounts.models import User
from koers.members.models import Institution, Position
from koers.themes.models import Theme

SEED = "koers-scale-1"
DEMO_DOMAIN = "@koers.example"  # the demo's own accounts: they do not vote, register or comment here
SIZE_WEIGHT = {"S": 1, "M": 2, "L": 3}  # larger colleges have more members and projects


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
        # JSON goes in as text, as the converters give it (COPY cannot adapt a dict, e.g. a notification's values).
        if field.get_internal_type() == "JSONField" and value is not None:
            return json.dumps(value)
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


class Scale:
    """The state the steps share: dates, the seeded random generators, the writer and the rows they read."""

    loader: Loader
    # Read by read_context(): the rows the steps draw from, each in a fixed order.
    institution_rows: list[tuple]
    institution_ids: list[int]
    institution_weights: list[int]
    theme_rows: list[tuple]
    theme_ids: list[int]
    institution_of: dict[int, int]
    by_institution: dict[int, list[int]]
    people: list[int]
    people_set: set[int]
    steering: list[int | None]
    # The polls step's rows and keys, kept here while its helpers fill them.
    participations: list[tuple]
    ballots: list[tuple]
    answers: list[tuple]
    ballot_keys: Keys
    answer_keys: Keys

    def __init__(self, *, scale: float = 1.0, write: Callable[[str], object] = print):
        self.scale = scale
        self.write = write
        self.today = timezone.localdate()
        self.tz = timezone.get_current_timezone()
        # The start of today: everything is dated from here, so that one day's runs are identical.
        self.base = datetime.datetime.combine(self.today, datetime.time.min, tzinfo=self.tz)

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
        members = User.objects.filter(is_active=True, anonymised_at__isnull=True, institution__isnull=False)
        rows = list(members.order_by("pk").values_list("pk", "institution_id", "email"))
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
