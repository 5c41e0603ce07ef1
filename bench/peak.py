"""The sector-wide peak of a national meeting (`make bench`, after bench/load.py): one minute, real HTTP.

On a fresh PostgreSQL database ``peak_bench`` with the national data set (``load_scale``; ``--scale 0``
for the demo data only) plus 800 extra members, gunicorn serves Koers with production settings and two
sync workers (the configuration in deploy/gunicorn.conf.py when it exists). Then, within one minute:

- 500 members, signed in beforehand, each open the meeting's poll, take a few seconds to choose and cast a
  ballot: a real form post with the CSRF token of the page they opened, after which the browser follows the
  redirect to the poll (which must say the vote is saved);
- 100 other members keep the results page open and reload it about every 10 seconds;
- 200 further members follow the meeting's link to the poll and sign in on the way: the sign-in page, the
  post of e-mail address and password (PBKDF2 as Koers stores it in production), then the poll it leads to.

Arrivals are spread over the minute (a fixed random order, so runs compare). Measured per kind of request:
p50, p95, p99, the slowest and the errors (a failed connection, an unexpected status, a page without what it
should show), and afterwards the ballots in the database. The run fails (exit 1) when a target is missed:

- no errors at all, and no server error in gunicorn's log;
- exactly 500 ballots counted, all cast within the minute;
- vote (the ballot's post) p95 <= 150 ms;
- sign-in (the post of the sign-in form) p95 <= 2 s.

Results: bench/results/peak.json and bench/results/peak.md, with the machine's load average during the run.

    python bench/peak.py                     # national scale plus the peak's members (about 5 minutes)
    python bench/peak.py --scale 0           # the demo data plus the peak's members
    python bench/peak.py --voters 50 --readers 10 --signins 20 --minute 20   # a quick look

Defaults can also come from the environment: KOERS_PEAK_SCALE, KOERS_PEAK_WORKERS, KOERS_BENCH_PG (the
PostgreSQL server, as for bench/load.py).
"""

import argparse
import datetime
import html
import http.client
import json
import os
import random
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
PG_SERVER = os.environ.get("KOERS_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PG_NAME = "peak_bench"
HOST = "127.0.0.1"
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
PASSWORD = "vergadering-2026-peak"  # the peak's members only, in a throw-away database
SEED = 20  # the arrivals' fixed random order
REQUEST_TIMEOUT = 30
WARM = 10  # members for the warm-up (4) and for timing each kind of request alone (6)

# The targets of the peak.
VOTE_P95_MS = 150
SIGN_IN_P95_MS = 2000

VOTED = "Je stem is opgeslagen."
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def log(message: str) -> None:
    print(f"[peak {time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--voters", type=int, default=500, help="members who open the poll and vote")
    parser.add_argument("--readers", type=int, default=100, help="members who reload the results page")
    parser.add_argument("--signins", type=int, default=200, help="members who sign in through the form")
    parser.add_argument("--minute", type=float, default=60.0, help="seconds the peak lasts")
    parser.add_argument("--reload", type=float, default=10.0, help="seconds between a reader's reloads")
    parser.add_argument(
        "--scale",
        type=float,
        default=float(os.environ.get("KOERS_PEAK_SCALE") or 1),
        help="load_scale --scale before the peak (1: national scale, the default; 0: the demo data only)",
    )
    parser.add_argument("--workers", type=int, default=int(os.environ.get("KOERS_PEAK_WORKERS") or 2))
    parser.add_argument("--keep", action="store_true", help="keep the database and gunicorn's log afterwards")
    args = parser.parse_args()

    began = time.perf_counter()
    os.environ["KOERS_SECRET_KEY"] = secrets.token_urlsafe(64)  # the server's, and the sessions made here
    workdir = Path(tempfile.mkdtemp(prefix="koers-peak-"))
    (RESULTS / "peak.json").unlink(missing_ok=True)  # a failed run leaves no old numbers
    try:
        url = fresh_database()
        if url is None:
            return 1
        os.environ["DATABASE_URL"] = url
        prepare(args)
        setup = create_meeting(args)
        collect_static(workdir)
        with Gunicorn(workdir, args.workers) as server:
            warm_up(server, setup)
            quiet = alone(server, setup)
            outcome = run_peak(server, setup, args)
            outcome["alone"] = quiet
            server_errors = server.errors()
        ballots, answers = count_ballots(setup["poll"])
        result = report(args, setup, outcome, ballots, answers, server_errors)
        log(f"done in {time.perf_counter() - began:.0f} s; results in bench/results/peak.md")
        return 0 if all(target["met"] for target in result["targets"]) else 1
    finally:
        if args.keep:
            log(f"kept: the database {PG_NAME} and {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
            postgres_admin(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)", quiet=True)


# --- The data ----------------------------------------------------------------------------------------


def postgres_admin(sql: str, *, quiet: bool = False) -> bool:
    # Only this script needs the driver directly; loaded here, the module stays importable without it.
    import psycopg

    try:
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=3) as connection:
            connection.execute(sql)
    except Exception as error:  # noqa: BLE001 - any failure to reach the server is reported the same way
        if not quiet:
            log(f"PostgreSQL: {error}")
        return False
    return True


def fresh_database() -> str | None:
    if not postgres_admin(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)") or not postgres_admin(
        f"CREATE DATABASE {PG_NAME}"
    ):
        where = urllib.parse.urlsplit(PG_SERVER).netloc.rpartition("@")[2]
        log(f"PostgreSQL does not answer at {where}: the peak needs it (peak.md keeps earlier results).")
        return None
    return f"{PG_SERVER}/{PG_NAME}"


