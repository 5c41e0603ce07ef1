import datetime
import itertools

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from koers.api.services import token_create


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()  # rate-limit counters live in the cache
    yield
    cache.clear()


_names = itertools.count(1)


def make_token(user, *, scope: str = "read-write", days: int = 30, name: str = "") -> str:
    _token, raw = token_create(
        user=user,
        name=name or f"script {next(_names)}",
        scope=scope,
        expires_on=timezone.localdate() + datetime.timedelta(days=days),
    )
    return raw


@pytest.fixture
def api():
    """A client for the API: api(user) signs in with a read-write token (api(user, scope="read")),
    api() is a guest. Bodies go as JSON: client.post(url, data) sends JSON."""

    def make(user=None, *, scope: str = "read-write", language: str | None = None) -> Client:
        headers = {}
        if user is not None:
            headers["Authorization"] = f"Bearer {make_token(user, scope=scope)}"
        if language:
            headers["Accept-Language"] = language
        return JsonClient(headers=headers)

    return make


class JsonClient(Client):
    def post(self, path, data=None, **kwargs):
        return super().post(path, data, content_type=kwargs.pop("content_type", "application/json"), **kwargs)

    def put(self, path, data=None, **kwargs):
        return super().put(path, data, content_type=kwargs.pop("content_type", "application/json"), **kwargs)

    def patch(self, path, data=None, **kwargs):
        return super().patch(path, data, content_type=kwargs.pop("content_type", "application/json"), **kwargs)
