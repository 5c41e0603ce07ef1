"""Every change to polls and calls. Voting rules are checked here, so the API and the pages agree."""

import datetime
from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import User
from koers.activity.kinds import Kind
from koers.activity.models import Audience
from koers.activity.services import record_activity
from koers.core.conflicts import StateConflict
from koers.notifications.registry import Notice
from koers.themes.models import Theme

# `name as name`: a ballot's refusal, written with its kind or with vote_refusal, imported from here as well.
from . import notices, tasks
from .kinds import QUICK_POLL_KINDS, kind_of
from .kinds.base import MSG_FOREIGN_OPTION as MSG_FOREIGN_OPTION
from .kinds.base import MSG_REQUIRED, AnswerRefused, question_field
from .kinds.base import MSG_TOO_MANY as MSG_TOO_MANY
from .kinds.dots import MSG_DOTS_BUDGET as MSG_DOTS_BUDGET
from .kinds.dots import MSG_DOTS_NEGATIVE as MSG_DOTS_NEGATIVE
from .kinds.dots import MSG_DOTS_PER_OPTION as MSG_DOTS_PER_OPTION
from .kinds.ranking import MSG_RANK_GAPS as MSG_RANK_GAPS
from .kinds.ranking import MSG_RANK_TWICE as MSG_RANK_TWICE
from .kinds.scale import MSG_SCALE as MSG_SCALE
from .models import Answer, Ballot, Call, Option, Participation, Poll, Question, SignUp
from .selectors import MSG_ALREADY_VOTED as MSG_ALREADY_VOTED
from .selectors import MSG_CLOSED as MSG_CLOSED
from .selectors import MSG_INSTITUTION_VOTED as MSG_INSTITUTION_VOTED
from .selectors import (
    MSG_INSTITUTION_VOTED_ANONYMOUS,
    already_voted,
    counts_forget,
    open_polls_to_announce,
    polls_to_record,
    polls_to_remind,
    turnout,
    unit_key,
    vote_eligibility,
    vote_refusal,
)
from .selectors import MSG_NO_INSTITUTION as MSG_NO_INSTITUTION
from .selectors import MSG_NOT_IN_AUDIENCE as MSG_NOT_IN_AUDIENCE
from .selectors import MSG_NOT_OPEN as MSG_NOT_OPEN

if TYPE_CHECKING:  # the type of gettext_lazy's strings exists only in the stubs
    from django_stubs_ext import StrOrPromise

MSG_LOCKED = _("Er is al gestemd; vragen, opties en de manier van tellen liggen nu vast.")
MSG_QUICK_POLL_ONE_QUESTION = _(
    "Een snelle peiling heeft precies één vraag: met één keuze, met meerdere keuzes of met een rangorde."
)
MSG_DOT_VOTE_QUESTION = _("Een stipstemming heeft één vraag: stippen verdelen over de opties.")
MSG_TWO_OPTIONS = _("Geef minstens twee opties, één per regel.")
MSG_NO_QUESTIONS = _("Voeg eerst een vraag toe.")
MSG_NOT_CLOSED = _("Een conclusie schrijf je na de sluiting.")
MSG_CALL_CLOSED = _("Deze oproep is gesloten.")
MSG_KIND_LOCKED = _("De soort kan niet meer veranderen als er al vragen zijn. Maak een nieuwe peiling.")
MSG_SURVEY_NO_DOTS = _("Een enquête heeft geen stippenvraag.")
MSG_ELECTION_FIXED = _(
    "Deze peiling is een verkiezing: instellingen, kandidaten en sluiting worden bij de vacature beheerd."
)

LOCKED_FIELDS = ["kind", "unit", "anonymous", "dots", "max_per_option"]


# Setting up a poll -----------------------------------------------------------------------------------


def poll_create(*, actor: User | None, data: dict[str, Any]) -> Poll:
    poll = Poll(created_by=actor, **data)
    poll.clean()
    with transaction.atomic():
        poll.save(force_insert=True)
        if poll.kind == Poll.Kind.DOTS:
            Question.objects.create(poll=poll, text=poll.title, kind=Question.Kind.DOTS, required=True)
    return poll


def _refuse_election(poll: Poll) -> None:
    """A published election is run from its vacancy (koers.governance); the poll pages cannot change it."""
    if poll.election and poll.published_at is not None:
        raise ValidationError(MSG_ELECTION_FIXED)


