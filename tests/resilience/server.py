"""A real Koers server for tests: gunicorn against the test database, and a browser that talks to it.

``run_gunicorn()`` starts gunicorn with production settings (DEBUG off, secure cookies, HTTPS redirect,
behind a TLS proxy) on a free local port against pytest-django's test database, waits until
``/healthz`` answers 200 and every worker is up, and stops it afterwards. ``Browser`` speaks HTTP as a
browser behind that proxy does: it keeps cookies, sends the CSRF token of the page it last read and the
Origin header. Use both with ``transactional_db`` (the ``gunicorn_server`` fixture in ``conftest.py``
does), so that what a test writes is committed and the server's own database connections see it.

Fault tests can shape the server: the number of workers and threads, extra environment (``None``
removes a variable), another ``DATABASE_URL``, and the master and worker process ids to signal.

A server never outlives the tests: it is stopped when its block ends, every server still running is stopped
when the test process exits, and on Linux the gunicorn master gets SIGTERM from the kernel when the test
process dies, even by SIGKILL (``PR_SET_PDEATHSIG``); its workers then stop with it and close their
database connections, so the test database can be dropped.
"""

import atexit
import contextlib
import html
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote, urlencode, urlsplit

import gunicorn
import psutil
import pytest
from django.db import connection
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
REQUEST_TIMEOUT = 60  # seconds; a request that takes longer fails the test instead of hanging it
STARTUP_TIMEOUT = 60

# pytest-django's SQLite test database lives in memory, out of reach of gunicorn's worker processes.
needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="tests against a gunicorn server need PostgreSQL"
)

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
MESSAGE = re.compile(r'class="[^"]*\bmessage message-([\w-]+)"[^>]*>\s*<p[^>]*>(.*?)</p>', re.S)
FORM_ERRORS = re.compile(r'<div class="form-errors"[^>]*>.*?<ul>(.*?)</ul>', re.S)
LIST_ITEM = re.compile(r"<li>(.*?)</li>", re.S)
TAG = re.compile(r"<[^>]+>")

T = TypeVar("T")

# Started by the test process (the parent's pid is its first argument): on Linux it asks the kernel for
# SIGTERM when that parent dies, then becomes gunicorn (same pid, so the signal setting stays). If the
# parent died before the request took effect, it does not start at all. (The kernel watches the thread that
# started the process: start servers from the test's own thread, as fixtures do.)
DIE_WITH_PARENT = """
import ctypes, os, signal, sys
parent = int(sys.argv[1])
if sys.platform.startswith("linux"):
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
if os.getppid() != parent:
    sys.exit("the test process ended before gunicorn started")
os.execv(sys.executable, [sys.executable, *sys.argv[2:]])
"""

_running: set[subprocess.Popen] = set()  # servers to stop should the test process exit without doing so