def manage(command: list[str]) -> None:
    """A management command in its own process, with the development settings it is run with."""
    subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def prepare(args) -> None:
    log("migrate, load_demo")
    manage(["migrate", "--no-input", "-v0"])
    manage(["load_demo"])
    if args.scale > 0:
        log(f"load_scale --scale {args.scale:g}")
        manage(["load_scale", "--scale", str(args.scale)])


def create_meeting(args) -> dict:
    """The peak's members, the meeting's poll (results always visible) and a warm-up poll; sessions made in
    advance for the voters and readers, as the sign-in form leaves them."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koers.settings")
    sys.path.insert(0, str(ROOT))
    # Django loads only here, after the database and the secret key are in the environment.
    import django

    django.setup()
    # Models, services and settings load after django.setup().
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import get_hasher, make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.db import connection
    from django.urls import reverse
    from django.utils import timezone

    from koers.accounts import backends
    from koers.accounts.models import User
    from koers.members.models import Institution
    from koers.polls.models import Ballot, Poll
    from koers.polls.services import poll_create, poll_publish, question_save

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # publishing notifies members
    log("the peak's members, sessions and poll")
    hasher = get_hasher()
    # One hash for all: the server still verifies every sign-in at the full cost; this only saves the setup.
    password = make_password(PASSWORD)
    institutions = list(Institution.objects.order_by("pk"))
    count = args.voters + args.readers + args.signins + WARM  # and some for the warm-up
    members = User.objects.bulk_create(
        User(
            email=f"peak{n}@vergadering.example",
            full_name=f"Deelnemer {n}",
            institution=institutions[n % len(institutions)],
            password=password,
        )
        for n in range(count)
    )
    backend = backends.PATH
    expire = timezone.now() + datetime.timedelta(days=1)
    sessions, keys = [], []
    for member in members[: args.voters + args.readers] + members[-WARM:]:
        key = secrets.token_hex(16)  # what Django's session keys look like: 32 lower-case characters
        data = {
            SESSION_KEY: str(member.pk),
            BACKEND_SESSION_KEY: backend,
            HASH_SESSION_KEY: member.get_session_auth_hash(),
        }
        sessions.append(Session(session_key=key, session_data=SessionStore().encode(data), expire_date=expire))
        keys.append(key)
    Session.objects.bulk_create(sessions)

    now = timezone.now()
    polls = []
    for title in ("Moet OOAPI de standaard worden voor de hele sector?", "Proefstemming"):
        poll = poll_create(
            actor=None,
            data={
                "title": title,
                "kind": Poll.Kind.POLL,
                "visibility": Poll.Visibility.ALWAYS,
                "allow_change": False,
                "opens_at": now - datetime.timedelta(minutes=5),
                "closes_at": now + datetime.timedelta(hours=2),
            },
        )
        question = question_save(
            poll=poll, question=None, data={"text": title, "kind": "een"}, options=["Ja", "Nee", "Blanco"]
        )
        poll_publish(actor=None, poll=poll)
        options = list(question.options.order_by("position").values_list("pk", flat=True))
        polls.append(
            {
                "pk": poll.pk,
                "path": poll.get_absolute_url(),
                "results": reverse("polls:poll-results", args=[poll.pk]),
                "field": f"q{question.pk}",
                "options": options,
            }
        )
    setup = {
        "poll": polls[0],
        "trial": polls[1],
        "login_path": reverse("accounts:login"),
        "voters": keys[: args.voters],
        "readers": keys[args.voters : args.voters + args.readers],
        "warm_up": keys[args.voters + args.readers :],
        "warm_up_emails": [m.email for m in members[-WARM:]],
        "signins": [m.email for m in members[args.voters + args.readers : args.voters + args.readers + args.signins]],
        "hasher": f"{hasher.algorithm}, {hasher.iterations:,} iterations "
        f"({type(hasher).__module__}.{type(hasher).__qualname__})",
        "data": {
            "members": User.objects.count(),
            "polls": Poll.objects.count(),
            "ballots": Ballot.objects.count(),
        },
    }
    connection.close()
    return setup


def count_ballots(poll: dict) -> tuple[int, int]:
    """The meeting poll's ballots and answers in the database, after the peak."""
    # Django was set up by create_meeting(); its models load only after that.
    from django.db import connection

    from koers.polls.models import Answer, Ballot

    ballots = Ballot.objects.filter(poll_id=poll["pk"]).count()
    answers = Answer.objects.filter(ballot__poll_id=poll["pk"]).count()
    connection.close()
    return ballots, answers


