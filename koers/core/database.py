"""How Koers sets up each new PostgreSQL connection.

PostgreSQL's planner assumes by default that reading a page at random costs four times a sequential read, as on a
spinning disk (``random_page_cost = 4``). Koers's database at national scale is about a hundred megabytes and
lives in memory or on SSD, where an index lookup is hardly dearer than a sequential read. With the default, the
planner preferred reading whole tables: all 25,000 projects to find the 767 of one theme (9 ms for the theme's
project count instead of 3), all 3,000 members to attach the authors of a page of replies (3.5 ms instead of
0.2). ``KOERS_DB_RANDOM_PAGE_COST`` (default 1.1, PostgreSQL's own advice for SSD) is set for each connection
Koers opens; empty leaves the server's setting. Set by a statement rather than a startup option, so PgBouncer in
session mode passes it on; by ``set_config()`` rather than ``SET``, which takes no value sent apart from the
statement (server-side binding, koers/settings.py).
"""

from typing import Any

from django.conf import settings


def configure_connection(sender: Any, connection: Any, **kwargs: Any) -> None:
    """On ``connection_created``: the planner's cost of a random page read, for PostgreSQL."""
    cost = settings.KOERS_DB_RANDOM_PAGE_COST
    if connection.vendor != "postgresql" or cost is None:
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('random_page_cost', %s, false)", [str(cost)])
