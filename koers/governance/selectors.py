"""Reads for vacancies: the list, the candidates a member may see, and the count of an election."""

from uuid import UUID

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from koers.accounts.models import User
from koers.polls.models import Answer

from .counting import Count as ElectionCount
from .counting import election_count
from .models import Nomination, Vacancy

RUNNING = [Vacancy.Status.OPEN, Vacancy.Status.ELECTION]


def vacancies_list() -> QuerySet[Vacancy]:
    """Running vacancies first (nominating ends soonest first), then the others, newest first."""
    return (
        Vacancy.objects.select_related("election")
        .annotate(
            candidates=Count("nominations", filter=Q(nominations__status=Nomination.Status.ACCEPTED)),
            running=Case(When(status__in=RUNNING, then=Value(0)), default=Value(1), output_field=IntegerField()),
        )
        .order_by("running", "-nominations_open_until", "-id")
    )


def accepted(*, vacancy: Vacancy) -> list[Nomination]:
    """The candidates who accepted, as they will stand on the ballot."""
    return list(
        vacancy.nominations.filter(status=Nomination.Status.ACCEPTED)
        .select_related("nominee__institution")
        .order_by("nominee__full_name", "id")
    )


def nominations_for(*, vacancy: Vacancy, user: User, manage: bool) -> list[Nomination]:
    """The nominations a member sees: every accepted candidate, and the nominations they made or received.

    A nomination that is pending, declined or withdrawn is the business of the two people involved and of
    the steering group, not of the whole network.
    """
    nominations = vacancy.nominations.select_related("nominee__institution", "nominated_by", "position")
    if not manage:
        nominations = nominations.filter(Q(status=Nomination.Status.ACCEPTED) | Q(nominee=user) | Q(nominated_by=user))
    return list(nominations.order_by("nominee__full_name", "id"))


def candidates(*, vacancy: Vacancy) -> QuerySet[Nomination]:
    """The candidates on the ballot, in ballot order."""
    return (
        vacancy.nominations.filter(option__isnull=False)
        .select_related("nominee__institution", "option")
        .order_by("option__position", "option_id")
    )


def vacancy_count(*, vacancy: Vacancy) -> tuple[ElectionCount, dict[int, Nomination]]:
    """Count the election's ballots (of a vacancy that has one); with the candidates by their ballot option.

    Reads each ballot's choices in one query (a ballot is a handful of answers, a few hundred members
    vote), and counts them with the pure election_count.
    """
    by_option = {n.option_id: n for n in candidates(vacancy=vacancy) if n.option_id is not None}  # all have one
    ballots: dict[UUID, list[int]] = {}
    answers = (
        Answer.objects.filter(question__poll_id=vacancy.election_poll_id, option_id__in=list(by_option))
        .order_by("ballot_id", "value", "option_id")
        .values_list("ballot_id", "option_id")
    )
    for ballot, option in answers:
        ballots.setdefault(ballot, []).append(option)
    count = election_count(
        candidates=list(by_option), seats=vacancy.seats, ranked=vacancy.ranked, ballots=ballots.values()
    )
    return count, by_option


def elected(*, vacancy: Vacancy) -> list[Nomination]:
    return list(
        vacancy.nominations.filter(elected=True)
        .select_related("nominee__institution", "position")
        .order_by("nominee__full_name")
    )
