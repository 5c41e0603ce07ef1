"""Reads of advice: lists with their latest follow-up, followers, the timeline, milestones and text comparisons."""

import datetime
import difflib
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts.models import User
from koers.comments.models import Comment
from koers.members.rules import is_member, steering_or_admin
from koers.polls.models import Poll
from koers.themes.models import Theme

from .models import (
    Advice,
    AdviceQuerySet,
    BodyVersion,
    Follow,
    FollowUp,
    Status,
    StatusChange,
    WorkingGroupMember,
)
from .rules import (
    FOLLOW_UP_OPEN,
    MEMBER_TEXT_STATUSES,
    PUBLIC_TEXT_STATUSES,
    TEXT_OPEN,
    TRANSITIONS,
    keep_roles,
    may_take_step,
    step_order,
)


def transitions_for(*, actor: User, advice: Advice) -> list[str]:
    """The statuses this member may move the advice to now: the next steps first, then a step back, withdrawing
    last (the order the page offers them in)."""
    allowed = [
        to for (before, to), who in TRANSITIONS.items() if before == advice.status and may_take_step(actor, advice, who)
    ]
    return sorted(allowed, key=lambda to: step_order(advice.status, to))


@dataclass(frozen=True)
class AdviceAccess:
    """What one reader sees of an advice and may do with it now: the page's parts and buttons and the API's
    fields and ``allowed`` both come from here."""

    members: bool  # names, the working group and the network's own notes
    read_text: bool  # the summary, text, versions and attachments
    change: bool  # the details (title, question, target, links)
    edit_text: bool
    add_follow_up: bool
    transitions: list[str]  # the statuses they may move it to


def advice_access(*, advice: Advice, user: User | AnonymousUser) -> AdviceAccess:
    if not user.is_authenticated:
        # Guests read a public text; they change nothing.
        return AdviceAccess(
            members=False,
            read_text=user.has_perm("advice.read_text", advice),
            change=False,
            edit_text=False,
            add_follow_up=False,
            transitions=[],
        )
    return AdviceAccess(
        members=user.has_perm("advice.view_advice"),
        read_text=user.has_perm("advice.read_text", advice),
        change=user.has_perm("advice.change_advice", advice),
        edit_text=user.has_perm("advice.edit_text", advice) and advice.status in TEXT_OPEN,
        add_follow_up=user.has_perm("advice.add_follow_up", advice) and advice.status in FOLLOW_UP_OPEN,
        transitions=transitions_for(actor=user, advice=advice),
    )


def advice_list(*, filters: dict[str, Any] | None = None) -> AdviceQuerySet:
    """Advice with their themes, lead and latest follow-up, in a fixed number of queries.

    Each row also carries ``latest_progress``, ``latest_follow_up_status``, ``latest_follow_up_date`` and ``leads``
    (the lead, as a list). AdviceQuerySet and not QuerySet[Advice]: the stubs cannot name a model with annotations
    in a return type, and QuerySet[Advice] would hide them from the callers that read them.
    """
    filters = filters or {}
    latest = FollowUp.objects.filter(advice=OuterRef("pk")).order_by("-date", "-id")
    advice = (
        Advice.objects.annotate(
            latest_progress=Subquery(latest.values("progress")[:1]),
            latest_follow_up_status=Subquery(latest.values("status")[:1]),
            latest_follow_up_date=Subquery(latest.values("date")[:1]),
        )
        .prefetch_related(
            "themes",
            Prefetch(
                "working_group",
                queryset=WorkingGroupMember.objects.filter(is_lead=True).select_related("user"),
                to_attr="leads",
            ),
        )
        .order_by("-updated_at", "-id")
    )
    if filters.get("theme"):
        advice = advice.filter(themes=filters["theme"])
    if filters.get("status"):
        advice = advice.filter(status=filters["status"])
    if filters.get("mine"):
        advice = advice.filter(working_group__user=filters["mine"])
    return advice


def text_readable_by(*, user: User | AnonymousUser) -> QuerySet[Advice]:
    """The advice whose text (and documents) ``user`` may read: the rule ``advice.read_text`` as a queryset."""
    if steering_or_admin(user):
        return Advice.objects.all()
    readable = Q(status__in=PUBLIC_TEXT_STATUSES)
    if isinstance(user, User) and is_member(user):
        groups = WorkingGroupMember.objects.filter(user=user).values("advice")
        readable |= Q(status__in=MEMBER_TEXT_STATUSES) | Q(pk__in=groups)
    return Advice.objects.filter(readable)


