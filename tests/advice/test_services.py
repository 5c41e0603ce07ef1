import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from koers.advice import selectors
from koers.advice.models import Advice, BodyVersion, Decision, Follow, FollowUp, Status, StatusChange
from koers.advice.services import (
    LEAD,
    MSG_CONFLICT,
    MSG_DECISION_BEFORE_OFFER,
    MSG_DECISION_FUTURE,
    MSG_FOLLOW_UP_CLOSED,
    MSG_NEEDS_LEAD,
    MSG_NEEDS_TEXT,
    MSG_NOT_IN_GROUP,
    MSG_RATIONALE,
    MSG_REJECTED_NOT_EXECUTED,
    MSG_TEXT_CLOSED,
    MSG_TRANSITION,
    MSG_WITHDRAW_NOTE,
    TRANSITIONS,
    DecisionData,
    advice_follow,
    advice_transition,
    follow_up_add,
    text_save,
    working_group_from_call,
    working_group_invite,
    working_group_remove,
    working_group_set_lead,
)
from koers.comments.services import comment_add
from koers.core.models import AuditEvent
from koers.notifications.models import Frequency, Kind, Notification, NotificationPreference
from koers.polls.models import Call, SignUp

from ..factories import UserFactory
from .conftest import BUSY_DAY, DAY, make_advice, one_busy_day

TODAY = timezone.localdate


def _put(advice: Advice, status: str) -> Advice:
    """Place an advice in a status directly, with what that status needs, to test the step out of it."""
    decided = status in (Status.DECIDED, Status.IN_PROGRESS, Status.DONE)
    Advice.objects.filter(pk=advice.pk).update(
        status=status,
        body="# Advies",
        decision=Decision.ADOPTED if decided else "",
        decision_rationale="Goed plan." if decided else "",
        decision_date=TODAY() if decided else None,
    )
    advice.refresh_from_db()
    return advice


def _extra(to: str) -> dict:
    if to == Status.DECIDED:
        return {"decision": DecisionData(Decision.ADOPTED, "Past in de agenda.", TODAY())}
    if to == Status.WITHDRAWN:
        return {"note": "Niet meer nodig."}
    return {}


def test_a_new_advice_is_an_idea_with_a_first_version_and_its_maker_following(steering):
    advice = make_advice(actor=steering)
    assert advice.status == Status.IDEA
    assert list(advice.versions.values_list("number", flat=True)) == [1]
    assert list(advice.status_changes.values_list("from_status", "to_status")) == [("", "idee")]
    assert list(Follow.objects.values_list("user_id", "following")) == [(steering.pk, True)]
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["advice.created"]


@pytest.mark.parametrize(("before", "to"), sorted(TRANSITIONS))
def test_every_allowed_step_is_taken_by_its_role_only(steering, member, other_member, before, to):
    advice = _put(make_advice(actor=steering, lead=other_member), before)
    changes = StatusChange.objects.count()
    with pytest.raises(PermissionDenied):
        advice_transition(actor=member, advice=advice, to=to, **_extra(to))
    assert (Advice.objects.get().status, StatusChange.objects.count()) == (before, changes)

    actor = other_member if TRANSITIONS[(before, to)] == LEAD else steering
    if actor == steering:  # the lead may not take a steering-group step
        with pytest.raises(PermissionDenied):
            advice_transition(actor=other_member, advice=advice, to=to, **_extra(to))
    change = advice_transition(actor=actor, advice=advice, to=to, **_extra(to))
    assert (change.from_status, change.to_status, change.actor) == (before, to, actor)
    assert Advice.objects.get().status == to
    event = AuditEvent.objects.filter(action="advice.status_changed").get()
    assert (event.actor, event.data["from"], event.data["to"]) == (actor, before, to)


