"""Error pages, and under /api/ and /oeapi/ their JSON bodies: an error there never answers an HTML page.

A database that cannot be reached (down, restarting, a connection that broke mid-request) is answered with
a 503 that says so and asks to try again, instead of a generic 500. The 503 and 500 pages render without
the request's context processors: those read the signed-in member, and so the database that just failed.

Only a failed or lost connection is a 503. Every other database error stays a 500, also the operational
ones: a missing table (a deploy without ``migrate``), a cancelled statement (a timeout), a full disk. Those
are bugs or need an operator, and trying again would not help.
"""

import sqlite3
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import defaults

from koers.api.errors import MSG_BAD_REQUEST, MSG_ERROR, MSG_FORBIDDEN, MSG_NOT_FOUND, error_body
from koers.oeapi.views import problem

try:
    import psycopg
except ImportError:  # pragma: no cover - psycopg is a dependency, but SQLite-only installs work without it
    HAS_PSYCOPG = False  # then no error is psycopg's
else:
    HAS_PSYCOPG = True

RETRY_AFTER_SECONDS = 30
MSG_UNAVAILABLE = _("Koers is even niet bereikbaar. Probeer het over een halve minuut opnieuw.")

# PostgreSQL error codes (SQLSTATE) of a connection that failed or was ended by the server: class 08
# (connection exception), the server shutting down or restarting (57P01 admin shutdown, 57P02 crash
# shutdown, 57P03 cannot connect now) and a server that takes no more connections (53300).
UNAVAILABLE_SQLSTATE_CLASSES = ("08",)
UNAVAILABLE_SQLSTATES = {"57P01", "57P02", "57P03", "53300"}
# SQLite: the database file cannot be opened, or another process holds the write lock longer than the
# busy timeout. The lock passes by itself, so it is a 503 with a retry too.
UNAVAILABLE_SQLITE_MESSAGES = ("unable to open database file", "database is locked")


def _driver_says_unavailable(exc: BaseException) -> bool | None:
    """What a database driver's own error says: True or False, or None for an error not of a driver."""
    if isinstance(exc, sqlite3.Error):
        return isinstance(exc, sqlite3.OperationalError) and str(exc).startswith(UNAVAILABLE_SQLITE_MESSAGES)
    if HAS_PSYCOPG and isinstance(exc, psycopg.Error):
        if sqlstate := exc.sqlstate:
            return sqlstate.startswith(UNAVAILABLE_SQLSTATE_CLASSES) or sqlstate in UNAVAILABLE_SQLSTATES
        # Without an SQLSTATE the error did not come from the server: connecting failed, the connection
        # broke or was closed already.
        return isinstance(exc, (psycopg.OperationalError, psycopg.InterfaceError))
    return None


def database_unavailable(exc: BaseException | None) -> bool:
    """Whether ``exc``, or an error it was raised from, says the database cannot be reached.

    Django raises its own OperationalError or InterfaceError from the driver's error; the driver's error
    decides. One without a driver's error behind it counts as a lost connection.
    """
    seen = set()
    wrapper = False
    while exc is not None and id(exc) not in seen:
        verdict = _driver_says_unavailable(exc)
        if verdict is not None:
            return verdict
        wrapper = wrapper or isinstance(exc, (OperationalError, InterfaceError))
        seen.add(id(exc))
        exc = exc.__cause__
    return wrapper


def api_error(request: HttpRequest, status: int, code: str, summary) -> HttpResponse | None:
    """Under /api/ the API's error body, under /oeapi/ a problem; None for a page (which answers HTML).

    DRF answers the errors it knows itself; these are the others: a bug in a view, an address Django refuses.
    None of it touches the database, as a 500 or 503 may be about the database.
    """
    path = request.path_info
    if path.startswith("/api/"):
        body = error_body(status, code, summary)
        return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    if path.startswith("/oeapi/"):
        return problem(request, status, str(summary))
    return None


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return api_error(request, 400, "bad_request", MSG_BAD_REQUEST) or defaults.bad_request(request, exception)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return api_error(request, 403, "forbidden", MSG_FORBIDDEN) or render(request, "403.html", status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return api_error(request, 404, "not_found", MSG_NOT_FOUND) or render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this while handling the exception, so it is still at hand here.
    if database_unavailable(sys.exc_info()[1]):
        return service_unavailable(request)
    return api_error(request, 500, "error", MSG_ERROR) or HttpResponseServerError(render_to_string("500.html"))


def retry_url(request: HttpRequest) -> str:
    """The page asked for, to try again; only a path on this site (never another host)."""
    url = request.get_full_path() if request.method in ("GET", "HEAD") else request.path
    return url if url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=set()) else "/"


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """503 without touching the database: an HTML page, the API's error body, or an OOAPI problem."""
    response = api_error(request, 503, "unavailable", MSG_UNAVAILABLE)
    if response is None:
        html = render_to_string("503.html", {"retry_url": retry_url(request), "retry_after": RETRY_AFTER_SECONDS})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response
