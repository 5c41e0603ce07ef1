"""The benchmark's query counter: an exact count in a response header, and only when switched on."""

import importlib.util

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from koers.core.benchmark import QUERY_COUNT_HEADER

pytestmark = pytest.mark.django_db

COUNTER = "koers.core.benchmark.QueryCountMiddleware"


@pytest.fixture
def counting(settings):
    # Once, outermost, also when KOERS_BENCH_QUERIES switched it on for this run already.
    settings.MIDDLEWARE = [COUNTER, *(name for name in settings.MIDDLEWARE if name != COUNTER)]


@pytest.fixture
def not_counting(settings):
    """The middleware as without KOERS_BENCH_QUERIES, whatever this run's environment says."""
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != COUNTER]


def test_the_database_health_check_runs_one_query(client, counting):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response[QUERY_COUNT_HEADER] == "1"


def test_the_liveness_check_runs_none(client, counting):
    response = client.get("/healthz/live")
    assert response[QUERY_COUNT_HEADER] == "0"


def test_a_member_page_counts_every_query_of_the_request(client, member, counting):
    client.force_login(member)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/themas/")
    assert response.status_code == 200
    assert int(response[QUERY_COUNT_HEADER]) == len(queries.captured_queries) > 0


def test_no_header_without_the_middleware(client, member, not_counting):
    client.force_login(member)
    assert COUNTER not in django_settings.MIDDLEWARE
    assert QUERY_COUNT_HEADER not in client.get("/themas/")
    assert QUERY_COUNT_HEADER not in client.get("/healthz")


def _fresh_settings():
    """The settings module loaded anew, so it reads the environment as a new process would."""
    path = django_settings.BASE_DIR / "koers" / "settings.py"
    spec = importlib.util.spec_from_file_location("koers_settings_fresh", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("value", "added"), [("1", True), ("true", True), ("false", False), ("", False), (None, False)]
)
def test_the_environment_switch(monkeypatch, value, added):
    if value is None:
        monkeypatch.delenv("KOERS_BENCH_QUERIES", raising=False)
    else:
        monkeypatch.setenv("KOERS_BENCH_QUERIES", value)
    middleware = _fresh_settings().MIDDLEWARE
    assert (middleware[0] == COUNTER) is added
    assert middleware.count(COUNTER) == (1 if added else 0)
