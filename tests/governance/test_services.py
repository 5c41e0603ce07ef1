"""Every rule of vacancies, nominations, elections and confirming the result; a refusal writes nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from koers.core.models import AuditEvent
from koers.governance.models import (
    MSG_CLOSES_IN_PAST,
    MSG_ONE_SEAT,
    MSG_TERM_BEFORE_DEADLINE,
    MSG_TERM_END_BEFORE_START,
    Nomination,
    Vacancy,
)
from koers.governance.services import (
    MSG_ALREADY_DECIDED,
    MSG_ALREADY_NOMINATED,
    MSG_ALREADY_RUNNING,
    MSG_CANNOT_CANCEL,
    MSG_CHOICE_NOT_COUNT,
    MSG_CHOICE_NOT_POSSIBLE,
    MSG_CLOSES_AFTER_TERM_START,
    MSG_DEADLINE_PAST,
    MSG_ELECTION_ALREADY_CLOSED,
    MSG_ELECTION_NOT_CLOSED,
    MSG_KIND_LOCKED,
    MSG_NO_BALLOTS,
    MSG_NO_ELECTION,
    MSG_NOMINATIONS_CLOSED,
    MSG_NOMINATIONS_STILL_OPEN,
    MSG_NOMINEE_INACTIVE,
    MSG_NOT_OPEN,
    MSG_ONLY_NOMINEE,
    MSG_POSITION_REFUSED,
    MSG_WITHDRAW_NOT_ALLOWED,
    election_close,
    election_start,
    nomination_accept,
    nomination_create,
    nomination_decline,
    nomination_withdraw,
    result_confirm,
    vacancy_cancel,
    vacancy_open,
    vacancy_update,
)
from koers.members.models import Position
from koers.members.services import MSG_CHAIR_OVERLAP, MSG_POSITION_OVERLAP
from koers.notifications.models import Notification
from koers.polls.models import Ballot, Participation, Poll
from koers.polls.services import MSG_ELECTION_FIXED, poll_close, reminders_send

from ..factories import UserFactory
from .conftest import (
    HOUR,
    candidates,
    close_election,
    day,
    end_nominations,
    open_vacancy,
    option_of,
    start_election,
    vacancy_data,
    vote,
    votes,
)

ALL = [Vacancy, Nomination, AuditEvent, Notification, Position, Poll, Ballot]


def snapshot() -> dict:
    return {model.__name__: model.objects.count() for model in ALL}


def refused(call, expected, **kwargs):
    """The call is refused with exactly ``expected`` ({field: message} or a message) and writes nothing."""
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        call(**kwargs)
    if isinstance(expected, dict):
        assert {k: [str(m) for m in v] for k, v in error.value.message_dict.items()} == {
            k: [str(expected[k])] for k in expected
        }
    else:
        assert [str(m) for m in error.value.messages] == [str(expected)]
    assert snapshot() == before


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("action", flat=True))


def subjects(user) -> list[str]:
    return list(Notification.objects.filter(user=user).order_by("id").values_list("subject", flat=True))


# Opening and changing a vacancy ------------------------------------------------------------------------


def test_opening_a_vacancy_stores_it_audits_and_tells_the_members_after_commit(
    steering, member, other_member, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        vacancy = open_vacancy(steering, seats=2, ranked=True, term_end=day(790))
    vacancy.refresh_from_db()
    assert (
        vacancy.kind,
        vacancy.title,
        vacancy.seats,
        vacancy.ranked,
        vacancy.nominations_open_until,
        vacancy.term_start,
        vacancy.term_end,
        vacancy.status,
        vacancy.created_by,
        vacancy.election,
    ) == ("steering_member", "Lid regiegroep", 2, True, day(7), day(60), day(790), "open", steering, None)
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.target_id) == ("vacancy.opened", steering, str(vacancy.pk))
    assert event.data == {
        "kind": "steering_member",
        "seats": 2,
        "ranked": True,
        "nominations_open_until": str(day(7)),
        "term_start": str(day(60)),
        "term_end": str(day(790)),
    }
    assert subjects(member) == subjects(other_member) == ["Vacature: Lid regiegroep"]
    assert subjects(steering) == []  # who opened it knows
    assert sorted(m.to[0] for m in mailoutbox) == sorted([member.email, other_member.email])
    assert mailoutbox[0].subject == "Vacature: Lid regiegroep"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"kind": "chair", "seats": 2}, {"seats": MSG_ONE_SEAT}),
        ({"kind": "secretary", "seats": 3}, {"seats": MSG_ONE_SEAT}),
        ({"nominations_open_until": day(-1)}, {"nominations_open_until": MSG_DEADLINE_PAST}),
        ({"term_start": day(7)}, {"term_start": MSG_TERM_BEFORE_DEADLINE}),
        ({"term_end": day(59)}, {"term_end": MSG_TERM_END_BEFORE_START}),
    ],
)
def test_a_vacancy_with_impossible_seats_or_dates_is_refused(steering, changes, expected):
    refused(vacancy_open, expected, actor=steering, data=vacancy_data(**changes))


@pytest.mark.parametrize("kind", ["chair", "secretary"])
def test_one_running_vacancy_for_chair_and_for_secretary(steering, kind):
    open_vacancy(steering, kind=kind)
    refused(vacancy_open, {"kind": MSG_ALREADY_RUNNING}, actor=steering, data=vacancy_data(kind=kind, title="Nog een"))
    open_vacancy(steering)  # members of the steering group, meanwhile, may be sought in two rounds
    open_vacancy(steering)


def test_a_cancelled_vacancy_no_longer_blocks_a_new_one(steering):
    vacancy_cancel(actor=steering, vacancy=open_vacancy(steering, kind="chair"))
    assert open_vacancy(steering, kind="chair").status == "open"


def test_changing_to_a_position_with_a_running_vacancy_is_refused(steering):
    open_vacancy(steering, kind="chair")
    other = open_vacancy(steering)
    data = vacancy_data(kind="chair")
    refused(vacancy_update, {"kind": MSG_ALREADY_RUNNING}, actor=steering, vacancy=other, data=data)


def test_the_database_keeps_the_vacancy_rules(steering):
    good = {k: v for k, v in vacancy_data().items()}
    for changes in (
        {"kind": "chair", "seats": 2},
        {"seats": 0},
        {"term_start": day(7)},
        {"term_end": day(10)},
        {"status": "verkiezing"},  # an election without a poll
        {"status": "bevestigd"},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Vacancy.objects.create(**{**good, **changes})
    Vacancy.objects.create(**{**good, "kind": "chair"})
    with pytest.raises(IntegrityError), transaction.atomic():
        Vacancy.objects.create(**{**good, "kind": "chair"})  # a second running vacancy for the chair


def test_updating_an_open_vacancy_audits_what_changed(steering):
    vacancy = open_vacancy(steering)
    vacancy_update(
        actor=steering, vacancy=vacancy, data=vacancy_data(title="Lid regiegroep 2027", nominations_open_until=day(14))
    )
    vacancy.refresh_from_db()
    assert (vacancy.title, vacancy.nominations_open_until) == ("Lid regiegroep 2027", day(14))
    event = AuditEvent.objects.filter(action="vacancy.changed").get()
    assert event.data["changed"] == ["nominations_open_until", "title"]


def test_a_past_last_day_may_stay_but_may_not_be_chosen(steering):
    vacancy = end_nominations(open_vacancy(steering))
    vacancy_update(actor=steering, vacancy=vacancy, data=vacancy_data(title="Anders", nominations_open_until=day(-1)))
    refused(
        vacancy_update,
        {"nominations_open_until": MSG_DEADLINE_PAST},
        actor=steering,
        vacancy=vacancy,
        data=vacancy_data(nominations_open_until=day(-2)),
    )
    vacancy_update(actor=steering, vacancy=vacancy, data=vacancy_data(nominations_open_until=day(3)))  # extended


def test_the_position_is_fixed_once_someone_is_nominated(steering, member):
    vacancy = open_vacancy(steering)
    vacancy_update(actor=steering, vacancy=vacancy, data=vacancy_data(kind="secretary"))
    nomination_create(actor=member, vacancy=vacancy, nominee=member)
    refused(vacancy_update, {"kind": MSG_KIND_LOCKED}, actor=steering, vacancy=vacancy, data=vacancy_data(kind="chair"))


def test_no_changes_once_the_election_started(steering, people):
    vacancy = open_vacancy(steering)
    start_election(vacancy, steering, people[:2])
    refused(vacancy_update, MSG_NOT_OPEN, actor=steering, vacancy=vacancy, data=vacancy_data(title="Anders"))


# Nominations -------------------------------------------------------------------------------------------


def test_a_self_nomination_is_a_candidacy_at_once(steering, member, django_capture_on_commit_callbacks, mailoutbox):
    vacancy = open_vacancy(steering)
    Notification.objects.all().delete()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        nomination = nomination_create(actor=member, vacancy=vacancy, nominee=member, motivation="Ik wil graag.")
    assert (nomination.status, nomination.nominated_by, nomination.motivation) == ("aanvaard", member, "Ik wil graag.")
    assert nomination.decided_at is not None and nomination.is_self_nomination
    event = AuditEvent.objects.filter(action="nomination.created").get()
    assert event.data == {"nominee": member.pk, "self": True, "status": "aanvaard"}
    assert member.full_name not in event.target_repr  # the audit log keeps no names of candidates
    assert Notification.objects.count() == 0 and mailoutbox == []


def test_nominating_someone_else_asks_them_once_after_commit(
    steering, member, other_member, django_capture_on_commit_callbacks, mailoutbox
):
    vacancy = open_vacancy(steering)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        nomination = nomination_create(actor=member, vacancy=vacancy, nominee=other_member)
    assert mailoutbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert (nomination.status, nomination.decided_at) == ("voorgedragen", None)
    assert subjects(other_member) == ["Je bent voorgedragen: Lid regiegroep"]
    assert Notification.objects.count() == 1
    assert [(m.to, m.subject) for m in mailoutbox] == [([other_member.email], "Je bent voorgedragen: Lid regiegroep")]
    assert "Gerda Visser draagt je voor." in mailoutbox[0].body


def test_nominating_is_refused_after_the_last_day(steering, member):
    vacancy = end_nominations(open_vacancy(steering))
    message = MSG_NOMINATIONS_CLOSED % {"date": f"{day(-1):%d-%m-%Y}"}
    refused(nomination_create, message, actor=member, vacancy=vacancy, nominee=member)


def test_only_active_members_can_be_candidates(steering, member):
    vacancy = open_vacancy(steering)
    gone = UserFactory(is_active=False)
    refused(nomination_create, {"nominee": MSG_NOMINEE_INACTIVE}, actor=member, vacancy=vacancy, nominee=gone)
    erased = UserFactory(anonymised_at=timezone.now())
    refused(nomination_create, {"nominee": MSG_NOMINEE_INACTIVE}, actor=member, vacancy=vacancy, nominee=erased)


def test_nobody_is_nominated_twice(steering, member, other_member):
    vacancy = open_vacancy(steering)
    nomination_create(actor=member, vacancy=vacancy, nominee=other_member)
    message = MSG_ALREADY_NOMINATED % {"name": "Hans Bos"}
    refused(nomination_create, {"nominee": message}, actor=steering, vacancy=vacancy, nominee=other_member)
    refused(nomination_create, {"nominee": message}, actor=other_member, vacancy=vacancy, nominee=other_member)
    with pytest.raises(IntegrityError), transaction.atomic():
        Nomination.objects.create(vacancy=vacancy, nominee=other_member, nominated_by=steering)


def test_nominating_is_refused_once_the_election_started_or_the_vacancy_is_cancelled(steering, member, people):
    vacancy = open_vacancy(steering)
    start_election(vacancy, steering, people[:2])
    refused(nomination_create, MSG_NOT_OPEN, actor=member, vacancy=vacancy, nominee=member)
    cancelled = open_vacancy(steering, kind="secretary", title="Secretaris")
    vacancy_cancel(actor=steering, vacancy=cancelled)
    refused(nomination_create, MSG_NOT_OPEN, actor=member, vacancy=cancelled, nominee=member)


def test_only_the_nominee_accepts_or_declines(steering, member, other_member):
    vacancy = open_vacancy(steering)
    nomination = nomination_create(actor=member, vacancy=vacancy, nominee=other_member)
    for actor in (member, steering):
        refused(nomination_accept, MSG_ONLY_NOMINEE, actor=actor, nomination=nomination)
        refused(nomination_decline, MSG_ONLY_NOMINEE, actor=actor, nomination=nomination)
    nomination_accept(actor=other_member, nomination=nomination)
    nomination.refresh_from_db()
    assert nomination.status == "aanvaard" and nomination.decided_at is not None
    assert actions()[-1] == "nomination.accepted"
    refused(nomination_decline, MSG_ALREADY_DECIDED, actor=other_member, nomination=nomination)


def test_a_declined_nomination_stays_declined(steering, member, other_member):
    vacancy = open_vacancy(steering)
    nomination = nomination_create(actor=member, vacancy=vacancy, nominee=other_member)
    nomination_decline(actor=other_member, nomination=nomination)
    nomination.refresh_from_db()
    assert nomination.status == "afgewezen"
    assert actions()[-1] == "nomination.declined"
    refused(nomination_accept, MSG_ALREADY_DECIDED, actor=other_member, nomination=nomination)
    message = MSG_ALREADY_NOMINATED % {"name": "Hans Bos"}
    refused(nomination_create, {"nominee": message}, actor=member, vacancy=vacancy, nominee=other_member)
    # Changing one's mind while nominating is open: the member stands after all.
    assert nomination_create(actor=other_member, vacancy=vacancy, nominee=other_member).status == "aanvaard"


def test_accepting_is_refused_once_the_election_started(steering, member, other_member, people):
    vacancy = open_vacancy(steering)
    pending = nomination_create(actor=member, vacancy=vacancy, nominee=other_member)
    start_election(vacancy, steering, people[:2])
    refused(nomination_accept, MSG_NOT_OPEN, actor=other_member, nomination=pending)
    assert option_of(vacancy, other_member) is None  # not on the ballot


def test_withdrawing_by_the_nominee_or_while_pending_by_the_nominator(steering, member, other_member, people):
    vacancy = open_vacancy(steering)
    pending = nomination_create(actor=member, vacancy=vacancy, nominee=other_member)
    refused(nomination_withdraw, MSG_WITHDRAW_NOT_ALLOWED, actor=steering, nomination=pending)
    nomination_withdraw(actor=member, nomination=pending)
    pending.refresh_from_db()
    assert pending.status == "ingetrokken"
    event = AuditEvent.objects.filter(action="nomination.withdrawn").get()
    assert event.data == {"nominee": other_member.pk, "previous": "voorgedragen"}
    accepted = nomination_create(actor=member, vacancy=vacancy, nominee=people[0])
    nomination_accept(actor=people[0], nomination=accepted)
    refused(nomination_withdraw, MSG_WITHDRAW_NOT_ALLOWED, actor=member, nomination=accepted)  # accepted: theirs
    nomination_withdraw(actor=people[0], nomination=accepted)
    refused(nomination_withdraw, MSG_WITHDRAW_NOT_ALLOWED, actor=people[0], nomination=accepted)  # once


def test_withdrawing_is_refused_once_the_election_started(steering, people):
    vacancy = open_vacancy(steering)
    start_election(vacancy, steering, people[:2])
    nomination = Nomination.objects.get(nominee=people[0])
    refused(nomination_withdraw, MSG_NOT_OPEN, actor=people[0], nomination=nomination)


# Starting and closing the election ---------------------------------------------------------------------


def test_the_election_starts_only_after_the_last_day_to_nominate(steering, people):
    vacancy = open_vacancy(steering)
    candidates(vacancy, people[:2])
    message = MSG_NOMINATIONS_STILL_OPEN % {"date": f"{day(7):%d-%m-%Y}"}
    refused(election_start, message, actor=steering, vacancy=vacancy, closes_at=timezone.now() + 48 * HOUR)


def test_the_election_needs_more_accepted_candidates_than_seats(steering, member, people):
    vacancy = open_vacancy(steering, seats=2)
    candidates(vacancy, people[:2])
    nomination_create(actor=people[0], vacancy=vacancy, nominee=member)  # not accepted: not a candidate
    end_nominations(vacancy)
    message = (
        "Een verkiezing heeft meer kandidaten nodig dan zetels: 2 aanvaarde kandidaten voor 2 zetels. "
        "Verleng de termijn om voor te dragen, of trek de vacature in."
    )
    refused(election_start, message, actor=steering, vacancy=vacancy, closes_at=timezone.now() + 48 * HOUR)


def test_a_candidate_who_left_is_not_on_the_ballot(steering, people):
    vacancy = open_vacancy(steering)
    candidates(vacancy, people[:2])
    end_nominations(vacancy)
    people[1].is_active = False
    people[1].save()
    message = (
        "Een verkiezing heeft meer kandidaten nodig dan zetels: 1 aanvaarde kandidaat voor 1 zetel. "
        "Verleng de termijn om voor te dragen, of trek de vacature in."
    )
    refused(election_start, message, actor=steering, vacancy=vacancy, closes_at=timezone.now() + 48 * HOUR)


def test_the_election_closes_in_the_future_before_the_term_starts(steering, people):
    vacancy = open_vacancy(steering)
    candidates(vacancy, people[:2])
    end_nominations(vacancy)
    for closes, message in (
        (-HOUR, MSG_CLOSES_IN_PAST),
        (60 * 24 * HOUR, MSG_CLOSES_AFTER_TERM_START % {"date": f"{day(60):%d-%m-%Y}"}),
    ):
        expected = {"closes_at": message}
        refused(election_start, expected, actor=steering, vacancy=vacancy, closes_at=timezone.now() + closes)


def test_starting_the_election_publishes_a_secret_poll_and_calls_everyone_once(
    steering, member, people, institution, django_capture_on_commit_callbacks, mailoutbox
):
    people[1].institution = institution
    people[1].save()
    vacancy = open_vacancy(steering)
    candidates(vacancy, [people[1], people[0]])
    end_nominations(vacancy)
    Notification.objects.all().delete()
    closes = timezone.now() + 48 * HOUR
    with django_capture_on_commit_callbacks(execute=True):
        poll = election_start(actor=steering, vacancy=vacancy, closes_at=closes)
    poll.refresh_from_db()
    assert (
        poll.title,
        poll.kind,
        poll.audience,
        poll.unit,
        poll.anonymous,
        poll.allow_change,
        poll.visibility,
        poll.election,
        poll.closes_at,
        poll.state,
    ) == ("Verkiezing: Lid regiegroep", "peiling", "leden", "lid", True, False, "na_sluiting", True, closes, "open")
    question = poll.questions.get()
    assert (question.text, question.kind, question.required, question.max_choices) == (
        "Wie kies je voor Lid regiegroep?",
        "een",
        True,
        None,
    )
    labels = list(question.options.values_list("label", flat=True))
    assert labels == ["Anna Bakker (" + people[0].institution.name + ")", "Bert Claassen (Horizon College)"]
    assert [option_of(vacancy, p).label for p in people[:2]] == labels
    vacancy.refresh_from_db()
    assert (vacancy.status, vacancy.election) == ("verkiezing", poll)
    event = AuditEvent.objects.filter(action="election.started").get()
    assert event.data == {"poll": poll.pk, "candidates": [people[0].pk, people[1].pk], "closes_at": closes.isoformat()}
    everyone = [member, steering, *people[:3]]
    assert all(subjects(person) == ["Verkiezing: Lid regiegroep"] for person in everyone)
    assert len(mailoutbox) == Notification.objects.count() == 5
    assert reminders_send() == (0, 0)  # the polls reminder does not announce it a second time


@pytest.mark.parametrize(
    ("seats", "ranked", "kind", "max_choices"),
    [(2, False, "meer", 2), (2, True, "rangorde", None), (1, True, "rangorde", None)],
)
def test_the_ballot_follows_seats_and_ranking(steering, people, seats, ranked, kind, max_choices):
    vacancy = open_vacancy(steering, seats=seats, ranked=ranked)
    poll = start_election(vacancy, steering, people)
    question = poll.questions.get()
    assert (question.kind, question.max_choices, question.options.count()) == (kind, max_choices, 3)


def test_an_election_poll_cannot_be_changed_or_closed_on_the_poll_pages(steering, people):
    vacancy = open_vacancy(steering)
    poll = start_election(vacancy, steering, people[:2])
    with pytest.raises(ValidationError) as error:
        poll_close(actor=steering, poll=poll)
    assert error.value.messages == [str(MSG_ELECTION_FIXED)]
    poll.refresh_from_db()
    assert poll.is_open


def test_election_ballots_are_secret(steering, member, people):
    vacancy = open_vacancy(steering)
    start_election(vacancy, steering, people[:2])
    vote(vacancy, member, people[0])
    assert Participation.objects.get().user == member
    assert Ballot.objects.get().participation is None


def test_closing_the_election_early(steering, people):
    vacancy = open_vacancy(steering)
    poll = start_election(vacancy, steering, people[:2])
    refused(result_confirm, MSG_ELECTION_NOT_CLOSED, actor=steering, vacancy=vacancy, elected=[])
    planned = poll.closes_at
    election_close(actor=steering, vacancy=vacancy)
    poll.refresh_from_db()
    assert poll.is_closed
    event = AuditEvent.objects.filter(action="election.closed").get()
    assert event.data == {"poll": poll.pk, "planned": planned.isoformat()}
    refused(election_close, MSG_ELECTION_ALREADY_CLOSED, actor=steering, vacancy=vacancy)
    refused(election_close, MSG_NO_ELECTION, actor=steering, vacancy=open_vacancy(steering, kind="chair"))


# Confirming the result ---------------------------------------------------------------------------------


def nomination(person) -> Nomination:
    return Nomination.objects.get(nominee=person)


def positions() -> list[tuple]:
    return list(Position.objects.order_by("id").values_list("user_id", "kind", "start_date", "end_date"))


def test_confirming_appoints_the_elected_and_tells_the_candidates(
    steering, people, django_capture_on_commit_callbacks, mailoutbox
):
    vacancy = open_vacancy(steering, seats=2, term_end=day(790))
    start_election(vacancy, steering, people)
    votes(vacancy, [(3, [people[0], people[2]]), (2, [people[2]]), (1, [people[1]])])
    close_election(vacancy)
    before = positions()
    Notification.objects.all().delete()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        created = result_confirm(
            actor=steering, vacancy=vacancy, elected=[nomination(people[2]), nomination(people[0])]
        )
    # Carla 5, Anna 3, Bert 1: appointed in the order of the count.
    assert positions() == [
        *before,
        (people[2].pk, "steering_member", day(60), day(790)),
        (people[0].pk, "steering_member", day(60), day(790)),
    ]
    assert [p.user for p in created] == [people[2], people[0]]
    assert created[0].note == "Gekozen: Lid regiegroep"
    assert [(n.nominee, n.elected, n.position) for n in Nomination.objects.order_by("nominee__full_name")] == [
        (people[0], True, created[1]),
        (people[1], False, None),
        (people[2], True, created[0]),
    ]
    vacancy.refresh_from_db()
    assert (vacancy.status, vacancy.confirmed_by) == ("bevestigd", steering)
    event = AuditEvent.objects.filter(action="election.confirmed").get()
    assert event.data == {
        "elected": [people[2].pk, people[0].pk],
        "positions": [created[0].pk, created[1].pk],
        "method": "blokstemming",
        "ballots": 6,
        "tie_settled_by_steering_group": False,
    }
    assert AuditEvent.objects.filter(action="position.started").count() == 2
    assert subjects(people[0]) == subjects(people[2]) == ["Gekozen: Lid regiegroep"]
    assert subjects(people[1]) == ["Uitslag van de verkiezing: Lid regiegroep"]
    assert Notification.objects.count() == len(mailoutbox) == 3
    refused(result_confirm, MSG_NO_ELECTION, actor=steering, vacancy=vacancy, elected=[nomination(people[0])])


def test_a_new_chair_takes_over_from_the_sitting_chair(steering, chair, people):
    vacancy = open_vacancy(steering, kind="chair", title="Voorzitter regiegroep", term_end=day(790))
    start_election(vacancy, steering, people[:2])
    votes(vacancy, [(2, [people[1]]), (1, [people[0]])])
    close_election(vacancy)
    sitting = Position.objects.get(user=chair)
    result_confirm(actor=steering, vacancy=vacancy, elected=[nomination(people[1])])
    sitting.refresh_from_db()
    assert (sitting.start_date, sitting.end_date) == (day(-30), day(59))
    assert list(
        Position.objects.filter(kind="chair").order_by("start_date").values_list("user", "start_date", "end_date")
    ) == [
        (chair.pk, day(-30), day(59)),
        (people[1].pk, day(60), day(790)),
    ]


def test_the_choice_must_be_the_result_of_the_count(steering, people):
    vacancy = open_vacancy(steering)
    start_election(vacancy, steering, people)
    votes(vacancy, [(2, [people[1]]), (1, [people[0]])])
    close_election(vacancy)
    message = {"elected": MSG_CHOICE_NOT_COUNT % {"names": "Bert Claassen"}}
    for wrong in ([people[0]], [people[0], people[1]], [], [people[2]]):
        refused(result_confirm, message, actor=steering, vacancy=vacancy, elected=[nomination(p) for p in wrong])
    other = open_vacancy(steering, kind="chair", title="Voorzitter")
    stranger = nomination_create(actor=people[1], vacancy=other, nominee=people[1])
    refused(result_confirm, message, actor=steering, vacancy=vacancy, elected=[stranger])


def test_on_a_tie_the_steering_group_chooses_among_the_tied(steering, people):
    vacancy = open_vacancy(steering, ranked=True)
    start_election(vacancy, steering, people)
    votes(vacancy, [(3, [people[0]]), (3, [people[1], people[0]]), (1, [people[2], people[1]])])
    close_election(vacancy)
    # Round 1: Anna 3, Bert 3, Carla 1; Carla drops out: Bert 4, Anna 3 → Bert. No tie: Bert is elected.
    refused(
        result_confirm,
        {"elected": MSG_CHOICE_NOT_COUNT % {"names": "Bert Claassen"}},
        actor=steering,
        vacancy=vacancy,
        elected=[nomination(people[0])],
    )
    tied = open_vacancy(steering, kind="chair", title="Voorzitter", ranked=True)
    start_election(tied, steering, [UserFactory(full_name=n) for n in ("Dirk", "Els", "Fenna")])
    dirk, els, fenna = (Nomination.objects.get(vacancy=tied, nominee__full_name=n) for n in ("Dirk", "Els", "Fenna"))
    votes(tied, [(5, [dirk.nominee]), (3, [els.nominee, fenna.nominee]), (3, [fenna.nominee, els.nominee])])
    close_election(tied)
    message = {"elected": MSG_CHOICE_NOT_POSSIBLE % {"seats": 1, "names": "Els, Fenna"}}
    for wrong in ([dirk], [els, fenna], []):
        refused(result_confirm, message, actor=steering, vacancy=tied, elected=wrong)
    result_confirm(actor=steering, vacancy=tied, elected=[fenna])
    assert Position.objects.get(kind="chair", start_date=day(60)).user == fenna.nominee
    event = AuditEvent.objects.filter(action="election.confirmed").get()
    assert (event.data["method"], event.data["tie_settled_by_steering_group"]) == ("alternatief", True)


def test_no_result_without_ballots(steering, people):
    vacancy = open_vacancy(steering)
    start_election(vacancy, steering, people[:2])
    close_election(vacancy)
    refused(result_confirm, MSG_NO_BALLOTS, actor=steering, vacancy=vacancy, elected=[nomination(people[0])])


def test_a_refused_appointment_undoes_the_whole_confirmation(steering, chair, people):
    vacancy = open_vacancy(steering, kind="chair", title="Voorzitter regiegroep")
    start_election(vacancy, steering, people[:2])
    votes(vacancy, [(2, [people[0]])])
    close_election(vacancy)
    # Someone was appointed chair for part of that period by hand in the meantime.
    Position.objects.create(user=people[1], kind="chair", start_date=day(61), end_date=day(100))
    sitting = Position.objects.get(user=chair)
    message = MSG_POSITION_REFUSED % {"name": "Anna Bakker", "reason": str(MSG_CHAIR_OVERLAP)}
    refused(result_confirm, message, actor=steering, vacancy=vacancy, elected=[nomination(people[0])])
    sitting.refresh_from_db()
    assert sitting.end_date is None  # the hand-over was undone too
    assert Vacancy.objects.get(pk=vacancy.pk).status == "verkiezing"


def test_a_second_term_may_not_overlap_the_first(steering, people):
    vacancy = open_vacancy(steering)
    start_election(vacancy, steering, people[:2])
    votes(vacancy, [(2, [people[0]])])
    close_election(vacancy)
    Position.objects.create(user=people[0], kind="steering_member", start_date=day(-10))
    message = MSG_POSITION_REFUSED % {"name": "Anna Bakker", "reason": str(MSG_POSITION_OVERLAP)}
    refused(result_confirm, message, actor=steering, vacancy=vacancy, elected=[nomination(people[0])])


# Cancelling --------------------------------------------------------------------------------------------


def test_cancelling_tells_the_candidates(steering, member, other_member, people, django_capture_on_commit_callbacks):
    vacancy = open_vacancy(steering)
    nomination_create(actor=member, vacancy=vacancy, nominee=member)
    nomination_create(actor=member, vacancy=vacancy, nominee=other_member)
    declined = nomination_create(actor=member, vacancy=vacancy, nominee=people[0])
    nomination_decline(actor=people[0], nomination=declined)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        vacancy_cancel(actor=steering, vacancy=vacancy, reason="De functie vervalt.")
    vacancy.refresh_from_db()
    assert (vacancy.status, vacancy.cancel_reason) == ("ingetrokken", "De functie vervalt.")
    assert vacancy.cancelled_at is not None
    assert sorted(Notification.objects.values_list("user__full_name", "subject", "body")) == [
        ("Gerda Visser", "Vacature ingetrokken: Lid regiegroep", "De functie vervalt."),
        ("Hans Bos", "Vacature ingetrokken: Lid regiegroep", "De functie vervalt."),
    ]
    assert AuditEvent.objects.filter(action="vacancy.cancelled").get().data == {"reason": "De functie vervalt."}
    refused(vacancy_cancel, MSG_CANNOT_CANCEL, actor=steering, vacancy=vacancy)


def test_cancelling_during_the_election_closes_it(steering, people):
    vacancy = open_vacancy(steering)
    poll = start_election(vacancy, steering, people[:2])
    vacancy_cancel(actor=steering, vacancy=vacancy)
    poll.refresh_from_db()
    assert poll.is_closed
    refused(result_confirm, MSG_NO_ELECTION, actor=steering, vacancy=vacancy, elected=[])


def test_a_confirmed_vacancy_cannot_be_cancelled(steering, people):
    vacancy = open_vacancy(steering)
    start_election(vacancy, steering, people[:2])
    votes(vacancy, [(1, [people[0]])])
    close_election(vacancy)
    result_confirm(actor=steering, vacancy=vacancy, elected=[nomination(people[0])])
    refused(vacancy_cancel, MSG_CANNOT_CANCEL, actor=steering, vacancy=vacancy)


def test_nominations_close_at_the_end_of_the_last_day(steering, member):
    vacancy = open_vacancy(steering, nominations_open_until=timezone.localdate())
    assert vacancy.taking_nominations and not vacancy.ready_for_election
    nomination_create(actor=member, vacancy=vacancy, nominee=member)


def test_a_new_secretary_takes_over_from_the_sitting_secretary(steering, people):
    from ..factories import make_steering

    sitting = make_steering(UserFactory(full_name="Sitting Secretaris"), kind="secretary")
    vacancy = open_vacancy(steering, kind="secretary", title="Secretaris regiegroep")
    start_election(vacancy, steering, people[:2])
    votes(vacancy, [(2, [people[0]])])
    close_election(vacancy)
    result_confirm(actor=steering, vacancy=vacancy, elected=[nomination(people[0])])
    sitting.refresh_from_db()
    assert sitting.end_date == day(59)
    assert list(Position.objects.current(on=day(60)).filter(kind="secretary").values_list("user", flat=True)) == [
        people[0].pk
    ]


def test_a_nomination_withdrawn_by_its_nominator_does_not_stop_the_member_standing(steering, member, other_member):
    vacancy = open_vacancy(steering)
    pending = nomination_create(actor=member, vacancy=vacancy, nominee=other_member)
    nomination_withdraw(actor=member, nomination=pending)
    refused(
        nomination_create,
        MSG_ALREADY_NOMINATED % {"name": "Hans Bos"},
        actor=member,
        vacancy=vacancy,
        nominee=other_member,
    )
    own = nomination_create(actor=other_member, vacancy=vacancy, nominee=other_member, motivation="Toch wel")
    assert (own.pk, own.status, own.nominated_by, own.motivation) == (pending.pk, "aanvaard", other_member, "Toch wel")
    assert AuditEvent.objects.filter(action="nomination.created").order_by("id").last().data["reopened"] is True


def test_a_result_confirmed_after_the_term_start_begins_today(steering, people):
    vacancy = open_vacancy(steering)
    start_election(vacancy, steering, people[:2])
    votes(vacancy, [(1, [people[0]])])
    close_election(vacancy)
    Vacancy.objects.filter(pk=vacancy.pk).update(nominations_open_until=day(-5), term_start=day(-3))
    vacancy.refresh_from_db()
    (position,) = result_confirm(actor=steering, vacancy=vacancy, elected=[nomination(people[0])])
    assert position.start_date == day(0)


def test_long_titles_fit_the_election_poll(steering, people):
    vacancy = open_vacancy(steering, title="L" * 200)
    poll = start_election(vacancy, steering, people[:2])
    assert len(poll.title) == 200


def test_an_erased_candidate_leaves_no_name_on_the_ballot(steering, people):
    from koers.privacy.services import account_delete

    vacancy = open_vacancy(steering)
    start_election(vacancy, steering, people[:2])
    account_delete(user=people[0])
    assert option_of(vacancy, people[0]).label == "Verwijderd lid"
    assert option_of(vacancy, people[1]).label != "Verwijderd lid"
