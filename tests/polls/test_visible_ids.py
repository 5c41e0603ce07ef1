"""Which polls a member may open, asked of the database at once (``polls_visible_ids``, for the news feed), is what
``may_see`` says poll by poll: drafts for organisers, the steering group's polls for the steering group, a
meeting's polls for those registered for it or marked present."""

import pytest

from koers.meetings.models import Registration
from koers.polls.models import Poll
from koers.polls.selectors import may_see, polls_visible_ids

from ..factories import UserFactory
from ..meetings.conftest import make_meeting
from .conftest import make_poll

pytestmark = pytest.mark.django_db


def test_the_polls_a_member_may_open_are_those_may_see_allows(member, other_member, steering):
    meeting = make_meeting(title="Najaarsbijeenkomst")
    Registration.objects.create(meeting=meeting, user=member, status=Registration.Status.REGISTERED)
    Registration.objects.create(meeting=meeting, user=other_member, status=Registration.Status.WAITING)
    present = UserFactory(institution=other_member.institution)
    Registration.objects.create(meeting=meeting, user=present, status=Registration.Status.WAITING, attended=True)
    polls = {
        "members": make_poll(title="Voor leden"),
        "steering": make_poll(title="Voor de regiegroep", audience=Poll.Audience.STEERING),
        "attendees": make_poll(title="Voor de deelnemers", audience=Poll.Audience.ATTENDEES, meeting=meeting),
        "draft": make_poll(title="Concept", publish=False),
    }
    ids = {poll.pk for poll in polls.values()}
    names = {poll.pk: name for name, poll in polls.items()}
    seen = {}
    for who, user in {"member": member, "waiting": other_member, "present": present, "steering": steering}.items():
        seen[who] = sorted(names[pk] for pk in polls_visible_ids(user, ids))
        assert seen[who] == sorted(name for name, poll in polls.items() if may_see(poll=poll, user=user)), who
    assert seen == {
        "member": ["attendees", "members"],
        "waiting": ["members"],
        "present": ["attendees", "members"],
        "steering": ["attendees", "draft", "members", "steering"],
    }
