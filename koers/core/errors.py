"""Error pages.

A database that cannot be reached (down, restarting, a connection that broke mid-request) is answered with
a 503 that says so and asks to try again, instead of a generic 500. The 503 and 500 pages render without
the request's context processors: those read the signed-in member, and so the database that just failed.
"""

import sqlite3
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

try:
    import psycopg
except ImportError:  # pragma: no cover - psycopg is a dependency, but SQLite-only installs work without it
    psycopg = None

RETRY_AFTER_SECONDS = 30
MSG_UNAVAILABLE = _("Koers is even niet bereikbaar. Probeer het over een halve minuut opnieuw.")
MSG_UNAVAILABLE_TITLE = _("Dienst niet beschikbaar")

# Errors that mean "the database cannot be used right now", as Django wraps them and, should one escape the
# wrapping, as the drivers raise them. Integrity, data and programming errors stay a 500: they are bugs or
# bad data, and trying again would not help.
UNAVAILABLE_ERRORS: tuple[type[BaseException], ...] = (
    OperationalError,
    InterfaceError,
    sqlite3.OperationalError,
    sqlite3.InterfaceError,
)
if psycopg is not None:
    UNAVAILABLE_ERRORS += (psycopg.OperationalError, psycopg.InterfaceError)


def database_unavailable(exc: BaseException | None) -> bool:
    """Whether ``exc``, or an error it was raised from, says the database cannot be reached."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, UNAVAILABLE_ERRORS):
            return True
        seen.add(id(exc))
        exc = exc.__cause__
    return False


def forbidden(request, exception=None):
    return render(request, "403.html", status=403)


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Django calls this while handling the exception, so it is still at hand here.
    if database_unavailable(sys.exc_info()[1]):
        return service_unavailable(request)
    return HttpResponseServerError(render_to_string("500.html"))


def _both_languages(message) -> dict[str, str]:
    result = {}
    for language in ("nl", "en"):
        with translation.override(language):
            result[language] = str(message)
    return result


def retry_url(request: HttpRequest) -> str:
    """The page asked for, to try again; only a path on this site (never another host)."""
    url = request.get_full_path() if request.method in ("GET", "HEAD") else request.path
    return url if url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=set()) else "/"


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """503 without touching the database: an HTML page, the API's error body, or an OOAPI problem."""
    language = "en" if translation.get_language() == "en" else "nl"
    path = request.path_info
    if path.startswith("/api/"):
        message = _both_languages(MSG_UNAVAILABLE)
        body = {"status": 503, "code": "unavailable", "message": message, "detail": message[language]}
        response = JsonResponse(body, status=503, json_dumps_params={"ensure_ascii": False})
    elif path.startswith("/oeapi/"):
        body = {
            "type": "about:blank",
            "title": str(MSG_UNAVAILABLE_TITLE),
            "status": 503,
            "detail": str(MSG_UNAVAILABLE),
            "instance": None,
        }
        response = JsonResponse(
            body, status=503, content_type="application/problem+json", json_dumps_params={"ensure_ascii": False}
        )
        response["Access-Control-Allow-Origin"] = "*"
    else:
        html = render_to_string("503.html", {"retry_url": retry_url(request), "retry_after": RETRY_AFTER_SECONDS})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response
