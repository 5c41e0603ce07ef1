"""The rules behind the dashboard's cards, each a selector of its domain app, and the checklist built on them."""

import datetime

import pytest
from django.utils import timezone

from koers.accounts.selectors import profile_missing
from koers.advice.models import Advice, Follow, FollowUp, Status
from koers.advice.selectors import awaiting_decision, awaiting_follow_up, followed_by, followed_changed
from koers.dashboard.selectors import Pending, checklist_for, dashboard_for, pending, steering_work_for
from koers.meetings.models import Meeting, Registration
from koers.meetings.selectors import has_registered, next_meeting_for
from koers.members.selectors import has_chosen_sharing
from koers.members.services import consent_set
from koers.polls.models import Call, Poll, SignUp
from koers.polls.selectors import calls_open_for, polls_awaiting_vote, polls_closing_soon, polls_to_conclude
from koers.polls.services import ballot_cast
from koers.portfolio.models import Project
from koers.portfolio.selectors import portfolio_reviewed_since, projects_to_review
from koers.roadmap.models import Adoption, AdoptionState, Ambition, ReferenceItem
from koers.roadmap.selectors import RoadmapGaps, roadmap_gaps

from ..advice.conftest import make_advice
from ..factories import MembershipRequestFactory, ThemeFactory, UserFactory, share
from ..meetings.conftest import make_meeting
from ..polls.conftest import make_poll

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def vote(poll, voter):
    question = poll.questions.get()
    ballot_cast(poll=poll, voter=voter, answers={question.pk: question.options.first().pk})


def titles(rows):
    return [row.title for row in rows]


# Polls ------------------------------------------------------------------------------------------------------


def test_polls_awaiting_vote(member, other_member, institution):
    now = timezone.now()
    make_poll(title="Open")
    make_poll(title="Sluit eerst", closes_at=now + datetime.timedelta(hours=2))
    make_poll(title="Concept", publish=False)
    make_poll(title="Nog niet open", opens_at=now + DAY, closes_at=now + 3 * DAY)
    make_poll(title="Gesloten", opens_at=now - 3 * DAY, closes_at=now - DAY)
    make_poll(title="Regiegroep", audience=Poll.Audience.STEERING)
    vote(make_poll(title="Gestemd"), member)
    colleague = UserFactory(institution=institution)
    vote(make_poll(title="Instelling stemde", unit=Poll.Unit.INSTITUTION), colleague)
    vote(make_poll(title="Ander stemde"), other_member)
    assert titles(polls_awaiting_vote(user=member)) == ["Sluit eerst", "Open", "Ander stemde"]


def test_polls_awaiting_vote_for_the_steering_group(steering):
    make_poll(title="Regiegroep", audience=Poll.Audience.STEERING)
    assert titles(polls_awaiting_vote(user=steering)) == ["Regiegroep"]


def test_polls_per_institution_wait_only_for_members_with_an_institution(member):
    make_poll(title="Per instelling", unit=Poll.Unit.INSTITUTION)
    member.institution = None
    member.save()
    assert titles(polls_awaiting_vote(user=member)) == []


@pytest.mark.parametrize(
    ("status", "attended", "waits"),
    [(None, None, False), ("aangemeld", None, True), ("wachtlijst", None, False), ("wachtlijst", True, True)],
)
def test_polls_for_attendees_wait_for_those_taking_part(member, other_member, status, attended, waits):
    meeting = make_meeting(days=-1)
    Registration.objects.create(meeting=meeting, user=other_member, status="aangemeld")
    if status:
        Registration.objects.create(meeting=meeting, user=member, status=status, attended=attended)
    make_poll(title="Deelnemers", audience=Poll.Audience.ATTENDEES, meeting=meeting)
    assert titles(polls_awaiting_vote(user=member)) == (["Deelnemers"] if waits else [])


