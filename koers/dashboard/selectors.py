"""The home page's reads: what each domain app has for the signed-in member, and what they can do about it now.

Every rule ("a poll waits for your vote", "a theme of your roadmap is not filled in") is a selector of the domain
app it belongs to, so the API can ask the same; this module only puts them together, each in a fixed number of
queries.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypedDict, TypeVar, cast

from django.db.models import Count, Exists, Model, QuerySet, Window
from django.utils import timezone

from koers.accounts.models import User
from koers.accounts.selectors import expertise_rows, pending_requests, profile_missing
from koers.activity.models import Activity
from koers.activity.selectors import newest_for
from koers.advice.models import Advice
from koers.advice.selectors import awaiting_decision, awaiting_follow_up, followed_changed
from koers.core import derived
from koers.meetings.models import Meeting
from koers.meetings.selectors import next_meeting_for, registrations_of, upcoming_published
from koers.members.models import Institution
from koers.members.selectors import (
    MemberCard,
    institution_members,
    member_cards,
    new_members,
    sharing_choices,
)
from koers.notifications.models import Notification
from koers.notifications.selectors import notifications_for
from koers.polls.models import Call, Poll
from koers.polls.selectors import calls_open_for, polls_awaiting_vote, polls_closing_soon, polls_to_conclude
from koers.portfolio.models import Project
from koers.portfolio.selectors import projects_reviewed_since, projects_to_review
from koers.roadmap.selectors import RoadmapGaps, roadmap_gaps

if TYPE_CHECKING:  # a type only: a poll with the annotations its list adds (polls.selectors declares it so)
    from koers.polls.selectors import ListedPoll

# How many rows a card names; its sentence gives the full count.
CARD_ROWS = 3

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Pending(Generic[M]):
    """The first rows of a card and how many there are in all (one query, whatever the number)."""

    rows: list[M]
    count: int

    @property
    def more(self) -> int:
        return self.count - len(self.rows)


def pending(queryset: "QuerySet[M]", *, limit: int = CARD_ROWS) -> Pending[M]:
    """The first ``limit`` rows and how many there are, in one query: the count is a window over the whole
    selection, which the database works out before it cuts off the first rows (no row, no count: zero)."""
    if queryset.query.distinct:  # a window counts the rows before DISTINCT removes any: count them apart
        return Pending(list(queryset[:limit]), queryset.count())
    rows = list(queryset.annotate(_total=Window(Count("*")))[:limit])
    return Pending(rows, rows[0]._total if rows else 0)


@dataclass(frozen=True)
class Checklist:
    """A new member's first steps, each ticked off from what the database holds (see ``checklist_for``)."""

    profile: bool  # the essential profile fields are filled in (accounts.selectors.PROFILE_ESSENTIALS)
    sharing: bool  # they chose what they share (members.selectors.has_chosen_sharing)
    portfolio: bool  # a project of their institution was added or reviewed since they joined
    roadmap: bool  # their institution has at least one ambition on the roadmap
    meeting: bool  # they registered for a meeting at least once

    steps = 5

    @property
    def done(self) -> int:
        return sum((self.profile, self.sharing, self.portfolio, self.roadmap, self.meeting))

    @property
    def complete(self) -> bool:
        return self.done == self.steps


def checklist_for(*, user: User, gaps: RoadmapGaps | None) -> Checklist:
    """The first steps, from what each app says proves one, asked of the database in a single query."""
    proofs: dict[str, QuerySet[Any]] = {
        "named_expertise": expertise_rows(user=user),
        "chose_sharing": sharing_choices(user=user),
        "registered": registrations_of(user=user),
    }
    if user.institution is not None:
        joined = timezone.localdate(user.date_joined)
        proofs["reviewed"] = projects_reviewed_since(institution=user.institution, day=joined)
    facts = User.objects.filter(pk=user.pk).values(**{name: Exists(rows) for name, rows in proofs.items()})
    done = cast(dict[str, bool], facts.get())  # the stubs cannot follow the names chosen above
    return Checklist(
        profile=not profile_missing(user=user, has_expertise=done["named_expertise"]),
        sharing=done["chose_sharing"],
        portfolio=done.get("reviewed", False),
        roadmap=gaps is not None and gaps.has_ambitions,
        meeting=done["registered"],
    )