@pytest.mark.parametrize(
    ("before", "to"),
    [
        (Status.IDEA, Status.DECIDED),
        (Status.DRAFT, Status.OFFERED),
        (Status.DONE, Status.IN_PROGRESS),
        (Status.WITHDRAWN, Status.IDEA),
        (Status.DECIDED, Status.WITHDRAWN),
    ],
)
def test_an_illegal_step_is_refused_with_a_clear_message(steering, before, to):
    advice = _put(make_advice(actor=steering), before)
    with pytest.raises(ValidationError) as error:
        advice_transition(actor=steering, advice=advice, to=to, **_extra(to))
    assert error.value.messages == [MSG_TRANSITION % {"from": Status(before).label, "to": Status(to).label}]
    assert Advice.objects.get().status == before
    assert StatusChange.objects.count() == 1


def test_a_decision_without_rationale_or_with_a_future_date_is_refused(steering):
    advice = _put(make_advice(actor=steering), Status.OFFERED)
    with pytest.raises(ValidationError) as error:
        advice_transition(
            actor=steering, advice=advice, to=Status.DECIDED, decision=DecisionData(Decision.PARTLY, "  ", TODAY())
        )
    assert error.value.message_dict == {"decision_rationale": [MSG_RATIONALE]}
    with pytest.raises(ValidationError) as error:
        advice_transition(
            actor=steering,
            advice=advice,
            to=Status.DECIDED,
            decision=DecisionData(Decision.PARTLY, "Deels.", TODAY() + DAY),
        )
    assert error.value.message_dict == {"decision_date": [MSG_DECISION_FUTURE]}
    assert Advice.objects.values_list("status", "decision").get() == ("aangeboden", "")

    advice_transition(
        actor=steering, advice=advice, to=Status.DECIDED, decision=DecisionData(Decision.PARTLY, "Deels.", TODAY())
    )
    assert Advice.objects.values_list("status", "decision", "decision_rationale", "decision_date").get() == (
        "besluit",
        "deels_overgenomen",
        "Deels.",
        TODAY(),
    )


def test_step_conditions(steering, other_member):
    advice = make_advice(actor=steering)
    with pytest.raises(ValidationError) as error:
        advice_transition(actor=steering, advice=advice, to=Status.WORKING_GROUP)
    assert error.value.messages == [MSG_NEEDS_LEAD]

    Advice.objects.filter(pk=advice.pk).update(status=Status.DRAFT)
    advice.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        advice_transition(actor=steering, advice=advice, to=Status.CONSULTATION)
    assert error.value.messages == [MSG_NEEDS_TEXT]
    with pytest.raises(ValidationError) as error:
        advice_transition(actor=steering, advice=advice, to=Status.WITHDRAWN, note=" ")
    assert error.value.message_dict == {"note": [MSG_WITHDRAW_NOTE]}

    rejected = _put(make_advice(actor=steering, title="Ander advies"), Status.DECIDED)
    Advice.objects.filter(pk=rejected.pk).update(decision=Decision.REJECTED)
    rejected.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        advice_transition(actor=steering, advice=rejected, to=Status.IN_PROGRESS)
    assert error.value.messages == [MSG_REJECTED_NOT_EXECUTED]
    advice_transition(actor=steering, advice=rejected, to=Status.DONE, note="Afgesloten.")
    assert Advice.objects.get(pk=rejected.pk).status == Status.DONE


def test_consultation_can_open_an_endorsement_poll(steering, other_member):
    advice = _put(make_advice(actor=steering, lead=other_member), Status.DRAFT)
    closes = timezone.now() + 7 * DAY
    advice_transition(actor=steering, advice=advice, to=Status.CONSULTATION, endorsement_closes_at=closes)
    poll = Advice.objects.get().endorsement_poll
    assert (poll.title, poll.audience, poll.closes_at, poll.state) == (
        "Steun voor het advies: Collectief gebruik van OOAPI",
        "leden",
        closes,
        "open",
    )
    assert list(poll.questions.get().options.values_list("label", flat=True)) == [
        "Ja, ik steun dit advies",
        "Nee, ik steun dit advies niet",
        "Geen mening",
    ]


