"""The shared cache: Redis with KOERS_REDIS_URL, otherwise the database cache that `migrate` creates; either way
one for every process, so rate limits count exactly with several workers."""

import json
import subprocess

import pytest
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connection

from koers.core import backup
from koers.core.models import CacheEntry
from koers.core.throttle import client_ip, throttle_allows

from ..started import started

DATABASE_CACHE = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "koers_cache"}}
SHOW = (
    "import json; from django.conf import settings as s; "
    "print(json.dumps({'cache': s.CACHES['default'], 'sessions': s.SESSION_ENGINE}))"
)


def configured(**env: str) -> subprocess.CompletedProcess:
    """The cache and session settings Koers starts with in this environment."""
    return started(SHOW, **env)


def test_without_redis_the_database_cache_is_shared_by_all_processes():
    result = configured()
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "cache": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "koers_cache",
            "KEY_PREFIX": "koers",
            "OPTIONS": {"MAX_ENTRIES": 100000},
        },
        "sessions": "django.contrib.sessions.backends.db",
    }


def test_with_redis_the_cache_and_the_sessions_cache_are_redis():
    result = configured(KOERS_REDIS_URL="redis://cache.koers.example:6379/2", KOERS_CACHE_PREFIX="koers-acc")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "cache": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://cache.koers.example:6379/2",
            "KEY_PREFIX": "koers-acc",
        },
        "sessions": "django.contrib.sessions.backends.cached_db",
    }


def test_a_redis_address_that_is_not_one_is_refused():
    result = configured(KOERS_REDIS_URL="cache.koers.example:6379")
    assert result.returncode == 1
    assert "KOERS_REDIS_URL must be a redis://, rediss:// or unix:// address, not 'cache.koers.example:6379'" in (
        result.stderr
    )


@pytest.fixture
def database_cache(settings, db):
    settings.CACHES = DATABASE_CACHE
    return caches["default"]


def test_migrate_creates_the_cache_table(db):
    assert "koers_cache" in connection.introspection.table_names()
    with connection.cursor() as cursor:
        columns = [c.name for c in connection.introspection.get_table_description(cursor, "koers_cache")]
    assert columns == ["cache_key", "value", "expires"]


def test_a_rate_limit_counts_across_processes_in_the_database_cache(database_cache):
    assert isinstance(database_cache, DatabaseCache)
    other_process = DatabaseCache("koers_cache", {})  # a cache of its own, as another worker has
    allowed = [throttle_allows(scope="form", key="192.0.2.1", limit=3, window_seconds=60) for _ in range(2)]
    assert other_process.get("koers-throttle:form:192.0.2.1") == 2
    other_process.incr("koers-throttle:form:192.0.2.1")  # the third attempt, made on the other server
    allowed += [throttle_allows(scope="form", key="192.0.2.1", limit=3, window_seconds=60) for _ in range(2)]
    assert allowed == [True, True, False, False]
    assert throttle_allows(scope="form", key="192.0.2.2", limit=3, window_seconds=60) is True
    assert CacheEntry.objects.count() == 2


def test_backups_leave_the_cache_out(database_cache):
    database_cache.set("koers:something", 1)
    assert CacheEntry.objects.count() == 1
    assert CacheEntry not in backup.tables()
    assert backup.rows_present() == {}


# The address the limits count by --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("behind_proxy", "forwarded", "address"),
    [
        (False, None, "192.0.2.10"),
        (False, "198.51.100.7", "192.0.2.10"),  # without a proxy the header is the visitor's own words
        (True, "198.51.100.7", "198.51.100.7"),
        (True, "203.0.113.66, 198.51.100.7", "198.51.100.7"),  # what the proxy appended, not what was sent
        (True, None, "192.0.2.10"),
    ],
)
def test_the_visitor_is_the_address_the_proxy_saw(settings, rf, behind_proxy, forwarded, address):
    settings.BEHIND_PROXY = behind_proxy
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    assert client_ip(rf.get("/", REMOTE_ADDR="192.0.2.10", **headers)) == address