def poll_update(*, actor: User, poll: Poll, data: dict[str, Any]) -> Poll:
    with transaction.atomic():
        current = Poll.objects.select_for_update().get(pk=poll.pk)
        _refuse_election(current)
        if current.ballots.exists() and any(data[name] != getattr(current, name) for name in LOCKED_FIELDS):
            raise ValidationError(MSG_LOCKED)
        if data.get("kind", current.kind) != current.kind and current.questions.exists():
            raise ValidationError(MSG_KIND_LOCKED)
        for name, value in data.items():
            setattr(poll, name, value)
        if poll.closes_at != current.closes_at:
            # Back to an earlier closing time after ballots came in meanwhile: counted afresh.
            counts_forget(poll_id=poll.pk, closes_at=[current.closes_at, poll.closes_at])
            poll.reminder_sent_at = None  # a new closing time earns a new reminder
            # ... and its own closing numbers, recorded when it closes again
            poll.audience_at_closing = poll.institutions_at_closing = poll.quorum_at_closing = None
        poll.clean()
        poll.save()
        if poll.kind == Poll.Kind.DOTS and not poll.questions.exists():
            Question.objects.create(poll=poll, text=poll.title, kind=Question.Kind.DOTS, required=True)
    return poll


def _refuse_when_voted(poll: Poll) -> None:
    """Lock the poll (so no ballot slips in meanwhile) and refuse once anyone has voted."""
    current = Poll.objects.select_for_update().filter(pk=poll.pk).first()
    if current is not None:
        _refuse_election(current)
    if poll.ballots.exists():
        raise ValidationError(MSG_LOCKED)


def question_save(*, poll: Poll, question: Question | None, data: dict[str, Any], options: list[str]) -> Question:
    """Add or change a question with its options (one label per entry, in order)."""
    with transaction.atomic():
        _refuse_when_voted(poll)
        kind = data["kind"]
        if (poll.kind == Poll.Kind.DOTS) != kind_of(kind).dot_vote:  # a dot vote has its kind, only it
            raise ValidationError(MSG_DOT_VOTE_QUESTION)
        if poll.kind == Poll.Kind.POLL:
            others = poll.questions.all()
            if question is not None:
                others = others.exclude(pk=question.pk)
            if others.exists() or kind not in QUICK_POLL_KINDS:
                raise ValidationError(MSG_QUICK_POLL_ONE_QUESTION)
        question = question or Question(poll=poll)
        for name, value in data.items():
            setattr(question, name, value)
        question.save()
        if question.has_options:
            kept = {o.label: o for o in question.options.all()}
            question.options.exclude(label__in=options).delete()
            for position, label in enumerate(options, start=1):
                option = kept.get(label) or Option(question=question, label=label)
                option.position = position
                option.save()
        else:
            question.options.all().delete()
    return question


def question_delete(*, question: Question) -> None:
    with transaction.atomic():
        _refuse_when_voted(question.poll)
        question.delete()


def options_from_themes(*, question: Question, themes: Iterable[Theme]) -> int:
    """Add an option per theme that is not an option yet; returns how many were added."""
    with transaction.atomic():
        _refuse_when_voted(question.poll)
        present = set(question.options.exclude(theme=None).values_list("theme_id", flat=True))
        start = question.options.count()
        new = [theme for theme in themes if theme.pk not in present]
        Option.objects.bulk_create(
            Option(question=question, label=theme.name, theme=theme, position=start + n)
            for n, theme in enumerate(new, start=1)
        )
    return len(new)


def poll_publish(*, actor: User | None, poll: Poll) -> Poll:
    questions = list(poll.questions.prefetch_related("options"))
    if not questions:
        raise ValidationError(MSG_NO_QUESTIONS)
    kinds = {q.kind for q in questions}
    if poll.kind == Poll.Kind.POLL and (len(questions) != 1 or not kinds <= set(QUICK_POLL_KINDS)):
        raise ValidationError(MSG_QUICK_POLL_ONE_QUESTION)
    dot_vote = [kind_of(kind).dot_vote for kind in kinds]
    if poll.kind == Poll.Kind.DOTS and (len(questions) != 1 or not all(dot_vote) or not poll.dots):
        raise ValidationError(MSG_DOT_VOTE_QUESTION)
    if poll.kind == Poll.Kind.SURVEY and any(dot_vote):
        raise ValidationError(MSG_SURVEY_NO_DOTS)
    if any(q.has_options and len(q.options.all()) < 2 for q in questions):
        raise ValidationError(MSG_TWO_OPTIONS)
    poll.published_at = timezone.now()
    with transaction.atomic():
        poll.save(update_fields=["published_at"])
        # Dated at the opening: the feed shows nothing from the future, so a scheduled poll appears once it opens.
        _record(poll, Kind.POLL_OPENED, at=max(poll.published_at, poll.opens_at), actor=actor)
    return poll


