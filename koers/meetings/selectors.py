"""Reads for meetings: lists, the agenda with attachments, registrations and attendance, round tables."""

import dataclasses
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from koers.accounts.models import User
from koers.core import derived
from koers.documents.selectors import current_version, documents_of_many
from koers.members.models import Institution
from koers.polls.kinds.base import QuestionResult
from koers.polls.models import Poll
from koers.polls.selectors import Results, meeting_polls
from koers.themes.models import Theme

from .models import AgendaItem, Contribution, Meeting, Registration, Statement, Topic

VIEW = "meetings.view_meeting"
MANAGE = "meetings.manage_meeting"


def meetings_with_counts(*, user: User | AnonymousUser) -> QuerySet[Meeting]:
    """Every meeting, concepts too, with its taken places and whether ``user`` signed up for it (a guest: no)."""
    # A count per meeting row, not a join of every registration grouped by meeting: at national scale the
    # grouped join's estimated cost set off PostgreSQL's JIT compiler, which took longer than the query.
    registered = (
        Registration.objects.filter(meeting=OuterRef("pk"), status=Registration.Status.REGISTERED)
        .order_by()
        .values("meeting")
        .annotate(n=Count("*"))
        .values("n")
    )
    mine = Registration.objects.filter(meeting=OuterRef("pk"), user=user) if isinstance(user, User) else None
    return Meeting.objects.select_related("theme", "host").annotate(
        registered=Coalesce(Subquery(registered, output_field=IntegerField()), 0),
        mine=Exists(mine) if mine is not None else Value(False),
    )


def meetings_visible_to(*, user: User | AnonymousUser) -> QuerySet[Meeting]:
    """The meetings in a member's list: concepts only for the steering group."""
    meetings = meetings_with_counts(user=user)
    if not user.has_perm(MANAGE):
        meetings = meetings.exclude(status=Meeting.Status.CONCEPT)
    return meetings


def meeting_exists_for(*, meeting: Meeting, user: User | AnonymousUser) -> bool:
    """Whether the meeting shows itself to ``user`` at all: a concept only to the steering group. To anyone else
    the API answers as for a meeting that does not exist."""
    return meeting.status != Meeting.Status.CONCEPT or user.has_perm(MANAGE)


def meeting_visible(*, meeting: Meeting, user: User | AnonymousUser) -> bool:
    """Whether ``user`` may see this meeting and its programme: members, a concept only the steering group."""
    return user.has_perm(VIEW) and meeting_exists_for(meeting=meeting, user=user)


def report_visible(*, meeting: Meeting, user: User | AnonymousUser) -> bool:
    """Once published, members read the report, and everyone when it is public; the steering group always."""
    if meeting.report_is_published and (meeting.report_is_public or user.has_perm(VIEW)):
        return True
    return user.has_perm(MANAGE)


def attachment_visible(*, meeting: Meeting, user: User | AnonymousUser) -> bool:
    """An agenda item's files go to those who may see the meeting, and to everyone once the report is public."""
    return meeting.report_is_public or meeting_visible(meeting=meeting, user=user)


def items_with_visible_files(*, user: User | AnonymousUser) -> QuerySet[AgendaItem]:
    """The agenda items whose files ``user`` may see: the same rule as ``attachment_visible``, as a queryset."""
    items = AgendaItem.objects.all()
    if user.has_perm(VIEW):
        return items if user.has_perm(MANAGE) else items.exclude(meeting__status=Meeting.Status.CONCEPT)
    return items.filter(
        meeting__report_published_at__isnull=False, meeting__report_audience=Meeting.ReportAudience.EVERYONE
    ).exclude(meeting__status=Meeting.Status.CONCEPT)


class MeetingListing(NamedTuple):
    """The meetings page: every meeting still to come, soonest first, and one page of the earlier ones."""

    upcoming: list[Meeting]
    past: "Page[Meeting]"


def meeting_listing(*, user: User | AnonymousUser, page: str | None, per_page: int) -> MeetingListing:
    """The meetings ``user`` sees (see ``meetings_visible_to``), as ``split_upcoming`` splits them, with only the
    page of earlier meetings read: after a few years most meetings are in the past."""
    meetings = meetings_visible_to(user=user)
    now = timezone.now()
    upcoming = list(meetings.filter(ends_at__gt=now).order_by("starts_at", "-id"))
    past = Paginator(meetings.filter(ends_at__lte=now), per_page).get_page(page)
    return MeetingListing(upcoming, past)


