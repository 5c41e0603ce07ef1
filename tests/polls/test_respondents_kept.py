"""The polls list counts the respondents of the polls it shows; a closed poll's count is kept in the shared cache
with its results and forgotten with them."""

from django.utils import timezone

from koers.polls.models import Participation, Poll
from koers.polls.selectors import count_respondents, counts_forget, polls_for, split_by_state
from koers.polls.services import ballot_cast

from ..factories import UserFactory
from .conftest import HOUR, make_poll, option


def shown(user):
    polls = [poll for group in split_by_state(polls_for(user=user, counted=False)).values() for poll in group]
    count_respondents(polls)
    return {poll.title: poll.respondents for poll in polls}


def test_a_closed_polls_count_is_kept_until_its_counts_are_forgotten(
    member, institution, django_assert_num_queries, django_capture_on_commit_callbacks
):
    poll = make_poll(title="Gesloten")
    make_poll(title="Open")
    for _ in range(2):
        ballot_cast(
            poll=poll,
            voter=UserFactory(institution=institution),
            answers={poll.questions.get().pk: option(poll, "Ja").pk},
        )
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - HOUR)
    assert shown(member) == {"Gesloten": 2, "Open": 0}
    # A participation written behind the services' back is not counted: the closed poll's count is kept ...
    Participation.objects.create(poll=poll, unit_key="u:-1")
    polls = list(polls_for(user=member, counted=False))
    with django_assert_num_queries(1):  # ... and only the open poll is counted
        count_respondents(polls)
    assert {p.title: p.respondents for p in polls} == {"Gesloten": 2, "Open": 0}
    # ... until what changes the counts forgets them (a ballot cast, another closing time).
    poll.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        counts_forget(poll_id=poll.pk, closes_at=[poll.closes_at])
    assert shown(member) == {"Gesloten": 3, "Open": 0}
