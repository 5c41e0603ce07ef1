"""Reads for polls: who may see a poll and who may vote in it, lists, the voter's own ballot, and tallies
computed by the database. The pages and the API both read through these.
"""

import datetime
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING, Any, NamedTuple, TypedDict, cast

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import User
from koers.core import derived
from koers.core.conflicts import StateConflict
from koers.members.models import Institution, Position
from koers.members.rules import is_steering
from koers.members.selectors import active_members, member_card
from koers.themes.models import Theme

from .kinds.base import Groups, QuestionResult, percent
from .models import (
    Answer,
    Ballot,
    Call,
    Participation,
    Poll,
    PollQuerySet,
    PollState,
    Question,
    SignUp,
    state_condition,
)
from .rules import in_audience

if TYPE_CHECKING:  # these types exist only in the stubs, or would import the app above this one
    from django_stubs_ext import StrOrPromise, WithAnnotations

    from koers.meetings.models import Meeting

MSG_NOT_OPEN = _("Deze peiling is nog niet open.")
MSG_CLOSED = _("Deze peiling is gesloten; stemmen kan niet meer.")
MSG_NOT_IN_AUDIENCE = _("Deze peiling is niet voor jou bedoeld.")
MSG_NO_INSTITUTION = _("In deze peiling stemt elke instelling één keer. Kies eerst je instelling in je profiel.")
MSG_ALREADY_VOTED = _("Je hebt al gestemd; een stem kan in deze peiling niet worden gewijzigd.")
MSG_INSTITUTION_VOTED = _("Voor je instelling is al gestemd door %(name)s. Per instelling telt één stem.")
MSG_INSTITUTION_VOTED_ANONYMOUS = _("Voor je instelling is al gestemd. Per instelling telt één stem.")


# Who may see a poll, who may vote ---------------------------------------------------------------------


def may_see(*, poll: Poll, user: User) -> bool:
    """A poll the member may open: its audience sees it once published, the organisers always."""
    if user.has_perm("polls.manage_poll"):
        return True
    return poll.published_at is not None and in_audience(user, poll)


def unit_key(poll: Poll, voter: User) -> str:
    """Whose vote a ballot is: the member's, or (one vote per institution) their institution's."""
    if poll.unit == Poll.Unit.INSTITUTION:
        return f"i:{voter.institution_id}"
    return f"u:{voter.pk}"


def vote_refusal(*, poll: Poll, voter: User) -> "StrOrPromise | None":
    """Why this member cannot vote in this poll now, or None if they can (a second vote is checked on casting)."""
    if poll.state in (PollState.DRAFT, PollState.SCHEDULED):
        return MSG_NOT_OPEN
    if poll.state == PollState.CLOSED:
        return MSG_CLOSED
    if not in_audience(voter, poll):
        return MSG_NOT_IN_AUDIENCE
    if poll.unit == Poll.Unit.INSTITUTION and voter.institution_id is None:
        return MSG_NO_INSTITUTION
    return None


@dataclass(frozen=True)
class VoteEligibility:
    """Whether a member may vote (or change their vote) now, and if not, why (one of the MSG_ reasons).

    ``conflict``: refused because a vote that counts for them is in already (the API answers 409).
    """

    allowed: bool
    reason: "StrOrPromise" = ""
    conflict: bool = False

    def error(self) -> ValidationError:
        """The refusal to raise: a StateConflict for a vote that is in already, else a ValidationError."""
        return StateConflict(self.reason) if self.conflict else ValidationError(self.reason)


def already_voted(*, poll: Poll, user: User, participation: Participation) -> "StrOrPromise":
    """Why a vote that is in stops this member: their own final vote, or a colleague's for the institution
    (named, unless the poll is anonymous)."""
    if participation.user_id == user.pk:
        return MSG_ALREADY_VOTED
    if poll.anonymous or participation.user is None:
        return MSG_INSTITUTION_VOTED_ANONYMOUS
    return MSG_INSTITUTION_VOTED % {"name": participation.user.full_name}