def _stop_process_group(process: subprocess.Popen, timeout: float) -> None:
    """TERM to the server's own process group (master and workers), KILL if it lingers."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout)
            return
        except subprocess.TimeoutExpired:
            continue


@atexit.register
def _stop_every_server() -> None:
    for process in list(_running):
        _stop_process_group(process, timeout=10)
        _running.discard(process)


def database_url() -> str:
    """The test database pytest-django set up, as a DATABASE_URL for another process."""
    db = connection.settings_dict
    if connection.vendor != "postgresql":
        raise RuntimeError("the gunicorn server runs against PostgreSQL only")
    credentials = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or HOST}:{db['PORT'] or 5432}/{quote(db['NAME'], safe='')}"


# The server ------------------------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: dict[str, str]  # lower-case names
    text: str

    @property
    def location(self) -> str:
        return self.headers.get("location", "")

    def messages(self) -> list[tuple[str, str]]:
        """The flash messages on the page as (level, text): ("success", "Je stem is opgeslagen.")."""
        return [(level, html.unescape(text.strip())) for level, text in MESSAGE.findall(self.text)]

    def form_errors(self) -> list[str]:
        """The errors in the summary above a form that was sent back ("Controleer het formulier:")."""
        return [
            html.unescape(TAG.sub("", item).strip())
            for summary in FORM_ERRORS.findall(self.text)
            for item in LIST_ITEM.findall(summary)
        ]


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    workers: int
    log_path: Path
    env: dict[str, str] = field(repr=False)
    log_start: int = 0  # where log() begins; see mark()

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def origin(self) -> str:
        """The address a browser sees: the TLS proxy in front of gunicorn."""
        return f"https://{HOST}:{self.port}"

    @property
    def master_pid(self) -> int:
        return self.process.pid

    def worker_pids(self) -> list[int]:
        """The worker processes the master runs now (a killed worker is replaced by a new pid)."""
        try:
            return sorted(child.pid for child in psutil.Process(self.master_pid).children())
        except psutil.NoSuchProcess:
            return []

    def log(self) -> str:
        """What the server wrote since the last mark(): gunicorn's log, Django's errors, the console e-mail."""
        with open(self.log_path, "rb") as log:
            log.seek(self.log_start)
            return log.read().decode(errors="replace")

    def mark(self) -> None:
        """From now on log() and errors() show only what comes next (one server shared by several tests)."""
        self.log_start = self.log_path.stat().st_size

    def errors(self, *, tracebacks: bool = True) -> list[str]:
        """Lines of the log that show a server error: Django's "Internal Server Error" and, unless
        ``tracebacks=False``, any traceback. A 503 for a database that went away logs its traceback too
        ("Service Unavailable: ..."), so a fault test asks for the 500s only."""
        return [
            line
            for line in self.log().splitlines()
            if "Internal Server Error" in line or (tracebacks and "Traceback" in line)
        ]

    def browser(self) -> "Browser":
        return Browser(self)

    def healthy(self) -> bool:
        try:
            return Browser(self).get("/healthz").status == 200
        except OSError:
            return False

    def wait_until_ready(self, timeout: float = STARTUP_TIMEOUT) -> None:
        """Until /healthz answers 200 and all workers run; fails with the server's log if it exits."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log()[-4000:]}")
            if len(self.worker_pids()) == self.workers and self.healthy():
                return
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not answer /healthz within {timeout} s:\n{self.log()[-4000:]}")

    def stop(self, timeout: float = 15) -> int | None:
        """Graceful shutdown (TERM), then kill the server's own process group if it lingers."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)  # the group started for this server only
                self.process.wait(timeout)
        _running.discard(self.process)
        return self.process.returncode


def server_environment(
    *, port: int, database: str, workdir: Path, extra: dict[str, str | None] | None = None
) -> dict[str, str]:
    """Production settings as the README's production section sets them, on this machine's test database."""
    replaced = {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "FORWARDED_ALLOW_IPS"}
    inherited = {
        name: value for name, value in os.environ.items() if not name.startswith("KOERS_") and name not in replaced
    }
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "koers.settings",
        "DATABASE_URL": database,
        "KOERS_DEBUG": "false",
        "KOERS_SECRET_KEY": secrets.token_urlsafe(64),
        "KOERS_ALLOWED_HOSTS": HOST,
        "KOERS_SITE_URL": f"https://{HOST}:{port}",
        "KOERS_BEHIND_PROXY": "true",
        # Accepts the fast password hashes the test factories store and serves static files without
        # the collectstatic manifest; everything else stays production.
        "KOERS_TESTING": "true",
        # Many clients from one address: the API's per-IP limit is not what these tests are about.
        "KOERS_API_RATE_TOKEN": "100000/min",
        "KOERS_API_RATE_IP": "100000/min",
        "KOERS_MEDIA_ROOT": str(workdir / "media"),
        "KOERS_STATIC_ROOT": str(workdir / "static"),
        "KOERS_LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    for name, value in (extra or {}).items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


@contextlib.contextmanager
def run_gunicorn(
    *,
    workers: int = 4,
    threads: int = 1,
    env: dict[str, str | None] | None = None,
    database: str | None = None,
    timeout: int = 30,
    preload: bool = True,
    wait: bool = True,
    args: Iterable[str] = (),
) -> Iterator[Server]:
    """Gunicorn serving Koers on a free port of 127.0.0.1, stopped when the block ends.

    ``threads`` above 1 gives gthread workers. ``database`` defaults to the test database. With
    ``preload`` the master loads Koers once and each worker is ready as soon as it is forked. The
    server's files (its log, media) are removed afterwards, unless the block failed: then the log stays
    and its place is printed with the test's output.
    """
    workdir = Path(tempfile.mkdtemp(prefix="koers-gunicorn-"))
    (workdir / "static").mkdir()
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((HOST, 0))  # the kernel picks the port; gunicorn inherits the bound socket, so no race
    listener.listen(128)
    port = listener.getsockname()[1]
    environment = server_environment(port=port, database=database or database_url(), workdir=workdir, extra=env)
    command = [
        sys.executable,
        "-c",
        DIE_WITH_PARENT,
        str(os.getpid()),
        "-m",
        "gunicorn",
        "koers.wsgi:application",
        f"--bind=fd://{listener.fileno()}",
        f"--workers={workers}",
        f"--threads={threads}",
        f"--worker-class={'gthread' if threads > 1 else 'sync'}",
        f"--timeout={timeout}",
        "--graceful-timeout=5",
        f"--forwarded-allow-ips={HOST}",
        *(["--preload"] if preload else []),
        # No control socket: its default path is shared by every gunicorn of the user, and several
        # servers may run at once (gunicorn 25.1 added it).
        *(["--no-control-socket"] if gunicorn.version_info >= (25, 1) else []),
        *args,
    ]
    log_path = workdir / "server.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            pass_fds=[listener.fileno()],
            start_new_session=True,  # its own process group, so stop() can end a stuck worker too
        )
    _running.add(process)
    listener.close()  # gunicorn holds its own copy; a stopped server then refuses connections
    server = Server(process=process, port=port, workers=workers, log_path=log_path, env=environment)
    failed = False
    try:
        if wait:
            server.wait_until_ready()
        yield server
    except BaseException:
        failed = True
        raise
    finally:
        server.stop()
        if failed:
            print(f"gunicorn's log is kept in {log_path}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


# The browser -----------------------------------------------------------------------------------------


def multipart(data: dict, files: dict[str, tuple[str, bytes, str]], boundary: str) -> bytes:
    """A multipart/form-data body: the fields of ``data`` and ``files`` as {field: (filename, content, type)}."""
    parts = []
    for name, value in data.items():
        for item in value if isinstance(value, (list, tuple)) else [value]:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{item}\r\n'.encode())
    for name, (filename, content, content_type) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts)


class Browser:
    """One browser (one cookie jar) behind the TLS proxy; use one per thread, or ``twin()`` for a second tab."""

    def __init__(self, server: Server):
        self.server = server
        self.cookies: dict[str, str] = {}
        self.csrf_token = ""

    def switch_to(self, server: Server) -> "Browser":
        """From now on this browser reaches another app server behind the same proxy (keeping its cookies)."""
        self.server = server
        return self

    def twin(self) -> "Browser":
        """A second tab of this browser: the same cookies and token, from now on kept apart."""
        other = Browser(self.server)
        other.cookies, other.csrf_token = dict(self.cookies), self.csrf_token
        return other

    def request(
        self,
        method: str,
        path: str,
        *,
        data: dict | None = None,
        files: dict[str, tuple[str, bytes, str]] | None = None,
        headers: dict[str, str] | None = None,
        barrier: threading.Barrier | None = None,
    ) -> Response:
        """One request on a fresh connection. ``data`` is sent as a form, as multipart/form-data with
        ``files`` ({field: (filename, content, content type)}). With a ``barrier`` the connection is opened
        first and the request sent when every party is waiting, so requests of many threads reach the
        server together."""
        body, content_type = None, None
        if files is not None:
            boundary = uuid.uuid4().hex
            body = multipart(data or {}, files, boundary)
            content_type = f"multipart/form-data; boundary={boundary}"
        elif data is not None:
            body, content_type = urlencode(data, doseq=True), "application/x-www-form-urlencoded"
        sent = {"X-Forwarded-Proto": "https", "Accept-Language": "nl", "User-Agent": "koers-resilience-tests"}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if body is not None:
            sent |= {
                "Content-Type": content_type,
                "Origin": self.server.origin,
                "Referer": self.server.origin + path,
            }
        sent |= headers or {}
        conn = http.client.HTTPConnection(HOST, self.server.port, timeout=REQUEST_TIMEOUT)
        try:
            conn.connect()
            if barrier is not None:
                barrier.wait()
            conn.request(method, path, body=body, headers=sent)
            raw = conn.getresponse()
            text = raw.read().decode("utf-8", errors="replace")
            for header in raw.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    if morsel["max-age"] == "0" or morsel.value == "":
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            response = Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, text)
        finally:
            conn.close()
        if token := CSRF_INPUT.search(text):
            self.csrf_token = html.unescape(token.group(1))
        return response

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict, **kwargs) -> Response:
        """Submit a form with the CSRF token of the page this browser read last (``files=`` to upload)."""
        return self.request("POST", path, data={"csrfmiddlewaretoken": self.csrf_token, **data}, **kwargs)

    def follow(self, response: Response) -> Response:
        """The page a redirect points to (on this server)."""
        if response.status not in (301, 302, 303, 307, 308):
            raise AssertionError(f"not a redirect: {response.status}")
        target = urlsplit(response.location)
        return self.get(target.path + (f"?{target.query}" if target.query else ""))

    def sign_in(self, email: str, password: str) -> "Browser":
        """Through the sign-in form, as a member does (django-axes and CSRF included)."""
        login = reverse("accounts:login")
        self.get(login)
        response = self.post(login, {"username": email, "password": password})
        if response.status != 302 or "sessionid" not in self.cookies:
            raise AssertionError(f"sign-in of {email} failed with {response.status}")
        return self


def signed_in(server: Server, people: Iterable, password: str, *, parallel: int = 8) -> list[Browser]:
    """A browser per person (in order), each signed in through the form."""
    return for_each(people, lambda person: server.browser().sign_in(person.email, password), parallel=parallel)


def for_each(items: Iterable, job: Callable, *, parallel: int = 8) -> list:
    """``job(item)`` for every item, a few at a time (not a race: for signing in and reading pages)."""
    with ThreadPoolExecutor(max_workers=parallel) as pool:
        return list(pool.map(job, items))


def all_at_once(jobs: list[Callable[[threading.Barrier], T]]) -> list[T]:
    """Run every job in its own thread, released together by one barrier; their results in order.

    Each job gets the barrier and passes it to ``Browser.request`` (or waits on it itself). An exception
    in any job fails the caller after all threads ended.
    """
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)
    errors: list[BaseException] = []

    def run(index: int, job: Callable[[threading.Barrier], T]) -> None:
        try:
            results[index] = job(barrier)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
            barrier.abort()  # the others must not wait for a party that never comes

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise AssertionError(f"{len(errors)} of {len(jobs)} requests failed: {errors[:3]!r}")
    return results
