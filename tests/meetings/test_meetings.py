"""Meetings: registration with a waiting list, attachments, attendance, round tables, the report."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from koers.core.uploads import MSG_FILE_TOO_LARGE, MSG_FILE_TYPE
from koers.documents.models import Document, DocumentVersion
from koers.meetings.models import AgendaItem, Contribution, Meeting, Registration, Topic
from koers.meetings.selectors import attendance_per_institution, first_timers
from koers.meetings.services import (
    MSG_ALREADY_REGISTERED,
    MSG_CONTRIBUTION_CLOSED,
    MSG_NOT_OPEN,
    attachment_add,
    attendance_set,
    contribution_add,
    meeting_save,
    registration_cancel,
    registration_create,
    topic_schedule,
)
from koers.notifications.models import Notification

from ..factories import UserFactory
from .conftest import make_item, make_meeting


def test_beyond_capacity_members_wait_and_move_up_on_cancellation(meeting, django_capture_on_commit_callbacks):
    first, second, third = UserFactory(), UserFactory(), UserFactory(full_name="Derde Persoon")
    with django_capture_on_commit_callbacks(execute=True):
        for user in (first, second, third):
            registration_create(meeting=meeting, user=user)
    states = list(meeting.registrations.order_by("created_at").values_list("user", "status"))
    assert states == [(first.pk, "aangemeld"), (second.pk, "aangemeld"), (third.pk, "wachtlijst")]
    assert [m.subject for m in mail.outbox] == [
        "Aangemeld: Netwerkbijeenkomst",
        "Aangemeld: Netwerkbijeenkomst",
        "Op de wachtlijst: Netwerkbijeenkomst",
    ]
    assert mail.outbox[0].attachments[0][0] == "bijeenkomst.ics"
    assert "SUMMARY:Netwerkbijeenkomst" in str(mail.outbox[0].attachments[0][1])
    assert mail.outbox[2].attachments == []
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moved = registration_cancel(meeting=meeting, user=first)
    assert moved.user == third and moved.status == "aangemeld"
    assert [(m.to, m.subject) for m in mail.outbox] == [([third.email], "Aangemeld: Netwerkbijeenkomst")]
    assert "Er is een plaats vrijgekomen" in mail.outbox[0].body


def test_registering_twice_or_for_a_closed_meeting_is_refused(meeting, member):
    registration_create(meeting=meeting, user=member)
    with pytest.raises(ValidationError) as error:
        registration_create(meeting=meeting, user=member)
    assert error.value.messages == [str(MSG_ALREADY_REGISTERED)]
    for closed in (
        make_meeting(days=-3),
        make_meeting(status=Meeting.Status.CANCELLED),
        make_meeting(status=Meeting.Status.CONCEPT),
    ):
        with pytest.raises(ValidationError) as error:
            registration_create(meeting=closed, user=member)
        assert error.value.messages == [str(MSG_NOT_OPEN)]
    assert Registration.objects.count() == 1


def test_cancelling_a_meeting_tells_who_registered(meeting, member, steering):
    registration_create(meeting=meeting, user=member)
    data = {"status": Meeting.Status.CANCELLED}
    meeting_save(actor=steering, meeting=meeting, data=data)
    meeting_save(actor=steering, meeting=meeting, data=data)  # once only
    assert list(Notification.objects.values_list("user", "subject")) == [(member.pk, "Geannuleerd: Netwerkbijeenkomst")]


def test_a_new_time_sends_who_has_a_place_one_mail_with_the_updated_calendar_entry(
    meeting, member, other_member, steering, django_capture_on_commit_callbacks
):
    waiting = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        for user in (member, other_member, waiting):
            registration_create(meeting=meeting, user=user)
    assert "SEQUENCE:0" in mail.outbox[0].attachments[0][1]
    mail.outbox.clear()
    # Saving without a new time or place (another title) sends nothing and keeps the calendar entry's version.
    with django_capture_on_commit_callbacks(execute=True):
        meeting_save(actor=steering, meeting=meeting, data={"title": "Netwerkdag", "venue": "Domstad"})
    assert (mail.outbox, Meeting.objects.get().calendar_sequence) == ([], 0)

    new_start = (meeting.starts_at + datetime.timedelta(days=7)).replace(hour=9, minute=30, second=0, microsecond=0)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_save(
            actor=steering,
            meeting=meeting,
            data={"starts_at": new_start, "ends_at": new_start + datetime.timedelta(hours=7), "venue": "Domstad"},
        )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([member.email, other_member.email])
    for message in mail.outbox:
        assert message.subject == "Gewijzigd: Netwerkdag"
        assert f"De bijeenkomst is nu van {timezone.localtime(new_start):%d-%m-%Y %H:%M} tot " in message.body
        [(name, calendar, kind)] = message.attachments
        assert (name, kind) == ("bijeenkomst.ics", "text/calendar")
        assert f"UID:meeting-{meeting.pk}@koers" in calendar
        assert f"DTSTART:{new_start:%Y%m%dT%H%M%S}Z" in calendar
        assert "SEQUENCE:1" in calendar
    assert Meeting.objects.get().calendar_sequence == 1
    # In the site too, for those with a place; the waiting list has no calendar entry to update.
    assert sorted(Notification.objects.values_list("user_id", flat=True)) == sorted([member.pk, other_member.pk])


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("programma.exe", b"MZ\x90\x00", MSG_FILE_TYPE),
        ("slides.pdf", b"MZ\x90\x00 a program renamed", MSG_FILE_TYPE),
        ("groot.pdf", b"%PDF-1.4" + b"0" * (20 * 1024 * 1024), MSG_FILE_TOO_LARGE),
    ],
)
def test_uploads_are_checked_by_size_and_content(meeting, steering, name, content, message):
    item = make_item(meeting)
    with pytest.raises(ValidationError) as error:
        attachment_add(item=item, upload=SimpleUploadedFile(name, content), actor=steering)
    assert error.value.messages == [str(message)]
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists()


def test_attachments_are_served_to_members_only_until_the_report_is_public(client, meeting, steering, member):
    item = make_item(meeting)
    document = attachment_add(item=item, upload=SimpleUploadedFile("slides.pdf", b"%PDF-1.4 x"), actor=steering)
    url = document.versions.get().get_absolute_url()
    assert client.get(url)["Location"].startswith("/account/inloggen/")
    client.force_login(member)
    response = client.get(url)
    assert (response.status_code, b"".join(response.streaming_content)) == (200, b"%PDF-1.4 x")
    client.logout()
    Meeting.objects.filter(pk=meeting.pk).update(report_published_at=timezone.now(), report_audience="iedereen")
    assert client.get(url).status_code == 200


def test_attendance_first_timers_and_counts_per_institution(meeting, member, other_member, institution):
    earlier = make_meeting(days=-60)
    attendance_set(meeting=earlier, present={member.pk})
    colleague = UserFactory(institution=institution)
    registration_create(meeting=meeting, user=member)
    registration_create(meeting=meeting, user=other_member)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=2))
    meeting.refresh_from_db()
    attendance_set(meeting=meeting, present={member.pk, colleague.pk})  # a walk-in colleague
    present = dict(meeting.registrations.values_list("user", "attended"))
    assert present == {member.pk: True, other_member.pk: False, colleague.pk: True}
    assert first_timers(meeting=meeting) == {colleague.pk}
    assert attendance_per_institution(meeting=meeting) == [("Horizon College", 2)]


def test_cards_only_on_round_tables_and_workshops(meeting, member):
    lunch = make_item(meeting, kind="lunch", title="Lunch")
    with pytest.raises(ValidationError) as error:
        contribution_add(item=lunch, author=member, data={"kind": "conclusie", "text": "Lekker"})
    assert error.value.messages == [str(MSG_CONTRIBUTION_CLOSED)]
    table = make_item(meeting)
    card = contribution_add(item=table, author=member, data={"kind": "hoe", "text": "Samen", "heading": "Data"})
    assert (card.kind, card.heading, card.author) == ("hoe", "Data", member)


def test_a_proposed_topic_moves_into_the_agenda(meeting, member):
    topic = Topic.objects.create(title="Casus: roosteren", description="Hoe doen jullie dat?", proposed_by=member)
    item = topic_schedule(
        topic=topic, meeting=meeting, data={"starts_at": datetime.time(11), "duration": 30, "kind": "casus"}
    )
    assert (item.meeting, item.title, item.kind, item.description) == (
        meeting,
        "Casus: roosteren",
        "casus",
        "Hoe doen jullie dat?",
    )
    topic.refresh_from_db()
    assert topic.item == item


def test_member_adds_a_card_through_the_page(client, meeting, member):
    table = make_item(meeting)
    client.force_login(member)
    url = reverse("meetings:item-detail", args=[meeting.pk, table.pk])
    response = client.post(url, {"kind": "voorbeeld", "text": "<script>alert(1)</script>Ons rooster", "table": "2"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Ons rooster" in page and "<script>alert" not in page
    assert Contribution.objects.get().table == "2"


def test_report_is_sanitised_and_visible_by_its_audience(client, meeting, steering, member):
    client.force_login(steering)
    url = reverse("meetings:report-edit", args=[meeting.pk])
    client.post(
        url, {"report": "Goed **gesprek**<script>alert(1)</script>", "report_audience": "leden", "publish": "on"}
    )
    report = reverse("meetings:report", args=[meeting.pk])
    client.logout()
    assert client.get(report)["Location"].startswith("/account/inloggen/")
    client.force_login(member)
    page = client.get(report).content.decode()
    assert "Goed <strong>gesprek</strong>" in page and "<script>alert(1)" not in page


def test_calendar_feed_lists_published_meetings_only(client, meeting):
    make_meeting(title="Nog geheim", status=Meeting.Status.CONCEPT)
    feed = client.get(reverse("meetings:calendar-feed")).content.decode()
    assert "SUMMARY:Netwerkbijeenkomst" in feed and "Nog geheim" not in feed


@pytest.mark.parametrize("count", [1, 3])
# The list, not kept yet, also asks when a meeting next ends and which of them the member signed up for.
@pytest.mark.parametrize(("name", "queries"), [("meetings:meeting-list", 7), ("meetings:meeting-detail", 8)])
def test_meeting_pages_query_count(client, django_assert_num_queries, member, steering, name, queries, count):
    meetings = []
    for n in range(count):
        make_meeting(title=f"Eerder {n}", days=-30 - n, capacity=10)  # the list reads its page of past meetings
        meeting = make_meeting(title=f"Bijeenkomst {n}", capacity=10)
        for k in range(count):
            item = make_item(meeting, title=f"Punt {k}")
            attachment_add(item=item, upload=SimpleUploadedFile(f"s{k}.pdf", b"%PDF-1.4"), actor=steering)
            registration_create(meeting=meeting, user=UserFactory())
        meetings.append(meeting)
    client.force_login(member)
    kwargs = {"pk": meetings[-1].pk} if name == "meetings:meeting-detail" else None
    with django_assert_num_queries(queries):
        response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200


def test_titles_are_escaped(client, member):
    meeting = make_meeting(title='<img src=x onerror="alert(1)">')
    client.force_login(member)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert '<img src=x onerror="alert(1)">' not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page


def test_no_cancelling_once_the_meeting_has_started(meeting, member):
    registration_create(meeting=meeting, user=member)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - datetime.timedelta(minutes=5))
    meeting.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        registration_cancel(meeting=meeting, user=member)
    assert error.value.messages == ["De bijeenkomst is al begonnen; afmelden kan niet meer."]
    assert Registration.objects.filter(meeting=meeting, user=member).exists()


def test_more_places_move_the_waiting_list_up_and_nobody_jumps_the_queue(meeting, steering):
    people = [UserFactory() for _ in range(4)]
    for person in people[:3]:
        registration_create(meeting=meeting, user=person)
    meeting_save(actor=steering, meeting=meeting, data={"capacity": 3})
    assert meeting.registrations.get(user=people[2]).status == "aangemeld"
    registration_create(meeting=meeting, user=people[3])
    assert meeting.registrations.get(user=people[3]).status == "wachtlijst"


def test_a_cancelled_meeting_moves_nobody_up(meeting, steering):
    people = [UserFactory() for _ in range(3)]
    for person in people:
        registration_create(meeting=meeting, user=person)
    meeting_save(actor=steering, meeting=meeting, data={"status": Meeting.Status.CANCELLED})
    assert registration_cancel(meeting=meeting, user=people[0]) is None
    assert meeting.registrations.get(user=people[2]).status == "wachtlijst"


def test_attendance_keeps_the_record_of_members_not_on_the_page(meeting, member, other_member):
    attendance_set(meeting=meeting, present={member.pk, other_member.pk})
    attendance_set(meeting=meeting, present={member.pk}, offered={member.pk})
    assert dict(meeting.registrations.values_list("user", "attended")) == {member.pk: True, other_member.pk: True}


def test_a_concept_has_no_public_report(client, steering):
    concept = make_meeting(status=Meeting.Status.CONCEPT)
    Meeting.objects.filter(pk=concept.pk).update(report_published_at=timezone.now(), report_audience="iedereen")
    assert client.get(reverse("meetings:report", args=[concept.pk])).status_code == 302
    client.force_login(steering)
    response = client.post(
        reverse("meetings:report-edit", args=[concept.pk]),
        {"report": "x", "report_audience": "iedereen", "publish": "on"},
    )
    assert response.status_code == 400
    assert "Publiceer eerst de bijeenkomst" in response.content.decode()


def test_the_public_feed_leaves_out_the_online_link_and_description(client, db):
    make_meeting(title="Online sessie", venue="", online_url="https://meet.example/geheim", description="Intern")
    feed = client.get(reverse("meetings:calendar-feed")).content.decode()
    assert "SUMMARY:Online sessie" in feed and "meet.example" not in feed and "Intern" not in feed


def test_a_dot_vote_from_a_round_table_takes_its_conclusions(meeting, member, steering):
    from koers.meetings.services import dot_vote_start

    table = make_item(meeting)
    for text in ["Meer samen inkopen", "Meer samen inkopen", "Een leergang"]:
        contribution_add(item=table, author=member, data={"kind": "conclusie", "text": text})
    contribution_add(item=table, author=member, data={"kind": "hoe", "text": "Niet als optie"})
    poll = dot_vote_start(item=table, actor=steering, on_themes=False)
    assert (poll.audience, poll.meeting, poll.dots, poll.published_at) == ("deelnemers", meeting, 3, None)
    labels = list(poll.questions.get().options.values_list("label", flat=True))
    assert labels == ["Meer samen inkopen", "Een leergang"]


def test_the_waiting_list_line_counts_the_people_ahead_and_says_when_nobody_is(client, db):
    meeting = make_meeting(capacity=1)
    first, second, third, fourth = (UserFactory() for _ in range(4))
    for user in (first, second, third, fourth):
        registration_create(meeting=meeting, user=user)
    lines = {}
    for user in (second, third, fourth):
        client.force_login(user)
        page = client.get(meeting.get_absolute_url()).content.decode()
        lines[user] = [line for line in page.split("<p>") if "wachtlijst" in line and "Je staat" in line][0]
    assert lines[second].startswith("Je staat als eerste op de wachtlijst.</p>")
    assert lines[third].startswith("Je staat op de wachtlijst; er staat 1 persoon voor je.</p>")
    assert lines[fourth].startswith("Je staat op de wachtlijst; er staan 2 personen voor je.</p>")


def test_the_registration_form_says_once_who_sees_the_wishes(client, member, meeting):
    client.force_login(member)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert page.count("Alleen de regiegroep ziet") == 1
    assert "Alleen de regiegroep ziet dit." in page


def test_the_programme_names_the_kind_of_an_item_only_when_the_title_does_not(client, member, meeting):
    make_item(meeting, kind=AgendaItem.Kind.ANNOUNCEMENTS, title="Mededelingen")
    make_item(meeting, kind=AgendaItem.Kind.ROUND_TABLE, title="Ronde tafels")
    make_item(meeting, kind=AgendaItem.Kind.WORKSHOP, title="Data in de klas")
    client.force_login(member)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Mededelingen (mededelingen)" not in page and "Mededelingen <span" not in page
    assert "· Mededelingen</h3>" in page and "· Ronde tafels</h3>" in page
    assert '· Data in de klas <span class="meta">(workshop)</span></h3>' in page


def test_past_meetings_say_you_were_registered(client, member, meeting):
    meeting = make_meeting(days=-30, status=Meeting.Status.PAST)
    Registration.objects.create(meeting=meeting, user=member, status=Registration.Status.REGISTERED)
    client.force_login(member)
    page = client.get(reverse("meetings:meeting-list")).content.decode()
    assert '<td data-label="Jij">je was aangemeld</td>' in page and "aangemeld geweest" not in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("meetings:meeting-list")).content.decode()
    assert "Upcoming meetings" in page and "Coming meetings" not in page
    assert '<td data-label="You">you were registered</td>' in page


def test_the_list_reads_one_page_of_past_meetings_and_every_meeting_to_come(client, member, steering):
    for n in range(23):  # "Eerder 0" most recently
        make_meeting(title=f"Eerder {n}", days=-(n + 1))
    make_meeting(title="Later", days=30)
    soon = make_meeting(title="Straks", days=3)
    make_meeting(title="Ook straks", starts_at=soon.starts_at, ends_at=soon.ends_at)  # the same start: newer first
    make_meeting(title="Nog een concept", days=10, status=Meeting.Status.CONCEPT)
    client.force_login(steering)
    first = client.get(reverse("meetings:meeting-list")).context
    assert [meeting.title for meeting in first["upcoming"]] == ["Ook straks", "Straks", "Nog een concept", "Later"]
    assert [meeting.title for meeting in first["page_obj"].object_list] == [f"Eerder {n}" for n in range(20)]
    assert (first["page_obj"].paginator.count, first["page_obj"].paginator.num_pages) == (23, 2)
    second = client.get(reverse("meetings:meeting-list"), {"page": 2}).context
    assert [meeting.title for meeting in second["page_obj"].object_list] == ["Eerder 20", "Eerder 21", "Eerder 22"]
    client.force_login(member)  # a member sees no concepts
    assert [meeting.title for meeting in client.get(reverse("meetings:meeting-list")).context["upcoming"]] == [
        "Ook straks",
        "Straks",
        "Later",
    ]