def vote_eligibility(*, poll: Poll, user: User, participation: Participation | None) -> VoteEligibility:
    """May this member cast a ballot now, given the vote that counts for them (``participation_of``)?

    Only their own ballot, in a poll that is not anonymous and allows it, can be changed.
    """
    refusal = vote_refusal(poll=poll, voter=user)
    if refusal is not None:
        return VoteEligibility(False, refusal)
    if participation is not None and not (
        participation.user_id == user.pk and poll.allow_change and not poll.anonymous
    ):
        return VoteEligibility(False, already_voted(poll=poll, user=user, participation=participation), conflict=True)
    return VoteEligibility(True)


# Lists ------------------------------------------------------------------------------------------------


class ListedPollAnnotations(TypedDict):
    """What ``polls_for`` adds to each poll."""

    voted: bool  # whether the vote that counts for this member is in
    respondents: int


if TYPE_CHECKING:
    ListedPoll = WithAnnotations[Poll, ListedPollAnnotations]


def _vote_keys(user: User) -> list[str]:
    """The votes that count for this member: their own, or (in one-per-institution polls) their institution's."""
    return [f"u:{user.pk}", f"i:{user.institution_id}"] if user.institution_id else [f"u:{user.pk}"]


def voted_in(*, user: User, poll_ids: Iterable[int]) -> set[int]:
    """Which of these polls have this member's vote (or their institution's) in, as ``polls_for``'s ``voted``."""
    found = Participation.objects.filter(poll_id__in=list(poll_ids), unit_key__in=_vote_keys(user))
    return set(found.values_list("poll_id", flat=True))


def polls_for(
    *, user: User, manage: bool = False, counted: bool = True, voted: bool = True
) -> "PollQuerySet[ListedPoll]":
    """The polls a member sees, with whether their vote (or their institution's) is in (unless not ``voted``:
    ``voted_in`` asks it for the polls shown); drafts for organisers. With ``counted``, each with its number of
    respondents; without, ``count_respondents`` counts those shown."""
    annotations: dict[str, Any] = {}
    if voted:
        annotations["voted"] = Exists(Participation.objects.filter(poll=OuterRef("pk"), unit_key__in=_vote_keys(user)))
    if counted:
        # A count per poll row from the (poll, unit_key) index, not a join of every participation grouped by poll:
        # with a national survey of 200,000 respondents the join made the list take seconds.
        respondents = (
            Participation.objects.filter(poll=OuterRef("pk"))
            .order_by()
            .values("poll")
            .annotate(n=Count("*"))
            .values("n")
        )
        annotations["respondents"] = Coalesce(Subquery(respondents, output_field=IntegerField()), 0)
    polls = Poll.objects.select_related("theme").annotate(**annotations)
    if not manage:
        polls = polls.filter(published_at__isnull=False)
        if not is_steering(user):
            polls = polls.exclude(audience=Poll.Audience.STEERING)
    # The annotations are chosen above, which the type checker cannot follow.
    return cast("PollQuerySet[ListedPoll]", polls.order_by("-closes_at", "-id"))


def open_for(*, user: User, limit: int = 5) -> "list[ListedPoll]":
    """Open polls for the dashboard, those still waiting for this member's vote first."""
    polls = polls_for(user=user).in_state(PollState.OPEN)
    return sorted(polls[:limit], key=lambda p: (p.voted, p.closes_at))


def count_respondents(polls: Sequence[Poll]) -> None:
    """Set ``respondents`` on these polls (those a page shows of ``polls_for(counted=False)``), in one query: the
    list page counts the polls it shows, not all of them. A closed poll's count is kept in the shared cache, as its
    results are (``_counts_cached``), and forgotten with them (``counts_forget``): a closed national survey has
    200,000 respondents to count."""
    # Kept from the moment the results are (a ballot that was being written at the closing time is counted first).
    closed = {poll.pk: _respondents_key(poll.pk, poll.closes_at) for poll in polls if _counts_final(poll)}
    found = cache.get_many(list(closed.values())) if closed else {}
    kept = {pk: found[key] for pk, key in closed.items() if key in found}
    wanted = [poll.pk for poll in polls if poll.pk not in kept]
    counted = dict(
        Participation.objects.filter(poll_id__in=wanted).order_by().values_list("poll_id").annotate(n=Count("*"))
        if wanted
        else []
    )
    cache.set_many({closed[pk]: counted.get(pk, 0) for pk in wanted if pk in closed}, COUNTS_CACHE_SECONDS)
    for poll in polls:
        # As polls_for(counted=True) has it.
        poll.respondents = kept.get(poll.pk, counted.get(poll.pk, 0))  # type: ignore[attr-defined]