@dataclass(frozen=True)
class SteeringWork:
    """What waits for the steering group: membership requests, polls to conclude or follow, advice to decide on
    or to follow up."""

    requests: int
    polls_to_conclude: Pending[Poll]
    polls_closing: Pending[Poll]
    advice_decision: Pending[Advice]
    advice_follow_up: Pending[Advice]

    @property
    def count(self) -> int:
        return (
            self.requests
            + self.polls_to_conclude.count
            + self.polls_closing.count
            + self.advice_decision.count
            + self.advice_follow_up.count
        )


def steering_work_for(*, user: User) -> SteeringWork | None:
    """The steering group's to-do list, or None for a member who does not manage polls, advice and requests."""
    if not user.has_perm("members.review_membership"):
        return None
    polls = user.has_perm("polls.manage_poll")
    advice = user.has_perm("advice.manage_advice")
    no_polls: Pending[Poll] = Pending([], 0)
    no_advice: Pending[Advice] = Pending([], 0)
    return SteeringWork(
        requests=pending_requests().count(),
        polls_to_conclude=pending(polls_to_conclude()) if polls else no_polls,
        polls_closing=pending(polls_closing_soon()) if polls else no_polls,
        advice_decision=pending(awaiting_decision()) if advice else no_advice,
        advice_follow_up=pending(awaiting_follow_up()) if advice else no_advice,
    )


class Dashboard(TypedDict):
    """The template context of the member's dashboard."""

    institution: Institution | None
    colleagues: list[MemberCard]
    notifications: list[Notification]
    activities: list[Activity]  # the newest of "Wat is er nieuw"
    new_members: list[MemberCard]
    meetings: list[Meeting]
    # What to do now
    polls_to_vote: "Pending[ListedPoll]"
    next_meeting: Meeting | None
    calls: Pending[Call]
    advice_changed: Pending[Advice]
    all_done: bool  # nothing to vote on, register for, help with or read
    # The institution's gaps (None without an institution)
    gaps: RoadmapGaps | None
    projects_to_review: Pending[Project] | None
    checklist: Checklist
    steering: SteeringWork | None


# How many colleagues and new members the dashboard names.
CARDS = 12


def _cards_without(user: User, name: str, members: "Callable[[], QuerySet[User]]") -> list[MemberCard]:
    """The first ``CARDS`` members' cards, without the reader's own. The same for everyone (one more is read, in
    case the reader is among them), so kept in the shared cache until a member or an institution changes, and
    for a day at most: whether a member is new changes with the date."""
    key = f"dashboard:{name}:{timezone.localdate().isoformat()}"
    cards = derived.remember(
        ("members", "institutions"), key, lambda: member_cards(members()[: CARDS + 1], expertise=False)
    )
    return [card for card in cards if card.pk != user.pk][:CARDS]


def dashboard_for(*, user: User) -> Dashboard:
    """What the member's dashboard shows: what they can do now (vote, register, help, read what changed), their
    institution's gaps, a checklist of first steps, the steering group's work, their institution and colleagues,
    recent notifications, what is new in the network, the coming meetings and new members."""
    institution = user.institution
    gaps = roadmap_gaps(institution=institution) if institution is not None else None
    polls_to_vote = pending(polls_awaiting_vote(user=user))
    next_meeting = next_meeting_for(user=user)
    calls = pending(calls_open_for(user=user))
    advice_changed = pending(followed_changed(user=user))
    return {
        "institution": institution,
        # The cards name people and how to reach them; their expertise is not shown here, so not read.
        "colleagues": _cards_without(
            user, f"colleagues:{institution.pk}", lambda: institution_members(institution=institution)
        )
        if institution is not None
        else [],
        "notifications": list(notifications_for(user=user)[:5]),
        "activities": newest_for(user=user),
        "new_members": _cards_without(user, "new-members", new_members),
        "meetings": upcoming_published(),
        "polls_to_vote": polls_to_vote,
        "next_meeting": next_meeting,
        "calls": calls,
        "advice_changed": advice_changed,
        "all_done": not (
            polls_to_vote.count
            or calls.count
            or advice_changed.count
            or (next_meeting is not None and getattr(next_meeting, "my_status", None) is None)
        ),
        "gaps": gaps,
        "projects_to_review": pending(projects_to_review(institution=institution)) if institution is not None else None,
        "checklist": checklist_for(user=user, gaps=gaps),
        "steering": steering_work_for(user=user),
    }
