"""Each PostgreSQL connection Koers opens plans for a database in memory or on SSD (koers/core/database.py) and keeps
the plans of the statements it sends again and again (prepared statements, koers/settings.py)."""

import json

import psycopg
import pytest
from django.db import connection
from django.db.models import Count

from koers.accounts.models import User
from koers.core.database import configure_connection

from ..factories import UserFactory
from ..started import started


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
    # A function rather than SET: a statement with its values sent apart (server-side binding) cannot SET.
    assert postgresql.sent == [("SELECT set_config('random_page_cost', %s, false)", ["1.1"])]
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


SHOW = "import json; from django.conf import settings as s; print(json.dumps(s.DATABASES['default'].get('OPTIONS')))"


def database_options(**env: str):
    """The options Koers hands the database driver in this environment."""
    result = started(SHOW, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_postgresql_gets_prepared_statements_unless_switched_off():
    postgresql = "postgres://koers@db.koers.example:5432/koers"
    assert database_options(DATABASE_URL=postgresql) == {"server_side_binding": True, "prepare_threshold": 5}
    assert database_options(DATABASE_URL=postgresql, KOERS_DB_PREPARED_STATEMENTS="false") == {}
    assert database_options(DATABASE_URL="sqlite:///koers.sqlite3") == {}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_a_statement_sent_again_is_prepared_once_and_gives_the_same_answer(db):
    UserFactory.create_batch(3)
    counts = User.objects.values("is_active").annotate(n=Count("pk")).values_list("is_active", "n")
    driver = connection.connection
    assert isinstance(driver, psycopg.Connection)
    assert issubclass(driver.cursor_factory, psycopg.Cursor)  # values sent apart from the statement, not inlined
    assert not issubclass(driver.cursor_factory, psycopg.ClientCursor)
    assert driver.prepare_threshold == 5

    def prepared() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ["%is_active%"])
            return cursor.fetchone()[0]

    before = prepared()
    answers = {tuple(counts.all()) for _ in range(7)}
    assert answers == {((True, 3),)}
    assert prepared() == before + 1
