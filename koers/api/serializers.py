"""Serializer pieces more than one endpoint uses: strict input, a service's refusal as a 403 with its reason,
a person by name, and the institution a write is for."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers

MSG_UNKNOWN_FIELD = _("Dit veld bestaat hier niet.")


@contextmanager
def service_reasons() -> Iterator[None]:
    """A service's refusal keeps its reason (e.g. who may take a step) in the error body's ``detail``."""
    try:
        yield
    except DjangoPermissionDenied as error:
        raise exceptions.PermissionDenied(str(error) or None) from error


class StrictInput(serializers.Serializer):
    """Refuses fields it does not know, so that nothing sent is silently ignored (e.g. a status in a PATCH)."""

    unknown_field_messages: dict = {}

    def validate(self, data):
        unknown = [name for name in self.initial_data if name not in self.fields]
        if unknown:
            raise serializers.ValidationError(
                {name: [self.unknown_field_messages.get(name, MSG_UNKNOWN_FIELD)] for name in unknown}
            )
        return super().validate(data)


class PersonOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="full_name")
