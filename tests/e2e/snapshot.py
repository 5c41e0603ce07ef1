"""The demo data for browser tests, loaded once per run and put back for each test from a snapshot.

`manage.py load_demo` takes about two seconds; a browser test needs its own copy of the data (it may change it,
and the transactional test empties the database after it), so the first test loads the demo data and keeps a copy
of the database and the uploaded files; every later test gets that copy back in a fraction of the time. The copy is
the database's own: SQLite's backup API (every page, the search index's tables included) and PostgreSQL's COPY of
every table, with the sequences set after it.
"""

import io
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from koers.search import indexing


@dataclass
class Snapshot:
    media: Path
    sqlite: sqlite3.Connection | None = None
    tables: dict[str, bytes] = field(default_factory=dict)


_snapshots: dict[tuple, Snapshot] = {}


def load_demo_data() -> None:
    """The demo data in the (empty) test database and media folder, as `load_demo` leaves them."""
    # The demo data depends on the day (meetings in so many days), and on whether saves index as they go.
    key = (connection.vendor, connection.settings_dict["NAME"], timezone.localdate(), indexing.is_active())
    snapshot = _snapshots.get(key)
    if snapshot is None:
        call_command("load_demo", stdout=io.StringIO())
        _snapshots[key] = _take()
    else:
        _restore(snapshot)


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def _take() -> Snapshot:
    media = Path(tempfile.mkdtemp(prefix="koers-demo-media-"))
    if Path(settings.MEDIA_ROOT).exists():
        shutil.copytree(settings.MEDIA_ROOT, media, dirs_exist_ok=True)
    snapshot = Snapshot(media=media)
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        snapshot.sqlite = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(snapshot.sqlite)
    else:
        with connection.connection.cursor() as cursor:
            for table in _tables():
                with cursor.copy(f"COPY {connection.ops.quote_name(table)} TO STDOUT (FORMAT binary)") as copy:
                    snapshot.tables[table] = b"".join(bytes(block) for block in copy)
    return snapshot


def _restore(snapshot: Snapshot) -> None:
    shutil.copytree(snapshot.media, settings.MEDIA_ROOT, dirs_exist_ok=True)
    connection.ensure_connection()
    if snapshot.sqlite is not None:
        snapshot.sqlite.backup(connection.connection)
        return
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.connection.cursor() as cursor:
        # The emptied database still holds what post_migrate put back (content types, permissions).
        cursor.execute(f"TRUNCATE {', '.join(quote(table) for table in snapshot.tables)} RESTART IDENTITY CASCADE")
        for table, data in snapshot.tables.items():
            with cursor.copy(f"COPY {quote(table)} FROM STDIN (FORMAT binary)") as copy:
                copy.write(data)
        for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True)):
            cursor.execute(statement)