# What the meetings page shows: the meetings, their numbers of registrations, their themes' names.
LIST_TOPICS = "meetings registrations themes"


def changes_until() -> str:
    """When a meeting next moves from "Komende" to "Eerdere" by the clock (it ends): part of the key of a kept
    list of meetings (``derived.next_moment``)."""

    def ends() -> Iterable[datetime.datetime]:
        return Meeting.objects.filter(ends_at__gt=timezone.now()).values_list("ends_at", flat=True)

    return derived.next_moment("meetings", "ends", ends)


def registered_for(*, user: User | AnonymousUser, meeting_ids: Iterable[int]) -> set[int]:
    """For which of these meetings this member has signed up (the waiting list too), as ``meetings_with_counts``'s
    ``mine``."""
    if not isinstance(user, User):
        return set()
    found = Registration.objects.filter(meeting_id__in=list(meeting_ids), user=user)
    return set(found.values_list("meeting_id", flat=True))


def split_upcoming(meetings: Sequence[Meeting] | QuerySet[Meeting]) -> tuple[list[Meeting], list[Meeting]]:
    now = timezone.now()
    upcoming = sorted((m for m in meetings if m.ends_at > now), key=lambda m: m.starts_at)
    past = [m for m in meetings if m.ends_at <= now]
    return upcoming, past


def upcoming_published(*, limit: int = 3) -> list[Meeting]:
    """The first published meetings still to end (the dashboard's "Komende bijeenkomsten"): the same for every
    member, kept until a meeting changes or one ends."""

    def read() -> list[Meeting]:
        return list(
            Meeting.objects.filter(status=Meeting.Status.PUBLISHED, ends_at__gt=timezone.now())
            .select_related("theme")
            .order_by("starts_at")[:limit]
        )

    return derived.remember(("meetings", "themes"), f"upcoming-published:{limit}:{changes_until()}", read)


@dataclass(frozen=True)
class RegistrationState:
    """A member's place at a meeting: their registration, the places taken, who waits before them, and what
    they may do now (register while registration is open; cancel until the meeting starts)."""

    mine: Registration | None
    registered: int
    waiting_before: int | None
    can_register: bool
    can_cancel: bool


def registration_state(*, meeting: Meeting, user: User | AnonymousUser) -> RegistrationState:
    mine = meeting.registrations.filter(user=user).first() if isinstance(user, User) else None
    registered = meeting.registrations.filter(status=Registration.Status.REGISTERED).count()
    waiting_before = None
    if mine is not None and mine.status == Registration.Status.WAITING:
        waiting_before = meeting.registrations.filter(
            status=Registration.Status.WAITING, created_at__lt=mine.created_at
        ).count()
    return RegistrationState(
        mine=mine,
        registered=registered,
        waiting_before=waiting_before,
        can_register=meeting.open_for_registration and mine is None,
        can_cancel=mine is not None and meeting.starts_at > timezone.now(),
    )


def with_files(items: list[AgendaItem], *, user: User | AnonymousUser) -> list[AgendaItem]:
    """Give each agenda item its documents that ``user`` may see (``documents``) and their newest versions
    (``files``: what a download gives), in a fixed number of queries."""
    found = documents_of_many(targets=list(items), user=user)
    for item in items:
        item.documents = found.get(item.pk, [])
        item.files = [v for v in (current_version(d) for d in item.documents) if v is not None]
    return items


def agenda(*, meeting: Meeting, user: User | AnonymousUser) -> list[AgendaItem]:
    items = list(meeting.items.select_related("presenter", "presenter__institution"))
    return with_files(items, user=user)


def registrations(*, meeting: Meeting, status: str = "") -> QuerySet[Registration]:
    """The registrations as the steering group reads them: first who has a place, then the waiting list."""
    registrations = meeting.registrations.select_related("user", "user__institution")
    if status:
        registrations = registrations.filter(status=status)
    return registrations.order_by("status", "created_at", "id")


def first_timers(*, meeting: Meeting) -> set[int]:
    """Ids of attendees who had never attended a meeting before this one: welcome them."""
    earlier = Registration.objects.filter(
        user=OuterRef("user"), attended=True, meeting__starts_at__lt=meeting.starts_at
    )
    return set(
        meeting.registrations.filter(attended=True)
        .annotate(before=Exists(earlier))
        .filter(before=False)
        .values_list("user_id", flat=True)
    )


