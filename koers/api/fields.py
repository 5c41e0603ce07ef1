from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

MAX_ITEMS = 100


def slug_list(queryset, **kwargs) -> serializers.ListField:
    """A JSON list of slugs (not a string or an object), each naming an existing object."""
    return serializers.ListField(
        child=serializers.SlugRelatedField(slug_field="slug", queryset=queryset), max_length=MAX_ITEMS, **kwargs
    )


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