def with_links() -> QuerySet[Advice]:
    # A poll of the steering group is not shown with an advice, whoever linked it.
    polls = Poll.objects.exclude(audience=Poll.Audience.STEERING)
    return Advice.objects.prefetch_related(
        "themes",
        "plan_items",
        # The stubs lose Prefetch's type variables on a manager made by as_manager() and refuse every Prefetch
        # there (typeddjango/django-stubs#3263, fixed upstream; mypy reports this ignore once it is unused).
        Prefetch("polls", queryset=polls),  # type: ignore[arg-type]
        "meetings",
    )


def working_group(*, advice: Advice) -> list[WorkingGroupMember]:
    """The working group with its members; the rules about ``advice`` (lead, member) read it from here after."""
    members = list(advice.working_group.select_related("user", "user__institution"))
    keep_roles(advice, members)
    return members


def followers(*, advice: Advice) -> QuerySet[User]:
    """Those who hear of every step: members who follow it, the working group and commenters, minus those who
    chose to stop following."""
    content_type = ContentType.objects.get_for_model(Advice)
    commenters = Comment.objects.filter(content_type=content_type, object_id=advice.pk).values("author_id")
    return (
        get_user_model()
        .objects.filter(is_active=True, anonymised_at__isnull=True)
        .filter(
            Q(advice_follows__advice=advice, advice_follows__following=True)
            | Q(working_groups__advice=advice)
            | Q(pk__in=commenters)
        )
        # One subquery: an exclude() across the relation would also drop those who stopped following another advice.
        .exclude(pk__in=Follow.objects.filter(advice=advice, following=False).values("user_id"))
        .distinct()
        .order_by("pk")
    )


def is_following(*, advice: Advice, user: User | AnonymousUser) -> bool:
    """Whether ``user`` is among the ``followers``, asked about them alone (one row, not the join of every
    follower): their own choice when they made one, else whether they are in the working group or commented."""
    if not isinstance(user, User) or not user.is_active or user.anonymised_at is not None:
        return False
    content_type = ContentType.objects.get_for_model(Advice)
    mine = {"advice": advice, "user": OuterRef("pk")}
    facts = (
        User.objects.filter(pk=user.pk)
        .values(
            choice=Subquery(Follow.objects.filter(**mine).values("following")[:1]),
            in_group=Exists(WorkingGroupMember.objects.filter(**mine)),
            commented=Exists(
                Comment.objects.filter(content_type=content_type, object_id=advice.pk, author=OuterRef("pk"))
            ),
        )
        .get()
    )
    if facts["choice"] is not None:
        return bool(facts["choice"])
    return bool(facts["in_group"] or facts["commented"])


def follow_ups(*, advice: Advice, status: str = "", since: datetime.date | None = None) -> QuerySet[FollowUp]:
    """What was done with the advice, newest first (public, as its page shows it)."""
    entries = advice.follow_ups.select_related("author").order_by("-date", "-id")
    if status:
        entries = entries.filter(status=status)
    if since is not None:
        entries = entries.filter(date__gte=since)
    return entries


@dataclass(frozen=True)
class Event:
    when: datetime.date
    kind: str  # poll, meeting, status, follow_up
    title: str
    text: str = ""
    url: str = ""
    actor: User | None = None
    progress: int | None = None
    # The exact moment, for the order: within the day of ``when``.
    moment: datetime.datetime = field(kw_only=True)
    pk: int = field(kw_only=True)


def _day(moment: datetime.datetime | datetime.date) -> datetime.date:
    return timezone.localdate(moment) if isinstance(moment, datetime.datetime) else moment


def _within(day: datetime.date, at: datetime.datetime) -> datetime.datetime:
    """``at``, kept within ``day``: a follow-up or decision recorded after its day took place at that day's end,
    one recorded ahead of its day at that day's start."""
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))
    return min(max(at, start), end)


# Things that happened at the very same moment keep this order, then the order they were recorded in.
KIND_ORDER = {"poll": 0, "meeting": 1, "status": 2, "follow_up": 3}


def _in_time_order(event: Event) -> tuple[datetime.datetime, int, int]:
    return (event.moment, KIND_ORDER[event.kind], event.pk)


# Notes of steps into these statuses are public; the others were written inside the network.
PUBLIC_NOTE_STATUSES = ("aangeboden", "besluit", "in_uitvoering", "afgerond", "ingetrokken")