def test_calls_open_for(member, other_member):
    today = timezone.localdate()
    later = Call.objects.create(title="Later", text="t", wanted=3, closes_on=today + 10 * DAY)
    Call.objects.create(title="Vandaag", text="t", wanted=1, closes_on=today)
    Call.objects.create(title="Gesloten", text="t", wanted=1, closes_on=today - DAY)
    mine = Call.objects.create(title="Al aangemeld", text="t", wanted=1, closes_on=today + DAY)
    SignUp.objects.create(call=mine, user=member)
    SignUp.objects.create(call=later, user=other_member)
    calls = list(calls_open_for(user=member))
    assert [(c.title, c.signed_up) for c in calls] == [("Vandaag", 0), ("Later", 1)]


def test_polls_to_conclude():
    now = timezone.now()
    make_poll(title="Open")
    make_poll(title="Net gesloten", opens_at=now - 20 * DAY, closes_at=now - DAY)
    make_poll(title="Eerder gesloten", opens_at=now - 40 * DAY, closes_at=now - 30 * DAY)
    make_poll(title="Met conclusie", opens_at=now - 20 * DAY, closes_at=now - DAY, outcome="Klaar")
    make_poll(title="Geschiedenis", opens_at=now - 200 * DAY, closes_at=now - 100 * DAY)
    election = make_poll(title="Verkiezing", opens_at=now - 20 * DAY, closes_at=now - DAY)
    Poll.objects.filter(pk=election.pk).update(
        election=True, anonymous=True, allow_change=False, visibility=Poll.Visibility.AFTER_CLOSING
    )
    assert titles(polls_to_conclude()) == ["Net gesloten", "Eerder gesloten"]


def test_polls_closing_soon():
    now = timezone.now()
    make_poll(title="Over twee dagen", closes_at=now + 2 * DAY)
    make_poll(title="Morgen", closes_at=now + DAY)
    make_poll(title="Over vijf dagen", closes_at=now + 5 * DAY)
    make_poll(title="Gesloten", opens_at=now - 3 * DAY, closes_at=now - DAY)
    assert titles(polls_closing_soon()) == ["Morgen", "Over twee dagen"]


# Meetings ---------------------------------------------------------------------------------------------------


def test_next_meeting_for(member, other_member):
    assert next_meeting_for(user=member) is None
    make_meeting(title="Concept", days=3, status="concept")
    Meeting.objects.filter(pk=make_meeting(title="Bezig", days=1).pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=1)
    )
    later = make_meeting(title="Later", days=30)
    soon = make_meeting(title="Binnenkort", days=7, capacity=1)
    Registration.objects.create(meeting=soon, user=other_member, status="aangemeld")
    meeting = next_meeting_for(user=member)
    assert (meeting.title, meeting.registered, meeting.my_status) == ("Binnenkort", 1, None)
    Registration.objects.create(meeting=soon, user=member, status="wachtlijst")
    assert next_meeting_for(user=member).my_status == "wachtlijst"
    Registration.objects.create(meeting=later, user=other_member, status="aangemeld")
    assert next_meeting_for(user=other_member).my_status == "aangemeld"


def test_has_registered(member):
    assert has_registered(user=member) is False
    Registration.objects.create(meeting=make_meeting(days=-400), user=member, status="aangemeld")
    assert has_registered(user=member) is True


# Advice -----------------------------------------------------------------------------------------------------


def test_followed_changed(member, steering):
    followed = make_advice(actor=steering, title="Gevolgd", status=Status.WORKING_GROUP)
    Follow.objects.create(advice=followed, user=member)
    old = make_advice(actor=steering, title="Lang geleden", status=Status.WORKING_GROUP)
    Follow.objects.create(advice=old, user=member)
    Advice.objects.filter(pk=old.pk).update(status_changed_at=timezone.now() - 40 * DAY)
    stopped = make_advice(actor=steering, title="Niet meer gevolgd", status=Status.WORKING_GROUP, lead=member)
    Follow.objects.create(advice=stopped, user=member, following=False)
    group = make_advice(actor=steering, title="Werkgroep", status=Status.WORKING_GROUP, lead=member)
    make_advice(actor=steering, title="Niet gevolgd", status=Status.WORKING_GROUP)
    assert set(titles(followed_by(user=member))) == {"Gevolgd", "Lang geleden", "Werkgroep"}
    assert set(titles(followed_changed(user=member))) == {"Gevolgd", "Werkgroep"}
    # A follow-up recorded today makes the old one news again, and puts it first.
    Advice.objects.filter(pk__in=[group.pk, followed.pk]).update(status_changed_at=timezone.now() - 5 * DAY)
    FollowUp.objects.create(
        advice=old, date=timezone.localdate(), text="x", done_by="y", progress=10, status="op_schema"
    )
    assert titles(followed_changed(user=member))[0] == "Lang geleden"


