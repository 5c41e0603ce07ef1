"""The request type of views that only signed-in people reach."""

from django.http import HttpRequest

from .models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request behind ``requires()``: its user is a signed-in User, never AnonymousUser.

    Only a type hint (the request object is still Django's): it tells the type checker what the access check
    already made true, so a view can hand ``request.user`` to a service that takes a User.
    """

    user: User
