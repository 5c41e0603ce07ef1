"""GET /oeapi/v6/organisations and /oeapi/v6/organisations/{organisationId}: public, read-only JSON.

Errors are problem details (RFC 9457, the specification's Problem schema), never an HTML page: a bad
parameter is a 400, an unknown or malformed id a 404, any other method a 405.
"""

import uuid
from collections.abc import Callable
from functools import wraps

from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt

from koers.core.access import public

from . import organisations, params, selectors

ALLOWED_METHODS = ("GET", "HEAD")
TITLES = {
    400: gettext_lazy("Ongeldig verzoek"),
    403: gettext_lazy("Geen toegang"),
    404: gettext_lazy("Niet gevonden"),
    405: gettext_lazy("Methode niet toegestaan"),
    500: gettext_lazy("Interne fout"),  # a bug (koers.errors)
    503: gettext_lazy("Dienst niet beschikbaar"),  # the database cannot be reached (koers.errors)
}
MSG_NOT_FOUND = gettext_lazy("Er is geen organisatie met id %(id)s.")
MSG_READ_ONLY = gettext_lazy("Deze gegevens kunnen alleen gelezen worden (GET).")


def _json(data: dict, *, status: int = 200, content_type: str = "application/json") -> JsonResponse:
    response = JsonResponse(data, status=status, content_type=content_type, json_dumps_params={"ensure_ascii": False})
    # Open data without cookies or credentials: any web page may read it.
    response["Access-Control-Allow-Origin"] = "*"
    return response


# The specification's limit for a URI.
MAX_URI = 2048


def _instance(request: HttpRequest) -> str | None:
    """The request's own address, without the query if that makes it too long; none if even that is, or
    if the request's host is not one of Koers's (a 503 may answer a request before its host was checked)."""
    try:
        request.get_host()
    except DisallowedHost:
        return None
    for address in (request.build_absolute_uri(), request.build_absolute_uri(request.path)):
        if len(address) <= MAX_URI:
            return address
    return None


def problem(request: HttpRequest, status: int, detail: str) -> JsonResponse:
    body = {
        # No documentation page per problem: "about:blank" says the status code is all there is to the type.
        "type": "about:blank",
        "title": str(TITLES[status]),
        "status": status,
        "detail": str(detail),
        "instance": _instance(request),
    }
    return _json(body, status=status, content_type="application/problem+json")


def read_only(view: Callable) -> Callable:
    """GET and HEAD only (a 405 problem otherwise); bad parameters become a 400 problem. Nothing is written, so
    there is no CSRF token to check: a POST gets the 405, not the CSRF page."""

    @csrf_exempt
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ALLOWED_METHODS:
            response = problem(request, 405, str(MSG_READ_ONLY))
            response["Allow"] = ", ".join(ALLOWED_METHODS)
            return response
        try:
            return view(request, *args, **kwargs)
        except params.BadParameter as error:
            return problem(request, 400, error.detail)

    return wrapped


@public
@read_only
def organisation_list(request: HttpRequest) -> HttpResponse:
    query = params.collection_query(request.GET)
    return _json(organisations.collection(institutions=selectors.institutions(), query=query))


@public
@read_only
def organisation_detail(request: HttpRequest, organisation_id: str) -> HttpResponse:
    expand = params.expand(request.GET)
    try:
        wanted = uuid.UUID(organisation_id)
    except ValueError:
        wanted = None
    if wanted is not None and str(wanted) != organisation_id.lower():
        wanted = None  # only the 36-character form of the specification, in either case
    if wanted == organisations.NETWORK_ID:
        everyone = selectors.institutions()
        found = organisations.network(everyone)
    else:
        member = selectors.institution(organisation_id=wanted) if wanted else None
        if member is None:
            shown = organisation_id if len(organisation_id) <= 100 else f"{organisation_id[:100]}…"
            return problem(request, 404, str(MSG_NOT_FOUND) % {"id": shown})
        everyone = selectors.institutions() if "parent" in expand else []
        found = organisations.institution(member)
    return _json(organisations.expanded(found, expand=expand, institutions=everyone))
