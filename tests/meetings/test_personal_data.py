"""Meetings' part of the personal data: registrations."""

from koers.meetings import personal_data
from koers.meetings.models import Registration
from koers.meetings.services import registration_create

from .conftest import make_meeting


def test_registrations_are_exported_and_future_places_freed(member, other_member):
    meeting = make_meeting(capacity=1)
    registration_create(meeting=meeting, user=member, note="Rolstoel")
    registration_create(meeting=meeting, user=other_member)
    data = personal_data.export(user=member)
    assert [(r["meeting"], r["status"], r["note"]) for r in data["meeting_registrations"]] == [
        ("Netwerkbijeenkomst", "aangemeld", "Rolstoel")
    ]
    personal_data.erase(user=member)
    assert list(Registration.objects.values_list("user", "status")) == [(other_member.pk, "aangemeld")]
