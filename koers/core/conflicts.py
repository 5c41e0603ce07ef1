"""A refusal because of how things stand now rather than because of the input: already voted, already registered,
not registered. A page shows it like any other refusal (it is a ValidationError); the API answers 409."""

from django.core.exceptions import ValidationError


class StateConflict(ValidationError):
    """Raised by a service (or built from a selector's verdict) when the request conflicts with the current state."""
