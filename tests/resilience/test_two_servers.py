"""Two app servers behind one proxy, as docs/deployment.md sets them up: two gunicorn instances on one PostgreSQL
database and one Redis (KOERS_REDIS_URL). What one server does, the other sees at once:

- a session made on one server works on the other, and signing out on one signs out on both;
- a rate limit counts the requests to both servers together;
- a closed poll's cached counts, forgotten by a change on one server, are counted afresh on the other.

- each queued task runs exactly once with two task workers (``manage.py db_worker``, with the settings the two
  servers share) competing for the queue.

The Redis database of these tests (``KOERS_TEST_REDIS_URL``, by default database 14 on this machine) is emptied
before every test. Without a reachable Redis they are skipped, except in CI (``CI=true``), where they fail.
"""

import datetime
import json
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass

import pytest
import redis
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from koers.core.mail import serialise
from koers.core.tasks import send_messages
from koers.polls.models import Poll
from koers.polls.services import ballot_cast

from ..factories import PASSWORD, UserFactory, make_steering
from ..polls.conftest import make_poll, option
from .server import ROOT, Browser, Server, needs_postgresql, run_gunicorn

pytestmark = needs_postgresql

REDIS_URL = os.environ.get("KOERS_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
TASKS = 100  # queued at once for two workers
PREFIX = "koers:1:"  # KOERS_CACHE_PREFIX and Django's key version, before every key Koers stores in Redis


@dataclass
class Cluster:
    one: Server
    other: Server
    redis: redis.Redis
    environment: dict[str, str]  # what both servers run with, but their own port: for workers beside them


def reachable_redis() -> redis.Redis:
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Redis at {REDIS_URL} is needed in CI for the tests of two app servers: {error}")
        pytest.skip(f"no Redis at {REDIS_URL} ({error}); set KOERS_TEST_REDIS_URL")
    return client


@pytest.fixture(scope="module")
def two_servers(django_db_setup) -> Iterator[Cluster]:
    client = reachable_redis()
    client.flushdb()
    shared = {"KOERS_REDIS_URL": REDIS_URL, "KOERS_SECRET_KEY": secrets.token_urlsafe(64)}
    with ExitStack() as stack:
        one = stack.enter_context(run_gunicorn(workers=2, env=shared))
        other = stack.enter_context(run_gunicorn(workers=2, env=shared))
        environment = {k: v for k, v in one.env.items() if k != "KOERS_SITE_URL"}
        yield Cluster(one, other, client, environment)
    client.flushdb()
    client.close()


@pytest.fixture
def cluster(two_servers, transactional_db) -> Cluster:
    for server in (two_servers.one, two_servers.other):
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped:\n{server.log()[-4000:]}")
        server.mark()
    two_servers.redis.flushdb()
    return two_servers


def no_errors(cluster: Cluster) -> None:
    assert cluster.one.errors() == []
    assert cluster.other.errors() == []


def test_a_session_made_on_one_server_works_on_the_other(cluster):
    for server in (cluster.one, cluster.other):
        health = server.browser().get("/healthz")
        assert (health.status, json.loads(health.text)) == (200, {"status": "ok", "database": "ok", "cache": "ok"})
    member = UserFactory(full_name="Gerda Visser", email="gerda@horizon.example")
    browser = cluster.one.browser().sign_in(member.email, PASSWORD)
    session = browser.cookies["sessionid"]
    assert cluster.redis.exists(f"{PREFIX}django.contrib.sessions.cached_db{session}") == 1

    profile = browser.switch_to(cluster.other).get(reverse("accounts:profile"))
    assert profile.status == 200
    assert "Gerda Visser" in profile.text

    signed_out = browser.post(reverse("accounts:logout"), {})  # on the other server
    assert signed_out.status == 302
    assert cluster.redis.exists(f"{PREFIX}django.contrib.sessions.cached_db{session}") == 0
    browser.cookies["sessionid"] = session  # a copy of the old cookie, shown to the first server
    again = browser.switch_to(cluster.one).get(reverse("accounts:profile"))
    assert (again.status, again.location.split("?")[0]) == (302, reverse("accounts:login"))
    no_errors(cluster)


def test_a_rate_limit_counts_the_requests_to_both_servers(cluster):
    page = reverse("accounts:membership-request")
    visitor = {"X-Forwarded-For": "198.51.100.31"}  # the address the proxy saw
    browser = cluster.one.browser()
    browser.get(page, headers=visitor)
    statuses = []
    for n in range(6):  # five an hour from one address; the form is left empty, which counts all the same
        browser.switch_to(cluster.one if n % 2 == 0 else cluster.other)
        statuses.append(browser.post(page, {}, headers=visitor).status)
    assert statuses == [200, 200, 200, 200, 200, 429]
    assert browser.switch_to(cluster.one).post(page, {}, headers=visitor).status == 429
    assert int(cluster.redis.get(f"{PREFIX}koers-throttle:membership-request:198.51.100.31")) == 7

    someone_else = cluster.other.browser()
    someone_else.get(page, headers={"X-Forwarded-For": "198.51.100.32"})
    assert someone_else.post(page, {}, headers={"X-Forwarded-For": "198.51.100.32"}).status == 200
    no_errors(cluster)


def counts(browser: Browser, poll: Poll) -> tuple[list[int], int]:
    """The option counts and the respondents of a poll, as the API gives them to a signed-in member."""
    response = browser.get(f"/api/v1/polls/{poll.pk}/", headers={"Accept": "application/json"})
    assert response.status == 200, response.text[:500]
    results = json.loads(response.text)["results"]
    return [row["count"] for row in results["questions"][0]["options"]], results["respondents"]


def edit_form(poll: Poll, closes_at: datetime.datetime) -> dict[str, str]:
    """The poll's settings form as its page fills it in, with another closing time."""
    moment = "%Y-%m-%dT%H:%M"
    return {
        "title": poll.title,
        "kind": poll.kind,
        "description": poll.description,
        "audience": poll.audience,
        "unit": poll.unit,
        "visibility": poll.visibility,
        "opens_at": timezone.localtime(poll.opens_at).strftime(moment),
        "closes_at": timezone.localtime(closes_at).strftime(moment),
        "quorum": "",
        "dots": "",
        "max_per_option": "",
        "theme": "",
        "meeting": "",
    }


def test_counts_forgotten_on_one_server_are_counted_afresh_on_the_other(cluster):
    steering = UserFactory(full_name="Chantal Yilmaz", email="chantal@horizon.example")
    make_steering(steering)
    voters = UserFactory.create_batch(4)
    now = timezone.now().replace(second=0, microsecond=0)
    closing = now - datetime.timedelta(minutes=20)  # closed a while ago: its counts are final, so cached
    poll = make_poll(questions=[("Route", "een", ["Afspraak", "Feit"])], opens_at=now - datetime.timedelta(hours=2))
    for voter, choice in zip(voters[:3], ["Afspraak", "Afspraak", "Feit"], strict=True):
        ballot_cast(poll=poll, voter=voter, answers={poll.questions.get().pk: option(poll, choice).pk})
    Poll.objects.filter(pk=poll.pk).update(closes_at=closing)
    poll.refresh_from_db()

    member = cluster.one.browser().sign_in(voters[0].email, PASSWORD)
    assert counts(member, poll) == ([2, 1], 3)
    key = f"{PREFIX}koers:poll-counts:{poll.pk}:{closing.isoformat()}"
    assert cluster.redis.exists(key) == 1

    # Reopened for a late ballot, then set back to the first closing time on the other server.
    Poll.objects.filter(pk=poll.pk).update(closes_at=now + datetime.timedelta(hours=1))
    ballot_cast(poll=poll, voter=voters[3], answers={poll.questions.get().pk: option(poll, "Feit").pk})
    organiser = cluster.other.browser().sign_in(steering.email, PASSWORD)
    organiser.get(reverse("polls:poll-edit", args=[poll.pk]))
    saved = organiser.post(reverse("polls:poll-edit", args=[poll.pk]), edit_form(poll, closing))
    assert (saved.status, saved.location) == (302, reverse("polls:poll-questions", args=[poll.pk]))
    assert Poll.objects.get(pk=poll.pk).closes_at == closing
    assert cluster.redis.exists(key) == 0

    assert counts(member, poll) == ([2, 2], 4)  # on the first server
    assert counts(member.switch_to(cluster.other), poll) == ([2, 2], 4)
    no_errors(cluster)


def start_worker(cluster: Cluster, output) -> subprocess.Popen:
    """`manage.py db_worker` with the settings the two servers share, as koers-worker.service runs it; its mail is
    printed (the console backend) to ``output``."""
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval=0.05"]
    return subprocess.Popen(
        command, cwd=ROOT, env=cluster.environment, stdout=output, stderr=subprocess.PIPE, start_new_session=True
    )


def test_each_queued_task_runs_exactly_once_with_two_workers_competing(cluster, task_queue, tmp_path):
    recipients = [f"lid{n:03d}@college.example" for n in range(TASKS)]
    outputs = [tmp_path / "worker-one.txt", tmp_path / "worker-other.txt"]
    with ExitStack() as stack:
        workers = [start_worker(cluster, stack.enter_context(path.open("w"))) for path in outputs]
        for worker in workers:
            stack.callback(worker.wait, 30)
            stack.callback(worker.terminate)
        # Queued at once, in one transaction, while both workers are waiting for work.
        with transaction.atomic():
            for address in recipients:
                send_messages.enqueue(messages=[serialise(EmailMessage("Welkom", "Tekst", None, [address]))])
        deadline = time.monotonic() + 60
        while DBTaskResult.objects.exclude(status="SUCCESSFUL").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [worker.poll() for worker in workers] == [None, None]  # both were still running

    results = list(DBTaskResult.objects.all())
    assert (len(results), {result.status for result in results}) == (TASKS, {"SUCCESSFUL"})
    assert sorted(len(result.worker_ids) for result in results) == [1] * TASKS  # none was started twice
    assert len({result.worker_ids[0] for result in results}) == 2  # both workers took a share
    printed = [line.removeprefix("To: ") for path in outputs for line in path.read_text().splitlines()]
    mailed = sorted(line for line in printed if line.endswith("@college.example"))
    assert mailed == recipients  # every message sent once, by one of the two