def timeline(*, advice: Advice, changes: list[StatusChange], entries: list[FollowUp], members: bool) -> list[Event]:
    """From the poll or meeting where it started to the latest follow-up, oldest first, strictly by the moment
    each thing happened (a follow-up and a decision carry a day: within it, the moment they were recorded).

    Guests get no poll conclusions (polls are the network's) and no notes written before the advice went public.
    """
    events = [
        Event(
            _day(p.closes_at),
            "poll",
            p.title,
            p.outcome if members else "",
            p.get_absolute_url(),
            moment=p.closes_at,
            pk=p.pk,
        )
        for p in advice.polls.all()
    ]
    events += [
        Event(_day(m.starts_at), "meeting", m.title, "", m.get_absolute_url(), moment=m.starts_at, pk=m.pk)
        for m in advice.meetings.all()
    ]
    for change in changes:
        text = change.note if members or change.to_status in PUBLIC_NOTE_STATUSES else ""
        day, title = _day(change.at), change.get_to_status_display()
        # A decision always has its date (the constraint advice_decision_has_rationale_and_date).
        if change.to_status == "besluit" and advice.decision and advice.decision_date is not None:
            text = f"{advice.get_decision_display()}: {advice.decision_rationale}"
            day = advice.decision_date
        moment = _within(day, change.at)
        events.append(Event(day, "status", title, text, "", change.actor, moment=moment, pk=change.pk))
    events += [
        Event(
            f.date,
            "follow_up",
            _("Opvolging: %(status)s") % {"status": f.get_status_display()},
            f.text,
            "",
            None,
            f.progress,
            moment=_within(f.date, f.created_at),
            pk=f.pk,
        )
        for f in entries
    ]
    return sorted(events, key=_in_time_order)


def status_changes(*, advice: Advice) -> list[StatusChange]:
    return list(advice.status_changes.select_related("actor"))


def milestones(*, years: list[int] | None = None) -> dict[int, list[Advice]]:
    """Advice with a time ambition, per target year (only the given years, if any). Only what a milestone shows is
    read (title, target, status), not the advice's text: the roadmap and the plan show hundreds."""
    advice = Advice.objects.with_milestone().only("title", "status", "target_year", "target_quarter")
    if years:
        advice = advice.filter(target_year__in=years)
    per_year: dict[int, list[Advice]] = {}
    for item in advice:
        per_year.setdefault(item.target_year, []).append(item)
    return per_year


def versions(*, advice: Advice, all_versions: bool) -> list[BodyVersion]:
    """The versions a reader may compare: the working group and the steering group see every draft, others the
    versions from the consultation on."""
    versions = advice.versions.select_related("author")
    if not all_versions:
        versions = versions.filter(number__gte=advice.shared_version or advice.version)
    return list(versions)


@dataclass(frozen=True)
class DiffLine:
    kind: str  # same, added, removed
    text: str


def compare(*, older: BodyVersion, newer: BodyVersion) -> list[DiffLine]:
    """The lines of the summary and text that stayed, went and came, from ``older`` to ``newer``."""
    before = [*older.summary.splitlines(), "", *older.body.splitlines()]
    after = [*newer.summary.splitlines(), "", *newer.body.splitlines()]
    lines = []
    for line in difflib.ndiff(before, after):
        code, text = line[:2], line[2:]
        if code == "? ":
            continue
        lines.append(DiffLine({"  ": "same", "+ ": "added", "- ": "removed"}[code], text))
    return lines


def export_rows(*, advice: AdviceQuerySet, site: str) -> list[list[object]]:
    """One row per advice (from advice_list(), with its latest follow-up) for the transparency download."""
    header: list[object] = [
        _("Titel"),
        _("Thema's"),
        _("Status"),
        _("Besluit"),
        _("Datum besluit"),
        _("Motivering"),
        _("Streefkwartaal"),
        _("Budget (euro)"),
        _("Financiering"),
        _("Laatste opvolging"),
        _("Voortgang (%)"),
        _("Adres"),
    ]
    rows: list[list[object]] = [header]
    for item in advice:
        rows.append(
            [
                item.title,
                ", ".join(theme.name for theme in item.themes.all()),
                item.get_status_display(),
                item.get_decision_display() if item.decision else "",
                item.decision_date.isoformat() if item.decision_date else "",
                item.decision_rationale,
                item.target,
                item.budget if item.budget is not None else "",
                item.funding,
                item.latest_follow_up_date.isoformat() if item.latest_follow_up_date else "",
                item.latest_progress if item.latest_progress is not None else "",
                f"{site}{item.get_absolute_url()}",
            ]
        )
    return rows


# What a member or the steering group can do now (the dashboard's cards) -----------------------------------

# A followed advice "changed" when its status moved or a follow-up was added within this time.
CHANGED_WITHIN = datetime.timedelta(days=30)
# Advice being carried out without a follow-up entry for this long waits for one.
FOLLOW_UP_DUE_AFTER = datetime.timedelta(days=90)


