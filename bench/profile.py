"""Profile one page in-process against an existing database, as the benchmark serves it (production settings).

    DATABASE_URL=postgres://…/koersbench python bench/profile.py /portfolio/themas/data-en-ai/
    python bench/profile.py / --as guest --requests 200       # a guest, more requests
    python bench/profile.py /toegankelijkheid/ --html floor.html  # pyinstrument's HTML view

The page is requested through Django's WSGI handler (every middleware, no HTTP server) as the demo member
(or ``--as`` another e-mail address, or ``guest``); after a few warm-up requests it prints the median and
p95 time per request and the queries of one request, then a pyinstrument profile of all measured requests
(pyinstrument is a development dependency). Collect static files first (``manage.py collectstatic``, with
``KOERS_STATIC_ROOT``) or the hashed names of static files are missing.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", help="the page's path, query string included")
    parser.add_argument("--as", dest="who", default="lid@koers.example", help="an e-mail address or 'guest'")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--html", help="write pyinstrument's HTML view here")
    parser.add_argument("--sql", action="store_true", help="print the queries of one request, slowest first")
    parser.add_argument("--flat", action="store_true", help="the functions by their own time, not the call tree")
    parser.add_argument("--all", action="store_true", help="show Django's and the libraries' frames too")
    parser.add_argument("--no-profile", action="store_true", help="only the timings")
    args = parser.parse_args()

    # The benchmark's server environment: production settings, behind a proxy.
    os.environ.setdefault("KOERS_SECRET_KEY", "profile-" + "x" * 50)
    os.environ.setdefault("KOERS_DEBUG", "false")
    os.environ.setdefault("KOERS_ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("KOERS_BEHIND_PROXY", "true")
    os.environ.setdefault("KOERS_LOG_LEVEL", "WARNING")
    os.environ.setdefault("KOERS_DB_CONN_MAX_AGE", "60")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koers.settings")
    sys.path.insert(0, str(ROOT))
    # Django loads only after the environment above chose its settings.
    import django

    django.setup()
    # Models and the test client load after django.setup().
    from django.db import connection
    from django.test import Client

    from koers.accounts.models import User

    client = Client(HTTP_X_FORWARDED_PROTO="https")
    if args.who != "guest":
        client.force_login(User.objects.get(email=args.who))

    def get():
        response = client.get(args.path)
        if response.status_code != 200:
            raise SystemExit(f"{args.path}: HTTP {response.status_code}")
        return response

    for _ in range(args.warmup):
        get()
    queries: list[tuple[float, str]] = []

    def timed(execute, sql, *rest):
        began = time.perf_counter()
        try:
            return execute(sql, *rest)
        finally:
            queries.append(((time.perf_counter() - began) * 1000, sql))

    with connection.execute_wrapper(timed):
        get()
    timings, cpu = [], []
    for _ in range(args.requests):
        began, began_cpu = time.perf_counter(), time.process_time()
        get()
        timings.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)]
    print(
        f"{args.path}: p50 {statistics.median(timings):.2f} ms, p95 {p95:.2f} ms, "
        f"CPU in this process p50 {statistics.median(cpu):.2f} ms, {len(queries)} queries"
    )
    if args.sql:  # slowest first, with the milliseconds each took
        print("\n".join(f"{ms:7.2f} ms  {sql}" for ms, sql in sorted(queries, key=lambda query: -query[0])))
    if args.no_profile:
        return 0
    # A development tool only (pyproject's dev extras).
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(args.requests):
        get()
    profiler.stop()
    if args.html:
        Path(args.html).write_text(profiler.output_html())
    print(profiler.output_text(unicode=True, show_all=args.all, flat=args.flat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