def _record(poll: Poll, kind: str, *, at: datetime.datetime, actor: User | None = None) -> None:
    """A poll's audience decides who sees its news (polls.selectors.may_see, through the activity registry)."""
    record_activity(kind=kind, target=poll, audience=Audience.RESTRICTED, at=at, actor=actor)


def poll_close(*, actor: User, poll: Poll) -> Poll:
    """Close now (the closing time otherwise closes the poll by itself). An election closes from its vacancy."""
    _refuse_election(poll)
    now = timezone.now()
    with transaction.atomic():
        if poll.closes_at > now:
            poll.closes_at = max(now, poll.opens_at + datetime.timedelta(seconds=1))
            poll.save(update_fields=["closes_at"])
        recorded = poll_closing_record(poll=poll)
    poll.audience_at_closing = recorded.audience_at_closing
    poll.institutions_at_closing = recorded.institutions_at_closing
    poll.quorum_at_closing = recorded.quorum_at_closing
    return poll


CLOSING_FIELDS = ["audience_at_closing", "institutions_at_closing", "quorum_at_closing"]


def poll_closing_record(*, poll: Poll) -> Poll:
    """Record a closed poll's turnout denominator, the institutions that took part and its quorum, once.

    The poll is locked first, so a ballot that started before the closing is in (or refused) before the count.
    Until this runs (at "close now", or by the closing job) the results compute the same numbers as at the
    closing; recording them keeps them when members leave or the quorum is changed afterwards.
    """
    with transaction.atomic():
        current = Poll.objects.select_for_update().get(pk=poll.pk)
        if current.is_closed and current.audience_at_closing is None:
            numbers = turnout(poll=current)
            current.audience_at_closing = numbers.audience_institutions
            current.institutions_at_closing = numbers.institutions
            current.quorum_at_closing = numbers.quorum
            current.save(update_fields=CLOSING_FIELDS)
            if current.published_at is not None:
                _record(current, Kind.POLL_CLOSED, at=current.closes_at)
    return current


def closings_record(*, now: datetime.datetime | None = None) -> int:
    """Record the closing numbers of every poll that closed since the last run; returns how many."""
    recorded = 0
    for poll in polls_to_record(now=now):
        recorded += poll_closing_record(poll=poll).audience_at_closing is not None
    return recorded


def poll_outcome(*, actor: User, poll: Poll, text: str) -> Poll:
    if not poll.is_closed:
        raise ValidationError(MSG_NOT_CLOSED)
    first = poll.outcome_at is None
    poll.outcome, poll.outcome_at = text, timezone.now()
    with transaction.atomic():
        poll.save(update_fields=["outcome", "outcome_at"])
        if first:
            _record(poll, Kind.POLL_OUTCOME, at=poll.outcome_at, actor=actor)
    return poll


# Voting ------------------------------------------------------------------------------------------------


def _check_may_vote(poll: Poll, voter: User) -> None:
    refusal = vote_refusal(poll=poll, voter=voter)
    if refusal is not None:
        raise ValidationError(refusal)


def _vote_in(poll: Poll, voter: User, participation: Participation | None) -> StateConflict:
    """The refusal for a vote that is in already: one's own, or the colleague's who voted for the institution."""
    if participation is None:  # gone again meanwhile; say what we know
        return StateConflict(MSG_ALREADY_VOTED if poll.unit == Poll.Unit.MEMBER else MSG_INSTITUTION_VOTED_ANONYMOUS)
    return StateConflict(already_voted(poll=poll, user=voter, participation=participation))


def _answers(poll: Poll, questions: list[Question], given: dict[int, Any]) -> tuple[list[Answer], int]:
    """Check every answer against its question (by its kind); the unsaved answers and the dots used, or all errors."""
    errors: dict[str, list[StrOrPromise]] = {}
    answers: list[Answer] = []
    dots_used = 0
    for question in questions:
        kind = question.kind_spec
        value = kind.given(given.get(question.pk))
        if kind.is_blank(value):
            if question.required:
                errors[question_field(question)] = [MSG_REQUIRED]
            continue
        try:
            rows, used = kind.answers(question, value, poll=poll)
        except AnswerRefused as refused:
            errors[question_field(question)] = [refused.message]
            continue
        answers.extend(rows)
        dots_used += used
    if errors:
        raise ValidationError(errors)
    return answers, dots_used


