"""Helpers for tests that request a page as a browser would and look at what it shows."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

# The sign-out form's CSRF token is masked anew on every request.
CSRF_VALUE = re.compile(r'name="csrfmiddlewaretoken" value="\w+"')


def page_and_queries(client, url: str, query: dict | None = None) -> tuple[str, int]:
    """The page's HTML without the visitor's masked CSRF tokens, so that two answers with the same content compare
    equal, and the number of SQL queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query or {})
    assert response.status_code == 200
    return CSRF_VALUE.sub("", response.content.decode()), len(queries)