def _respondents_key(poll_id: int, closes_at: datetime.datetime) -> str:
    return f"{_counts_key(poll_id, closes_at)}:respondents"


class PollListing(NamedTuple):
    """The polls page: the open, scheduled and draft polls by state, and one page of the closed ones."""

    grouped: dict[str, list[Poll]]
    closed: "Page[ListedPoll]"


def poll_listing(*, user: User, manage: bool, page: str | None, per_page: int) -> PollListing:
    """The polls ``user`` sees (see ``polls_for``), those still to come or open by state and the closed ones a page
    at a time, each with its number of respondents. Only the page of closed polls is read: after a few years most
    polls are closed, and a page shows twenty of them."""
    polls = polls_for(user=user, manage=manage, counted=False, voted=False)  # the rows' marks ask who voted
    now = timezone.now()
    grouped = split_by_state(polls.exclude(state_condition(PollState.CLOSED, now)))
    grouped.pop(PollState.CLOSED)  # one that closed just now: it is on the closed polls' first page
    closed = Paginator(polls.in_state(PollState.CLOSED, now=now), per_page).get_page(page)
    # Counted for the polls shown only: a closed national survey has 200,000 respondents.
    count_respondents([*chain.from_iterable(grouped.values()), *closed.object_list])
    return PollListing(grouped, closed)


# What the polls page shows: the polls ("polls"), their numbers of respondents ("ballots"), their themes' names.
LIST_TOPICS = "polls ballots themes"


def states_until() -> str:
    """When the state of a poll next changes by the clock (a poll opens or closes): part of the key of a kept list
    of polls (``derived.next_moment``)."""

    def moments() -> Iterable[datetime.datetime]:
        coming = Poll.objects.filter(closes_at__gt=timezone.now()).values_list("opens_at", "closes_at")
        return chain.from_iterable(coming)

    return derived.next_moment("polls", "states", moments)


def split_by_state(polls: Iterable[Poll]) -> dict[str, list[Poll]]:
    grouped: dict[str, list[Poll]] = {
        state: [] for state in (PollState.OPEN, PollState.SCHEDULED, PollState.DRAFT, PollState.CLOSED)
    }
    for poll in polls:
        grouped[poll.state].append(poll)
    grouped[PollState.OPEN].sort(key=lambda p: p.closes_at)  # closing soonest first
    return grouped


def participation_of(*, poll: Poll, user: User) -> Participation | None:
    """The participation that counts for this member: their own, or their institution's."""
    if poll.unit == Poll.Unit.INSTITUTION and user.institution_id is None:
        return None
    return Participation.objects.select_related("user").filter(poll=poll, unit_key=unit_key(poll, user)).first()


def own_answers(*, participation: Participation | None) -> dict[int, list[Answer]]:
    """The answers of a ballot that is not anonymous, per question id."""
    if participation is None:
        return {}
    ballot = Ballot.objects.filter(participation=participation).first()
    if ballot is None:
        return {}
    answers: dict[int, list[Answer]] = {}
    for answer in ballot.answers.select_related("option"):
        answers.setdefault(answer.question_id, []).append(answer)
    return answers