def attendance_per_institution(*, meeting: Meeting) -> list[tuple[str, int]]:
    rows = (
        meeting.registrations.filter(attended=True)
        .values("user__institution__name")
        .annotate(n=Count("id"))
        .order_by("-n", "user__institution__name")
    )
    return [(r["user__institution__name"] or "", r["n"]) for r in rows]


@dataclass(frozen=True)
class CardGroup:
    heading: str
    cards: list[Contribution]


def round_table(*, item: AgendaItem) -> tuple[list[Statement], list[CardGroup]]:
    """The statements and the cards grouped under their headings (cards without one come last)."""
    statements = list(item.statements.all())
    groups: dict[str, list[Contribution]] = {}
    for card in item.contributions.select_related("author", "statement").order_by("heading", "created_at", "id"):
        groups.setdefault(card.heading, []).append(card)
    ordered = sorted(groups.items(), key=lambda pair: (pair[0] == "", pair[0].lower()))
    return statements, [CardGroup(heading, cards) for heading, cards in ordered]


def report_items(*, meeting: Meeting, user: User | AnonymousUser) -> list[AgendaItem]:
    """The agenda items the report shows, those with an outcome (files, statements or cards), each with them
    (a fixed number of queries)."""
    cards = Contribution.objects.select_related("statement").order_by("heading", "created_at", "id")
    items = meeting.items.select_related("presenter").prefetch_related(
        "statements", Prefetch("contributions", queryset=cards)
    )
    with_files(list_items := list(items), user=user)
    return [item for item in list_items if item.files or item.statements.all() or item.contributions.all()]


def report_polls(*, meeting: Meeting) -> list[tuple[Poll, Results | None]]:
    """The polls held at the meeting, each with its results once closed, as the report shows them: the option
    counts only, never the open answers or the scale details, which stay on the poll's own results page for
    its audience."""
    return [
        (poll, None if results is None else dataclasses.replace(results, questions=_options_only(results.questions)))
        for poll, results in meeting_polls(meeting=meeting)
    ]


def _options_only(questions: list[QuestionResult]) -> list[QuestionResult]:
    return [dataclasses.replace(row, scale=[], mean=None, texts=[], more_texts=0) for row in questions]


def open_topics() -> QuerySet[Topic]:
    return Topic.objects.filter(item__isnull=True).select_related("proposed_by", "theme")


def scheduled_topics() -> QuerySet[Topic]:
    return Topic.objects.filter(item__isnull=False).select_related("proposed_by", "item__meeting")


# What a member can do now (the dashboard's cards) ---------------------------------------------------------


def next_meeting_for(*, user: User) -> Meeting | None:
    """The first published meeting still open for registration, with its places taken (``registered``) and this
    member's registration status (``my_status``: "aangemeld", "wachtlijst", or None when not registered)."""
    my_status = Registration.objects.filter(meeting=OuterRef("pk"), user=user).values("status")[:1]
    return (
        meetings_with_counts(user=user)
        .filter(status=Meeting.Status.PUBLISHED, starts_at__gt=timezone.now())
        .annotate(my_status=Subquery(my_status))
        .order_by("starts_at", "id")
        .first()
    )


def has_registered(*, user: User) -> bool:
    """Whether this member ever registered for a meeting (or the waiting list of one)."""
    return registrations_of(user=user).exists()


def registrations_of(*, user: User) -> QuerySet[Registration]:
    return Registration.objects.filter(user=user)


# The hubs: a theme's meetings, an institution's attendance -----------------------------------------------


def meetings_for_theme(*, theme: Theme, user: User | AnonymousUser) -> tuple[list[Meeting], list[Meeting]]:
    """The meetings on ``theme`` that ``user`` may open, as (upcoming, past); none for guests, since the
    meetings are for members."""
    if not user.has_perm(VIEW):
        return [], []
    upcoming, past = split_upcoming(list(meetings_visible_to(user=user).filter(theme=theme)))
    return upcoming, sorted(past, key=lambda m: m.starts_at, reverse=True)


def meetings_attended(*, institution: Institution) -> int:
    """How many meetings someone of ``institution`` attended (a count, never who)."""
    return (
        Registration.objects.filter(user__institution=institution, attended=True)
        .values("meeting_id")
        .distinct()
        .count()
    )
