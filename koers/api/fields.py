from typing import Any, TypeVar

from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

MAX_ITEMS = 100
NUL = "\x00"
MSG_NUL = _("Een NUL-teken (U+0000) kan hier niet.")

_MT = TypeVar("_MT", bound=models.Model)


def has_nul(value: object) -> bool:
    """Whether ``value`` is text with a NUL character, which PostgreSQL refuses in any text, even in a lookup."""
    return isinstance(value, str) and NUL in value


class SlugIn(serializers.SlugRelatedField[_MT]):
    """A slug naming an existing object. A NUL character is refused before the lookup: PostgreSQL would fail
    the query (a 500) where SQLite finds nothing. DRF's CharField refuses NUL itself; its slug field does not."""

    default_error_messages = {"nul": MSG_NUL}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="slug", **kwargs)

    def to_internal_value(self, data: Any) -> _MT:
        if has_nul(data):
            self.fail("nul")
        return super().to_internal_value(data)


def slug_list(queryset, **kwargs) -> serializers.ListField:
    """A JSON list of slugs (not a string or an object), each naming an existing object."""
    return serializers.ListField(child=SlugIn(queryset=queryset), max_length=MAX_ITEMS, **kwargs)


class TextField(serializers.CharField):
    """Text only: DRF would turn a number or true into text, which hides a mistake in the caller."""

    default_error_messages = {"invalid": _("Geef hier tekst op.")}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class ModelIn(serializers.ModelSerializer):
    """Base of the input serializers built from a model: text fields take text only."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: TextField,
        models.TextField: TextField,
    }