def followed_by(*, user: User) -> QuerySet[Advice]:
    """The advice this member follows: the same rule as ``followers`` (clicked "Volgen", in the working group or
    commented, minus "Niet meer volgen"), asked from the member's side."""
    content_type = ContentType.objects.get_for_model(Advice)
    commented = Comment.objects.filter(content_type=content_type, author=user).values("object_id")
    return Advice.objects.filter(
        Q(pk__in=Follow.objects.filter(user=user, following=True).values("advice_id"))
        | Q(pk__in=WorkingGroupMember.objects.filter(user=user).values("advice_id"))
        | Q(pk__in=commented)
    ).exclude(pk__in=Follow.objects.filter(user=user, following=False).values("advice_id"))


def followed_changed(*, user: User, within: datetime.timedelta = CHANGED_WITHIN) -> QuerySet[Advice]:
    """Advice this member follows whose status changed or that got a follow-up entry within ``within``, most
    recently changed first (``changed_at``: the later of the two)."""
    since = timezone.now() - within
    latest_follow_up = FollowUp.objects.filter(advice=OuterRef("pk")).order_by("-created_at").values("created_at")[:1]
    return (
        followed_by(user=user)
        .annotate(follow_up_at=Subquery(latest_follow_up))
        .filter(Q(status_changed_at__gte=since) | Q(follow_up_at__gte=since))
        .annotate(
            changed_at=Greatest(
                Coalesce("status_changed_at", "follow_up_at"), Coalesce("follow_up_at", "status_changed_at")
            )
        )
        .order_by("-changed_at", "-id")
    )


def awaiting_decision() -> QuerySet[Advice]:
    """Advice offered to the Adviesraad: the steering group records its decision, oldest offer first."""
    return Advice.objects.filter(status=Status.OFFERED).order_by("status_changed_at", "id")


def awaiting_follow_up(*, after: datetime.timedelta = FOLLOW_UP_DUE_AFTER) -> QuerySet[Advice]:
    """Advice decided or being carried out without a follow-up entry dated within ``after`` (or none at all),
    longest waiting first: the steering group (or the lead) adds one."""
    since = timezone.localdate() - after
    return (
        Advice.objects.filter(status__in=FOLLOW_UP_OPEN)
        .exclude(Exists(FollowUp.objects.filter(advice=OuterRef("pk"), date__gte=since)))
        .order_by("status_changed_at", "id")
    )


# The steps of an advice in order; withdrawing is a way out of the line, not a step on it.
LIFECYCLE: list[Status] = [status for status in Status if status != Status.WITHDRAWN]
# A step the process may pass by: a decision can be carried out at once, straight to "afgerond".
OPTIONAL_STEPS = (Status.IN_PROGRESS,)


@dataclass(frozen=True)
class Step:
    """One step of the lifecycle. ``state``: done, current, finished (the last step, reached), skipped, todo,
    withdrawn (the step it was withdrawn at) or not_reached (after a withdrawal). ``when``, if recorded: a done
    step's end (when the advice went on), the current or last step's start, the withdrawal."""

    status: Status
    state: str
    when: datetime.datetime | None


def lifecycle(*, advice: Advice, changes: list[StatusChange]) -> list[Step]:
    """Where an advice is in its lifecycle, step by step, from the status changes already read (no query)."""
    reached: dict[str, datetime.datetime] = {}
    for change in changes:
        reached[change.to_status] = change.at
    reached.setdefault(Status.IDEA, advice.created_at)
    withdrawn = advice.status == Status.WITHDRAWN
    position = Status(advice.status)
    if withdrawn:  # where it stood when it was withdrawn
        before = [change.from_status for change in changes if change.to_status == Status.WITHDRAWN]
        position = Status(before[-1]) if before and before[-1] else Status.IDEA
    here = LIFECYCLE.index(position)
    steps = []
    for index, status in enumerate(LIFECYCLE):
        when = None
        if index < here:
            state = "skipped" if status in OPTIONAL_STEPS and status not in reached else "done"
            if state == "done":  # it ended when the advice reached a later step
                when = next((reached[s] for s in LIFECYCLE[index + 1 : here + 1] if s in reached), None)
        elif index == here:
            state = "withdrawn" if withdrawn else "finished" if status == Status.DONE else "current"
            when = reached.get(Status.WITHDRAWN if withdrawn else status)
        else:
            state = "not_reached" if withdrawn else "todo"
        steps.append(Step(status, state, when))
    return steps


def advice_for_theme(*, theme: Theme) -> QuerySet[Advice]:
    """The advice on ``theme`` with their state, as on the public transparency list (titles and statuses are
    public), most recently changed first: what a theme's hub names of each (title, status, target), not their
    texts, working groups or follow-up."""
    return (
        Advice.objects.filter(themes=theme)
        .only("id", "title", "status", "target_year", "target_quarter", "updated_at")
        .order_by("-updated_at", "-id")
    )
