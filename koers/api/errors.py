"""One error body for every API error, with the summary in Dutch and in English.

    {"status": 400, "code": "invalid",
     "message": {"nl": "...", "en": "..."},        # what went wrong, in both languages
     "detail": "...",                               # the specific reason, in the request's language
     "errors": {"field": ["..."]}}                  # per field, only for invalid input

The request's language is Dutch unless ``Accept-Language`` asks for English.
"""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from koers.core.conflicts import StateConflict

from .exceptions import MSG_CONFLICT, Conflict, Unauthenticated

MSG_INVALID = _("De invoer klopt niet; zie de meldingen per veld.")
MSG_MALFORMED = _("De inhoud van het verzoek is geen geldige JSON.")
MSG_UNAUTHENTICATED = _("Log in, of stuur een persoonlijk toegangstoken mee.")
MSG_FORBIDDEN = _("Je hebt hier geen toegang toe.")
MSG_NOT_FOUND = _("Niet gevonden.")
MSG_METHOD = _("Deze methode is hier niet toegestaan.")
MSG_NOT_ACCEPTABLE = _("Dit antwoordformaat wordt niet ondersteund; vraag om JSON.")
MSG_MEDIA_TYPE = _("Stuur de inhoud als JSON (Content-Type: application/json).")
MSG_THROTTLED = _("Te veel verzoeken. Probeer het over %(seconds)d seconden opnieuw.")
MSG_ERROR = _("Er ging iets mis.")
MSG_BAD_REQUEST = _("Dit verzoek kan Koers niet verwerken.")


SUMMARIES = [
    (exceptions.ValidationError, "invalid", MSG_INVALID),
    (exceptions.ParseError, "malformed", MSG_MALFORMED),
    (exceptions.NotAuthenticated, "not_authenticated", MSG_UNAUTHENTICATED),
    (exceptions.AuthenticationFailed, "authentication_failed", MSG_UNAUTHENTICATED),
    (exceptions.PermissionDenied, "forbidden", MSG_FORBIDDEN),
    (exceptions.NotFound, "not_found", MSG_NOT_FOUND),
    (exceptions.MethodNotAllowed, "method_not_allowed", MSG_METHOD),
    (exceptions.NotAcceptable, "not_acceptable", MSG_NOT_ACCEPTABLE),
    (exceptions.UnsupportedMediaType, "unsupported_media_type", MSG_MEDIA_TYPE),
    (exceptions.Throttled, "throttled", MSG_THROTTLED),
    (Conflict, "conflict", MSG_CONFLICT),
]


def both_languages(message, values: dict | None = None) -> dict[str, str]:
    result = {}
    for language in ("nl", "en"):
        with translation.override(language):
            result[language] = str(message) % values if values else str(message)
    return result


def request_language() -> str:
    return "en" if translation.get_language() == "en" else "nl"


def error_body(status: int, code: str, summary) -> dict[str, Any]:
    """The error body of an error without a specific reason: the summary is the detail too."""
    message = both_languages(summary)
    return {"status": status, "code": code, "message": message, "detail": message[request_language()]}


def _as_api_exception(exc):
    """Django's own exceptions, raised by services and rules, become the matching API errors."""
    if isinstance(exc, StateConflict):  # already voted, already registered ...: a 409 with the service's reason
        return Conflict(" ".join(exc.messages))
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(as_serializer_error(exc))
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(*exc.args[:1])  # keeps a service's reason
    return exc


def _summary(exc) -> tuple[str, object, dict | None]:
    code, summary = next(
        ((code, summary) for kind, code, summary in SUMMARIES if isinstance(exc, kind)), ("error", MSG_ERROR)
    )
    if isinstance(exc, Unauthenticated):
        summary = exc.lazy_message
    # DRF sets Throttled.wait in its __init__; djangorestframework-stubs leave the attribute out.
    values = {"seconds": int(exc.wait or 1)} if isinstance(exc, exceptions.Throttled) else None  # type: ignore[attr-defined]
    return code, summary, values


def exception_handler(exc, context):
    exc = _as_api_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a real bug: Django's 500 handling logs it
    code, summary, values = _summary(exc)
    message = both_languages(summary, values)
    body = {"status": response.status_code, "code": code, "message": message, "detail": message[request_language()]}
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        body["errors"] = errors
        if list(errors) == ["non_field_errors"]:
            body["detail"] = " ".join(str(item) for item in errors["non_field_errors"])
    elif (
        isinstance(exc.detail, str)
        and not isinstance(exc, (Unauthenticated, exceptions.Throttled, exceptions.ParseError))
        and str(exc.detail) != str(exc.default_detail)
    ):
        # A specific reason given where the error was raised (e.g. a service's refusal).
        body["detail"] = str(exc.detail)
    response.data = body
    return response
