"""Counting SQL queries per request for the load benchmark (``make bench``).

Settings add :class:`QueryCountMiddleware` first in ``MIDDLEWARE`` only when ``KOERS_BENCH_QUERIES`` is
true, so production never pays for it. Counting through ``connection.execute_wrapper`` works with DEBUG
off, which is how the benchmark serves pages.
"""

from django.db import connection

QUERY_COUNT_HEADER = "X-Koers-Queries"


class _Counter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class QueryCountMiddleware:
    """Answers every request with the number of SQL queries it ran (its middleware included)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        counter = _Counter()
        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response[QUERY_COUNT_HEADER] = str(counter.count)
        return response