def test_text_versions_and_a_conflicting_save_is_refused_without_losing_anything(steering, other_member):
    advice = make_advice(actor=steering, lead=other_member)
    first = text_save(actor=other_member, advice=advice, summary="S", body="Regel 1", base_version=1)
    assert (first.number, Advice.objects.get().version) == (2, 2)
    assert text_save(actor=other_member, advice=advice, summary="S", body="Regel 1", base_version=2) is None
    with pytest.raises(ValidationError) as error:
        text_save(actor=steering, advice=advice, summary="S", body="Mijn versie", base_version=1)
    assert error.value.messages == [MSG_CONFLICT % {"version": 2}]
    assert list(BodyVersion.objects.values_list("number", "body")) == [(2, "Regel 1"), (1, "")]
    assert AuditEvent.objects.filter(action="advice.text_changed").count() == 1

    _put(advice, Status.OFFERED)
    with pytest.raises(ValidationError) as error:
        text_save(actor=steering, advice=advice, summary="S", body="Later", base_version=2)
    assert error.value.messages == [MSG_TEXT_CLOSED]


def test_compare_shows_lines_removed_and_added(steering):
    advice = make_advice(actor=steering)
    text_save(actor=steering, advice=advice, summary="", body="Een\nTwee", base_version=1)
    text_save(actor=steering, advice=advice, summary="", body="Een\nDrie", base_version=2)
    older, newer = BodyVersion.objects.get(number=2), BodyVersion.objects.get(number=3)
    lines = [(line.kind, line.text) for line in selectors.compare(older=older, newer=newer)]
    assert lines == [("same", ""), ("same", "Een"), ("removed", "Twee"), ("added", "Drie")]


def test_working_group_from_a_call_by_invitation_and_its_lead(steering, member, other_member):
    advice = make_advice(actor=steering)
    call = Call.objects.create(title="Wie schrijft mee?", text="Meld je aan", wanted=3, closes_on=TODAY())
    volunteers = [member, other_member, UserFactory(full_name="Ina Inactief", is_active=False)]
    for user in volunteers:
        SignUp.objects.create(call=call, user=user)
    assert working_group_from_call(actor=steering, advice=advice, call=call) == 2
    assert working_group_from_call(actor=steering, advice=advice, call=call) == 0
    assert sorted(advice.working_group.values_list("user__full_name", "source")) == [
        ("Gerda Visser", "oproep"),
        ("Hans Bos", "oproep"),
    ]
    assert Advice.objects.get().call == call
    assert Notification.objects.filter(kind=Kind.ADVICE).count() == 2

    third = UserFactory(full_name="Ilse Jansen")
    working_group_invite(actor=steering, advice=advice, user=third)
    with pytest.raises(ValidationError):
        working_group_invite(actor=steering, advice=advice, user=third)
    with pytest.raises(ValidationError) as error:
        working_group_set_lead(actor=steering, advice=advice, user=steering)
    assert error.value.messages == [MSG_NOT_IN_GROUP]
    working_group_set_lead(actor=steering, advice=advice, user=member)
    working_group_set_lead(actor=steering, advice=advice, user=third)
    assert list(advice.working_group.filter(is_lead=True).values_list("user", flat=True)) == [third.pk]
    assert working_group_remove(actor=steering, advice=advice, user=member) is True
    assert advice.working_group.count() == 2
    assert AuditEvent.objects.filter(action="advice.working_group_changed").count() == 6