def audience_institutions(*, poll: Poll, at: datetime.datetime | None = None) -> int:
    """How many institutions can take part: those with an active member in the audience.

    ``at`` a moment past (the closing): only members who had joined by then, the steering group of that day.
    An institution that voted could take part, whatever changed since, so it always counts: "x van N" never has
    more institutions taking part than could.
    """
    # Two EXISTS per institution rather than a join of its members with its ballots (which grew with every
    # ballot and needed a DISTINCT over all of them: the results page of a live poll slowed down as it filled).
    voted = Exists(Participation.objects.filter(poll=poll, institution=OuterRef("pk")))
    if poll.audience in (Poll.Audience.STEERING, Poll.Audience.ATTENDEES):
        could = Exists(audience(poll=poll, at=at).filter(institution=OuterRef("pk")))
    else:
        members = User.objects.filter(institution=OuterRef("pk"), is_active=True)
        could = Exists(members if at is None else members.filter(date_joined__lte=at))
    return Institution.objects.filter(could | voted).count()


@dataclass
class Turnout:
    """Who took part, against the institutions that could. A closed poll's numbers are those at its closing:
    recorded on the poll by ``services.poll_closing_record``, and computed as at the closing until then."""

    respondents: int
    institutions: int
    audience_institutions: int
    quorum: int | None  # percent of the institutions
    quorum_met: bool | None


@dataclass
class Results(Turnout):
    questions: list[QuestionResult]


def _turnout(poll: Poll, respondents: int, institutions: int) -> Turnout:
    if poll.audience_at_closing is not None:  # recorded at the closing: later joiners, leavers and edits do not count
        audience_count, quorum = poll.audience_at_closing, poll.quorum_at_closing
        institutions = poll.institutions_at_closing or 0
    else:
        audience_count = audience_institutions(poll=poll, at=poll.closes_at if poll.is_closed else None)
        quorum = poll.quorum
    quorum_met = None if quorum is None else percent(institutions, audience_count) >= quorum
    return Turnout(respondents, institutions, audience_count, quorum, quorum_met)


def turnout(*, poll: Poll) -> Turnout:
    """The turnout without the tally: what the organisers see while the results are hidden."""
    respondents = Ballot.objects.filter(poll=poll).count()
    return _turnout(poll, respondents, _institutions_voted(poll))


def turnout_visible(*, poll: Poll, user: User) -> bool:
    """The organisers follow the turnout of a poll that has opened, whether or not its results are visible yet."""
    return user.has_perm("polls.manage_poll") and poll.state in (PollState.OPEN, PollState.CLOSED)


def polls_to_record(*, now: datetime.datetime | None = None) -> PollQuerySet[Poll]:
    """Closed polls whose closing numbers are not recorded yet."""
    return Poll.objects.in_state(PollState.CLOSED, now=now).filter(audience_at_closing__isnull=True)


def results(*, poll: Poll) -> Results:
    """The tally of a poll in a fixed number of aggregate queries, however many answers there are.

    One grouped count per (question, option, value) gives the option counts, the dots, the scale
    distribution and a ranking's first preferences; questions where a ballot can hold several answers
    get a distinct count of ballots.
    Both read only the covering indexes on Answer.
    The counts of a poll that has been closed for a while are cached (see ``_counts_cached``).
    """
    questions = list(poll.questions.prefetch_related("options"))
    if _counts_final(poll):
        counts = _counts_cached(poll, questions)
    else:
        counts = _counts(poll, questions)
    groups, distinct_ballots, texts, ballots, institutions = counts
    rows = [_question_result(q, groups.get(q.pk, []), distinct_ballots, texts) for q in questions]
    return Results(**vars(_turnout(poll, ballots, institutions)), questions=rows)


# After the closing time no ballot can be cast (ballot_cast checks the state under a lock on the poll);
# this margin covers a ballot whose transaction started just before the closing and commits just after it.
COUNTS_FINAL_AFTER = datetime.timedelta(minutes=5)
COUNTS_CACHE_SECONDS = 60 * 60


def _counts_final(poll: Poll) -> bool:
    return poll.published_at is not None and timezone.now() >= poll.closes_at + COUNTS_FINAL_AFTER


