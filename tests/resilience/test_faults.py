"""Faults over real HTTP: the database going away and coming back, a worker killed in the middle of an import.

Gunicorn reaches PostgreSQL through a TCP proxy (``proxy.py``) the test cuts and brings back on the same
port, with per-request connections and with persistent ones (``KOERS_DB_CONN_MAX_AGE=60``, where a stale
connection must be noticed). During the outage pages answer a 503 that says what is going on, ``/healthz``
says the database is unreachable and ``/healthz/live`` still answers; afterwards the same worker process
answers normally again.
"""

import contextlib
import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import psycopg
import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from koers.portfolio import importing
from koers.portfolio.models import ImportBatch, Project
from koers.portfolio.services import IMPORT_QUEUED_STALE

from ..factories import PASSWORD, ThemeFactory
from .proxy import Proxy
from .server import ROOT, Response, database_url, needs_postgresql, run_gunicorn

pytestmark = needs_postgresql

UNAVAILABLE_TITLE = "<h1>Koers is even niet bereikbaar</h1>"
UNAVAILABLE_TEXT = "Koers is even niet bereikbaar: de database antwoordt nu niet."
HEALTH_OK = {"status": "ok", "database": "ok", "cache": "ok"}
HEALTH_DOWN = {"status": "error", "database": "unreachable"}
API_DOWN = {
    "status": 503,
    "code": "unavailable",
    "message": {
        "nl": "Koers is even niet bereikbaar. Probeer het over een halve minuut opnieuw.",
        "en": "Koers is unavailable for a moment. Try again in half a minute.",
    },
    "detail": "Koers is even niet bereikbaar. Probeer het over een halve minuut opnieuw.",
}
WAIT = 30  # seconds at most for something the test waits on (a held query, a new worker)


def database_url_through(proxy: Proxy) -> str:
    """The test database's address with the proxy in place of PostgreSQL's host and port."""
    direct = urlsplit(database_url())
    credentials = direct.netloc.rsplit("@", 1)[0]
    return direct._replace(netloc=f"{credentials}@{proxy.url_host}").geturl()


@pytest.fixture
def proxy(transactional_db):
    settings = connection.settings_dict
    proxy = Proxy((settings["HOST"] or "127.0.0.1", int(settings["PORT"] or 5432))).start()
    yield proxy
    proxy.close()


def assert_unavailable_page(response: Response) -> None:
    assert response.status == 503
    assert response.headers["retry-after"] == "30"
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert UNAVAILABLE_TITLE in response.text
    assert UNAVAILABLE_TEXT in response.text


@pytest.mark.parametrize("conn_max_age", ["0", "60"])
def test_database_outage_is_a_clear_503_and_koers_recovers_by_itself(proxy, member, conn_max_age):
    env = {"KOERS_DB_CONN_MAX_AGE": conn_max_age}
    with run_gunicorn(workers=1, threads=1, database=database_url_through(proxy), env=env) as server:
        workers = server.worker_pids()
        guest = server.browser()
        signed_in = server.browser().sign_in(member.email, PASSWORD)
        assert guest.get("/").status == 200
        assert signed_in.get("/portfolio/").status == 200

        # The database goes away while a request waits on it. First every earlier request must be done
        # with the database: with a connection per request the worker closes it after the response, and
        # that goodbye, held by the paused proxy, would look like the next request waiting.
        persistent = conn_max_age != "0"
        proxy.wait_until_open(1 if persistent else 0)
        accepted = proxy.connections
        proxy.pause()
        with ThreadPoolExecutor(max_workers=1) as pool:
            pending = pool.submit(signed_in.get, "/portfolio/")
            assert proxy.held.wait(WAIT), "the request never reached the database"
            # It is this request that waits: on the kept connection, or on the one it just opened.
            assert proxy.connections == accepted + (0 if persistent else 1)
            proxy.stop()
            assert_unavailable_page(pending.result())

        # While it is away.
        assert_unavailable_page(guest.get("/"))
        assert_unavailable_page(signed_in.get("/portfolio/"))
        health = guest.get("/healthz")
        assert (health.status, json.loads(health.text)) == (503, HEALTH_DOWN)
        live = guest.get("/healthz/live")
        assert (live.status, json.loads(live.text)) == (200, {"status": "ok"})
        api = signed_in.get("/api/v1/themes/")
        assert (api.status, api.headers["retry-after"], json.loads(api.text)) == (503, "30", API_DOWN)

        # It comes back: the same worker answers again, the member is still signed in.
        proxy.start()
        health = guest.get("/healthz")
        assert (health.status, json.loads(health.text)) == (200, HEALTH_OK)
        assert guest.get("/").status == 200
        page = signed_in.get("/portfolio/")
        assert page.status == 200
        assert "Uitloggen" in page.text

        # A database restart between two requests goes unnoticed: a stale persistent connection is
        # checked before it is used and replaced.
        proxy.stop()
        proxy.start()
        assert signed_in.get("/portfolio/").status == 200
        assert guest.get("/").status == 200

        assert server.worker_pids() == workers
        assert server.process.poll() is None
        assert server.errors(tracebacks=False) == []  # a database error is a 503, never a 500


# A worker killed during a spreadsheet import -----------------------------------------------------------

