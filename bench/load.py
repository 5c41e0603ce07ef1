"""Load benchmark at national scale (`make bench`): gunicorn with one worker, driven by locust.

For each database — a throw-away SQLite file, then a fresh PostgreSQL database ``koersbench`` (or the name in
``KOERS_BENCH_PG_NAME``; skipped with a message when PostgreSQL does not answer), the latter with Redis as the
shared cache as in production (deploy/koers.env.example; ``KOERS_BENCH_REDIS``, see ``redis_for``) — this script:

1. migrates, loads the demo data and notes every endpoint's SQL queries per request at demo scale;
2. times ``manage.py load_scale`` (the national data set) and notes the queries again;
3. serves Koers with gunicorn (deploy/gunicorn.conf.py with one sync worker, production settings, API rate
   limits lifted) and drives it from a second process, locust headless, which requests every endpoint in
   turn for the same time (and at least five times) with the same users: the main pages as a signed-in
   member, every API list endpoint with a personal access token, and, at the start, in the middle and at
   the end, ``/healthz/live`` (no database) as the trivial baseline and the floor page (a signed-in page
   with nothing but the base template) against which every page's throughput is held; meanwhile it
   samples the worker's memory;
4. times in this process, against the same data: the tally of the largest poll, the national heatmap,
   notify() to every member and a 5,000-row portfolio import.

Results: bench/results/load-<database>.json and bench/results/load.md, with the targets of the scale
issue and how far each result is from its target. The run fails when a request fails (anything but 2xx).

    python bench/load.py                      # both databases
    python bench/load.py --db sqlite          # one (or KOERS_BENCH_DB=sqlite)
    python bench/load.py --scale 0.1 --phase 3  # a quick look: a tenth of the data, 3 s per endpoint
"""