def test_advice_awaiting_decision_and_follow_up(steering):
    make_advice(actor=steering, title="Aangeboden", status=Status.OFFERED)
    make_advice(actor=steering, title="Consultatie", status=Status.CONSULTATION)
    decided = make_advice(actor=steering, title="Besloten", status=Status.DECIDED)
    running = make_advice(actor=steering, title="Recent opgevolgd", status=Status.IN_PROGRESS)
    stale = make_advice(actor=steering, title="Lang niet opgevolgd", status=Status.IN_PROGRESS)
    today = timezone.localdate()
    for advice, days in ((running, 10), (stale, 100)):
        FollowUp.objects.create(
            advice=advice, date=today - days * DAY, text="x", done_by="y", progress=50, status="op_schema"
        )
    assert titles(awaiting_decision()) == ["Aangeboden"]
    assert set(titles(awaiting_follow_up())) == {"Besloten", "Lang niet opgevolgd"}
    assert decided.status == Status.DECIDED


# Roadmap and portfolio --------------------------------------------------------------------------------------


def test_roadmap_gaps(institution, other_institution):
    themes = [ThemeFactory() for _ in range(15)]
    for theme in themes[:3]:
        Ambition.objects.create(institution=institution, theme=theme, start_year=2027)
    Ambition.objects.create(institution=other_institution, theme=themes[5], start_year=2027)
    items = [
        ReferenceItem.objects.create(
            name=f"Item {n}", slug=f"item-{n}", recommendation_since="2025-01-01", rationale="r"
        )
        for n in range(9)
    ]
    for item in items[:4]:
        Adoption.objects.create(institution=institution, item=item, state=AdoptionState.IN_USE)
    assert roadmap_gaps(institution=institution) == RoadmapGaps(themes=15, themes_open=12, items=9, items_open=5)
    assert roadmap_gaps(institution=other_institution) == RoadmapGaps(15, 14, 9, 9)
    assert roadmap_gaps(institution=institution).has_ambitions is True


def test_projects_to_review(institution, other_institution):
    today = timezone.localdate()

    def project(title, status="lopend", days=None, where=institution):
        reviewed = None if days is None else today - days * DAY
        return Project.objects.create(institution=where, title=title, status=status, last_reviewed=reviewed)

    project("Recent", days=100)
    project("Oud", days=400)
    project("Nooit", status="idee")
    project("Afgerond en oud", status="afgerond", days=400)
    project("Gestopt en oud", status="gestopt", days=400)
    project("Ander college", days=400, where=other_institution)
    project("Precies een jaar", status="gepland", days=365)
    assert titles(projects_to_review(institution=institution)) == ["Nooit", "Oud"]
    assert portfolio_reviewed_since(institution=institution, day=today - 100 * DAY) is True
    assert portfolio_reviewed_since(institution=institution, day=today - 99 * DAY) is False


# The member's own first steps -------------------------------------------------------------------------------


def test_profile_missing(member):
    assert profile_missing(user=member) == ["expertise"]
    member.expertise.add(ThemeFactory())
    assert profile_missing(user=member) == []
    member.job_title, member.institution = " ", None
    assert profile_missing(user=member) == ["job_title", "institution"]


def test_has_chosen_sharing(member, other_member):
    assert has_chosen_sharing(user=member) is False
    consent_set(user=member, field="email", granted=True)
    consent_set(user=member, field="email", granted=False)
    assert has_chosen_sharing(user=member) is True
    share(other_member, "email")  # a consent row without its event: not a choice made through the page
    assert has_chosen_sharing(user=other_member) is False


