"""Running the queued tasks in a test, as `manage.py db_worker --batch` does (with the `task_queue` fixture)."""

from unittest import mock

from django.test import TestCase
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def _run_due() -> int:
    before = DBTaskResult.objects.exclude(status="READY").count()
    # The worker closes "old" connections as a request would; inside a test's transaction Django counts the
    # connection as obsolete (autocommit is off) and closing it would end the test's transaction on PostgreSQL.
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None):
        _worker().run()
    return DBTaskResult.objects.exclude(status="READY").count() - before


def _worker() -> Worker:
    return Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )


def run_tasks() -> int:
    """Run every task that is due, then the ones they queued after their commits; returns how many ran.

    The test runs in one transaction, so what a task leaves for "after the commit" is run when it finishes.
    """
    total = 0
    while True:
        with TestCase.captureOnCommitCallbacks(execute=True):
            ran = _run_due()
        total += ran
        if not ran and not DBTaskResult.objects.ready().exists():
            return total


def queued() -> list[tuple[str, dict]]:
    """The tasks waiting to run: (function name, keyword arguments), oldest first."""
    return [
        (result.task_path.rsplit(".", 1)[1], result.args_kwargs["kwargs"])
        for result in DBTaskResult.objects.filter(status="READY").order_by("enqueued_at")
    ]
