"""The load that `make bench` drives against gunicorn: every endpoint in turn, each for the same time.

bench/load.py writes a plan (JSON, named by KOERS_BENCH_PLAN) and runs locust headless with this file.
The users walk the plan's endpoints one phase at a time. A phase lasts ``phase`` seconds and at least
``min_requests`` measured requests (a slow page gets its phase extended rather than cut short); its first
``warmup`` seconds, and always its first request, are recorded under "warm-up <name>" and left out of the
results. After the last phase the run stops itself; locust's --run-time is only the safety bound.
Every answer that is not 2xx (redirects included: a page that sends the member to the sign-in page did
not load) counts as a failure. Per endpoint the file named by ``out`` receives the SQL query counts seen
(the X-Koers-Queries header) and the measured window (first start, last end, requests), from which
bench/load.py computes the throughput.
"""

import json
import os
import time
from collections import Counter, defaultdict
from pathlib import Path

import gevent
from locust import constant, events, task
from locust.contrib.fasthttp import FastHttpUser
from locust.exception import StopUser

PLAN = json.loads(Path(os.environ["KOERS_BENCH_PLAN"]).read_text())
PHASE = float(PLAN["phase"])
WARMUP = float(PLAN["warmup"])
ENDPOINTS = PLAN["endpoints"]
WARM_UP_PREFIX = "warm-up "
# Koers runs behind a TLS-terminating proxy in production; this header is what that proxy adds.
BASE_HEADERS = {"X-Forwarded-Proto": "https"}
HEADERS = {
    "none": BASE_HEADERS,
    "session": BASE_HEADERS | {"Cookie": f"sessionid={PLAN['session']}"},
    "token": BASE_HEADERS | {"Authorization": f"Bearer {PLAN['token']}", "Accept": "application/json"},
}

MIN_REQUESTS = int(PLAN["min_requests"])

queries: dict[str, Counter] = defaultdict(Counter)
windows: dict[str, list[float]] = {}  # name -> [first start, last end, requests]
phase = {"index": 0, "started": None, "requests": 0, "measured": 0}  # shared by all users


class Member(FastHttpUser):
    wait_time = constant(0)

    @task
    def walk(self) -> None:
        now = time.monotonic()
        if phase["started"] is None:
            phase["started"] = now
        if now - phase["started"] >= PHASE and phase["measured"] >= MIN_REQUESTS:
            phase.update(index=phase["index"] + 1, started=now, requests=0, measured=0)
        if phase["index"] >= len(ENDPOINTS):
            gevent.spawn(self.environment.runner.quit)
            raise StopUser()
        endpoint = ENDPOINTS[phase["index"]]
        warm = phase["requests"] == 0 or now - phase["started"] < WARMUP
        phase["requests"] += 1
        name = WARM_UP_PREFIX + endpoint["name"] if warm else endpoint["name"]
        with self.client.get(
            endpoint["path"],
            name=name,
            headers=HEADERS[endpoint["auth"]],
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if not 200 <= response.status_code < 300:
                response.failure(f"HTTP {response.status_code}")
            elif not warm:
                queries[name][response.headers.get("X-Koers-Queries", "none")] += 1
        if not warm:
            phase["measured"] += 1
            window = windows.setdefault(name, [now, now, 0])
            window[1] = time.monotonic()
            window[2] += 1


@events.test_stop.add_listener
def _write_results(environment, **kwargs) -> None:
    counts = {name: dict(seen) for name, seen in queries.items()}
    Path(PLAN["out"]).write_text(json.dumps({"queries": counts, "windows": windows}))
