import io

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from koers.accounts.notices import MEMBERSHIP_REQUESTED
from koers.advice.notices import FOLLOW_UP_ADDED
from koers.notifications import services
from koers.notifications.models import Frequency, Notification, NotificationPreference
from koers.notifications.registry import notice
from koers.notifications.services import notify

from ..accounts import failing_mail
from ..background import queued, run_tasks
from ..factories import UserFactory
from .helpers import tell


def prefer(user, kind: str, frequency: str) -> None:
    NotificationPreference.objects.create(user=user, kind=kind, frequency=frequency)


def test_immediate_mail_is_sent_only_after_commit(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        created = tell(recipients=[member], kind="meetings", subject="Nieuwe bijeenkomst", url="/x/")
        assert len(mail.outbox) == 0
    assert len(callbacks) == 1
    callbacks[0]()
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert mail.outbox[0].subject == "Nieuwe bijeenkomst"
    assert "http://127.0.0.1:8000/x/" in mail.outbox[0].body
    assert created[0].emailed_at is not None


def test_preferences_decide_who_gets_mail(member, other_member, django_capture_on_commit_callbacks):
    third = UserFactory()
    prefer(other_member, "polls", Frequency.DAILY)
    prefer(third, "polls", Frequency.OFF)
    with django_capture_on_commit_callbacks(execute=True):
        tell(recipients=[member, other_member, third], kind="polls", subject="Peiling geopend")
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert Notification.objects.filter(kind="polls").count() == 3
    assert list(
        Notification.objects.filter(emailed_at__isnull=True).order_by("user_id").values_list("user_id", flat=True)
    ) == [
        other_member.pk,
        third.pk,
    ]


def test_inactive_and_anonymised_members_are_skipped(member, other_member):
    other_member.is_active = False
    other_member.save()
    created = tell(recipients=[member, other_member], kind="advice", subject="Advies")
    assert [n.user_id for n in created] == [member.pk]


def test_subject_is_rendered_in_each_recipients_language(member, other_member, django_capture_on_commit_callbacks):
    other_member.language = "en"
    other_member.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[member, other_member], notice=MEMBERSHIP_REQUESTED, params={"institution": "Albeda"})
    assert {m.to[0]: m.subject for m in mail.outbox} == {
        member.email: "Nieuwe lidmaatschapsaanvraag (Albeda)",
        other_member.email: "New membership request (Albeda)",
    }
    # The text as sent is kept too, for a message that is no longer declared.
    assert dict(Notification.objects.values_list("user_id", "subject")) == {
        member.pk: "Nieuwe lidmaatschapsaanvraag (Albeda)",
        other_member.pk: "New membership request (Albeda)",
    }


def test_notification_is_shown_in_the_readers_language(client, settings, member):
    """Created while the site spoke Dutch, read in the English interface: English, not the Dutch of that moment."""
    with translation.override("nl"):
        notify(
            recipients=[member],
            notice=FOLLOW_UP_ADDED,
            params={"title": "OOAPI", "progress": 40, "state": "vertraagd", "text": "Leverancier wacht."},
        )
    notification = Notification.objects.get()
    assert (notification.message, notification.params) == (
        "advice.follow_up_added",
        {"title": "OOAPI", "progress": 40, "state": "vertraagd", "text": "Leverancier wacht."},
    )
    client.force_login(member)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("notifications:list")).content.decode()
    assert "OOAPI: follow-up 40% (Delayed)" in page
    assert "Progress: 40%. State: Delayed." in page
    assert "opvolging" not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    assert "OOAPI: opvolging 40% (Vertraagd)" in client.get(reverse("notifications:list")).content.decode()


def test_a_notification_stored_as_text_still_shows_its_text(member):
    """Stored before messages were declared (or its message is gone): shown as stored."""
    old = Notification.objects.create(user=member, kind="advice", subject="Oud onderwerp", body="Oude tekst")
    gone = Notification.objects.create(
        user=member, kind="advice", message="advice.gone", params={}, subject="Bewaard", body="Als verstuurd"
    )
    with translation.override("en"):
        assert [(n.shown_subject, n.shown_body) for n in (old, gone)] == [
            ("Oud onderwerp", "Oude tekst"),
            ("Bewaard", "Als verstuurd"),
        ]


