"""The API's error body as the tests expect it, with DRF's own messages looked up when a test runs."""

from django.core.validators import ProhibitNullCharactersValidator
from rest_framework import fields, relations

from koers.api.errors import MSG_INVALID
from koers.api.fields import MSG_NUL


def assert_error(response, status: int, code: str, message, *, detail=None, errors=None) -> None:
    """The one error body: status, code, the summary in both languages, the detail and (for input) the fields."""
    assert response.status_code == status, response.content
    body = response.json()
    assert sorted(body) == sorted(["status", "code", "message", "detail", *(["errors"] if code == "invalid" else [])])
    assert (body["status"], body["code"], body["message"]["nl"]) == (status, code, str(message))
    assert sorted(body["message"]) == ["en", "nl"] and body["message"]["en"]
    assert body["detail"] == str(detail if detail is not None else message)
    if errors is not None:
        assert body["errors"] == resolved(errors)


def assert_invalid(response, errors: dict) -> None:
    assert_error(response, 400, "invalid", MSG_INVALID, errors=errors)


def drf(owner, key: str, **values):
    """DRF's own error message, looked up when the test runs: exact, whatever its catalogue says then."""
    return lambda: str(owner.default_error_messages[key]).format(**values)


def resolved(errors):
    """Expected errors with every message looked up (messages are callables or lazy strings)."""
    if callable(errors):
        return errors()
    if isinstance(errors, dict):
        return {key: resolved(value) for key, value in errors.items()}
    if isinstance(errors, list):
        return [resolved(value) for value in errors]
    return str(errors)


REQUIRED = drf(fields.Field, "required")
NULL = drf(fields.Field, "null")
BLANK = drf(fields.CharField, "blank")
NOT_A_LIST = drf(fields.ListField, "not_a_list", input_type="str")


def too_long(limit: int):
    return drf(fields.CharField, "max_length", max_length=limit)


def bad_choice(value):
    return drf(fields.ChoiceField, "invalid_choice", input=value)


def no_slug(value):
    return drf(relations.SlugRelatedField, "does_not_exist", slug_name="slug", value=value)


def nul() -> str:
    """The refusal of a NUL character in a slug: PostgreSQL stores no NUL in text, so it never reaches a query."""
    return str(MSG_NUL)


def null_character() -> str:
    """DRF's text fields refuse a NUL character with Django's own validator message."""
    return str(ProhibitNullCharactersValidator.message)


def no_pk(value):
    return drf(relations.PrimaryKeyRelatedField, "does_not_exist", pk_value=value)