# --- The server --------------------------------------------------------------------------------------


def server_env(workdir: Path) -> dict[str, str]:
    """Production settings (DEBUG off, hashed static files, behind a TLS proxy, the production password hasher)."""
    env = {name: value for name, value in os.environ.items() if name != "KOERS_TESTING"}
    return env | {
        "KOERS_DEBUG": "false",
        "KOERS_ALLOWED_HOSTS": HOST,
        "KOERS_BEHIND_PROXY": "true",
        "KOERS_STATIC_ROOT": str(workdir / "static"),
        "KOERS_MEDIA_ROOT": str(workdir / "media"),
        "KOERS_DB_CONN_MAX_AGE": os.environ.get("KOERS_DB_CONN_MAX_AGE") or "60",
        "KOERS_LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }


def collect_static(workdir: Path) -> None:
    log("collectstatic (hashed and compressed, as in production)")
    manage_env = server_env(workdir)
    command = [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"]
    subprocess.run(command, env=manage_env, cwd=ROOT, check=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Gunicorn:
    """Gunicorn on a free local port with ``workers`` sync workers; its log in the work directory."""

    def __init__(self, workdir: Path, workers: int):
        self.workdir, self.workers = workdir, workers
        self.port = free_port()
        self.log_path = workdir / "gunicorn.log"
        self.origin = f"https://{HOST}:{self.port}"
        config = ["-c", str(GUNICORN_CONF)] if GUNICORN_CONF.exists() else ["--preload"]
        self.config = "deploy/gunicorn.conf.py" if GUNICORN_CONF.exists() else "command-line options"
        self.command = [
            sys.executable,
            "-m",
            "gunicorn",
            *config,
            "koers.wsgi:application",
            f"--bind={HOST}:{self.port}",
            f"--workers={workers}",
            "--worker-class=sync",
            "--threads=1",
            f"--forwarded-allow-ips={HOST}",
            "--no-control-socket",
        ]

    def __enter__(self) -> "Gunicorn":
        log(f"gunicorn, {self.workers} sync workers ({self.config})")
        self.file = open(self.log_path, "wb")  # noqa: SIM115 - closed in __exit__
        env = server_env(self.workdir)
        self.process = subprocess.Popen(self.command, cwd=ROOT, env=env, stdout=self.file, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log_path.read_text()[-3000:]}")
            try:
                if Browser(self).get("/healthz/live").status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer:\n{self.log_path.read_text()[-3000:]}")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.file.close()

    def errors(self) -> list[str]:
        text = self.log_path.read_text(errors="replace")
        return [line for line in text.splitlines() if "Internal Server Error" in line or "Traceback" in line]


# --- The browser -------------------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    location: str
    text: str


class Browser:
    """One member's browser behind the TLS proxy: keeps cookies and the CSRF token of the page it read last."""

    def __init__(self, server: Gunicorn, session: str | None = None):
        self.server = server
        self.cookies: dict[str, str] = {"sessionid": session} if session else {}
        self.csrf_token = ""

    def request(self, method: str, path: str, data: dict | None = None) -> Response:
        headers = {"X-Forwarded-Proto": "https", "Accept-Language": "nl", "User-Agent": "koers-peak"}
        body = None
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if data is not None:
            body = urllib.parse.urlencode({"csrfmiddlewaretoken": self.csrf_token, **data})
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": self.server.origin,
                "Referer": self.server.origin + path,
            }
        conn = http.client.HTTPConnection(HOST, self.server.port, timeout=REQUEST_TIMEOUT)
        try:
            conn.request(method, path, body=body, headers=headers)
            raw = conn.getresponse()
            text = raw.read().decode("utf-8", errors="replace")
        finally:
            conn.close()
        for header in raw.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        if token := CSRF_INPUT.search(text):
            self.csrf_token = html.unescape(token.group(1))
        location = urllib.parse.urlsplit(raw.headers.get("Location") or "")
        return Response(raw.status, location.path + (f"?{location.query}" if location.query else ""), text)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, data: dict) -> Response:
        return self.request("POST", path, data)


# --- The peak ----------------------------------------------------------------------------------------


@dataclass
class Recorder:
    """Every request's kind, start (seconds into the peak), duration and error, from all threads."""

    started: float
    rows: list[tuple[str, float, float, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def timed(self, kind: str, call, check) -> Response | None:
        """``call()`` timed; ``check(response)`` says what is wrong with the answer ("" when nothing)."""
        start = time.perf_counter()
        try:
            response = call()
            error = check(response)
        except Exception as failure:  # noqa: BLE001 - every failure is an error of the peak, recorded
            response, error = None, f"{type(failure).__name__}: {failure}"
        end = time.perf_counter()
        with self.lock:
            self.rows.append((kind, start - self.started, (end - start) * 1000, error))
        return None if error else response


def expect(status: int, location: str | None = None, contains: str | None = None):
    def check(response: Response) -> str:
        if response.status != status:
            return f"HTTP {response.status}"
        if location is not None and response.location != location:
            return f"redirect to {response.location}"
        if contains is not None and contains not in response.text:
            return f"no {contains!r}"
        return ""

    return check


def warm_up(server: Gunicorn, setup: dict) -> None:
    """Each worker's first requests load code and fill caches: a few of every kind, on the trial poll."""
    log("warm-up")
    trial = setup["trial"]
    for n, key in enumerate(setup["warm_up"][:4]):
        browser = Browser(server, key)
        for _ in range(3):
            browser.get(trial["path"])
            browser.get(trial["results"])
            browser.get(setup["poll"]["results"])
        browser.get(trial["path"])
        browser.post(trial["path"], {trial["field"]: trial["options"][n % 3]})
    for _ in range(4):
        Browser(server).get(setup["login_path"])


def alone(server: Gunicorn, setup: dict) -> dict[str, float]:
    """Each kind of request one at a time on the warm server, before the peak: what it costs without queueing
    (on a busy machine, with the machine's load in it). The median of six, on the trial poll for votes."""
    log("each kind of request alone")
    trial, poll = setup["trial"], setup["poll"]
    recorder = Recorder(started=time.perf_counter())

    def one(n: int, key: str, email: str) -> None:
        browser = Browser(server, key)
        recorder.timed("poll page", lambda: browser.get(trial["path"]), expect(200))
        choice = {trial["field"]: trial["options"][n % 3]}
        recorder.timed("vote", lambda: browser.post(trial["path"], choice), expect(302))
        recorder.timed("results page", lambda: browser.get(poll["results"]), expect(200))
        stranger = Browser(server)
        recorder.timed("sign-in page", lambda: stranger.get(setup["login_path"]), expect(200))
        form = {"username": email, "password": PASSWORD}
        recorder.timed("sign-in", lambda: stranger.post(setup["login_path"], form), expect(302))

    for n, (key, email) in enumerate(zip(setup["warm_up"][4:], setup["warm_up_emails"][4:], strict=True)):
        one(n, key, email)
    return {
        kind: percentile([ms for name, _start, ms, _error in recorder.rows if name == kind], 0.5)
        for kind in ("vote", "poll page", "results page", "sign-in", "sign-in page")
    }


def run_peak(server: Gunicorn, setup: dict, args) -> dict:
    rng = random.Random(SEED)
    minute = args.minute
    poll, login = setup["poll"], setup["login_path"]
    # Voters arrive over the minute but the last seconds, look at the poll for 1 to 4 seconds and vote.
    voters = [(rng.uniform(0, minute * 0.9), rng.uniform(1, 4), key) for key in setup["voters"]]
    signins = [(rng.uniform(0, minute * 0.95), email) for email in setup["signins"]]
    readers = [(rng.uniform(0, args.reload), key) for key in setup["readers"]]
    recorder = Recorder(started=time.perf_counter() + 1.0)  # every thread is started within that second
    ballots_at: list[float] = []

    def at(offset: float) -> None:
        delay = recorder.started + offset - time.perf_counter()
        if delay > 0:
            time.sleep(delay)

    def vote(arrival: float, think: float, key: str, n: int) -> None:
        at(arrival)
        browser = Browser(server, key)
        if recorder.timed("poll page", lambda: browser.get(poll["path"]), expect(200, contains=poll["field"])) is None:
            return
        time.sleep(think)
        choice = {poll["field"]: poll["options"][n % 3]}
        cast = recorder.timed("vote", lambda: browser.post(poll["path"], choice), expect(302, location=poll["path"]))
        if cast is None:
            return
        ballots_at.append(time.perf_counter() - recorder.started)
        recorder.timed("poll page after the vote", lambda: browser.get(poll["path"]), expect(200, contains=VOTED))

    def sign_in(arrival: float, email: str) -> None:
        at(arrival)
        browser = Browser(server)
        # The link on the meeting's screen leads to the poll; signed out, the sign-in form comes first.
        page = f"{login}?{urllib.parse.urlencode({'next': poll['path']})}"
        form = {"username": email, "password": PASSWORD, "next": poll["path"]}
        if (
            recorder.timed("sign-in page", lambda: browser.get(page), expect(200, contains="csrfmiddlewaretoken"))
            is None
        ):
            return

        def signed_in(response: Response) -> str:
            if response.status != 302:
                return f"HTTP {response.status}"
            return "" if "sessionid" in browser.cookies else "no session"

        answer = recorder.timed("sign-in", lambda: browser.post(page, form), signed_in)
        if answer is not None:
            where = expect(200, contains=poll["field"]) if answer.location == poll["path"] else lambda r: "not the poll"
            recorder.timed("poll page after the sign-in", lambda: browser.get(answer.location), where)

    def read(offset: float, key: str) -> None:
        browser = Browser(server, key)
        when = offset
        while when < minute:
            at(when)
            recorder.timed("results page", lambda: browser.get(poll["results"]), expect(200, contains="Blanco"))
            when += args.reload * rng_jitter(key, when)

    threads = [threading.Thread(target=vote, args=(*v, n)) for n, v in enumerate(voters)]
    threads += [threading.Thread(target=sign_in, args=s) for s in signins]
    threads += [threading.Thread(target=read, args=r) for r in readers]
    load = LoadSampler()
    log(
        f"the peak: {len(voters)} voters, {len(readers)} readers every {args.reload:g} s, "
        f"{len(signins)} sign-ins, over {minute:g} s"
    )
    load.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    load.stop()
    accepted, last = len(ballots_at), max(ballots_at, default=None)
    return {"rows": recorder.rows, "accepted": accepted, "last_ballot_s": last, "load": load.summary()}


def rng_jitter(key: str, when: float) -> float:
    """80 to 120% of the reload interval, fixed per reader and moment (no shared generator across threads)."""
    return 0.8 + 0.4 * random.Random(f"{key}{when:.3f}").random()


class LoadSampler(threading.Thread):
    """The machine's 1-minute load average, sampled every second during the peak."""

    def __init__(self):
        super().__init__(daemon=True)
        self.samples: list[float] = []
        self.halt = threading.Event()

    def run(self) -> None:
        while not self.halt.wait(1.0):
            self.samples.append(os.getloadavg()[0])

    def stop(self) -> None:
        self.halt.set()
        self.join()

    def summary(self) -> dict:
        samples = self.samples or [os.getloadavg()[0]]
        return {"max": round(max(samples), 2), "mean": round(sum(samples) / len(samples), 2), "cpus": os.cpu_count()}


# --- The report --------------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    """Nearest rank."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, int(-(-share * len(ordered) // 1)) - 1))
    return round(ordered[rank], 1)


KINDS = (
    "vote",
    "poll page",
    "poll page after the vote",
    "results page",
    "sign-in",
    "sign-in page",
    "poll page after the sign-in",
)


def report(args, setup: dict, outcome: dict, ballots: int, answers: int, server_errors: list[str]) -> dict:
    rows = outcome["rows"]
    stats = {}
    for kind in KINDS:
        times = [ms for name, _start, ms, _error in rows if name == kind]
        errors = [error for name, _start, _ms, error in rows if name == kind and error]
        if not times:
            continue
        stats[kind] = {
            "requests": len(times),
            "errors": len(errors),
            "p50_ms": percentile(times, 0.50),
            "p95_ms": percentile(times, 0.95),
            "p99_ms": percentile(times, 0.99),
            "max_ms": round(max(times), 1),
            "error_examples": sorted(set(errors))[:3],
        }
    errors = sum(row["errors"] for row in stats.values())
    window = max((start + ms / 1000 for _k, start, ms, _e in rows), default=0)
    last = outcome["last_ballot_s"]
    accepted = outcome["accepted"]
    vote_p95 = stats.get("vote", {}).get("p95_ms")
    sign_in_p95 = stats.get("sign-in", {}).get("p95_ms")
    targets = [
        {
            "target": "errors",
            "wanted": "0",
            "got": f"{errors} (server errors in the log: {len(server_errors)})",
            "met": errors == 0 and not server_errors,
        },
        {
            "target": "ballots counted",
            "wanted": f"exactly {args.voters}",
            "got": f"{ballots} ({answers} answers)",
            "met": ballots == args.voters and answers == args.voters,
        },
        {
            "target": "every ballot accepted within the minute",
            "wanted": f"{args.voters} by {args.minute:g} s",
            "got": f"{accepted}, the last at {'-' if last is None else f'{last:.1f}'} s",
            "met": accepted == args.voters and last is not None and last <= args.minute,
        },
        {
            "target": "vote p95",
            "wanted": f"<= {VOTE_P95_MS} ms",
            "got": f"{vote_p95} ms",
            "met": vote_p95 is not None and vote_p95 <= VOTE_P95_MS,
        },
        {
            "target": "sign-in p95",
            "wanted": f"<= {SIGN_IN_P95_MS} ms",
            "got": f"{sign_in_p95} ms",
            "met": sign_in_p95 is not None and sign_in_p95 <= SIGN_IN_P95_MS,
        },
    ]
    result = {
        "date": datetime.date.today().isoformat(),
        "settings": {
            "workers": args.workers,
            "worker_class": "sync",
            "gunicorn": "deploy/gunicorn.conf.py" if GUNICORN_CONF.exists() else "--preload, no configuration file",
            "voters": args.voters,
            "readers": args.readers,
            "reload_s": args.reload,
            "signins": args.signins,
            "minute_s": args.minute,
            "scale": args.scale,
            "password_hasher": setup["hasher"],
        },
        "data": setup["data"],
        "machine_load": outcome["load"],
        "requests": len(rows),
        "duration_s": round(window, 1),
        "kinds": stats,
        "alone_p50_ms": outcome["alone"],
        "server_errors": server_errors[:10],
        "targets": targets,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "peak.json").write_text(json.dumps(result, indent=2) + "\n")
    text = markdown(result)
    (RESULTS / "peak.md").write_text(text)
    print(text)
    for target in targets:
        if not target["met"]:
            log(f"MISSED: {target['target']}: wanted {target['wanted']}, got {target['got']}")
    return result


def markdown(result: dict) -> str:
    s = result["settings"]
    load = result["machine_load"]
    data = result["data"]
    lines = [
        "# The peak of a national meeting",
        "",
        f"Measured {result['date']} by `make bench` (bench/peak.py) on PostgreSQL: gunicorn with {s['workers']} "
        f"{s['worker_class']} workers ({s['gunicorn']}), production settings, the password hasher "
        f"{s['password_hasher']}. Data: the demo data"
        + (f" and the national data set (scale {s['scale']:g})" if s["scale"] else "")
        + f" plus the peak's members: {data['members']:,} members, {data['polls']:,} polls, "
        f"{data['ballots']:,} ballots before the peak.",
        "",
        f"Within {s['minute_s']:g} s: {s['voters']} members (signed in beforehand) each open the poll, choose for "
        f"1–4 s and post their ballot with the page's CSRF token, then read the poll again; {s['readers']} others "
        f"reload the results page every {s['reload_s']:g} s (±20%); {s['signins']} more follow the meeting's link "
        "to the poll, sign in on the way through the form and land on the poll. Arrivals are spread over the "
        "minute in a fixed random order. "
        f"{result['requests']:,} requests in {result['duration_s']} s. The machine ({load['cpus']} cores, shared) "
        f"had a load average of {load['mean']} on average and {load['max']} at most during the run.",
        "",
        "| Target | Wanted | Got | Verdict |",
        "|---|---|---|---|",
    ]
    for target in result["targets"]:
        verdict = "met" if target["met"] else "**missed**"
        lines.append(f"| {target['target']} | {target['wanted']} | {target['got']} | {verdict} |")
    lines += [
        "",
        "*Alone* is the median of six such requests one at a time on the warm server just before the peak, in the "
        "same load of the machine: what the request costs without waiting for a worker.",
        "",
        "| Request | Count | Errors | p50 ms | p95 ms | p99 ms | max ms | alone p50 ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for kind, row in result["kinds"].items():
        lines.append(
            f"| {kind} | {row['requests']} | {row['errors']} | {row['p50_ms']} | {row['p95_ms']} | "
            f"{row['p99_ms']} | {row['max_ms']} | {result['alone_p50_ms'].get(kind, '')} |"
        )
    examples = [(kind, row["error_examples"]) for kind, row in result["kinds"].items() if row["error_examples"]]
    if examples or result["server_errors"]:
        lines += ["", "Errors seen:", ""]
        lines += [f"- {kind}: {', '.join(found)}" for kind, found in examples]
        lines += [f"- server log: {line}" for line in result["server_errors"]]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
