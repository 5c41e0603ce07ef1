"""Each kind of event the services record: the exact feed item, with its audience, themes and institution."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from koers.accounts.services import invitation_accept, invitation_create, membership_request_approve
from koers.activity.models import Activity, FeedVisit
from koers.activity.selectors import activities_for
from koers.activity.services import backfill_all, record_activity
from koers.advice.models import Status
from koers.advice.services import follow_up_add
from koers.documents.services import document_create, document_delete
from koers.meetings.models import AgendaItem, Meeting
from koers.meetings.services import meeting_save, report_save
from koers.polls.services import poll_close, poll_outcome
from koers.portfolio.services import project_create, project_update
from koers.privacy.services import account_delete, personal_data_export
from koers.roadmap.services import ambition_remove, ambition_save

from ..advice.conftest import make_advice
from ..factories import MembershipRequestFactory, ThemeFactory
from ..polls.conftest import make_poll

DAY = datetime.timedelta(days=1)


def rows():
    return [
        (a.kind, a.audience, a.object_type, a.title, a.url, sorted(t.name for t in a.themes.all()), a.institution_id)
        for a in Activity.objects.order_by("id")
    ]


PROJECT = {"title": "Datagedreven sturen", "status": "idee", "horizon": "strategisch", "domain": "ict"}


def test_project_added_and_status_changed(member, institution):
    theme = ThemeFactory(name="Data")
    project = project_create(institution=institution, data={**PROJECT, "themes": [theme]})
    project_update(project=project, data={**PROJECT, "title": "Datagedreven sturen", "themes": [theme]})
    assert Activity.objects.count() == 1  # the same status: nothing new
    project_update(project=project, data={**PROJECT, "status": "lopend", "themes": [theme]})
    url = f"/portfolio/projecten/{project.pk}/"
    assert rows() == [
        ("project.added", "members", "portfolio.project", "Datagedreven sturen", url, ["Data"], institution.pk),
        ("project.status", "members", "portfolio.project", "Datagedreven sturen", url, ["Data"], institution.pk),
    ]


def test_ambition_filled_once_and_public(member, institution):
    theme = ThemeFactory(name="Cloud", slug="cloud")
    data = {"start_year": 2027, "start_half": 1, "level": "", "readiness": "", "note": ""}
    ambition_save(actor=member, institution=institution, theme=theme, data=data)
    ambition_save(actor=member, institution=institution, theme=theme, data={**data, "start_year": 2028})
    title = f"{institution.name} – Cloud"
    assert rows() == [
        ("ambition.filled", "public", "roadmap.ambition", title, "/themas/cloud/", ["Cloud"], institution.pk)
    ]
    assert Activity.objects.get().actor == member
    ambition_remove(actor=member, institution=institution, theme=theme)
    assert rows() == []


def test_poll_opened_closed_outcome(steering):
    poll = make_poll(title="Welke standaard?")
    poll_close(actor=steering, poll=poll)
    poll_outcome(actor=steering, poll=poll, text="OOAPI")
    poll_outcome(actor=steering, poll=poll, text="OOAPI, met een toelichting")  # a correction: no second item
    url = f"/peilingen/{poll.pk}/"
    assert rows() == [
        ("poll.opened", "restricted", "polls.poll", "Welke standaard?", url, [], None),
        ("poll.closed", "restricted", "polls.poll", "Welke standaard?", url, [], None),
        ("poll.outcome", "restricted", "polls.poll", "Welke standaard?", url, [], None),
    ]


def test_scheduled_poll_dated_at_its_opening(db):
    opens = timezone.now() + 2 * DAY
    poll = make_poll(opens_at=opens, closes_at=opens + DAY)
    assert Activity.objects.get(object_id=poll.pk).created_at == opens


def test_meeting_announced_and_report(steering, institution):
    theme = ThemeFactory(name="Privacy")
    starts = timezone.now() + 10 * DAY
    data = {"title": "Voorjaarsbijeenkomst", "starts_at": starts, "ends_at": starts + DAY / 4, "venue": "Ede"}
    meeting = meeting_save(actor=steering, meeting=None, data={**data, "status": Meeting.Status.CONCEPT})
    assert rows() == []  # a concept is news for nobody
    meeting = meeting_save(
        actor=steering, meeting=meeting, data={"status": Meeting.Status.PUBLISHED, "theme": theme, "host": institution}
    )
    report_save(meeting=meeting, report="Verslag", audience=Meeting.ReportAudience.MEMBERS, publish=True)
    report_save(meeting=meeting, report="Verslag", audience=Meeting.ReportAudience.EVERYONE, publish=True)
    url = f"/bijeenkomsten/{meeting.pk}/"
    assert rows() == [
        ("meeting.announced", "members", "meetings.meeting", "Voorjaarsbijeenkomst", url, ["Privacy"], institution.pk),
        (
            "meeting.report",
            "public",
            "meetings.meeting",
            "Voorjaarsbijeenkomst",
            f"{url}verslag/",
            ["Privacy"],
            institution.pk,
        ),
    ]
    report_save(meeting=meeting, report="Verslag", audience=Meeting.ReportAudience.EVERYONE, publish=False)
    meeting_save(actor=steering, meeting=meeting, data={"status": Meeting.Status.CONCEPT})
    assert rows() == []  # withdrawn: the news is taken back


def test_advice_added_status_and_follow_up(steering):
    theme = ThemeFactory(name="Inkoop")
    advice = make_advice(actor=steering, title="Samen inkopen", status=Status.DECIDED, themes=[theme])
    follow_up_add(
        actor=steering,
        advice=advice,
        data={
            "date": timezone.localdate(),
            "text": "Gestart",
            "done_by": "Regiegroep",
            "progress": 10,
            "status": "op_schema",
        },
    )
    url = f"/adviezen/{advice.pk}/"
    kinds = [(kind, audience) for kind, audience, *_ in rows()]
    assert kinds == [
        ("advice.added", "members"),
        ("advice.status", "members"),  # working group
        ("advice.status", "members"),  # draft
        ("advice.status", "members"),  # consultation
        ("advice.status", "public"),  # offered: the text is public from here
        ("advice.status", "public"),  # decided
        ("advice.follow_up", "public"),
    ]
    assert {(r[2], r[3], r[4], tuple(r[5])) for r in rows()} == {("advice.advice", "Samen inkopen", url, ("Inkoop",))}


def test_member_joined_when_the_invitation_is_accepted(steering, institution):
    request = MembershipRequestFactory(full_name="Nina Nieuw", institution=institution)
    user = membership_request_approve(actor=steering, membership_request=request)
    assert rows() == []  # invited, not joined yet
    invitation_accept(token=invitation_create(user=user), password="een-lang-wachtwoord-42")
    assert rows() == [("member.joined", "members", "accounts.user", "Nina Nieuw", "/leden/", [], institution.pk)]


@pytest.mark.django_db
def test_backfill_records_existing_data_once(steering, institution):
    theme = ThemeFactory(name="Data")
    project = project_create(institution=institution, data={**PROJECT, "themes": [theme]})
    Activity.objects.all().delete()  # data from before the feed
    added = backfill_all()
    kinds = sorted(a.kind for a in Activity.objects.all())
    # The project, and the members that exist (the fixtures' steering member, with a password).
    assert kinds == ["member.joined", "project.added"]
    assert added == 2
    assert Activity.objects.get(kind="project.added").created_at == project.created_at
    assert backfill_all() == 0


def test_personal_data_export_and_erasure(member, other_member, institution):
    theme = ThemeFactory(name="Data")
    record_activity(kind="ambition.filled", target=theme, title="Ambitie", url="/x/", actor=member)
    record_activity(kind="member.joined", target=member, title="Gerda Visser", url="/leden/", at=timezone.now())
    record_activity(kind="member.joined", target=other_member, title="Hans Bos", url="/leden/")
    FeedVisit.objects.create(user=member, seen_at=timezone.now())
    data = personal_data_export(user=member)
    assert [a["title"] for a in data["feed_activities"]] == ["Ambitie", "Gerda Visser"]
    assert data["feed_last_visit"] is not None
    account_delete(user=member)
    assert sorted((a.title, a.actor_id) for a in Activity.objects.all()) == [("Ambitie", None), ("Hans Bos", None)]
    assert not FeedVisit.objects.exists()


def test_document_added_reaches_whoever_may_open_it_and_leaves_when_deleted(member, steering):
    def upload(title: str, audience: str, target=None):
        return document_create(
            actor=steering,
            title=title,
            audience=audience,
            themes=[ThemeFactory(name=f"Thema {title}")],
            target=target,
            upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4"),
        )

    starts = timezone.now() + 7 * DAY
    concept = Meeting.objects.create(title="Voorbereiding", starts_at=starts, ends_at=starts + DAY, status="concept")
    item = AgendaItem.objects.create(meeting=concept, title="Punt", starts_at=datetime.time(10), duration=30)
    public = upload("Openbaar", "openbaar")
    members_only = upload("Leden", "leden")
    upload("Concept", "openbaar", target=item)
    assert [(kind, audience, title) for kind, audience, _t, title, *_ in rows()] == [
        ("document.added", "public", "Openbaar"),
        ("document.added", "restricted", "Leden"),
        ("document.added", "restricted", "Concept"),
    ]
    assert rows()[0][4] == f"/documenten/{public.pk}/" and rows()[0][5] == ["Thema Openbaar"]

    def titles(user):
        return sorted(a.title for a in activities_for(user=user))

    assert titles(AnonymousUser()) == ["Openbaar"]
    assert titles(member) == ["Leden", "Openbaar"]
    assert titles(steering) == ["Concept", "Leden", "Openbaar"]
    document_delete(actor=steering, document=members_only)
    assert titles(member) == ["Openbaar"]
