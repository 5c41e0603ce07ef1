"""A database that cannot be reached gives a clear 503, rendered without touching the database."""

import sqlite3
from unittest import mock

import pytest
from django.db import IntegrityError, OperationalError
from django.test import Client

from koers.core.errors import database_unavailable, retry_url

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
    with mock.patch("koers.themes.selectors.agendas_with_themes", side_effect=down), django_assert_num_queries(0):
        response = browser.get("/?pagina=2")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == NEVER_CACHE
    html = response.content.decode()
    assert html.startswith('<!doctype html>\n\n\n<html lang="nl">')
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
    with mock.patch("koers.themes.selectors.agendas_with_themes", side_effect=OperationalError("down")):
        response = browser.get("/")
    assert response.status_code == 503
    html = response.content.decode()
    assert '<html lang="en">' in html
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
    assert response.json() == {
        "type": "about:blank",
        "title": "Dienst niet beschikbaar",
        "status": 503,
        "detail": API_BODY["message"]["nl"],
        "instance": None,
    }


def test_other_database_errors_stay_a_500(browser, db):
    with mock.patch("koers.themes.selectors.agendas_with_themes", side_effect=IntegrityError("duplicate key")):
        response = browser.get("/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "<h1>Er ging iets mis</h1>" in response.content.decode()


@pytest.mark.parametrize(
    ("error", "unavailable"),
    [
        (OperationalError("down"), True),
        (sqlite3.OperationalError("database is locked"), True),
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
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("the connection is closed")
    ):
        response = browser.get("/api/v1/themes/")
    assert response.status_code == 503
    assert response.json() == {**API_BODY, "detail": API_BODY["message"]["nl"]}


def test_a_database_that_fails_every_query_gives_the_503_page(browser, db):
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("the connection is closed")
    ):
        response = browser.get("/themas/")
    assert response.status_code == 503
    assert DUTCH_TEXT in response.content.decode()
