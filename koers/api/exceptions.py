"""API errors of our own; errors.py turns every error into the one error body."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status

MSG_CONFLICT = _("Dit botst met de huidige stand; haal de gegevens opnieuw op.")


class Unauthenticated(exceptions.AuthenticationFailed):
    """A refused token, with the reason kept translatable so the body can carry it in both languages."""

    def __init__(self, message):
        self.lazy_message = message
        super().__init__(message)


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = MSG_CONFLICT