def test_checklist_ticks_itself_off(member, institution, django_assert_num_queries):
    member.date_joined = timezone.now() - 10 * DAY
    member.save()
    theme = ThemeFactory()
    gaps = roadmap_gaps(institution=institution)
    start = checklist_for(user=member, gaps=gaps)
    assert (start.profile, start.sharing, start.portfolio, start.roadmap, start.meeting) == (
        False,
        False,
        False,
        False,
        False,
    )
    assert (start.done, start.steps, start.complete) == (0, 5, False)
    member.expertise.add(theme)
    consent_set(user=member, field="phone", granted=True)
    Project.objects.create(institution=institution, title="Oud", last_reviewed=timezone.localdate() - 11 * DAY)
    assert checklist_for(user=member, gaps=gaps).done == 2
    Project.objects.create(institution=institution, title="Nieuw", last_reviewed=timezone.localdate() - 10 * DAY)
    Ambition.objects.create(institution=institution, theme=theme, start_year=2027)
    Registration.objects.create(meeting=make_meeting(), user=member, status="wachtlijst")
    gaps = roadmap_gaps(institution=institution)
    member.institution  # noqa: B018 - read, as the dashboard has read it before the checklist
    with django_assert_num_queries(1):  # the four proofs in one query
        done = checklist_for(user=member, gaps=gaps)
    assert (done.done, done.complete) == (5, True)


def test_checklist_without_an_institution(member):
    member.institution = None
    member.save()
    checklist = checklist_for(user=member, gaps=None)
    assert (checklist.profile, checklist.portfolio, checklist.roadmap) == (False, False, False)


# Composition ------------------------------------------------------------------------------------------------


def test_pending_gives_the_first_rows_and_the_count():
    for n in range(5):
        make_poll(title=f"Peiling {n}", closes_at=timezone.now() + (n + 1) * DAY)
    first = pending(Poll.objects.order_by("closes_at"))
    assert (titles(first.rows), first.count, first.more) == (["Peiling 0", "Peiling 1", "Peiling 2"], 5, 2)
    assert pending(Poll.objects.filter(title="Peiling 4")).count == 1
    assert pending(Poll.objects.filter(title="Geen")) == Pending([], 0)
    # Joined to its questions' options (two each) and made distinct again: still five polls, not ten rows.
    distinct = pending(Poll.objects.filter(questions__options__label__in=["Ja", "Nee"]).distinct().order_by("pk"))
    assert (len(distinct.rows), distinct.count) == (3, 5)


def test_steering_work_only_for_the_steering_group(member, steering):
    MembershipRequestFactory()
    make_advice(actor=steering, title="Aangeboden", status=Status.OFFERED)
    assert steering_work_for(user=member) is None
    work = steering_work_for(user=steering)
    assert (work.requests, work.advice_decision.count, work.polls_to_conclude.count, work.count) == (1, 1, 0, 2)


def test_the_colleagues_and_new_members_are_kept_but_never_name_the_reader(member, institution):
    week = timezone.localdate() + datetime.timedelta(days=7)
    newcomer = UserFactory(full_name="Nina Nieuw", institution=institution, new_until=week)
    member.new_until = week
    member.save()
    first = dashboard_for(user=member)
    assert [card.full_name for card in first["new_members"]] == ["Nina Nieuw"]
    assert [card.pk for card in first["colleagues"]] == [newcomer.pk]
    # The newcomer sees the same kept cards, without herself and with the reader.
    theirs = dashboard_for(user=newcomer)
    assert [card.pk for card in theirs["new_members"]] == [member.pk]
    assert [card.pk for card in theirs["colleagues"]] == [member.pk]
    # A name changed shows at once.
    newcomer.full_name = "Nina de Nieuwe"
    newcomer.save()
    assert [card.full_name for card in dashboard_for(user=member)["new_members"]] == ["Nina de Nieuwe"]