def test_followers_are_followers_writers_and_commenters_minus_those_who_stopped(steering, member, other_member):
    advice = make_advice(actor=steering, lead=other_member)
    commenter, quitter, bystander = UserFactory(), UserFactory(), UserFactory()
    _put(advice, Status.CONSULTATION)
    comment_add(target=advice, author=commenter, body="Goed idee")
    comment_add(target=advice, author=commenter, body="Nog een punt")
    advice_follow(user=member, advice=advice, following=True)
    comment_add(target=advice, author=quitter, body="Eens")
    advice_follow(user=quitter, advice=advice, following=False)
    assert list(selectors.followers(advice=advice)) == sorted(
        [steering, member, other_member, commenter], key=lambda u: u.pk
    )
    assert bystander not in selectors.followers(advice=advice)
    # Asked of one member, the answer is the same (the advice's page asks it of its reader).
    everyone = [steering, member, other_member, commenter, quitter, bystander]
    following = [selectors.is_following(advice=advice, user=user) for user in everyone]
    assert following == [user in selectors.followers(advice=advice) for user in everyone]
    assert following == [True, True, True, True, False, False]
    advice_follow(user=other_member, advice=advice, following=False)  # the lead stops following too
    assert selectors.is_following(advice=advice, user=other_member) is False
    assert selectors.is_following(advice=advice, user=AnonymousUser()) is False


def test_followers_hear_of_a_step_once_after_commit_but_not_the_actor_nor_who_opted_out(
    steering, member, other_member, mailoutbox, django_capture_on_commit_callbacks
):
    advice = _put(make_advice(actor=steering, lead=other_member), Status.CONSULTATION)
    advice_follow(user=other_member, advice=advice, following=True)  # also in the working group: still one mail
    comment_add(target=advice, author=other_member, body="Aangepast")
    no_mail = UserFactory(email="geen-mail@college.example")
    advice_follow(user=no_mail, advice=advice, following=True)
    NotificationPreference.objects.create(user=no_mail, kind=Kind.ADVICE, frequency=Frequency.OFF)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks() as callbacks:
        advice_transition(actor=steering, advice=advice, to=Status.OFFERED, note="Naar de Adviesraad.")
        assert mailoutbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert [m.to for m in mailoutbox] == [[other_member.email]]
    assert mailoutbox[0].subject == "Collectief gebruik van OOAPI: nu ‘Aangeboden aan de Adviesraad’"
    assert "Naar de Adviesraad." in mailoutbox[0].body
    assert sorted(
        Notification.objects.filter(subject__endswith="Adviesraad’").values_list("user__email", flat=True)
    ) == [
        "geen-mail@college.example",
        "hans@albeda.example",
    ]


def test_followers_hear_the_decision_and_its_rationale(
    steering, other_member, mailoutbox, django_capture_on_commit_callbacks
):
    advice = _put(make_advice(actor=steering, lead=other_member), Status.OFFERED)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        advice_transition(
            actor=steering,
            advice=advice,
            to=Status.DECIDED,
            decision=DecisionData(Decision.PARTLY, "Alleen de eerste fase past in de begroting.", TODAY()),
        )
    assert [(m.to, m.subject) for m in mailoutbox] == [
        ([other_member.email], "Collectief gebruik van OOAPI: besluit ‘Deels overgenomen’")
    ]
    assert (
        "Besluit van de Adviesraad: Deels overgenomen.\nMotivering: Alleen de eerste fase past in de begroting.\n"
        in mailoutbox[0].body
    )


def test_follow_up_entries_only_after_the_decision_and_followers_hear_of_them(
    steering, member, other_member, mailoutbox, django_capture_on_commit_callbacks
):
    advice = make_advice(actor=steering, lead=other_member)
    entry = {"date": TODAY(), "text": "Eerste koppeling live", "done_by": "SURF", "progress": 40, "status": "op_schema"}
    with pytest.raises(ValidationError) as error:
        follow_up_add(actor=steering, advice=advice, data=entry)
    assert error.value.messages == [MSG_FOLLOW_UP_CLOSED]
    _put(advice, Status.IN_PROGRESS)
    with pytest.raises(ValidationError):
        follow_up_add(actor=steering, advice=advice, data={**entry, "date": TODAY() + DAY})
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        saved = follow_up_add(actor=other_member, advice=advice, data=entry)
    assert (saved.progress, saved.author, FollowUp.objects.count()) == (40, other_member, 1)
    # The mail says how far it is and how it stands, not only that something happened.
    assert [(m.to, m.subject) for m in mailoutbox] == [
        ([steering.email], "Collectief gebruik van OOAPI: opvolging 40% (Op schema)")
    ]
    assert "Voortgang: 40%. Stand van zaken: Op schema.\n\nEerste koppeling live" in mailoutbox[0].body
    assert AuditEvent.objects.filter(action="advice.follow_up_added").get().data["progress"] == 40


