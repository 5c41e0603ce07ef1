"""The governance demo data: on top of the real demo, a completed chair election and an open vacancy."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from koers.accounts.models import User
from koers.core.models import AuditEvent
from koers.devdata.demo.governance import load_election
from koers.governance.models import Nomination, Vacancy
from koers.governance.selectors import vacancy_count
from koers.members.models import Position
from koers.notifications.models import Notification
from koers.polls.models import Ballot, Participation


def everything() -> dict:
    models = [Vacancy, Nomination, Position, Ballot, Participation, AuditEvent, Notification]
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture
def demo_people(db):
    call_command("load_demo", stdout=io.StringIO())
    return {user.email: user for user in User.objects.filter(email__endswith="@koers.example")}


def test_the_demo_has_a_confirmed_chair_election_and_an_open_vacancy(demo_people, mailoutbox):
    sitting = Position.objects.get(user__email="voorzitter@koers.example", kind="chair")
    assert sitting.end_date == timezone.localdate() + datetime.timedelta(days=40)
    notifications = Notification.objects.count()
    load_election(people=demo_people)

    chair = Vacancy.objects.get(title="Voorzitter regiegroep")
    assert (chair.kind, chair.status, chair.seats, chair.ranked) == ("chair", "bevestigd", 1, False)
    assert chair.term_start == sitting.end_date + datetime.timedelta(days=1)
    poll = chair.election
    assert (poll.is_closed, poll.anonymous, poll.election, poll.ballots.count()) == (True, True, True, 20)
    assert not Ballot.objects.filter(poll=poll, participation__isnull=False).exists()
    count, by_option = vacancy_count(vacancy=chair)
    assert [(by_option[c].nominee.full_name, votes) for c, votes in count.rounds[0].tallies] == [
        ("Eva Jansen", 12),
        ("Daan Smit", 8),
    ]
    new = Position.objects.get(kind="chair", start_date=chair.term_start)
    assert (new.user.email, new.end_date) == ("eva.jansen@koers.example", chair.term_end)
    assert Nomination.objects.get(vacancy=chair, elected=True).position == new
    sitting.refresh_from_db()
    assert sitting.end_date == timezone.localdate() + datetime.timedelta(days=40)  # steps down as planned

    open_ = Vacancy.objects.get(title="Lid regiegroep")
    assert (open_.status, open_.seats, open_.ranked, open_.taking_nominations) == ("open", 2, True, True)
    assert sorted(open_.nominations.values_list("nominee__email", "status")) == [
        ("hans.bos@koers.example", "aanvaard"),
        ("ilse.meijer@koers.example", "aanvaard"),
        ("lid@koers.example", "voorgedragen"),
    ]
    assert Notification.objects.count() == notifications and mailoutbox == []  # the demo tells nobody

    before = everything()
    load_election(people=demo_people)
    assert everything() == before  # a second run changes nothing
