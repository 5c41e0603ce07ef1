"""A database that cannot be reached gives a clear 503, rendered without touching the database."""

import contextlib
import sqlite3
from unittest import mock

import psycopg
import pytest
from django.db import IntegrityError, InterfaceError, OperationalError
from django.test import Client
from psycopg import errors as pg_errors

from koers.errors import database_unavailable, retry_url

NEVER_CACHE = "max-age=0, no-cache, no-store, must-revalidate, private"
DUTCH_TITLE = "<title>Koers is even niet bereikbaar · Koers</title>"
DUTCH_TEXT = "Koers is even niet bereikbaar: de database antwoordt nu niet."
API_BODY = {
    "status": 503,
    "code": "unavailable",
    "message": {
        "nl": "Koers is even niet bereikbaar. Probeer het over een halve minuut opnieuw.",
        "en": "Koers is unavailable for a moment. Try again in half a minute.",
    },
}
SESSION_LOAD = "django.contrib.sessions.backends.db.SessionStore.load"
EXECUTE = "django.db.backends.utils.CursorWrapper.execute"


@contextlib.contextmanager
def failing_queries(error: Exception):
    """Every SQL statement fails with ``error``. Patched on the cursor, never on a function a module may
    have imported by name: a module first imported during the patch would keep the mock for good."""
    with mock.patch(EXECUTE, side_effect=error):
        yield


def raised_by_django(driver_error: Exception) -> Exception:
    """Django's own error raised from the driver's, as Django wraps every error of a database driver."""
    wrapper = InterfaceError if isinstance(driver_error, psycopg.InterfaceError) else OperationalError
    error = wrapper(*driver_error.args)
    error.__cause__ = driver_error
    return error


@pytest.fixture
def browser():
    """A client that gets the error page, as a browser would, instead of the exception."""
    return Client(raise_request_exception=False)


@pytest.fixture
def member_browser(browser, member):
    browser.force_login(member)
    return browser


def test_database_error_in_a_view_is_a_503_page(browser, db, django_assert_num_queries):
    down = OperationalError("connection to server at 127.0.0.1 failed: Connection refused")
    # One query: the view's, which fails; the 503 page itself asks the database nothing.
    with failing_queries(down), django_assert_num_queries(1):
        response = browser.get("/?pagina=2")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == NEVER_CACHE
    html = response.content.decode()
    assert html.startswith('<!doctype html>\n\n\n<html lang="nl" class="utrecht-html">')
    assert DUTCH_TITLE in html
    assert "<h1>Koers is even niet bereikbaar</h1>" in html
    assert DUTCH_TEXT in html
    assert "Probeer het over 30 seconden opnieuw." in html
    assert '<a href="/?pagina=2">Opnieuw proberen</a>' in html