import argparse
import csv
import datetime
import io
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
BIN = Path(sys.executable).parent
DATABASES = ("sqlite", "postgresql")
PG_SERVER = os.environ.get("KOERS_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PG_NAME = os.environ.get("KOERS_BENCH_PG_NAME") or "koersbench"
REDIS_DEFAULT = "redis://127.0.0.1:6379/14"
MEMBER = "lid@koers.example"
QUERY_HEADER = "X-Koers-Queries"

# The targets of the scale issues: every page's p95, the floor page's p50, and every page's throughput as a share
# of the floor page's (a signed-in page with the session, the user and the base template, nothing else).
P95_MS = 50
FLOOR_P50_MS = 3
FLOOR_RATIO = 0.5
FLOOR_PATH = "/toegankelijkheid/"
MAX_QUERIES = 15
TALLY_MS = 1000
IMPORT_MS = 10_000
LOAD_SCALE_S = 120
IMPORT_ROWS = 5000
ROUNDS = 5  # in-process timings: the median of this many runs
MIN_REQUESTS = 5  # a phase lasts until it measured at least this many requests
CONN_MAX_AGE = 60  # seconds, the benchmark's default for KOERS_DB_CONN_MAX_AGE
RUN_TIME_SLACK = 600  # seconds locust may run beyond the planned phases (slow pages extend theirs)


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- The parent: one child process per database, then the report -------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=[*DATABASES, "all"], default=os.environ.get("KOERS_BENCH_DB") or "all")
    parser.add_argument("--scale", type=float, default=1.0, help="load_scale --scale; 0 measures the demo data only")
    parser.add_argument("--phase", type=float, default=6.0, help="seconds of load per endpoint (warm-up included)")
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds at the start of a phase left out")
    parser.add_argument("--users", type=int, default=1, help="concurrent locust users")
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards (for profiling)")
    parser.add_argument("--child", choices=DATABASES, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)

    began = time.perf_counter()
    # One key for the server and this script's children, which sign the member's session.
    os.environ["KOERS_SECRET_KEY"] = secrets.token_urlsafe(64)
    workdir = Path(tempfile.mkdtemp(prefix="koersbench-"))
    try:
        collect_static(workdir)
        failed = False
        ran = []
        for database in DATABASES if args.db == "all" else (args.db,):
            url = database_url(database, workdir)
            if url is None:
                where = urllib.parse.urlsplit(PG_SERVER).netloc.rpartition("@")[2]
                log(f"PostgreSQL does not answer at {where}: its run is skipped (load.md keeps earlier results).")
                continue
            log(f"--- {database} ---")
            (RESULTS / f"load-{database}.json").unlink(missing_ok=True)  # a failed run leaves no old numbers
            command = [sys.executable, __file__, "--child", database, "--workdir", str(workdir)]
            command += ["--scale", str(args.scale), "--phase", str(args.phase), "--warmup", str(args.warmup)]
            command += ["--users", str(args.users)]
            env = os.environ | {"DATABASE_URL": url}
            redis_url = redis_for(database)
            if redis_url:  # the child, its server and its timings share the cache, as app servers do
                env |= {"KOERS_REDIS_URL": redis_url, "KOERS_CACHE_PREFIX": "koersbench"}
            code = subprocess.call(command, env=env, cwd=ROOT)
            failed |= code != 0
            ran.append(database)
            if database == "postgresql" and not args.keep:
                postgres_admin(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
        write_markdown()
        log(f"done in {time.perf_counter() - began:.0f} s; results in bench/results/load.md ({', '.join(ran)})")
        return 1 if failed or not ran else 0
    finally:
        if args.keep:
            log(f"kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def postgres_admin(sql: str) -> None:
    # Only PostgreSQL runs need the driver; loaded here, a SQLite run never imports it.
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=3) as connection:
        connection.execute(sql)


def database_url(database: str, workdir: Path) -> str | None:
    if database == "sqlite":
        return f"sqlite:///{workdir / 'bench.sqlite3'}"
    try:
        postgres_admin(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
        postgres_admin(f"CREATE DATABASE {PG_NAME}")
    except Exception as error:  # noqa: BLE001 - any failure to reach the server means: skip
        log(f"PostgreSQL: {error}")
        return None
    return f"{PG_SERVER}/{PG_NAME}"


def redis_for(database: str) -> str:
    """The shared cache of the run: PostgreSQL runs as deploy/koers.env.example sets up production, with Redis
    (KOERS_BENCH_REDIS, an emptied database of the local server by default; "none" for the database cache); the
    SQLite run, a single machine's setup, with the database cache. Empty when Redis is not wanted or not there."""
    url = os.environ.get("KOERS_BENCH_REDIS", REDIS_DEFAULT)
    if database != "postgresql" or url == "none":
        return ""
    try:
        import redis  # a dependency of Koers (the shared cache)

        client = redis.Redis.from_url(url, socket_connect_timeout=2)
        client.flushdb()
    except Exception as error:  # noqa: BLE001 - any failure to reach it means: the database cache
        log(f"Redis does not answer at {url} ({error}): the database cache is the shared cache")
        return ""
    return url


def server_env(workdir: Path, database_url: str = "sqlite://") -> dict[str, str]:
    """Production settings (DEBUG off, hashed static files, behind a proxy, persistent database connections
    unless KOERS_DB_CONN_MAX_AGE says otherwise), API rate limits lifted."""
    return os.environ | {
        "KOERS_DB_CONN_MAX_AGE": conn_max_age(),
        "DATABASE_URL": database_url,
        "KOERS_DEBUG": "false",
        "KOERS_ALLOWED_HOSTS": "127.0.0.1",
        "KOERS_BEHIND_PROXY": "true",
        "KOERS_STATIC_ROOT": str(workdir / "static"),
        "KOERS_MEDIA_ROOT": str(workdir / "media"),
        "KOERS_API_RATE_TOKEN": "1000000/min",
        "KOERS_API_RATE_IP": "1000000/min",
        "KOERS_BENCH_QUERIES": "true",
        "KOERS_LOG_LEVEL": "WARNING",
    }


def conn_max_age() -> str:
    # A new PostgreSQL connection for every request cost about 8 ms per request in this benchmark.
    return os.environ.get("KOERS_DB_CONN_MAX_AGE") or str(CONN_MAX_AGE)


def collect_static(workdir: Path) -> None:
    log("collectstatic (hashed and compressed, as in production)")
    manage = [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"]
    subprocess.run(manage, env=server_env(workdir), cwd=ROOT, check=True)


# --- The child: one database --------------------------------------------------------------------------


def child(args) -> int:
    workdir = Path(args.workdir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koers.settings")
    sys.path.insert(0, str(ROOT))
    # The child imports Django only after it chose its settings and put the checkout on sys.path.
    import django

    django.setup()
    # Models and settings load after django.setup().
    from django.conf import settings
    from django.db import connection

    manage(["migrate", "--no-input", "-v0"])
    log("load_demo")
    manage(["load_demo"], quiet=True)
    member, session, token = sign_in()
    server = Server(workdir)
    try:
        plan = endpoints(member)
        server.start()
        demo_queries = query_pass(server, plan, session, token)
        server.stop()
        load_scale_seconds = None
        if args.scale > 0:
            log(f"load_scale --scale {args.scale}")
            began = time.perf_counter()
            manage(["load_scale", "--scale", str(args.scale)], quiet=True)
            load_scale_seconds = round(time.perf_counter() - began, 1)
            log(f"load_scale took {load_scale_seconds} s")
        plan = endpoints(member)
        connection.close()
        server.start()
        national_queries = query_pass(server, plan, session, token)
        load = run_locust(server, plan, session, token, workdir, args)
        server.stop()
    finally:
        server.stop()
    settings.DEBUG = False  # no query log while timing
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    result = {
        "database": connection.vendor,
        "date": datetime.date.today().isoformat(),
        "settings": {
            "workers": 1,
            "worker_class": "sync",
            "conn_max_age": int(conn_max_age()),
            "cache": "Redis" if os.environ.get("KOERS_REDIS_URL") else "the database cache",
            "users": args.users,
            "seconds_per_endpoint": args.phase - args.warmup,
            "warmup_seconds": args.warmup,
            "scale": args.scale,
        },
        "data": data_counts(),
        "load_scale_seconds": load_scale_seconds,
        "worker_peak_rss_mb": load["peak_rss_mb"],
        "machine_load": load["machine_load"],
        "cpus": os.cpu_count(),
        "endpoints": [],
        "failures": load["failures"],
    }
    baseline, floor = median_run(load["rows"], "baseline"), median_run(load["rows"], "floor")
    result["trivial_rps_runs"] = [row["rps"] for row in load["rows"].values() if row["kind"] == "baseline"]
    result["floor_rps_runs"] = [row["rps"] for row in load["rows"].values() if row["kind"] == "floor"]
    shown = [next(e for e in plan if e["name"] == run["name"]) for run in (baseline, floor)]
    shown += [e for e in plan if e["kind"] not in ("baseline", "floor")]
    for endpoint in shown:
        name = endpoint["name"]
        row = load["rows"][name] | {
            "path": endpoint["path"],
            "queries_demo": demo_queries.get(name),
            "queries_national": national_queries.get(name),
            "queries_seen": load["queries"].get(name, {}),
        }
        row["ratio"] = round(row["rps"] / baseline["rps"], 3) if baseline["rps"] else None
        row["floor_ratio"] = round(row["rps"] / floor["rps"], 3) if floor["rps"] else None
        result["endpoints"].append(row)
    log("tally, heatmap, notify and import")
    result["tally"] = measure_tally()
    result["heatmap"] = measure_heatmap()
    result["search"] = measure_search()
    result["notify"] = measure_notify()
    result["import"] = measure_import()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"load-{args.child}.json").write_text(json.dumps(result, indent=2) + "\n")
    print(markdown(result))
    if load["failures"]:
        log(f"FAILED: {len(load['failures'])} kinds of failed requests, see the table")
        return 1
    return 0


def median_run(rows: dict[str, dict], kind: str) -> dict:
    """Of the runs of the trivial endpoint or of the floor page, the one with the median throughput."""
    runs = sorted((row for row in rows.values() if row["kind"] == kind), key=lambda row: row["rps"])
    return runs[len(runs) // 2]


def manage(command: list[str], *, quiet: bool = False) -> None:
    """A management command in its own process, as it is run in real life (and timed so)."""
    output = subprocess.DEVNULL if quiet else None
    subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, check=True, stdout=output)


def sign_in():
    """A session for the demo member (as the sign-in form leaves one) and a personal access token."""
    # Runs in the child after django.setup(): Django's models load only then.
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from koers.accounts import backends
    from koers.accounts.models import User
    from koers.api.services import token_create

    member = User.objects.get(email=MEMBER)
    store = SessionStore()
    store[SESSION_KEY] = str(member.pk)
    store[BACKEND_SESSION_KEY] = backends.PATH
    store[HASH_SESSION_KEY] = member.get_session_auth_hash()
    store.create()
    expires = timezone.localdate() + datetime.timedelta(days=7)
    _token, raw = token_create(user=member, name="Benchmark", scope="read", expires_on=expires)
    return member, store.session_key, raw


def endpoints(member) -> list[dict]:
    """The main pages of a member and every API list endpoint; detail pages show the largest object."""
    # Runs in the child after django.setup(): Django's models load only then.
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count

    from koers.accounts.models import User
    from koers.advice.models import Advice
    from koers.api.urls import router
    from koers.comments.models import Comment
    from koers.meetings.models import Registration
    from koers.polls.models import Ballot, Poll
    from koers.portfolio.models import Project
    from koers.themes.models import Theme

    def largest(queryset, field: str):
        row = queryset.values(field).annotate(n=Count("*")).order_by("-n", field).first()
        return row[field] if row else None

    poll = largest(Ballot.objects.all(), "poll") or Poll.objects.order_by("pk").values_list("pk", flat=True).first()
    meeting = largest(Registration.objects.all(), "meeting")
    advice_type = ContentType.objects.get_for_model(Advice)
    advice = largest(Comment.objects.filter(content_type=advice_type), "object_id") or Advice.objects.first().pk
    theme_id = largest(Project.themes.through.objects.all(), "theme")
    theme = Theme.objects.get(pk=theme_id) if theme_id else Theme.objects.order_by("pk").first()
    institution = member.institution.slug
    # The profile with the most on it: the contact of the most projects among the members with a profile.
    person = largest(Project.objects.filter(contact__is_active=True, contact__institution__isnull=False), "contact")
    person = person or User.objects.filter(institution__isnull=False).order_by("pk").values_list("pk", flat=True)[0]

    pages = [
        ("home", "/"),
        ("member directory", "/leden/"),
        ("member profile", f"/leden/{person}/"),
        ("institutions", "/instellingen/"),
        ("institution", f"/instellingen/{institution}/"),
        ("steering group", "/regiegroep/"),
        ("themes", "/themas/"),
        ("theme", f"/themas/{theme.slug}/"),
        ("portfolio", "/portfolio/"),
        ("own portfolio", "/portfolio/mijn-instelling/"),
        ("coverage", "/portfolio/dekking/"),
        ("theme portfolio", f"/portfolio/themas/{theme.slug}/"),
        ("national roadmap", "/roadmap/"),
        ("own roadmap", "/roadmap/mijn-instelling/"),
        ("multi-year plan", "/roadmap/meerjarenplan/"),
        ("reference list", "/roadmap/referentielijst/"),
        ("polls", "/peilingen/"),
        ("poll", f"/peilingen/{poll}/"),
        ("poll results", f"/peilingen/{poll}/uitslag/"),
        ("calls", "/oproepen/"),
        ("meetings", "/bijeenkomsten/"),
        ("meeting", f"/bijeenkomsten/{meeting}/"),
        ("advice list", "/adviezen/"),
        ("advice", f"/adviezen/{advice}/"),
        ("transparency", "/adviezen/transparantie/"),
        ("notifications", "/meldingen/"),
        ("documents", "/documenten/"),
        ("news", "/nieuw/"),
        ("search", "/zoeken/?q=digitalisering"),
    ]
    # Every list endpoint of the API, as the router has them; two need a question.
    queries = {"comments": f"?target=advice&target_id={advice}", "search": "?q=digitalisering"}
    api = [f"{prefix}/{queries.get(prefix, '')}" for prefix, _viewset, _basename in router.registry]

    # The trivial endpoint and the floor page at the start, in the middle and at the end: the ratios use the
    # median of the three runs, so that a change in the machine's other work during the run weighs less.
    def baselines(number: int) -> list[dict]:
        return [
            {"name": f"trivial {number}", "kind": "baseline", "path": "/healthz/live", "auth": "none"},
            {"name": f"floor {number}", "kind": "floor", "path": FLOOR_PATH, "auth": "session"},
        ]

    plan = baselines(1)
    plan += [{"name": name, "kind": "page", "path": path, "auth": "session"} for name, path in pages]
    plan += baselines(2)
    for resource in api:
        path = f"/api/v1/{resource}"
        name = "api " + resource.split("/")[0]
        plan.append({"name": name, "kind": "api", "path": path, "auth": "token"})
    plan += baselines(3)
    return plan


class Server:
    """gunicorn with one sync worker on a free local port, with production settings."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.process: subprocess.Popen | None = None
        self.base = ""

    def start(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.base = f"http://127.0.0.1:{port}"
        # The production configuration (warm-up and gc.freeze() included), with one worker.
        command = [str(BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "koers.wsgi"]
        command += ["--bind", f"127.0.0.1:{port}", "--workers", "1", "--log-level", "warning", "--timeout", "120"]
        env = server_env(self.workdir, os.environ["DATABASE_URL"])
        self.process = subprocess.Popen(command, cwd=ROOT, env=env)
        opener = urllib.request.build_opener(NoRedirect)
        ready = urllib.request.Request(f"{self.base}/healthz", headers={"X-Forwarded-Proto": "https"})
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped with exit code {self.process.returncode}")
            try:
                with opener.open(ready, timeout=10) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer within 30 s")

    def worker_pids(self) -> list[int]:
        # A development tool (make bench only), not installed in production.
        import psutil

        return [child.pid for child in psutil.Process(self.process.pid).children()]

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None


def headers(endpoint: dict, session: str, token: str) -> dict[str, str]:
    result = {"X-Forwarded-Proto": "https"}
    if endpoint["auth"] == "session":
        result["Cookie"] = f"sessionid={session}"
    elif endpoint["auth"] == "token":
        result["Authorization"] = f"Bearer {token}"
    return result


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def query_pass(server: Server, plan: list[dict], session: str, token: str) -> dict[str, int]:
    """Each endpoint twice; the queries of the second request (the first may fill per-process caches)."""
    opener = urllib.request.build_opener(NoRedirect)
    counts, failures = {}, []
    for endpoint in plan:
        for _ in range(2):
            request = urllib.request.Request(server.base + endpoint["path"], headers=headers(endpoint, session, token))
            try:
                with opener.open(request, timeout=60) as response:
                    counts[endpoint["name"]] = int(response.headers[QUERY_HEADER])
            except urllib.error.HTTPError as error:
                failures.append(f"{endpoint['path']}: HTTP {error.code}")
                break
    if failures:
        raise RuntimeError("endpoints that do not answer 200: " + "; ".join(failures))
    return counts


def run_locust(server: Server, plan: list[dict], session: str, token: str, workdir: Path, args) -> dict:
    # A development tool (make bench only), not installed in production.
    import psutil

    plan_file, out_file, csv_prefix = workdir / "plan.json", workdir / "locust.json", workdir / "locust"
    plan_file.write_text(
        json.dumps(
            {
                "phase": args.phase,
                "warmup": args.warmup,
                "min_requests": MIN_REQUESTS,
                "endpoints": plan,
                "session": session,
                "token": token,
                "out": str(out_file),
            }
        )
    )
    total = args.phase * len(plan)
    log(f"locust: {len(plan)} endpoints x {args.phase:g} s, {args.users} user(s), about {total:.0f} s")
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            for pid in server.worker_pids():
                try:
                    peak[0] = max(peak[0], psutil.Process(pid).memory_info().rss)
                except psutil.NoSuchProcess:
                    pass
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    load_before = os.getloadavg()[0]
    command = [str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "--only-summary"]
    command += ["--users", str(args.users), "--spawn-rate", str(args.users), "--host", server.base]
    command += ["--run-time", f"{int(total + RUN_TIME_SLACK)}s", "--csv", str(csv_prefix), "--loglevel", "WARNING"]
    locust = subprocess.run(
        command, cwd=ROOT, env=os.environ | {"KOERS_BENCH_PLAN": str(plan_file)}, capture_output=True, text=True
    )
    done.set()
    sampler.join()
    # Other work on the machine (the 1-minute load average) slows the pages down: noted with the results.
    machine_load = round(max(load_before, os.getloadavg()[0]), 1)
    out = json.loads(out_file.read_text()) if out_file.exists() else {"queries": {}, "windows": {}}
    rows = {}
    with open(f"{csv_prefix}_stats.csv", newline="") as stats:
        for line in csv.DictReader(stats):
            rows[line["Name"]] = line
    failures = []
    with open(f"{csv_prefix}_failures.csv", newline="") as stats:
        for line in csv.DictReader(stats):
            failures.append(f"{line['Name']}: {line['Error']} x{line['Occurrences']}")
    if locust.returncode not in (0, 1):  # 1: there were failures, reported below
        sys.stderr.write(locust.stderr)
        raise RuntimeError(f"locust stopped with exit code {locust.returncode}")
    result = {}
    for endpoint in plan:
        line = rows.get(endpoint["name"])
        if line is None:
            failures.append(f"{endpoint['name']}: no requests")
            line = {"Request Count": 0, "Failure Count": 0, "50%": 0, "95%": 0, "99%": 0}
        requests = int(line["Request Count"])
        first, last, _count = out["windows"].get(endpoint["name"], (0, 0, 0))
        result[endpoint["name"]] = {
            "name": endpoint["name"],
            "kind": endpoint["kind"],
            "requests": requests,
            "failures": int(line["Failure Count"]),
            "seconds": round(last - first, 2),
            "rps": round(requests / (last - first), 1) if last > first else 0.0,
            "p50_ms": float(line["50%"]),
            "p95_ms": float(line["95%"]),
            "p99_ms": float(line["99%"]),
        }
    return {
        "rows": result,
        "queries": out["queries"],
        "failures": failures,
        "peak_rss_mb": round(peak[0] / 2**20, 1),
        "machine_load": machine_load,
    }


# --- Measured in this process -------------------------------------------------------------------------


def timed(function, rounds: int = ROUNDS) -> tuple[float, object]:
    timings, value = [], None
    for _ in range(rounds):
        began = time.perf_counter()
        value = function()
        timings.append((time.perf_counter() - began) * 1000)
    return round(statistics.median(timings), 1), value


def data_counts() -> dict[str, int]:
    # Runs in the child after django.setup(): Django's models load only then.
    from koers.accounts.models import User
    from koers.advice.models import Advice, FollowUp
    from koers.comments.models import Comment
    from koers.meetings.models import Meeting
    from koers.members.models import Institution
    from koers.polls.models import Answer, Poll
    from koers.portfolio.models import Project
    from koers.roadmap.models import Ambition

    models = {
        "institutions": Institution,
        "members": User,
        "projects": Project,
        "ambitions": Ambition,
        "polls": Poll,
        "answers": Answer,
        "meetings": Meeting,
        "advice": Advice,
        "follow_ups": FollowUp,
        "comments": Comment,
    }
    return {name: model.objects.count() for name, model in models.items()}


def measure_tally() -> dict:
    # Runs in the child after django.setup(): Django's models load only then.
    from django.core.cache import cache
    from django.db.models import Count

    from koers.polls.models import Answer, Poll
    from koers.polls.selectors import results

    largest = Answer.objects.values("ballot__poll").annotate(n=Count("*")).order_by("-n").first()
    poll = Poll.objects.get(pk=largest["ballot__poll"])

    def tally():
        cache.clear()  # the counting itself, not the cache that keeps a closed poll's counts
        return results(poll=poll)

    ms, tally = timed(tally)
    return {"answers": largest["n"], "ballots": tally.respondents, "ms": ms}


def measure_heatmap() -> dict:
    # Runs in the child after django.setup(): Django's models load only then.
    from koers.roadmap.models import Ambition
    from koers.roadmap.selectors import heatmap

    ms, _ = timed(lambda: heatmap())
    return {"ambitions": Ambition.objects.count(), "ms": ms}


def measure_search() -> dict:
    """Search's p95 per question and reader (bench/search.py, which also runs by itself)."""
    # bench/ is not a package: the scenario is loaded from its file.
    import importlib.util

    spec = importlib.util.spec_from_file_location("search_bench", ROOT / "bench" / "search.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.measure_search(rounds=ROUNDS * 3)


def search_summary(search: dict) -> str:
    rows = search["rows"]
    worst = max(rows, key=lambda row: row["p95_ms"])
    passed = sum(row["p95_ms"] < P95_MS for row in rows)
    return (
        f"Search over {search['entries']:,} entries: {passed} of {len(rows)} (reader, question, call) under "
        f"{P95_MS} ms p95; slowest {worst['p95_ms']:g} ms ({worst['reader']}, '{worst['query']}', {worst['call']})"
    )


def measure_notify() -> dict:
    # Runs in the child after django.setup(): Django's models load only then.
    from django.db import transaction

    from koers.accounts.models import User
    from koers.meetings.notices import CANCELLED
    from koers.notifications.services import notify

    recipients = list(User.objects.filter(is_active=True))
    began = time.perf_counter()
    with transaction.atomic():  # e-mails go out on commit, as in a request
        notify(recipients=recipients, notice=CANCELLED, params={"title": "Benchmark"})
    return {"recipients": len(recipients), "ms": round((time.perf_counter() - began) * 1000, 1)}


def measure_import() -> dict:
    """Read (XLSX and CSV), check and commit a 5,000-row overview for a college without projects."""
    # Runs in the child after django.setup(): Django's models load only then.
    import openpyxl
    from django.core.files.uploadedfile import SimpleUploadedFile

    from koers.members.models import Institution
    from koers.portfolio import importing
    from koers.portfolio.services import import_commit, import_preview
    from koers.themes.models import Theme

    names = list(Theme.objects.values_list("name", flat=True))
    rows = [
        [
            f"Benchmarkproject {n:05d}",
            "Omschrijving",
            "lopend",
            f"{names[n % len(names)]}; {names[0]}",
            "operationeel",
            "ict",
            "2026-01-01",
            "2027-01-01",
            "50k-250k",
        ]
        for n in range(IMPORT_ROWS)
    ]
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";")
    writer.writerow(importing.COLUMNS)
    writer.writerows(rows)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(importing.COLUMNS)
    for row in rows:
        sheet.append(row)
    xlsx = io.BytesIO()
    workbook.save(xlsx)
    institution = Institution.objects.create(name="Benchmarkcollege import", slug="benchmarkcollege-import")

    def preview(name: str, content: bytes):
        began = time.perf_counter()
        batch = import_preview(actor=None, institution=institution, upload=SimpleUploadedFile(name, content))
        return batch, round((time.perf_counter() - began) * 1000)

    _csv_batch, read_csv_ms = preview("overzicht.csv", text.getvalue().encode("utf-8"))
    batch, read_xlsx_ms = preview("overzicht.xlsx", xlsx.getvalue())
    began = time.perf_counter()
    checked = importing.check(institution=institution, rows=batch.rows)
    check_ms = round((time.perf_counter() - began) * 1000)
    assert sum(row.action == "new" for row in checked) == IMPORT_ROWS
    began = time.perf_counter()
    assert import_commit(batch=batch) == (IMPORT_ROWS, 0)
    commit_ms = round((time.perf_counter() - began) * 1000)
    return {
        "rows": IMPORT_ROWS,
        "read_csv_ms": read_csv_ms,
        "read_xlsx_ms": read_xlsx_ms,
        "check_ms": check_ms,
        "commit_ms": commit_ms,
        "total_ms": read_xlsx_ms + check_ms + commit_ms,
    }


# --- Report -------------------------------------------------------------------------------------------


def verdict(row: dict) -> str:
    if row["kind"] == "baseline":
        return "baseline"
    misses = []
    if row["p95_ms"] > P95_MS:
        misses.append(f"p95 {row['p95_ms']:g} ms")
    if row["kind"] == "floor" and row["p50_ms"] > FLOOR_P50_MS:
        misses.append(f"p50 {row['p50_ms']:g} ms")
    floor_ratio = row.get("floor_ratio")  # None in results from before the floor page was measured
    if row["kind"] != "floor" and floor_ratio is not None and floor_ratio < FLOOR_RATIO:
        misses.append(f"{(FLOOR_RATIO - floor_ratio) * 100:.0f} points under {FLOOR_RATIO:.0%} of the floor")
    demo, national = row["queries_demo"], row["queries_national"]
    if national is not None and national > MAX_QUERIES:
        misses.append(f"{national} queries > {MAX_QUERIES}")
    if demo is not None and national is not None and national != demo:
        misses.append(f"queries {demo} → {national}")
    if row["failures"]:
        misses.append(f"{row['failures']} failed")
    return "pass" if not misses else "miss: " + "; ".join(misses)


def against(value: float | None, target: float, unit: str) -> str:
    if value is None:
        return "not measured"
    if value < target:
        return f"pass (target < {target:,g} {unit})"
    return f"miss by {value - target:,.0f} {unit} (target < {target:,g} {unit})"


def markdown(result: dict) -> str:
    data = result["data"]
    settings = result["settings"]
    title = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(result["database"], result["database"])
    lines = [
        f"## {title} ({result['date']})",
        "",
        f"{data['institutions']:,} institutions, {data['members']:,} members, {data['projects']:,} projects, "
        f"{data['ambitions']:,} ambitions, {data['polls']:,} polls with {data['answers']:,} answers, "
        f"{data['meetings']:,} meetings, {data['advice']:,} advice with {data['follow_ups']:,} follow-ups, "
        f"{data['comments']:,} comments (load_scale --scale {settings['scale']:g}). "
        f"gunicorn, {settings['workers']} {settings['worker_class']} worker, database connections kept "
        f"{settings.get('conn_max_age', 0)} s, shared cache {settings.get('cache', 'the database cache')}; "
        f"locust, {settings['users']} user(s), "
        f"at least {settings['seconds_per_endpoint']:g} s per endpoint after {settings['warmup_seconds']:g} s "
        f"warm-up; {result.get('cpus')} CPUs, load average {result.get('machine_load')} during the run.",
        "",
        "| endpoint | req/s | p50 ms | p95 ms | p99 ms | queries demo → national | vs floor | vs trivial | target |",
        "|---|---:|---:|---:|---:|---|---:|---:|---|",
    ]
    for row in result["endpoints"]:
        queries = "—" if row["kind"] == "baseline" else f"{row['queries_demo']} → {row['queries_national']}"
        ratio = "100%" if row["kind"] == "baseline" else f"{row['ratio']:.0%}"
        # No floor ratio for the baseline, nor in results from before the floor page was measured.
        floor_ratio = "—" if row.get("floor_ratio") is None else f"{row['floor_ratio']:.0%}"
        name = {"baseline": "trivial (median of 3 runs)", "floor": "floor (median of 3 runs)"}.get(
            row["kind"], row["name"]
        )
        lines.append(
            f"| {name} `{row['path']}` | {row['rps']:g} | {row['p50_ms']:g} | {row['p95_ms']:g} | "
            f"{row['p99_ms']:g} | {queries} | {floor_ratio} | {ratio} | {verdict(row)} |"
        )
    measured = [row for row in result["endpoints"] if row["kind"] != "baseline"]
    p95 = sum(row["p95_ms"] <= P95_MS for row in measured)
    ratio = sum(
        row["kind"] == "floor" or (row.get("floor_ratio") is not None and row["floor_ratio"] >= FLOOR_RATIO)
        for row in measured
    )
    queries = sum(
        row["queries_national"] is not None
        and row["queries_national"] <= MAX_QUERIES
        and row["queries_national"] == row["queries_demo"]
        for row in measured
    )
    runs = ", ".join(f"{rps:g}" for rps in result.get("trivial_rps_runs", []))
    floor_runs = ", ".join(f"{rps:g}" for rps in result.get("floor_rps_runs", []))
    tally, heat, imp, notify = result["tally"], result["heatmap"], result["import"], result["notify"]
    lines += [
        "",
        f"Of {len(measured)} endpoints, {p95} meet the p95 target, {ratio} the throughput target (at least "
        f"{FLOOR_RATIO:.0%} of the floor page's) and {queries} the query target. The floor page's runs: {floor_runs} "
        f"req/s; the trivial endpoint's: {runs} req/s.",
        "",
        f"- Tally of the largest poll ({tally['answers']:,} answers, {tally['ballots']:,} ballots): "
        f"{tally['ms']:g} ms — {against(tally['ms'], TALLY_MS, 'ms')}",
        f"- National heatmap ({heat['ambitions']:,} ambitions): {heat['ms']:g} ms",
        *([f"- {search_summary(result['search'])}"] if result.get("search") else []),
        f"- {imp['rows']:,}-row portfolio import: {imp['total_ms']:,} ms (read XLSX {imp['read_xlsx_ms']:,} ms, "
        f"check {imp['check_ms']:,} ms, commit {imp['commit_ms']:,} ms; reading it as CSV "
        f"{imp['read_csv_ms']:,} ms) — {against(imp['total_ms'], IMPORT_MS, 'ms')}",
        f"- notify() to {notify['recipients']:,} members: {notify['ms']:,g} ms",
        f"- Peak memory of the worker: {result['worker_peak_rss_mb']:g} MB (RSS)",
        f"- load_scale: {result['load_scale_seconds']} s — {against(result['load_scale_seconds'], LOAD_SCALE_S, 's')}",
    ]
    if result["failures"]:
        lines += ["", "Failed requests:", *[f"- {failure}" for failure in result["failures"]]]
    return "\n".join(lines) + "\n"


def write_markdown() -> None:
    sections = []
    for database in DATABASES:
        path = RESULTS / f"load-{database}.json"
        if path.exists():
            sections.append(markdown(json.loads(path.read_text())))
    header = [
        "# Load benchmark at national scale",
        "",
        "Made by `make bench` (bench/load.py, bench/locustfile.py), gunicorn with deploy/gunicorn.conf.py and one "
        "worker. Each endpoint is loaded on its own for the same time; *vs floor* is its throughput as a share of "
        f"the floor page's (`{FLOOR_PATH}` signed in: the session, the user and the base template, nothing else), "
        "*vs trivial* as a share of `/healthz/live` (no database), both in the same run. "
        "Queries are per request, at demo scale (load_demo) and at national scale (load_scale); a detail page "
        "shows the largest object at each scale (the poll with the most ballots, the meeting with the most "
        "registrations, the advice with the most comments). Targets: "
        f"p95 at most {P95_MS} ms with one worker, the floor page's p50 at most {FLOOR_P50_MS} ms, every page at "
        f"least {FLOOR_RATIO:.0%} of the floor page's throughput, at most {MAX_QUERIES} queries and the same number "
        "at both scales. Latencies are measured with one user at a time, so they hold no queueing; on a machine "
        "that is busy with other work every number is worse.",
        "",
    ]
    (RESULTS / "load.md").write_text("\n".join(header) + "\n" + "\n".join(sections))


if __name__ == "__main__":
    sys.exit(main())
