"""Polls' part of the personal data: votes in polls that are not anonymous, and sign-ups for calls."""

from django.utils import timezone

from koers.polls import personal_data
from koers.polls.models import Call, Participation, SignUp
from koers.polls.services import ballot_cast, signup_create

from .conftest import make_poll, option


def test_poll_votes_and_call_signups_are_exported_and_erased(member, other_member):
    poll = make_poll(title="OOAPI")
    anonymous = make_poll(title="Geheim", anonymous=True)
    ballot_cast(poll=poll, voter=member, answers={poll.questions.get().pk: option(poll, "Ja").pk})
    ballot_cast(poll=anonymous, voter=member, answers={anonymous.questions.get().pk: option(anonymous, "Nee").pk})
    call = Call.objects.create(title="Wie helpt?", text="x", wanted=2, closes_on=timezone.localdate())
    signup_create(call=call, user=member, motivation="Graag")
    data = personal_data.export(user=member)
    assert data["poll_votes"] == [{"poll": "OOAPI", "question": "Kies", "answer": "Ja", "dots": None}]
    assert [(s["call"], s["motivation"]) for s in data["call_signups"]] == [("Wie helpt?", "Graag")]
    personal_data.erase(user=member)
    assert not SignUp.objects.exists()
    assert Participation.objects.filter(user=member).count() == 0
    assert Participation.objects.count() == 2  # the ballots still count
