"""The base of every API view: who may call it, how lists filter and page, input and output kept apart."""

import hashlib
from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.utils.translation import get_language
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.response import Response

from koers.accounts.models import User
from koers.core import derived
from koers.core.access import declare

from .filters import PAGING, form_filters
from .permissions import Rules, TokenScope

SLUG = "[-a-zA-Z0-9_]{1,140}"


class KoersViewSet(viewsets.GenericViewSet):
    """Declare ``perms`` (method → permission; ``"*"`` for all others), ``object_perms`` for checks on one
    object, ``serializer_class`` for output and ``input_serializer_class`` (one, or per action) for input.

    A method that ``perms`` does not name is refused, so a view that declares nothing is closed.
    """

    permission_classes = [TokenScope, Rules]
    perms: dict = {}
    object_perms: dict = {}
    input_serializer_class: type[serializers.BaseSerializer] | dict[str, type[serializers.BaseSerializer]] | None = None
    filter_form: type[forms.Form] | None = None
    # The topics (koers.core.derived) a list's output is worked out from. A list that names them keeps each page
    # in the shared cache until one of them changes. Only for output that is the same for everyone the view lets
    # in, or that differs only by what kept_viewer() returns.
    kept_topics: tuple[str, ...] = ()
    # The actions whose pages are kept and get the caller's own part (for_reader); None: every paged action.
    kept_actions: tuple[str, ...] | None = None
    # Ids are whole numbers that fit the database; anything else in their place is a 404 (see urls.py).
    lookup_value_regex = "[0-9]{1,18}"

    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        view = super().as_view(actions, **initkwargs)
        # Read by the access-matrix test, which fails on any URL that declares nothing.
        declare(view, "api")
        return view

    def signed_in_user(self) -> User:
        """The caller, where ``perms`` lets only signed-in people in (``MEMBER`` or a permission).

        Rules has refused everyone else before the action runs, so this tells the type checker what is already
        true (like AuthenticatedHttpRequest for the pages); should perms ever let a guest through, the action still
        refuses them here instead of acting for AnonymousUser.
        """
        user = self.request.user
        if not isinstance(user, User):
            raise exceptions.NotAuthenticated()
        return user

    def filters(self) -> dict:
        if self.filter_form is None:
            return {}
        return form_filters(self.filter_form, self.request.query_params, **self.filter_form_kwargs())

    def filter_form_kwargs(self) -> dict:
        return {}

    def input(self, *, partial: bool = False, instance: Any = None) -> dict:
        """The request body, validated by the input serializer, or a 400 naming each problem."""
        serializer_class = self.input_serializer_class
        if isinstance(serializer_class, dict):
            serializer_class = serializer_class[self.action]
        assert serializer_class is not None, f"{type(self).__name__} declares no input_serializer_class"
        serializer = serializer_class(
            instance=instance, data=self.request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def output(self, instance, *, status_code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(instance).data, status=status_code)

    def kept_viewer(self) -> object:
        """What of the caller a kept list's output depends on: part of the kept page's key."""
        return ""

    def _kept_action(self) -> bool:
        return self.kept_actions is None or self.action in self.kept_actions

    def for_reader(self, rows: list[dict]) -> None:
        """Set what of a kept page's rows is the caller's own (whether they voted, signed up) on ``rows``; called
        for the ``kept_actions`` only."""

    def paged(self, queryset, rows: Callable[[list], Iterable] | None = None) -> Response:
        """A page of ``queryset`` (each page made into ``rows`` for the serializer, if given) with its count and
        links; kept (see ``kept_topics``) when the query string holds only the filters, already checked by
        ``filters()``, and the paging. Whatever of a row is the caller's own, ``for_reader`` sets, kept or not."""
        key = self._kept_key()
        if key is None:
            data = self._page(queryset, rows).data
        else:
            data = derived.remember(self.kept_topics, key, lambda: self._page(queryset, rows).data)
        if self._kept_action():
            self.for_reader(data["results"])
        return Response(data)

    def _page(self, queryset, rows: Callable[[list], Iterable] | None) -> Response:
        page = self.paginate_queryset(queryset) or []
        shown = rows(page) if rows is not None else page
        return self.get_paginated_response(self.get_serializer(shown, many=True).data)

    def _kept_key(self) -> str | None:
        if not self.kept_topics or not self._kept_action():
            return None
        fields = self.filter_form.base_fields if self.filter_form is not None else ()
        query = derived.query_key(self.request, page_params=PAGING, fields=fields)
        if query is derived.UNKEPT:
            return None  # worked out for this caller alone
        # The links to the next and previous page hold the address the caller used.
        where = self.request.build_absolute_uri(self.request.path)
        parts = ("api", where, query, get_language(), self.kept_viewer())
        return hashlib.sha256(repr(parts).encode()).hexdigest()
