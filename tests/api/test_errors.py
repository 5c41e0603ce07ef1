"""Under /api/ every error answers the API's error body, also the unexpected ones that DRF leaves to Django
(a bug in a view, an address Django itself refuses); under /oeapi/ a problem. Never the site's HTML page."""

import json
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.test import Client
from django.urls import reverse

from koers.api.errors import MSG_BAD_REQUEST, MSG_ERROR, MSG_FORBIDDEN, MSG_NOT_FOUND
from koers.errors import bad_request, forbidden, not_found

from .errors import assert_error

BUG = RuntimeError("a bug in a view")


@pytest.fixture
def browser():
    """A client that gets the error response, as a caller would, instead of the exception."""
    return Client(raise_request_exception=False)


def test_a_bug_in_an_api_view_is_a_500_in_the_api_error_body(browser, db):
    with mock.patch("koers.api.endpoints.themes.ThemeViewSet.get_queryset", side_effect=BUG):
        response = browser.get("/api/v1/themes/")
    assert response["Content-Type"] == "application/json"
    assert_error(response, 500, "error", MSG_ERROR)
    assert response.json()["message"] == {"nl": "Er ging iets mis.", "en": "Something went wrong."}


def test_the_api_500_speaks_english_with_accept_language(browser, db):
    with mock.patch("koers.api.endpoints.themes.ThemeViewSet.get_queryset", side_effect=BUG):
        response = browser.get("/api/v1/themes/", headers={"Accept-Language": "en"})
    assert (response.status_code, response.json()["detail"]) == (500, "Something went wrong.")


def test_a_bug_in_the_docs_view_is_a_500_in_the_api_error_body(browser, db):
    # The docs page is a plain Django view, not DRF's: Django's handler answers for it.
    with mock.patch("koers.api.views.operations", side_effect=BUG):
        response = browser.get("/api/docs/")
    assert_error(response, 500, "error", MSG_ERROR)


def test_a_page_still_answers_the_html_500_page(browser, db):
    with mock.patch("koers.themes.views.agendas_with_themes", side_effect=BUG):
        response = browser.get(reverse("themes:theme-list"))
    assert response.status_code == 500
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response.content.decode().startswith("<!doctype html>")


def test_an_unknown_api_address_is_a_404_in_the_api_error_body(browser, db):
    response = browser.get("/api/v2/nergens/")
    assert response["Content-Type"] == "application/json"
    assert_error(response, 404, "not_found", MSG_NOT_FOUND)


@pytest.mark.parametrize(
    ("handler", "exception", "status", "code", "message"),
    [
        (not_found, Http404(), 404, "not_found", MSG_NOT_FOUND),
        (forbidden, PermissionDenied(), 403, "forbidden", MSG_FORBIDDEN),
        (bad_request, SuspiciousOperation(), 400, "bad_request", MSG_BAD_REQUEST),
    ],
)
def test_djangos_own_errors_under_api_answer_the_api_error_body(rf, handler, exception, status, code, message):
    response = handler(rf.get("/api/v1/themes/"), exception)
    response.json = lambda: json.loads(response.content)  # as the test client adds it
    assert response["Content-Type"] == "application/json"
    assert_error(response, status, code, message)


@pytest.mark.parametrize(
    ("handler", "exception", "status", "title"),
    [
        (not_found, Http404(), 404, "Niet gevonden"),
        (forbidden, PermissionDenied(), 403, "Geen toegang"),
        (bad_request, SuspiciousOperation(), 400, "Ongeldig verzoek"),
    ],
)
def test_djangos_own_errors_under_oeapi_answer_a_problem(rf, handler, exception, status, title):
    response = handler(rf.get("/oeapi/v6/organisations"), exception)
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert (response.status_code, body["status"], body["title"]) == (status, status, title)


def test_a_bug_under_oeapi_is_a_500_problem(browser, db):
    with mock.patch("koers.oeapi.selectors.institutions", side_effect=BUG):
        response = browser.get("/oeapi/v6/organisations")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert (body["status"], body["title"], body["type"]) == (500, "Interne fout", "about:blank")
    assert body["detail"] == "Er ging iets mis."
    assert body["instance"] == "http://testserver/oeapi/v6/organisations"
