from contextlib import ExitStack, contextmanager

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings

from koers.search.indexing import paused

from .factories import InstitutionFactory, UserFactory, make_steering


@pytest.fixture(autouse=True)
def _search_index(request):
    """The search index is kept current on every save only where a test reads it: the tests of search itself
    (tests/search, marked `search_index` elsewhere). Elsewhere the test's own writes skip it, which saves a fifth of
    the suite's time; a server a test starts (live server, gunicorn) indexes as in production."""
    if request.node.get_closest_marker("search_index") or request.path.parent.name == "search":
        yield
        return
    with paused():
        yield


# The tests run in one process, so the memory cache behaves as the shared one does; tests/core/test_cache.py runs
# the database cache, tests/resilience the shared cache of several gunicorn servers (database and Redis).
MEMORY_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "koers-tests"}}


def isolated_settings(storages: dict) -> dict[str, object]:
    """The settings every test runs with (given the project's STORAGES, whose static files it replaces)."""
    return {
        "CACHES": MEMORY_CACHE,
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        # Tasks run at once, in the test, when they are enqueued (after the commit, as in production). A test that
        # looks at the queue itself uses the `task_queue` fixture (the database backend, run with `run_tasks`).
        "TASKS": {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
        "LANGUAGE_CODE": "nl",
        "STORAGES": {**storages, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}},
    }


@pytest.fixture(autouse=True)
def _isolation(settings):
    for name, value in isolated_settings(settings.STORAGES).items():
        setattr(settings, name, value)
    cache.clear()


@contextmanager
def shared_data(django_db_blocker, media_root):
    """Data made once for a whole module or class, as a test would make it (the same settings, the search index
    paused), inside a transaction that is rolled back at the end. Each test runs in a savepoint inside it (the `db`
    fixture), so what one test writes is gone before the next; uploaded files go to ``media_root``."""
    with ExitStack() as stack:
        stack.enter_context(django_db_blocker.unblock())
        stack.enter_context(override_settings(**isolated_settings(django_settings.STORAGES), MEDIA_ROOT=media_root))
        stack.enter_context(paused())
        stack.enter_context(transaction.atomic())
        yield
        transaction.set_rollback(True)


# The people most tests need; the fixtures below and shared data (`shared_data`) make them alike.
def make_institution():
    return InstitutionFactory(name="Horizon College", slug="horizon-college")


def make_other_institution():
    return InstitutionFactory(name="Albeda", slug="albeda")


def make_member(institution):
    return UserFactory(full_name="Gerda Visser", email="gerda@horizon.example", institution=institution)


def make_other_member(other_institution):
    return UserFactory(full_name="Hans Bos", email="hans@albeda.example", institution=other_institution)


def make_steering_member(institution):
    user = UserFactory(full_name="Chantal Yilmaz", email="chantal@horizon.example", institution=institution)
    make_steering(user)
    return user


def make_chair(other_institution):
    user = UserFactory(full_name="Annelies de Vries", email="annelies@albeda.example", institution=other_institution)
    make_steering(user, kind="chair")
    return user


def make_admin():
    return UserFactory(
        full_name="Beheerder", email="beheer@koers.example", is_superuser=True, is_staff=True, institution=None
    )


@pytest.fixture
def institution(db):
    return make_institution()


@pytest.fixture
def other_institution(db):
    return make_other_institution()


@pytest.fixture
def member(db, institution):
    return make_member(institution)


@pytest.fixture
def other_member(db, other_institution):
    return make_other_member(other_institution)


@pytest.fixture
def steering(db, institution):
    return make_steering_member(institution)


@pytest.fixture
def chair(db, other_institution):
    return make_chair(other_institution)


@pytest.fixture
def admin_user(db):
    return make_admin()


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def client_for(db):
    """A fresh test client signed in as ``user`` (several roles can act in one test)."""

    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files go to a throw-away folder, never into the project."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def task_queue(settings):
    """Tasks wait in the database as in production, until the test runs them (tests.background.run_tasks)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