def test_database_error_while_loading_the_session_is_a_503_page(member_browser, django_assert_num_queries):
    with mock.patch(SESSION_LOAD, side_effect=OperationalError("server closed the connection")):
        with django_assert_num_queries(0):
            response = member_browser.get("/portfolio/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert DUTCH_TITLE in html
    assert DUTCH_TEXT in html
    assert '<a href="/portfolio/">Opnieuw proberen</a>' in html
    # The page shows no menu of a signed-in member: it cannot know who is signed in.
    assert "Uitloggen" not in html


def test_a_failed_post_offers_the_page_again_not_the_post(member_browser):
    with mock.patch(SESSION_LOAD, side_effect=OperationalError("down")):
        response = member_browser.post("/portfolio/projecten/nieuw/?x=1", {"title": "Nieuw"})
    assert response.status_code == 503
    assert '<a href="/portfolio/projecten/nieuw/">Opnieuw proberen</a>' in response.content.decode()


@pytest.mark.parametrize(
    ("path", "link"),
    [("/roadmap/", "/roadmap/"), ("//evil.example/", "/"), ("/\\evil.example/", "/%5Cevil.example/")],
)
def test_the_retry_link_never_leads_to_another_site(rf, path, link):
    request = rf.get("/")
    request.path = request.path_info = path
    assert retry_url(request) == link


def test_the_503_page_in_english_for_who_chose_english(browser, db):
    browser.cookies["django_language"] = "en"
    with failing_queries(OperationalError("down")):
        response = browser.get("/")
    assert response.status_code == 503
    html = response.content.decode()
    assert '<html lang="en" class="utrecht-html">' in html
    assert "<title>Koers is unavailable for a moment · Koers</title>" in html
    assert "<h1>Koers is unavailable for a moment</h1>" in html
    assert "Try again in 30 seconds." in html


def test_the_api_answers_its_own_error_body_with_503(member_browser, django_assert_num_queries):
    with mock.patch(SESSION_LOAD, side_effect=OperationalError("down")), django_assert_num_queries(0):
        response = member_browser.get("/api/v1/themes/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "30"
    assert response.json() == {**API_BODY, "detail": API_BODY["message"]["nl"]}


def test_the_api_503_in_english_with_accept_language(browser, db):
    browser.cookies["sessionid"] = "a" * 32
    with mock.patch(SESSION_LOAD, side_effect=OperationalError("down")):
        response = browser.get("/api/v1/themes/", headers={"Accept-Language": "en"})
    assert response.status_code == 503
    assert response.json() == {**API_BODY, "detail": API_BODY["message"]["en"]}


def test_oeapi_answers_a_problem_with_503(browser, db):
    browser.cookies["sessionid"] = "a" * 32
    with mock.patch(SESSION_LOAD, side_effect=OperationalError("down")):
        response = browser.get("/oeapi/v6/organisations")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == "30"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json() == {
        "type": "about:blank",
        "title": "Dienst niet beschikbaar",
        "status": 503,
        "detail": API_BODY["message"]["nl"],
        "instance": "http://testserver/oeapi/v6/organisations",
    }


@pytest.mark.parametrize(
    "error",
    [
        IntegrityError("duplicate key"),
        # A deploy without migrate, a statement timeout, a full disk: operational errors of the
        # database, but not an unreachable one; trying again would not help.
        raised_by_django(sqlite3.OperationalError("no such table: themes_theme")),
        raised_by_django(pg_errors.QueryCanceled("canceling statement due to statement timeout")),
        raised_by_django(pg_errors.DiskFull("could not extend file: No space left on device")),
    ],
    ids=["integrity", "no-such-table", "statement-timeout", "disk-full"],
)
def test_other_database_errors_stay_a_500(browser, db, error):
    with failing_queries(error):
        response = browser.get("/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "<h1>Er ging iets mis</h1>" in response.content.decode()


@pytest.mark.parametrize(
    "error",
    [
        raised_by_django(pg_errors.lookup("08006")("server closed the connection unexpectedly")),
        # Raised by psycopg itself while connecting or on a broken connection: no SQLSTATE.
        raised_by_django(psycopg.OperationalError("connection failed: Connection refused")),
        raised_by_django(psycopg.InterfaceError("the connection is closed")),
        raised_by_django(sqlite3.OperationalError("unable to open database file")),
    ],
    ids=["sqlstate-08006", "no-sqlstate", "closed", "sqlite-cannot-open"],
)
def test_a_lost_connection_from_the_driver_is_a_503_page(browser, db, error):
    with failing_queries(error):
        response = browser.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert DUTCH_TEXT in response.content.decode()


@pytest.mark.parametrize(
    ("error", "unavailable"),
    [
        (OperationalError("down"), True),  # Django's error with no driver error behind it
        (InterfaceError("connection already closed"), True),
        (sqlite3.OperationalError("database is locked"), True),  # busy timeout: passes by itself
        (sqlite3.OperationalError("unable to open database file"), True),
        (sqlite3.OperationalError("no such table: themes_theme"), False),
        (sqlite3.OperationalError("disk I/O error"), False),
        (raised_by_django(sqlite3.OperationalError("no such column: x")), False),
        (pg_errors.lookup("08006")("connection failure"), True),
        (pg_errors.lookup("08001")("unable to establish connection"), True),
        (pg_errors.AdminShutdown("terminating connection due to administrator command"), True),
        (pg_errors.CrashShutdown("terminating connection because of crash of another server process"), True),
        (pg_errors.CannotConnectNow("the database system is starting up"), True),
        (pg_errors.TooManyConnections("sorry, too many clients already"), True),
        (psycopg.OperationalError("consuming input failed: server closed the connection unexpectedly"), True),
        (psycopg.InterfaceError("the connection is closed"), True),
        (pg_errors.QueryCanceled("canceling statement due to statement timeout"), False),
        (pg_errors.DiskFull("could not extend file"), False),
        (pg_errors.UndefinedTable('relation "themes_theme" does not exist'), False),
        (raised_by_django(pg_errors.QueryCanceled("canceling statement")), False),
        (raised_by_django(pg_errors.AdminShutdown("terminating connection")), True),
        (IntegrityError("duplicate key"), False),
        (ValueError("not a database error"), False),
        (None, False),
    ],
)
def test_which_errors_mean_the_database_is_unavailable(error, unavailable):
    assert database_unavailable(error) is unavailable


def test_an_error_raised_from_a_lost_connection_counts_as_unavailable():
    try:
        try:
            raise OperationalError("server closed the connection unexpectedly")
        except OperationalError as cause:
            raise RuntimeError("could not render the page") from cause
    except RuntimeError as error:
        assert database_unavailable(error) is True


def test_a_database_that_fails_every_query_inside_an_api_view_gives_the_api_503(browser, db):
    with failing_queries(OperationalError("the connection is closed")):
        response = browser.get("/api/v1/themes/")
    assert response.status_code == 503
    assert response.json() == {**API_BODY, "detail": API_BODY["message"]["nl"]}


def test_a_database_that_fails_every_query_gives_the_503_page(browser, db):
    with failing_queries(OperationalError("the connection is closed")):
        response = browser.get("/themas/")
    assert response.status_code == 503
    assert DUTCH_TEXT in response.content.decode()
