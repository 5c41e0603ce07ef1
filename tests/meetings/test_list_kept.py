"""The meetings page keeps its tables in the shared cache (meetings/meeting_list.html) for organisers and other
members apart, per page, until a meeting changes, someone signs up or cancels, or a meeting ends; the column
"Jij" is each reader's own."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from koers.meetings.models import Meeting
from koers.meetings.services import attendance_set, registration_cancel, registration_create

from ..factories import UserFactory
from ..pages import asked_twice, main_and_queries, row_cells, signed_in
from .conftest import make_meeting

pytestmark = pytest.mark.django_db


def listed(client, **query) -> tuple[str, int]:
    return main_and_queries(client, "/bijeenkomsten/", query)


def row(html: str, meeting: Meeting) -> list[str]:
    """The cells "Aangemeld" and "Jij" of a meeting's row."""
    return row_cells(html, f"/bijeenkomsten/{meeting.pk}/")[-2:]


def test_the_list_is_kept_and_read_without_its_queries(member):
    meeting = make_meeting(title="Najaarsbijeenkomst", capacity=40)
    make_meeting(title="Voorjaarsbijeenkomst", days=-60)
    again, asked, asked_again = asked_twice(signed_in(member), "/bijeenkomsten/")
    # Kept: the session and the member, then only whether they signed up for the meetings shown. Not kept,
    # besides: when a meeting next ends, those to come, the earlier ones (counted, then a page of them).
    assert (asked, asked_again) == (7, 3)
    assert row(again, meeting) == ["0 / 40", "-"]


def test_each_reader_sees_their_own_registration_and_a_new_one_shows_at_once(member, other_member):
    meeting = make_meeting(title="Najaarsbijeenkomst", capacity=40)
    past = make_meeting(title="Voorjaarsbijeenkomst", days=-60)
    theirs, mine = signed_in(other_member), signed_in(member)
    listed(theirs)
    registration_create(meeting=meeting, user=member)
    assert row(listed(mine)[0], meeting) == ["1 / 40", "aangemeld"]
    assert row(listed(theirs)[0], meeting) == ["1 / 40", "-"]
    registration_cancel(meeting=meeting, user=member)
    assert row(listed(mine)[0], meeting) == ["0 / 40", "-"]
    attendance_set(meeting=past, present={member.pk, UserFactory().pk})  # recorded in bulk
    assert row(listed(mine)[0], past) == ["2", "je was aangemeld"]
    assert row(listed(theirs)[0], past) == ["2", "-"]


def test_organisers_keep_their_own_list_with_concepts(member, steering):
    make_meeting(title="Nog een concept", status=Meeting.Status.CONCEPT)
    as_member, as_steering = listed(signed_in(member))[0], listed(signed_in(steering))[0]
    assert ("Nog een concept" in as_member, "Nog een concept" in as_steering) == (False, True)


def test_a_meeting_that_ends_moves_to_the_earlier_ones_at_once(member):
    now = timezone.now()
    meeting = make_meeting(
        title="Vandaag", starts_at=now - datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(hours=1)
    )
    client = signed_in(member)
    assert "Er staan nog geen bijeenkomsten gepland." not in listed(client)[0]
    with mock.patch("django.utils.timezone.now", return_value=now + datetime.timedelta(hours=1)):
        ended = listed(client)[0]
    assert "Er staan nog geen bijeenkomsten gepland." in ended
    assert ended.index("Eerdere bijeenkomsten") < ended.index(f'<a href="/bijeenkomsten/{meeting.pk}/">')


def test_a_changed_title_shows_at_once_and_odd_query_strings_are_not_kept(member):
    meeting = make_meeting(title="Oude titel")
    client = signed_in(member)
    listed(client)
    meeting.title = "Nieuwe titel"
    meeting.save()
    assert "Nieuwe titel" in listed(client)[0]
    odd, asked = listed(client, x="1")
    assert listed(client, x="1") == (odd, asked)  # worked out for this reader alone, every time
    assert asked > listed(client)[1]