class Counts(NamedTuple):
    """What the database counted for a poll's results (see ``_counts``). A tuple, so it caches as one."""

    groups: dict[int, Groups]  # per question id
    distinct_ballots: dict[int, int]  # per question id, where a ballot may hold several answers
    texts: dict[int, list[str]]  # per open question id
    ballots: int
    institutions: int


def _counts_key(poll_id: int, closes_at: datetime.datetime) -> str:
    # In UTC: the same moment read from the database or from a form in local time is the same key.
    return f"koers:poll-counts:{poll_id}:{closes_at.astimezone(datetime.UTC).isoformat()}"


def _counts_cached(poll: Poll, questions: list[Question]) -> Counts:
    """The counts of a closed poll cannot change any more, so they are computed once an hour on all servers.

    The key holds the closing time: reopening a poll (a later closing time) counts afresh. Questions and
    options are read anew on every call, so their texts are always current; only the numbers are kept.
    Whatever changes what is counted forgets them (``counts_forget``): a ballot cast or changed, a new closing
    time; the cache is shared by every app server, so the next page on any of them counts again.
    """
    key = _counts_key(poll.pk, poll.closes_at)
    counts: Counts | None = cache.get(key)
    if counts is None:
        counts = _counts(poll, questions)
        cache.set(key, counts, COUNTS_CACHE_SECONDS)
    return counts


def counts_forget(*, poll_id: int, closes_at: Iterable[datetime.datetime]) -> None:
    """Forget the cached counts of a poll under each of these closing times, once the transaction commits
    (forgotten earlier, a page counting before the commit could put the old numbers back)."""
    keys = [key for moment in closes_at for key in (_counts_key(poll_id, moment), _respondents_key(poll_id, moment))]
    transaction.on_commit(lambda: cache.delete_many(keys))


def _counts(poll: Poll, questions: list[Question]) -> Counts:
    """(groups, distinct ballots, text answers, ballots, institutions) of a poll, counted by the database."""
    answers = Answer.objects.filter(question_id__in=[q.pk for q in questions])
    groups: dict[int, Groups] = {}
    for r in answers.values("question_id", "option_id", "value").annotate(n=Count("*")).order_by():
        groups.setdefault(r["question_id"], []).append((r["option_id"], r["value"], r["n"]))
    several = [q.pk for q in questions if q.kind_spec.several_per_ballot]
    distinct_ballots: dict[int, int] = {}
    if several:
        distinct_ballots = {
            r["question_id"]: r["n"]
            for r in answers.filter(question_id__in=several)
            .values("question_id")
            .annotate(n=Count("ballot_id", distinct=True))
            .order_by()
        }
    # One query per open question (a survey has a handful).
    texts = {q.pk: q.kind_spec.read_texts(answers, q) for q in questions if q.kind_spec.reads_texts}
    ballots = Ballot.objects.filter(poll=poll).count()
    return Counts(groups, distinct_ballots, texts, ballots, _institutions_voted(poll))


def _institutions_voted(poll: Poll) -> int:
    return Participation.objects.filter(poll=poll, institution__isnull=False).values("institution").distinct().count()


def _question_result(
    question: Question, groups: Groups, distinct_ballots: dict[int, int], texts: dict[int, list[str]]
) -> QuestionResult:
    respondents = distinct_ballots.get(question.pk, sum(n for _option, _value, n in groups))
    row = QuestionResult(question=question, respondents=respondents)
    question.kind_spec.tally(row, groups, texts.get(question.pk, []))
    return row


def results_visible(*, poll: Poll, voted: bool) -> bool:
    if poll.state in (PollState.DRAFT, PollState.SCHEDULED):
        return False
    if poll.visibility == Poll.Visibility.ALWAYS or poll.is_closed:
        return True
    return poll.visibility == Poll.Visibility.AFTER_VOTING and voted


