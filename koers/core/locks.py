"""Serialise writers that change a whole set of rows together, such as renumbering the multi-year plan.

Row locks cannot do that: they lock only rows that already exist, so two writers that each add a row
never wait for each other. On PostgreSQL a transaction-level advisory lock does; SQLite lets only one
writer in at a time anyway.
"""

import zlib

from django.db import connection


def lock_for_transaction(name: str) -> None:
    """Wait until no other transaction holds the lock `name`; it is released at commit or rollback."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [zlib.crc32(name.encode())])
