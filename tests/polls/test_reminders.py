"""Announcements when a poll opens and one reminder before it closes, by the cron command."""

import io

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from koers.accounts.models import User
from koers.notifications.models import Frequency, Notification, NotificationPreference
from koers.polls.models import Poll
from koers.polls.services import ballot_cast

from ..factories import UserFactory
from .conftest import HOUR, make_poll, option


def run() -> str:
    out = io.StringIO()
    call_command("send_poll_reminders", stdout=out)
    return out.getvalue().strip()


def test_opening_is_announced_once_and_opted_out_members_get_no_mail(
    member, other_member, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(user=other_member, kind="polls", frequency=Frequency.OFF)
    poll = make_poll(title="Route OOAPI", closes_at=timezone.now() + 48 * HOUR)
    english = UserFactory(language="en")
    voted = UserFactory()
    ballot_cast(poll=poll, voter=voted, answers={poll.questions.get().pk: option(poll, "Ja").pk})
    with django_capture_on_commit_callbacks(execute=True):
        assert run() == "1 poll(s) announced, 0 reminder(s) sent, 0 closing(s) recorded"
        assert run() == "0 poll(s) announced, 0 reminder(s) sent, 0 closing(s) recorded"
    assert {m.to[0]: m.subject for m in mail.outbox} == {
        member.email: "Nieuwe peiling: Route OOAPI",
        english.email: "New poll: Route OOAPI",
    }
    assert Notification.objects.filter(user=other_member, subject="Nieuwe peiling: Route OOAPI").count() == 1
    assert Poll.objects.get(pk=poll.pk).opening_sent_at is not None


def test_reminder_goes_once_to_those_who_have_not_voted(member, other_member, django_capture_on_commit_callbacks):
    now = timezone.now()
    poll = make_poll(title="ICT-monitor", closes_at=now + 5 * HOUR)
    Poll.objects.filter(pk=poll.pk).update(opening_sent_at=now - HOUR)
    ballot_cast(poll=poll, voter=member, answers={poll.questions.get().pk: option(poll, "Ja").pk})
    english = UserFactory(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        assert run() == "0 poll(s) announced, 1 reminder(s) sent, 0 closing(s) recorded"
        assert run() == "0 poll(s) announced, 0 reminder(s) sent, 0 closing(s) recorded"
    sent = {m.to[0]: m.subject for m in mail.outbox}
    assert sent == {
        other_member.email: "Herinnering: ICT-monitor sluit binnenkort",
        english.email: "Reminder: ICT-monitor closes soon",
    }


def test_institution_polls_remind_only_institutions_without_a_vote(
    member, institution, other_member, django_capture_on_commit_callbacks
):
    now = timezone.now()
    poll = make_poll(unit=Poll.Unit.INSTITUTION, closes_at=now + 2 * HOUR)
    colleague = UserFactory(institution=institution)
    ballot_cast(poll=poll, voter=member, answers={poll.questions.get().pk: option(poll, "Ja").pk})
    with django_capture_on_commit_callbacks(execute=True):
        run()
    reminded = set(Notification.objects.filter(subject__startswith="Herinnering").values_list("user", flat=True))
    assert other_member.pk in reminded and colleague.pk not in reminded and member.pk not in reminded


def test_the_command_records_the_turnout_of_polls_that_closed(member):
    poll = make_poll(quorum=50, opens_at=timezone.now() - 3 * HOUR)
    User.objects.update(date_joined=timezone.now() - 2 * HOUR)  # a member before the closing
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - HOUR, opening_sent_at=timezone.now() - HOUR)
    assert run() == "0 poll(s) announced, 0 reminder(s) sent, 1 closing(s) recorded"
    assert run() == "0 poll(s) announced, 0 reminder(s) sent, 0 closing(s) recorded"
    poll.refresh_from_db()
    assert (poll.audience_at_closing, poll.institutions_at_closing, poll.quorum_at_closing) == (1, 0, 50)
