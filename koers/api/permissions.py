"""Who may call what: the same ``rules`` permissions as the HTML views, plus the token's scope."""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

MSG_READ_ONLY_TOKEN = _("Dit token mag alleen lezen. Maak een token met lees- en schrijfrechten.")
MSG_NO_PERMISSION = _("Je hebt hier geen toegang toe.")


class Undeclared(permissions.BasePermission):
    """The default: a view that does not say who may use it is closed to everyone."""

    def has_permission(self, request, view) -> bool:
        return False


class TokenScope(permissions.BasePermission):
    message = MSG_READ_ONLY_TOKEN

    def has_permission(self, request, view) -> bool:
        token = request.auth
        if token is None or request.method in permissions.SAFE_METHODS:
            return True
        return token.can_write


PUBLIC = "public"
MEMBER = "member"


class Rules(permissions.BasePermission):
    """Checks the view's ``perms``: {method: level}, where "*" covers the other methods and a level is
    ``PUBLIC``, ``MEMBER`` (any signed-in member) or a ``rules`` permission; ``object_perms`` are checked
    on the object. A method the view does not name is refused.
    """

    message = MSG_NO_PERMISSION

    def has_permission(self, request, view) -> bool:
        if getattr(view, "action_map", None) is not None and getattr(view, "action", None) is None:
            return True  # a method this address does not answer: DRF's 405 follows
        method = "GET" if request.method in ("HEAD", "OPTIONS") else request.method
        perm = view.perms.get(method, view.perms.get("*"))
        if perm is None:
            return False
        if perm == PUBLIC:
            return True
        if not request.user.is_authenticated or not request.user.is_active:
            return False
        return perm == MEMBER or request.user.has_perm(perm)

    def has_object_permission(self, request, view, obj) -> bool:
        method = "GET" if request.method in ("HEAD", "OPTIONS") else request.method
        perm = view.object_perms.get(method)
        return perm is None or request.user.has_perm(perm, obj)