def ballot_cast(*, poll: Poll, voter: User, answers: dict[int, Any]) -> Ballot:
    """Cast or change a ballot.

    Answers per question id: an option id | [option ids] | {option id: dots} | {option id: rank} | 1-5 | text.
    A ranking gives the first preference rank 1, the next 2, and so on; options left out are not ranked.

    Refused with a clear message, writing nothing: before opening or after closing, outside the
    audience, a second ballot for the same member or institution, an option of another question, a
    missing required answer, too many choices or dots.
    """
    with transaction.atomic():
        # The poll as it is now, locked: a closing, a new budget or new questions cannot slip in meanwhile.
        poll = Poll.objects.select_for_update().get(pk=poll.pk)
        _check_may_vote(poll, voter)
        questions = list(poll.questions.prefetch_related("options"))
        rows, dots_used = _answers(poll, questions, answers)
        key = unit_key(poll, voter)
        existing = Participation.objects.select_for_update().filter(poll=poll, unit_key=key).first()
        if existing is not None:
            eligibility = vote_eligibility(poll=poll, user=voter, participation=existing)
            if not eligibility.allowed:
                raise eligibility.error()
            ballot = existing.ballot  # one's own ballot, in a poll that allows changing it
            ballot.answers.all().delete()
            ballot.dots_used = dots_used
            ballot.save(update_fields=["dots_used"])
        else:
            try:
                with transaction.atomic():
                    participation = Participation.objects.create(
                        poll=poll, user=voter, institution_id=voter.institution_id, unit_key=key
                    )
            except IntegrityError as error:  # someone for the same unit was just faster
                raise _vote_in(poll, voter, Participation.objects.filter(poll=poll, unit_key=key).first()) from error
            ballot = Ballot.objects.create(
                poll=poll,
                participation=None if poll.anonymous else participation,
                dots_used=dots_used,
                dots_budget=poll.dots or 0,
            )
        for row in rows:
            row.ballot = ballot
        Answer.objects.bulk_create(rows)
        counts_forget(poll_id=poll.pk, closes_at=[poll.closes_at])
    return ballot


# Calls for volunteers ----------------------------------------------------------------------------------


def call_save(*, actor: User, call: Call | None, data: dict[str, Any]) -> Call:
    call = call or Call(created_by=actor)
    for name, value in data.items():
        setattr(call, name, value)
    call.save()
    return call


def signup_create(*, call: Call, user: User, motivation: str = "") -> SignUp:
    with transaction.atomic():
        if not call.is_open:
            raise ValidationError(MSG_CALL_CLOSED)
        signup, created = SignUp.objects.get_or_create(call=call, user=user, defaults={"motivation": motivation})
        if not created and signup.motivation != motivation:
            signup.motivation = motivation
            signup.save(update_fields=["motivation"])
    return signup


def signup_withdraw(*, call: Call, user: User) -> bool:
    deleted, _ = SignUp.objects.filter(call=call, user=user).delete()
    return bool(deleted)


# Reminders -----------------------------------------------------------------------------------------------

REMINDER_HOURS = 24


def _closing(poll: Poll) -> str:
    return f"{timezone.localtime(poll.closes_at):%d-%m-%Y %H:%M}"


def reminders_send(*, now: datetime.datetime | None = None) -> tuple[int, int]:
    """E-mail (through each member's notification settings) when a poll opens, and once before it closes
    to those who have not voted yet. Returns (polls announced, polls reminded). Safe to run every few minutes.

    Each poll is claimed here and its notice queued as one task (tasks.poll_notify) once the claim commits.
    """
    now = now or timezone.now()

    def send_once(polls: Iterable[Poll], sent_field: str, notice: Notice) -> int:
        """Claim each poll's `sent_field` and notify its non-voters; a poll already claimed is skipped."""
        sent = 0
        for poll in polls:
            with transaction.atomic():
                if Poll.objects.filter(pk=poll.pk, **{f"{sent_field}__isnull": True}).update(**{sent_field: now}):
                    transaction.on_commit(
                        partial(
                            tasks.poll_notify.enqueue,
                            poll_id=poll.pk,
                            notice=notice.key,
                            params={"title": poll.title, "date": _closing(poll)},
                        )
                    )
                    sent += 1
        return sent

    announced = send_once(open_polls_to_announce(now=now), "opening_sent_at", notices.OPENED)
    reminded = send_once(polls_to_remind(hours=REMINDER_HOURS, now=now), "reminder_sent_at", notices.REMINDER)
    return announced, reminded
