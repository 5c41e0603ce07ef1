"""The rules of a meeting's details, written once in the model and used by the page's form and the service."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from koers.meetings.forms import MeetingForm
from koers.meetings.models import MSG_ENDS_BEFORE_START, MSG_PLACE_NEEDED, Meeting
from koers.meetings.services import meeting_save

START = timezone.make_aware(datetime.datetime(2027, 3, 12, 10, 0))
HOUR = datetime.timedelta(hours=1)


def meeting(**extra) -> Meeting:
    return Meeting(**{"title": "Netwerkdag", "starts_at": START, "ends_at": START + HOUR, "venue": "Domstad", **extra})


@pytest.mark.parametrize(
    "extra", [{}, {"venue": "", "online_url": "https://meet.example/netwerkdag"}, {"online_url": "https://x.example"}]
)
def test_clean_accepts_an_end_after_the_start_and_a_place(extra):
    meeting(**extra).clean()


@pytest.mark.parametrize(
    ("extra", "errors"),
    [
        ({"ends_at": START}, {"ends_at": [str(MSG_ENDS_BEFORE_START)]}),
        ({"ends_at": START - HOUR}, {"ends_at": [str(MSG_ENDS_BEFORE_START)]}),
        ({"venue": ""}, {"venue": [str(MSG_PLACE_NEEDED)]}),
        ({"ends_at": START, "venue": ""}, {"ends_at": [str(MSG_ENDS_BEFORE_START)], "venue": [str(MSG_PLACE_NEEDED)]}),
    ],
)
def test_clean_refuses_an_end_not_after_the_start_and_no_place(extra, errors):
    with pytest.raises(ValidationError) as raised:
        meeting(**extra).clean()
    assert raised.value.message_dict == errors


def test_the_service_refuses_and_writes_nothing(db, steering):
    data = {"title": "Netwerkdag", "starts_at": START, "ends_at": START, "venue": ""}
    with pytest.raises(ValidationError) as raised:
        meeting_save(actor=steering, meeting=None, data=data)
    assert raised.value.message_dict == {"ends_at": [str(MSG_ENDS_BEFORE_START)], "venue": [str(MSG_PLACE_NEEDED)]}
    assert not Meeting.objects.exists()


def test_the_form_shows_the_models_messages_on_their_fields(db):
    form = MeetingForm(
        {
            "title": "Netwerkdag",
            "starts_at": "2027-03-12T10:00",
            "ends_at": "2027-03-12T09:00",
            "status": Meeting.Status.CONCEPT,
        }
    )
    assert form.errors == {"ends_at": [str(MSG_ENDS_BEFORE_START)], "venue": [str(MSG_PLACE_NEEDED)]}