def test_timeline_runs_from_the_poll_to_the_latest_follow_up(steering):
    from ..polls.conftest import make_poll

    poll = make_poll(
        title="OOAPI als standaard", closes_at=timezone.now() - 400 * DAY, opens_at=timezone.now() - 410 * DAY
    )
    advice = make_advice(actor=steering)
    advice.polls.add(poll)
    _put(advice, Status.IN_PROGRESS)
    StatusChange.objects.create(advice=advice, from_status="aangeboden", to_status="besluit", at=timezone.now())
    Advice.objects.filter(pk=advice.pk).update(decision_date=TODAY() - 10 * DAY)
    advice.refresh_from_db()
    FollowUp.objects.create(
        advice=advice, date=TODAY() - 5 * DAY, text="Gestart", done_by="SURF", progress=10, status="op_schema"
    )
    events = selectors.timeline(
        advice=advice,
        changes=selectors.status_changes(advice=advice),
        entries=selectors.follow_ups(advice=advice),
        members=True,
    )
    assert [(e.kind, e.title, e.when) for e in events] == [
        ("poll", "OOAPI als standaard", timezone.localdate(poll.closes_at)),
        ("status", "Besluit", TODAY() - 10 * DAY),
        ("follow_up", "Opvolging: Op schema", TODAY() - 5 * DAY),
        ("status", "Idee", TODAY()),
    ]
    assert events[1].text == "Overgenomen: Goed plan."


def test_milestones_leave_out_withdrawn_and_rejected_advice(steering):
    kept = make_advice(actor=steering, title="Bewaard", target_year=2027, target_quarter=2)
    make_advice(actor=steering, title="Zonder ambitie")
    withdrawn = make_advice(actor=steering, title="Ingetrokken", target_year=2027, target_quarter=1)
    Advice.objects.filter(pk=withdrawn.pk).update(status=Status.WITHDRAWN)
    rejected = _put(make_advice(actor=steering, title="Afgewezen", target_year=2028, target_quarter=1), "besluit")
    Advice.objects.filter(pk=rejected.pk).update(decision=Decision.REJECTED)
    later = make_advice(actor=steering, title="Later", target_year=2029, target_quarter=4)
    assert selectors.milestones() == {2027: [kept], 2029: [later]}
    assert selectors.milestones(years=[2027, 2028]) == {2027: [kept]}


def test_a_whole_path_leaves_a_complete_record(steering, other_member):
    advice = make_advice(actor=steering, lead=other_member, status=Status.IN_PROGRESS)
    assert list(advice.status_changes.values_list("to_status", flat=True)) == [
        "idee",
        "werkgroep",
        "concept",
        "consultatie",
        "aangeboden",
        "besluit",
        "in_uitvoering",
    ]
    assert AuditEvent.objects.filter(action="advice.status_changed").count() == 6
    assert (advice.decision, advice.decision_date) == ("overgenomen", TODAY())


def test_stopping_to_follow_one_advice_leaves_the_others(steering, member):
    one = make_advice(actor=steering, title="Een")
    other = make_advice(actor=steering, title="Ander")
    advice_follow(user=member, advice=one, following=True)
    advice_follow(user=member, advice=other, following=False)
    advice_follow(user=steering, advice=other, following=False)
    assert list(selectors.followers(advice=one)) == sorted([steering, member], key=lambda u: u.pk)
    assert list(selectors.followers(advice=other)) == []