def export_rows(*, poll: Poll) -> list[list[object]]:
    """One row per answer; voters are named only when the poll is not anonymous."""
    questions = {q.pk: q for q in poll.questions.all()}
    answers = (
        Answer.objects.filter(ballot__poll=poll)
        .select_related("option", "ballot__participation__user", "ballot__participation__institution")
        .order_by("ballot_id", "question__position", "question_id", "option__position")
    )
    numbers: dict[uuid.UUID, int] = {}  # respondent number per ballot
    rows: list[list[object]] = []
    for answer in answers:
        number = numbers.setdefault(answer.ballot_id, len(numbers) + 1)
        question = questions[answer.question_id]
        given: str | int
        if answer.option is not None:
            given = answer.option.label if answer.value is None else f"{answer.option.label}: {answer.value}"
        elif answer.value is not None:
            given = answer.value
        else:
            given = answer.text
        row = [number, question.position, question.text, given]
        if not poll.anonymous:
            participation = answer.ballot.participation
            user = participation.user if participation else None
            institution = participation.institution if participation else None
            row[1:1] = [user.full_name if user else "", institution.name if institution else ""]
        rows.append(row)
    return rows


def calls_list() -> QuerySet[Call]:
    return (
        Call.objects.select_related("theme")
        .annotate(signed_up=Count("signups", distinct=True))
        .order_by("-closes_on", "-id")
    )


def call_signups(*, call: Call) -> QuerySet[SignUp]:
    return call.signups.select_related("user", "user__institution").prefetch_related("user__consents")


def signup_rows(*, call: Call) -> list[list[object]]:
    """The sign-ups for export; an e-mail address only where its owner shares it."""
    rows: list[list[object]] = []
    for signup in call_signups(call=call):
        card = member_card(signup.user)
        institution = card.institution.name if card.institution else ""
        rows.append([card.full_name, card.email or "", institution, signup.motivation, signup.created_at.date()])
    return rows


def open_polls_to_announce(*, now: datetime.datetime | None = None) -> PollQuerySet[Poll]:
    return Poll.objects.in_state(PollState.OPEN, now=now).filter(opening_sent_at__isnull=True)


def polls_to_remind(*, hours: int, now: datetime.datetime | None = None) -> PollQuerySet[Poll]:
    now = now or timezone.now()
    return Poll.objects.in_state(PollState.OPEN, now=now).filter(
        reminder_sent_at__isnull=True, closes_at__lte=now + datetime.timedelta(hours=hours)
    )


def audience(*, poll: Poll, at: datetime.datetime | None = None) -> QuerySet[User]:
    """Everyone the poll is for: active members, or the current steering group (at ``at``: as it was then)."""
    members = active_members()
    if at is not None:
        members = members.filter(date_joined__lte=at)
    if poll.audience == Poll.Audience.STEERING:
        day = timezone.localdate(at) if at is not None else None
        members = members.filter(positions__in=Position.objects.current(on=day)).distinct()
    elif poll.audience == Poll.Audience.ATTENDEES:
        taking_part = Q(registrations__status="aangemeld") | Q(registrations__attended=True)
        members = members.filter(Q(registrations__meeting=poll.meeting_id) & taking_part).distinct()
    return members


def not_voted(*, poll: Poll) -> QuerySet[User]:
    """The audience whose vote is not in yet: by person, or by institution when each institution votes once."""
    voted = Participation.objects.filter(poll=poll)
    if poll.unit == Poll.Unit.INSTITUTION:
        return audience(poll=poll).exclude(institution__in=voted.values("institution")).exclude(institution=None)
    return audience(poll=poll).exclude(pk__in=voted.exclude(user=None).values("user"))


def meeting_polls(*, meeting: "Meeting") -> list[tuple[Poll, Results | None]]:
    """Polls held at a meeting with their results, for its report (results only once visible to all)."""
    polls = (
        Poll.objects.filter(meeting=meeting, published_at__isnull=False)
        .exclude(audience=Poll.Audience.STEERING)  # the report may be public; steering polls are not
        .order_by("opens_at")
    )
    return [(poll, results(poll=poll) if poll.is_closed else None) for poll in polls]


# What a member or the steering group can do now (the dashboard's cards) -----------------------------------