ROWS = 6000
THEMES = [("Data en AI", "data-en-ai"), ("Identiteit en toegang", "identiteit-en-toegang")]
BACKEND_WRITING = """
    SELECT a.pid FROM pg_stat_activity a
    WHERE a.datname = current_database() AND a.wait_event_type = 'Lock'
      AND a.query LIKE 'INSERT INTO "portfolio_project_themes"%%'
      AND EXISTS (
          SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
          WHERE l.pid = a.pid AND c.relname = 'portfolio_project' AND l.mode = 'RowExclusiveLock' AND l.granted
      )
"""


def overview_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(importing.COLUMNS)
    for n in range(ROWS):
        writer.writerow(
            [
                f"Project {n:05d}",
                "Omschrijving",
                "lopend",
                "Data en AI; identiteit-en-toegang",
                "operationeel",
                "ict",
                "2026-01-01",
                "2027-01-01",
                "50k-250k",
            ]
        )
    return out.getvalue().encode("utf-8")


def wait_for(query: str, params=(), *, timeout: float = WAIT):
    """The first row ``query`` returns, polling until there is one."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(query, params)
            if row := cursor.fetchone():
                return row
            time.sleep(0.02)
    raise AssertionError(f"nothing found within {timeout} s for {query}")


def wait_until_gone(backend: int, *, timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [backend])
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.02)
    raise AssertionError(f"database backend {backend} still runs after {timeout} s")


def start_task_worker(server, *args: str) -> subprocess.Popen:
    """`manage.py db_worker` with the server's settings and database, as production runs it beside gunicorn."""
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval=0.1", *args]
    return subprocess.Popen(
        command, cwd=ROOT, env=server.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )


def test_worker_killed_during_an_import_leaves_nothing_half_written(transactional_db, member, institution):
    """A file this large is committed by the task worker; killing the worker mid-write leaves nothing behind."""
    for name, slug in THEMES:
        ThemeFactory(name=name, slug=slug)
    with run_gunicorn(workers=1, threads=1) as server:
        browser = server.browser().sign_in(member.email, PASSWORD)
        assert browser.get("/portfolio/import/").status == 200
        sent = browser.post("/portfolio/import/", {}, files={"file": ("overzicht.csv", overview_csv(), "text/csv")})
        batch = ImportBatch.objects.get()
        preview = f"/portfolio/import/{batch.pk}/"
        assert (sent.status, sent.location) == (302, preview)
        page = browser.get(preview)
        assert f"{ROWS} nieuwe projecten" in page.text
        assert "0 rijen afgewezen" in page.text

        # The request only queues the commit and says so.
        queued = browser.post(preview, {})
        assert (queued.status, queued.location) == (302, preview)
        page = browser.follow(queued)
        assert page.messages() == [
            ("info", "Het bestand wordt verwerkt. Deze pagina toont het resultaat zodra het klaar is.")
        ]
        assert f"Het bestand ({ROWS} rijen) wordt verwerkt." in page.text

        # Hold the commit after it wrote every project but before it links their themes: a lock on the
        # link table, taken from outside. Then kill the task worker while its transaction is open.
        blocker = psycopg.connect(database_url())
        try:
            blocker.execute("LOCK TABLE portfolio_project_themes IN SHARE MODE")
            worker = start_task_worker(server)
            try:
                (backend,) = wait_for(BACKEND_WRITING)
                os.kill(worker.pid, signal.SIGKILL)
                assert worker.wait(WAIT) == -signal.SIGKILL
            finally:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(worker.pid, signal.SIGKILL)
        finally:
            blocker.rollback()
            blocker.close()
        wait_until_gone(backend)

        # Nothing of the import is in the portfolio; the batch still waits and can be committed.
        assert Project.objects.count() == 0
        assert Project.themes.through.objects.count() == 0
        batch.refresh_from_db()
        assert (batch.state, batch.committed_at, batch.created_count) == (ImportBatch.State.QUEUED, None, 0)

        # Once the queued import is taken as lost, the member queues it again; a new worker imports every row
        # exactly once and the page shows the result.
        ImportBatch.objects.filter(pk=batch.pk).update(queued_at=batch.queued_at - IMPORT_QUEUED_STALE)
        page = browser.get(preview)
        assert "Het verwerken van dit bestand is niet afgerond; er is niets vastgelegd." in page.text
        again = browser.post(preview, {})
        assert (again.status, again.location) == (302, preview)
        worker = start_task_worker(server, "--batch")
        _, errors = worker.communicate(timeout=120)
        assert worker.returncode == 0, errors.decode()
        page = browser.get(preview)
        assert f"Dit bestand is vastgelegd: {ROWS} nieuwe projecten en 0 bijgewerkte projecten." in page.text
        assert Project.objects.filter(institution=institution).count() == ROWS
        assert Project.objects.values("title").distinct().count() == ROWS
        assert Project.themes.through.objects.count() == ROWS * len(THEMES)
        batch.refresh_from_db()
        assert (batch.state, batch.created_count, batch.updated_count) == (ImportBatch.State.COMMITTED, ROWS, 0)
        # The killed worker's task stays "running" in the queue (the database backend cannot tell it died); the
        # second one succeeded.
        assert sorted(DBTaskResult.objects.values_list("status", flat=True)) == ["RUNNING", "SUCCESSFUL"]
        assert server.errors(tracebacks=False) == []