def test_only_the_steering_group_opens_an_endorsement_poll_and_it_closes_with_the_consultation(steering, other_member):
    advice = _put(make_advice(actor=steering, lead=other_member), Status.DRAFT)
    closes = timezone.now() + 7 * DAY
    with pytest.raises(PermissionDenied):
        advice_transition(actor=other_member, advice=advice, to=Status.CONSULTATION, endorsement_closes_at=closes)
    assert (Advice.objects.get().status, Advice.objects.get().endorsement_poll) == (Status.DRAFT, None)
    advice_transition(actor=steering, advice=advice, to=Status.CONSULTATION, endorsement_closes_at=closes)
    advice = Advice.objects.get()
    assert advice.endorsement_poll.state == "open"
    assert advice.endorsement_poll.description.startswith("Over versie 1 van de tekst.")
    assert advice.shared_version == 1
    advice_transition(actor=other_member, advice=advice, to=Status.DRAFT, note="Meer werk")
    assert Advice.objects.get().endorsement_poll.state == "gesloten"


def test_a_decision_cannot_predate_the_offer_and_an_empty_text_cannot_be_offered(steering):
    advice = _put(make_advice(actor=steering, lead=steering), Status.CONSULTATION)
    Advice.objects.filter(pk=advice.pk).update(body="  ")
    advice.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        advice_transition(actor=steering, advice=advice, to=Status.OFFERED)
    assert error.value.messages == [MSG_NEEDS_TEXT]
    Advice.objects.filter(pk=advice.pk).update(body="Tekst")
    advice_transition(actor=steering, advice=advice, to=Status.OFFERED)
    with pytest.raises(ValidationError) as error:
        advice_transition(
            actor=steering,
            advice=advice,
            to=Status.DECIDED,
            decision=DecisionData(Decision.ADOPTED, "Goed", TODAY() - DAY),
        )
    assert error.value.message_dict == {"decision_date": [MSG_DECISION_BEFORE_OFFER % {"date": f"{TODAY():%d-%m-%Y}"}]}


def test_files_and_the_working_group_are_fixed_once_the_advice_is_out_of_the_writers_hands(steering, member):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from koers.advice.services import MSG_GROUP_CLOSED, attachment_add, attachment_delete
    from koers.documents.selectors import documents_of

    advice = make_advice(actor=steering, lead=steering)
    kept = attachment_add(actor=steering, advice=advice, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4"))
    _put(advice, Status.OFFERED)
    with pytest.raises(ValidationError) as error:
        attachment_add(actor=steering, advice=advice, upload=SimpleUploadedFile("b.pdf", b"%PDF-1.4"))
    assert error.value.messages == [MSG_TEXT_CLOSED]
    with pytest.raises(ValidationError):
        attachment_delete(actor=steering, advice=advice, document=kept)
    assert [d.versions.get().name for d in documents_of(target=advice, user=steering)] == ["a.pdf"]
    _put(advice, Status.DONE)
    with pytest.raises(ValidationError) as error:
        working_group_invite(actor=steering, advice=advice, user=member)
    assert error.value.messages == [MSG_GROUP_CLOSED]


def test_timeline_runs_by_the_moment_within_one_day(steering):
    """Several things on one day: each in its place by the moment it happened, not status steps before
    follow-ups and follow-ups newest first."""
    advice = _put(make_advice(actor=steering), Status.IN_PROGRESS)
    day = one_busy_day(advice)
    events = selectors.timeline(
        advice=advice,
        changes=selectors.status_changes(advice=advice),
        entries=list(selectors.follow_ups(advice=advice)),
        members=True,
    )
    on_the_day = [(e.kind, e.title, e.text if e.kind == "follow_up" else "") for e in events if e.when == day]
    assert on_the_day == BUSY_DAY
