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


def signed_in(user):
    """A browser-like client with ``user`` signed in."""
    # The test client loads Django's settings: imported here, as the helpers above need none.
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def row_cells(html: str, href: str) -> list[str]:
    """The ``<td>`` cells of the table row whose link goes to ``href``."""
    start = html.index(f'<a href="{href}">')
    return re.findall(r'<td data-label="[^"]+">(.*?)</td>', html[start : html.index("</tr>", start)])


def main_and_queries(client, url: str, query: dict | None = None) -> tuple[str, int]:
    """The page's main part, from its heading on (``page_and_queries``), and the number of queries it took."""
    html, asked = page_and_queries(client, url, query)
    return html[html.index("<h1>") : html.index("</main>")], asked


def asked_twice(client, url: str) -> tuple[str, int, int]:
    """The page's main part asked for twice (``main_and_queries``): the same both times, and the queries each
    took, the second time from what the first kept in the shared cache."""
    first, asked = main_and_queries(client, url)
    again, asked_again = main_and_queries(client, url)
    assert again == first
    return again, asked, asked_again
