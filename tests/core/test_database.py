"""Each PostgreSQL connection Koers opens plans for a database in memory or on SSD (koers/core/database.py)."""

import pytest
from django.db import connection

from koers.core.database import configure_connection


class Recorder:
    """A stand-in connection that records what is sent to it."""

    def __init__(self, vendor: str):
        self.vendor = vendor
        self.sent: list[tuple[str, list[float]]] = []

    def cursor(self):
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def execute(self, sql, params):
        self.sent.append((sql, params))


def test_a_new_postgresql_connection_gets_the_page_cost_of_the_setting(settings):
    postgresql, sqlite = Recorder("postgresql"), Recorder("sqlite")
    for opened in (postgresql, sqlite):
        configure_connection(sender=None, connection=opened)
    assert postgresql.sent == [("SET random_page_cost = %s", [1.1])]
    assert sqlite.sent == []
    settings.KOERS_DB_RANDOM_PAGE_COST = None  # KOERS_DB_RANDOM_PAGE_COST= (empty): the server's own
    left_alone = Recorder("postgresql")
    configure_connection(sender=None, connection=left_alone)
    assert left_alone.sent == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_the_connection_of_the_tests_has_it(db):
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone() == ("1.1",)