def test_a_message_key_is_declared_once():
    with pytest.raises(ImproperlyConfigured):
        notice(key="advice.decided", kind="advice", subject="x")


def test_daily_digest_bundles_pending_notifications_once(member, other_member, django_capture_on_commit_callbacks):
    prefer(member, "polls", Frequency.DAILY)
    prefer(member, "meetings", Frequency.DAILY)
    prefer(other_member, "polls", Frequency.WEEKLY)
    tell(recipients=[member, other_member], kind="polls", subject="Peiling A")
    tell(recipients=[member], kind="meetings", subject="Bijeenkomst B")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", "daily", stdout=io.StringIO())
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == [member.email]
    assert digest.subject == "Koers: 2 nieuwe meldingen vandaag"
    assert "- Peiling A" in digest.body and "- Bijeenkomst B" in digest.body
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", "daily", stdout=io.StringIO())
    assert len(mail.outbox) == 1  # nothing sent twice
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", "weekly", stdout=io.StringIO())
    assert [m.to for m in mail.outbox[1:]] == [[other_member.email]]
    assert mail.outbox[1].subject == "Koers: 1 nieuwe melding deze week"


def test_preferences_page_saves_choices(member_client, member):
    data = {"polls": "weekly", "meetings": "off", "advice": "daily", "comments": "immediate", "membership": "immediate"}
    response = member_client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 302
    assert dict(NotificationPreference.objects.filter(user=member).values_list("kind", "frequency")) == data


def test_preferences_page_refuses_unknown_frequency(member_client, member):
    data = {"polls": "hourly", "meetings": "off", "advice": "daily", "comments": "immediate", "membership": "immediate"}
    response = member_client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert NotificationPreference.objects.count() == 0


def test_list_and_mark_read(member_client, member, other_member):
    tell(recipients=[member], kind="meetings", subject="Voor jou")
    tell(recipients=[other_member], kind="meetings", subject="Niet voor jou")
    page = member_client.get(reverse("notifications:list")).content.decode()
    assert "Voor jou" in page and "Niet voor jou" not in page
    member_client.post(reverse("notifications:mark-read"))
    assert Notification.objects.filter(user=member, read_at__isnull=True).count() == 0
    assert Notification.objects.filter(user=other_member, read_at__isnull=True).count() == 1


@pytest.mark.parametrize("frequency", ["hourly"])
def test_digest_command_rejects_unknown_frequency(frequency):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("send_digests", frequency)


def test_failing_digest_marks_nothing_and_others_still_get_theirs(
    member, other_member, settings, task_queue, django_capture_on_commit_callbacks
):
    prefer(member, "polls", Frequency.DAILY)
    prefer(other_member, "polls", Frequency.DAILY)
    tell(recipients=[member, other_member], kind="polls", subject="Peiling")
    settings.EMAIL_BACKEND = "tests.accounts.failing_mail.Partly"
    failing_mail.UNREACHABLE.add(member.email)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            assert services.digest_send(frequency="daily") == 2
        assert run_tasks() == 2
    finally:
        failing_mail.UNREACHABLE.clear()
    assert [m.to for m in mail.outbox] == [[other_member.email]]
    assert Notification.objects.get(user=member).emailed_at is None
    assert Notification.objects.get(user=other_member).emailed_at is not None
    # The member's digest waits for its second attempt.
    assert queued() == [("send_digest", {"user_id": member.pk, "kinds": ["polls"], "frequency": "daily", "attempt": 2})]


def test_failing_immediate_mail_does_not_raise(member, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.accounts.failing_mail.Backend"
    with django_capture_on_commit_callbacks(execute=True):
        created = tell(recipients=[member], kind="meetings", subject="Bijeenkomst")
    assert len(created) == 1