# Open polls closing within this time are shown to the organisers to keep an eye on (or to close now).
CLOSING_SOON = datetime.timedelta(days=3)
# Closed polls still waiting for a conclusion are listed for this long after closing; older ones are history.
CONCLUDE_WITHIN = datetime.timedelta(days=90)


def polls_awaiting_vote(*, user: User) -> "PollQuerySet[ListedPoll]":
    """Open polls this member can vote in and whose vote (theirs, or their institution's) is not in yet,
    closing soonest first: the audience rule of ``in_audience`` and the institution rule of ``vote_refusal``,
    asked of the database."""
    # Not counted: the dashboard names them, and an open national survey has thousands of respondents.
    polls = polls_for(user=user, counted=False).in_state(PollState.OPEN).filter(voted=False).filter(_attending(user))
    if user.institution_id is None:
        polls = polls.exclude(unit=Poll.Unit.INSTITUTION)
    return polls.order_by("closes_at", "id")


def calls_open_for(*, user: User) -> QuerySet[Call]:
    """Calls for volunteers still open that this member has not signed up for, closing soonest first, with the
    number signed up so far (``signed_up``)."""
    return (
        calls_list()
        .filter(closes_on__gte=timezone.localdate())
        .exclude(Exists(SignUp.objects.filter(call=OuterRef("pk"), user=user)))
        .order_by("closes_on", "id")
    )


def polls_to_conclude(*, within: datetime.timedelta = CONCLUDE_WITHIN) -> PollQuerySet[Poll]:
    """Polls closed within ``within`` without a conclusion yet, most recently closed first: the organisers write
    one. An election is left out: its outcome is the vacancy's result."""
    now = timezone.now()
    return (
        Poll.objects.in_state(PollState.CLOSED, now=now)
        .filter(outcome="", election=False, closes_at__gte=now - within)
        .order_by("-closes_at", "-id")
    )


def polls_closing_soon(*, within: datetime.timedelta = CLOSING_SOON) -> PollQuerySet[Poll]:
    """Open polls that close within ``within``, soonest first: the organisers follow the turnout or close them."""
    return (
        Poll.objects.in_state(PollState.OPEN).filter(closes_at__lte=timezone.now() + within).order_by("closes_at", "id")
    )


def _attending(user: User) -> Q:
    """A poll for a meeting's participants only when ``user`` is one: registered for it (not the waiting list) or
    marked present (``rules.in_audience``, asked of the database); any other poll."""
    taking_part = Q(meeting__registrations__user=user) & (
        Q(meeting__registrations__status="aangemeld") | Q(meeting__registrations__attended=True)
    )
    return ~Q(audience=Poll.Audience.ATTENDEES) | Q(pk__in=Poll.objects.filter(taking_part).values("pk"))


def polls_visible_ids(user: User, ids: set[int]) -> set[int]:
    """Which of the polls ``ids`` the member may open (``may_see``), in one query."""
    polls = Poll.objects.filter(pk__in=ids)
    if not user.has_perm("polls.manage_poll"):
        if not user.has_perm("polls.view_poll"):  # the rules' is_member: only members are in an audience
            return set()
        polls = polls.filter(published_at__isnull=False).filter(_attending(user))
        if not is_steering(user):
            polls = polls.exclude(audience=Poll.Audience.STEERING)
    return set(polls.values_list("pk", flat=True))


# The hubs: a theme's polls, an institution's participation ----------------------------------------------


def polls_for_theme(*, theme: Theme, user: User | AnonymousUser) -> "list[ListedPoll]":
    """The published polls on ``theme`` that ``user`` may see (see may_see), newest first; none for guests.
    Their respondents are not counted: the hub names them with their state."""
    if not isinstance(user, User) or not user.has_perm("polls.view_poll"):
        return []
    polls = polls_for(user=user, counted=False).filter(theme=theme)
    return [poll for poll in polls if may_see(poll=poll, user=user)]


def polls_answered(*, institution: Institution) -> int:
    """In how many polls someone of ``institution`` (or the institution itself) took part: a count of distinct
    polls, never who answered what."""
    return Participation.objects.filter(institution=institution).values("poll_id").distinct().count()
