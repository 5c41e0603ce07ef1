"""E-mail leaves the request: tasks send it after the commit, retry a failing mail server, then fail visibly."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from koers.notifications import tasks as notification_tasks
from koers.notifications.models import Frequency, Notification, NotificationPreference

from ..accounts import failing_mail
from ..background import queued, run_tasks
from ..factories import MembershipRequestFactory, UserFactory
from ..notifications.helpers import tell
from ..polls.conftest import HOUR, make_poll


@pytest.fixture
def unreachable(settings):
    """A mail server that drops the connection for the addresses a test puts in the set."""
    settings.EMAIL_BACKEND = "tests.accounts.failing_mail.Partly"
    yield failing_mail.UNREACHABLE
    failing_mail.UNREACHABLE.clear()


def results() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.order_by("enqueued_at"))


def due_now() -> None:
    """Let the clock pass the back-off: every waiting task is due."""
    DBTaskResult.objects.filter(status="READY").update(run_after=datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC))


def test_an_invitation_is_sent_by_the_task_not_in_the_request(
    client, steering, institution, task_queue, django_capture_on_commit_callbacks
):
    request = MembershipRequestFactory(institution=institution, email="nieuw@davinci.example")
    client.force_login(steering)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:membership-request-approve", kwargs={"pk": request.pk}))
    assert response.status_code == 302
    assert mail.outbox == []
    assert [name for name, _ in queued()] == ["send_messages"]
    (message,) = queued()[0][1]["messages"]
    assert (message["to"], message["subject"]) == (["nieuw@davinci.example"], "Welkom bij Koers: kies je wachtwoord")
    assert run_tasks() == 1
    assert [(m.to, m.subject, m.reply_to) for m in mail.outbox] == [
        (["nieuw@davinci.example"], "Welkom bij Koers: kies je wachtwoord", ["regiegroep@koers.example"])
    ]


def test_notify_stores_in_bulk_and_leaves_the_mails_to_tasks_in_batches(
    db, task_queue, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(notification_tasks, "MAIL_BATCH", 2)
    people = [UserFactory(language="en" if n == 4 else "nl") for n in range(5)]
    NotificationPreference.objects.create(user=people[3], kind="meetings", frequency=Frequency.DAILY)
    with django_capture_on_commit_callbacks(execute=True):
        created = tell(recipients=people, kind="meetings", subject="Nieuwe bijeenkomst", url="/x/")
    assert len(created) == Notification.objects.count() == 5
    assert mail.outbox == []
    ids = [n.pk for n in created if n.user_id != people[3].pk]
    assert queued() == [
        ("send_notifications", {"ids": ids[:2], "attachment": None}),
        ("send_notifications", {"ids": ids[2:], "attachment": None}),
    ]
    assert run_tasks() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people if p != people[3])


def test_a_failing_mail_server_is_retried_with_back_off_then_the_task_fails(
    member, task_queue, unreachable, django_capture_on_commit_callbacks
):
    unreachable.add(member.email)
    with django_capture_on_commit_callbacks(execute=True):
        (notification,) = tell(recipients=[member], kind="meetings", subject="Bijeenkomst")
    for _ in range(4):
        assert run_tasks() == 1
        due_now()
    assert run_tasks() == 0
    attempts = results()
    assert [r.status for r in attempts] == ["SUCCESSFUL", "SUCCESSFUL", "SUCCESSFUL", "FAILED"]
    assert [r.args_kwargs["kwargs"].get("attempt", 1) for r in attempts] == [1, 2, 3, 4]
    assert [r.return_value["retry"] for r in attempts[:3]] == [2, 3, 4]
    # Each retry waits longer: 1, 5 and 25 minutes after the attempt before it.
    waits = [
        round((datetime.datetime.fromisoformat(r.return_value["run_after"]) - r.finished_at).total_seconds() / 60)
        for r in attempts[:3]
    ]
    assert waits == [1, 5, 25]
    assert attempts[3].exception_class_path == "builtins.ConnectionRefusedError"
    assert mail.outbox == []
    assert Notification.objects.get().pk == notification.pk


def test_a_retry_sends_only_what_the_server_did_not_take(
    member, other_member, task_queue, unreachable, django_capture_on_commit_callbacks
):
    unreachable.add(other_member.email)
    with django_capture_on_commit_callbacks(execute=True):
        created = tell(recipients=[member, other_member], kind="meetings", subject="Bijeenkomst")
    assert run_tasks() == 1
    assert [m.to for m in mail.outbox] == [[member.email]]
    retry = [n.pk for n in created if n.user_id == other_member.pk]
    assert queued() == [("send_notifications", {"ids": retry, "attachment": None, "attempt": 2})]
    unreachable.clear()
    due_now()
    assert run_tasks() == 1
    assert [m.to for m in mail.outbox] == [[member.email], [other_member.email]]
    assert [r.status for r in results()] == ["SUCCESSFUL", "SUCCESSFUL"]


def test_administrators_see_failed_tasks_on_beheer(client, admin_user, task_queue):
    client.force_login(admin_user)
    assert "0 achtergrondtaken zijn mislukt" in client.get("/beheer/").content.decode()
    DBTaskResult.objects.create(
        task_path="koers.core.tasks.send_messages",
        backend_name="default",
        args_kwargs={"args": [], "kwargs": {"messages": []}},
        status="FAILED",
    )
    page = client.get("/beheer/").content.decode()
    assert '<p class="errornote" id="failed-tasks">1 achtergrondtaak is mislukt (ook na herhaalde pogingen).' in page
    link = reverse("admin:django_tasks_database_dbtaskresult_changelist") + "?status__exact=FAILED"
    assert f'<a href="{link}">Bekijk de mislukte taken</a>' in page
    assert client.get(link).status_code == 200


def test_the_digest_command_queues_one_task_per_member(
    member, other_member, task_queue, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(user=member, kind="polls", frequency=Frequency.DAILY)
    NotificationPreference.objects.create(user=other_member, kind="polls", frequency=Frequency.DAILY)
    NotificationPreference.objects.create(user=other_member, kind="advice", frequency=Frequency.DAILY)
    tell(recipients=[member, other_member], kind="polls", subject="Peiling A")
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", "daily", stdout=out)
    assert out.getvalue() == "2 digest(s) queued\n"
    assert mail.outbox == []
    assert queued() == [
        ("send_digest", {"user_id": member.pk, "kinds": ["polls"], "frequency": "daily"}),
        ("send_digest", {"user_id": other_member.pk, "kinds": ["advice", "polls"], "frequency": "daily"}),
    ]
    assert run_tasks() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([member.email, other_member.email])


def test_the_reminder_command_queues_one_task_per_poll(
    member, other_member, task_queue, django_capture_on_commit_callbacks
):
    make_poll(title="Route OOAPI", closes_at=timezone.now() + 48 * HOUR)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_poll_reminders", stdout=out)
    assert out.getvalue() == "1 poll(s) announced, 0 reminder(s) sent, 0 closing(s) recorded\n"
    assert Notification.objects.count() == 0 and mail.outbox == []
    assert [name for name, _ in queued()] == ["poll_notify"]
    assert run_tasks() == 2  # the poll's notice, then one batch of mails
    assert sorted(m.to[0] for m in mail.outbox) == sorted([member.email, other_member.email])
    assert {m.subject for m in mail.outbox} == {"Nieuwe peiling: Route OOAPI"}
