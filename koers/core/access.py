"""Every view declares who may use it.

``@public`` opens a view to everyone; ``@requires()`` to signed-in members; ``@requires("perm")`` to
members holding that permission (defined with ``rules`` in the apps' ``rules.py``). The declared level
is kept on the view as ``koers_access`` so the access-matrix test can find views that declare nothing.
Guests are sent to the sign-in page; members without the permission get 403.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect

PUBLIC = "public"
MEMBER = "member"
ACCESS = "koers_access"  # the view's attribute that holds its declared level


def declare(view: Callable[..., Any], level: str) -> None:
    """Keep the declared access level on the view function (``public``, ``member``, a permission, ``api``)."""
    # setattr: a function object takes any attribute, but the Callable type has no room to say so.
    setattr(view, ACCESS, level)


def public(view: Callable) -> Callable:
    declare(view, PUBLIC)
    return view


def requires(perm: str | None = None) -> Callable[[Callable], Callable]:
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if perm is not None and not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        declare(wrapped, perm or MEMBER)
        return wrapped

    return decorator


def refuse(request: HttpRequest) -> HttpResponseRedirect:
    """For a public view whose object is not (yet) for this visitor: guests may sign in first, members get 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied
