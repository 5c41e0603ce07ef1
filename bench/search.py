"""Search benchmark: how fast ``search()`` answers at national scale (target: p95 under 100 ms).

Run by itself on a throw-away SQLite database (or the database in DATABASE_URL with --here):

    python bench/search.py                 # national scale (load_scale, about half a minute, then the reindex)
    python bench/search.py --scale 0.01    # a quick check that the scenario works

``make bench`` (bench/load.py) calls ``measure_search()`` against its own national-scale data and reports it
beside the tally and the heatmap; the search page itself is one of its endpoints.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 30
TARGET_MS = 100
# Realistic questions: a common word, a theme, two words, a place, a person's first name, a prefix.
QUERIES = ["project", "digitalisering", "data onderwijs", "almere", "anna", "informatieb"]


def p95(timings: list[float]) -> float:
    ordered = sorted(timings)
    return round(ordered[max(0, int(round(0.95 * len(ordered))) - 1)], 1)


def measure_search(rounds: int = ROUNDS) -> dict:
    """p50 and p95 per question and reader, in this process (after django.setup())."""
    # Django's models load only after django.setup(), which the caller has run.
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser

    from koers.search.models import Entry
    from koers.search.selectors import search, suggestions

    users = get_user_model().objects
    readers = {
        "member": users.get(email="lid@koers.example"),
        "steering group": users.get(email="regiegroep@koers.example"),
        "guest": AnonymousUser(),
    }
    rows = []
    for reader, user in readers.items():
        for query in QUERIES:
            for label, call in (
                ("search", lambda user=user, query=query: search(user=user, query=query)),
                (
                    "one kind, page 2",
                    lambda user=user, query=query: search(user=user, query=query, kinds=["project"], page=2),
                ),
                ("suggestions", lambda user=user, query=query: suggestions(user=user, query=query)),
            ):
                timings, total = [], 0
                for _ in range(rounds):
                    began = time.perf_counter()
                    result = call()
                    timings.append((time.perf_counter() - began) * 1000)
                    total = result.total if hasattr(result, "total") else len(result)
                rows.append(
                    {
                        "reader": reader,
                        "query": query,
                        "call": label,
                        "results": total,
                        "p50_ms": round(statistics.median(timings), 1),
                        "p95_ms": p95(timings),
                    }
                )
    return {"entries": Entry.objects.count(), "rows": rows, "target_ms": TARGET_MS}


def markdown(result: dict) -> str:
    rows = result["rows"]
    passed = sum(row["p95_ms"] < TARGET_MS for row in rows)
    lines = [
        f"Search over {result['entries']:,} entries: {passed} of {len(rows)} measurements under {TARGET_MS} ms p95.",
        "",
        "| reader | query | call | results | p50 ms | p95 ms |",
        "|---|---|---|---:|---:|---:|",
    ]
    lines += [
        f"| {r['reader']} | {r['query']} | {r['call']} | {r['results']:,} | {r['p50_ms']:g} | {r['p95_ms']:g} |"
        for r in rows
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="load_scale's factor (default 1: national scale)")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--here", action="store_true", help="use DATABASE_URL as it is (already loaded)")
    parser.add_argument("--keep", action="store_true", help="keep the throw-away SQLite file")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="koers-search-bench-"))
    if not args.here:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.db'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koers.settings")
    sys.path.insert(0, str(ROOT))
    # Django is imported only after the database and the settings module are chosen.
    import django

    django.setup()
    # Settings and commands load after django.setup().
    from django.conf import settings
    from django.core.management import call_command

    if not args.here:
        call_command("migrate", "--no-input", verbosity=0)
        began = time.perf_counter()
        call_command("load_scale", "--scale", str(args.scale), stdout=open(os.devnull, "w"))
        print(f"load_scale --scale {args.scale:g}: {time.perf_counter() - began:.1f} s", file=sys.stderr)
    settings.DEBUG = False
    print(markdown(measure_search(args.rounds)))
    if not args.keep and not args.here:
        for path in workdir.iterdir():
            path.unlink()
        workdir.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
