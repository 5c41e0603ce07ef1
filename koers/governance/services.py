"""Every change to vacancies, nominations and elections. One transaction each, every change audited.

Who may call what is checked by the views (koers.governance.rules); the rules that depend on the state
of a vacancy or nomination, and on who the actor is for a nomination, are checked here.
"""

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import User
from koers.core.audit import audit_record
from koers.members.models import Position
from koers.members.selectors import active_members
from koers.members.services import position_start
from koers.notifications.services import notify
from koers.polls.models import Poll, Question
from koers.polls.selectors import audience
from koers.polls.services import poll_create, poll_publish, question_save

from . import notices
from .audit import GovernanceAction
from .counting import Count, Method, Round, election_count  # noqa: F401 - the count is part of this app's services
from .models import SINGLE_SEAT_KINDS, Nomination, Vacancy, check_election_closes_at
from .selectors import vacancy_count

if TYPE_CHECKING:  # the type of gettext_lazy's strings exists only in the stubs
    from django_stubs_ext import StrOrPromise

MSG_DEADLINE_PAST = _("De laatste dag om voor te dragen ligt in het verleden.")
MSG_ALREADY_RUNNING = _("Voor deze functie loopt al een vacature. Rond die eerst af of trek haar in.")
MSG_NOT_OPEN = _("Deze vacature is niet meer open voor kandidaten; wijzigen en voordragen kan niet meer.")
MSG_KIND_LOCKED = _("De functie kan niet meer veranderen: er zijn al voordrachten.")
MSG_NOMINATIONS_CLOSED = _("Voordragen kon tot en met %(date)s.")
MSG_NOMINEE_INACTIVE = _("Alleen actieve leden kunnen kandidaat zijn.")
MSG_ALREADY_NOMINATED = _("%(name)s is al voorgedragen voor deze vacature.")
MSG_ONLY_NOMINEE = _("Alleen de kandidaat zelf kan een voordracht aanvaarden of afwijzen.")
MSG_ALREADY_DECIDED = _("Over deze voordracht is al besloten.")
MSG_WITHDRAW_NOT_ALLOWED = _(
    "Een voordracht intrekken kan de kandidaat zelf, of wie voordroeg zolang de kandidaat nog niet heeft aanvaard."
)
MSG_NOMINATIONS_STILL_OPEN = _("Voordragen kan nog tot en met %(date)s; daarna kan de verkiezing starten.")
MSG_TOO_FEW_CANDIDATES = _(
    "Een verkiezing heeft meer kandidaten nodig dan zetels: %(candidates)s voor %(seats)s. "
    "Verleng de termijn om voor te dragen, of trek de vacature in."
)
# Each number takes its own plural, so they are counted apart and put into the message.
ACCEPTED_CANDIDATES = ngettext_lazy("%(count)s aanvaarde kandidaat", "%(count)s aanvaarde kandidaten", "count")
SEATS = ngettext_lazy("%(count)s zetel", "%(count)s zetels", "count")
MSG_CLOSES_AFTER_TERM_START = _("De verkiezing moet sluiten vóór het begin van de termijn op %(date)s.")
MSG_NO_ELECTION = _("Voor deze vacature loopt geen verkiezing.")
MSG_ELECTION_ALREADY_CLOSED = _("De verkiezing is al gesloten.")
MSG_ELECTION_NOT_CLOSED = _("De verkiezing is nog niet gesloten; de uitslag volgt na de sluiting.")
MSG_NO_BALLOTS = _("Er is niet gestemd, dus er is geen uitslag. Trek de vacature in en open een nieuwe.")
MSG_CHOICE_NOT_COUNT = _("Bevestig de uitslag van de telling: gekozen zijn %(names)s.")
MSG_CHOICE_NOT_POSSIBLE = _(
    "Bij deze gelijke stand kies je %(seats)s uit %(names)s; deze keuze past niet bij de telling."
)
MSG_POSITION_REFUSED = _("%(name)s kan niet worden benoemd: %(reason)s")
MSG_CANNOT_CANCEL = _(
    "Een vacature met een bevestigde uitslag, of een ingetrokken vacature, kan niet worden ingetrokken."
)

VACANCY_FIELDS = ["kind", "title", "profile", "seats", "ranked", "nominations_open_until", "term_start", "term_end"]


def day_text(day: datetime.date) -> str:
    return f"{day:%d-%m-%Y}"


def _lock(vacancy: Vacancy) -> Vacancy:
    return Vacancy.objects.select_for_update().get(pk=vacancy.pk)


# Vacancies ---------------------------------------------------------------------------------------------


def _check_vacancy(data: dict[str, Any], *, deadline_changed: bool) -> None:
    """The vacancy's own rules (Vacancy.clean), and a moved last day to nominate must not lie in the past."""
    errors: dict[str, list[StrOrPromise]] = {}
    try:
        Vacancy(**{name: data[name] for name in VACANCY_FIELDS}).clean()
    except ValidationError as error:
        errors = {name: [*messages] for name, messages in error.message_dict.items()}
    if deadline_changed and data["nominations_open_until"] < timezone.localdate():
        errors["nominations_open_until"] = [MSG_DEADLINE_PAST]
    if errors:
        raise ValidationError({name: errors[name] for name in VACANCY_FIELDS if name in errors})


def _refuse_second_running(kind: str, exclude_pk: int | None = None) -> None:
    if kind not in SINGLE_SEAT_KINDS:
        return
    running = Vacancy.objects.filter(kind=kind, status__in=[Vacancy.Status.OPEN, Vacancy.Status.ELECTION])
    if exclude_pk is not None:
        running = running.exclude(pk=exclude_pk)
    if running.exists():
        raise ValidationError({"kind": MSG_ALREADY_RUNNING})


def vacancy_open(*, actor: User, data: dict[str, Any]) -> Vacancy:
    """Open a vacancy for nominations and tell the members.

    ``data``: kind, title, profile, seats, ranked, nominations_open_until, term_start and term_end (or None).
    Refused: more than one seat for chair or secretary, a last day to nominate in the past, a term that
    starts before nominating ends or ends before it starts, a second running vacancy for chair or secretary.
    """
    data = {"term_end": None, "ranked": False, **data}
    _check_vacancy(data, deadline_changed=True)
    with transaction.atomic():
        _refuse_second_running(data["kind"])
        try:
            with transaction.atomic():
                vacancy = Vacancy.objects.create(created_by=actor, **{name: data[name] for name in VACANCY_FIELDS})
        except IntegrityError as error:  # another vacancy for this position was opened just now
            raise ValidationError({"kind": MSG_ALREADY_RUNNING}) from error
        audit_record(
            actor=actor,
            action=GovernanceAction.VACANCY_OPENED,
            target=vacancy,
            data={"kind": vacancy.kind, "seats": vacancy.seats, "ranked": vacancy.ranked, **_dates(vacancy)},
        )

        notify(
            recipients=active_members().exclude(pk=actor.pk),
            notice=notices.VACANCY_OPENED,
            params={"title": vacancy.title, "date": day_text(vacancy.nominations_open_until)},
            url=vacancy.get_absolute_url(),
        )
    return vacancy


def _dates(vacancy: Vacancy) -> dict[str, str | None]:
    return {
        "nominations_open_until": str(vacancy.nominations_open_until),
        "term_start": str(vacancy.term_start),
        "term_end": str(vacancy.term_end) if vacancy.term_end else None,
    }


def vacancy_update(*, actor: User, vacancy: Vacancy, data: dict[str, Any]) -> Vacancy:
    """Change a vacancy while it is open for candidates (the election fixes it). The position itself only
    while nobody has been nominated; a last day to nominate that moves must not lie in the past."""
    with transaction.atomic():
        current = _lock(vacancy)
        if current.status != Vacancy.Status.OPEN:
            raise ValidationError(MSG_NOT_OPEN)
        data = {name: data.get(name, getattr(current, name)) for name in VACANCY_FIELDS}
        _check_vacancy(data, deadline_changed=data["nominations_open_until"] != current.nominations_open_until)
        if data["kind"] != current.kind:
            if current.nominations.exists():
                raise ValidationError({"kind": MSG_KIND_LOCKED})
            _refuse_second_running(data["kind"], exclude_pk=current.pk)
        changed = {name: value for name, value in data.items() if value != getattr(current, name)}
        for name, value in changed.items():
            setattr(current, name, value)
        current.save()
        audit_record(
            actor=actor,
            action=GovernanceAction.VACANCY_CHANGED,
            target=current,
            data={"changed": sorted(changed), **_dates(current)},
        )
    return current


def vacancy_cancel(*, actor: User, vacancy: Vacancy, reason: str = "") -> Vacancy:
    """Withdraw a vacancy before its result is confirmed; a running election closes at once. Candidates hear."""
    with transaction.atomic():
        vacancy = _lock(vacancy)
        if not vacancy.is_running:
            raise ValidationError(MSG_CANNOT_CANCEL)
        if vacancy.election is not None:
            _close_now(vacancy.election)
        vacancy.status = Vacancy.Status.CANCELLED
        vacancy.cancelled_at = timezone.now()
        vacancy.cancel_reason = reason
        vacancy.save(update_fields=["status", "cancelled_at", "cancel_reason"])
        audit_record(actor=actor, action=GovernanceAction.VACANCY_CANCELLED, target=vacancy, data={"reason": reason})

        candidates = [
            n.nominee
            for n in vacancy.nominations.filter(
                status__in=[Nomination.Status.PROPOSED, Nomination.Status.ACCEPTED]
            ).select_related("nominee")
        ]
        notify(
            recipients=candidates,
            notice=notices.VACANCY_CANCELLED,
            params={"title": vacancy.title, "reason": reason},
            url=vacancy.get_absolute_url(),
        )
    return vacancy


# Nominations -------------------------------------------------------------------------------------------


def nomination_create(*, actor: User, vacancy: Vacancy, nominee: User, motivation: str = "") -> Nomination:
    """Put a member forward. Nominating yourself is a candidacy at once; anyone else is asked to accept.

    Refused: when the vacancy no longer takes nominations (after its last day, or once the election
    started), for a member who is not active, and for someone already nominated for this vacancy.
    """
    with transaction.atomic():
        vacancy = _lock(vacancy)  # nominations for one vacancy one at a time
        if vacancy.status != Vacancy.Status.OPEN:
            raise ValidationError(MSG_NOT_OPEN)
        if timezone.localdate() > vacancy.nominations_open_until:
            raise ValidationError(MSG_NOMINATIONS_CLOSED % {"date": day_text(vacancy.nominations_open_until)})
        if not nominee.is_active or nominee.anonymised_at:
            raise ValidationError({"nominee": MSG_NOMINEE_INACTIVE})
        already = MSG_ALREADY_NOMINATED % {"name": nominee.full_name}
        own = nominee.pk == actor.pk
        existing = vacancy.nominations.select_for_update().filter(nominee=nominee).first()
        if (
            existing is not None
            and own
            and existing.status in (Nomination.Status.WITHDRAWN, Nomination.Status.DECLINED)
        ):
            # Whoever nominated or withdrew before, members may always stand themselves while nominating is open.
            existing.status, existing.decided_at = Nomination.Status.ACCEPTED, timezone.now()
            existing.nominated_by, existing.motivation = actor, motivation
            existing.save(update_fields=["status", "decided_at", "nominated_by", "motivation"])
            audit_record(
                actor=actor,
                action=GovernanceAction.NOMINATION_CREATED,
                target=existing,
                data={"nominee": nominee.pk, "self": True, "status": existing.status, "reopened": True},
            )
            return existing
        if existing is not None:
            raise ValidationError({"nominee": already})
        try:
            with transaction.atomic():
                nomination = Nomination.objects.create(
                    vacancy=vacancy,
                    nominee=nominee,
                    nominated_by=actor,
                    motivation=motivation,
                    status=Nomination.Status.ACCEPTED if own else Nomination.Status.PROPOSED,
                    decided_at=timezone.now() if own else None,
                )
        except IntegrityError as error:
            raise ValidationError({"nominee": already}) from error
        audit_record(
            actor=actor,
            action=GovernanceAction.NOMINATION_CREATED,
            target=nomination,
            data={"nominee": nominee.pk, "self": own, "status": nomination.status},
        )
        if not own:
            notify(
                recipients=[nominee],
                notice=notices.NOMINATED,
                params={"title": vacancy.title, "name": actor.full_name},
                url=vacancy.get_absolute_url(),
            )
    return nomination


def _decide(*, actor: User, nomination: Nomination, status: str, action: str) -> Nomination:
    with transaction.atomic():
        vacancy = _lock(nomination.vacancy)
        nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if nomination.nominee_id != actor.pk:
            raise ValidationError(MSG_ONLY_NOMINEE)
        if vacancy.status != Vacancy.Status.OPEN:
            raise ValidationError(MSG_NOT_OPEN)
        if nomination.status != Nomination.Status.PROPOSED:
            raise ValidationError(MSG_ALREADY_DECIDED)
        nomination.status, nomination.decided_at = status, timezone.now()
        nomination.save(update_fields=["status", "decided_at"])
        audit_record(actor=actor, action=action, target=nomination, data={"nominee": nomination.nominee_id})
    return nomination


def nomination_accept(*, actor: User, nomination: Nomination) -> Nomination:
    """The nominee accepts: from now on a candidate. Possible until the election starts."""
    return _decide(
        actor=actor,
        nomination=nomination,
        status=Nomination.Status.ACCEPTED,
        action=GovernanceAction.NOMINATION_ACCEPTED,
    )


def nomination_decline(*, actor: User, nomination: Nomination) -> Nomination:
    """The nominee declines; they cannot be nominated for this vacancy again."""
    return _decide(
        actor=actor,
        nomination=nomination,
        status=Nomination.Status.DECLINED,
        action=GovernanceAction.NOMINATION_DECLINED,
    )


def nomination_withdraw(*, actor: User, nomination: Nomination) -> Nomination:
    """Withdraw before the election starts: the nominee their candidacy (accepted or not), whoever
    nominated them only while it is not accepted yet. A withdrawn nomination is not made again."""
    with transaction.atomic():
        vacancy = _lock(nomination.vacancy)
        nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if not nomination.withdrawable_by(actor):
            raise ValidationError(MSG_WITHDRAW_NOT_ALLOWED)
        if vacancy.status != Vacancy.Status.OPEN:
            raise ValidationError(MSG_NOT_OPEN)
        previous = nomination.status
        nomination.status, nomination.decided_at = Nomination.Status.WITHDRAWN, timezone.now()
        nomination.save(update_fields=["status", "decided_at"])
        audit_record(
            actor=actor,
            action=GovernanceAction.NOMINATION_WITHDRAWN,
            target=nomination,
            data={"nominee": nomination.nominee_id, "previous": previous},
        )
    return nomination


# The election ------------------------------------------------------------------------------------------


def ballot_labels(candidates: list[Nomination]) -> list[str]:
    """A ballot label per candidate: name and institution, made unique should two read the same."""
    labels: list[str] = []
    for nomination in candidates:
        person = nomination.nominee
        label = f"{person.full_name} ({person.institution.name})" if person.institution else person.full_name
        label = label[:190]  # room for a number that makes it unique, within the option's 200 characters
        unique, n = label, 2
        while unique in labels:
            unique, n = f"{label} {n}", n + 1
        labels.append(unique)
    return labels


def election_start(*, actor: User, vacancy: Vacancy, closes_at: datetime.datetime) -> Poll:
    """Start the secret election once nominating is over, and call the members to vote.

    The election needs more accepted candidates than seats: with as many candidates as seats (or fewer)
    there is nothing to choose, and a poll that every candidate wins would only pretend to be a vote. The
    steering group then extends the nomination period (vacancy_update) or cancels the vacancy.

    The poll is anonymous, final and shows its result only once closed; one vote per member. Its one
    question lists the accepted candidates alphabetically: one choice for one seat, as many choices as
    seats without a ranking, or a ranking. It must close before the term starts.
    """
    with transaction.atomic():
        vacancy = _lock(vacancy)
        if vacancy.status != Vacancy.Status.OPEN:
            raise ValidationError(MSG_NOT_OPEN)
        if timezone.localdate() <= vacancy.nominations_open_until:
            raise ValidationError(MSG_NOMINATIONS_STILL_OPEN % {"date": day_text(vacancy.nominations_open_until)})
        candidates = list(
            vacancy.nominations.filter(
                status=Nomination.Status.ACCEPTED, nominee__is_active=True, nominee__anonymised_at__isnull=True
            )
            .select_related("nominee__institution")
            .order_by("nominee__full_name", "id")
        )
        if len(candidates) <= vacancy.seats:
            raise ValidationError(
                MSG_TOO_FEW_CANDIDATES
                % {
                    "candidates": ACCEPTED_CANDIDATES % {"count": len(candidates)},
                    "seats": SEATS % {"count": vacancy.seats},
                }
            )
        now = timezone.now()
        try:
            check_election_closes_at(closes_at)
        except ValidationError as error:
            raise ValidationError({"closes_at": error}) from error
        if timezone.localtime(closes_at).date() >= vacancy.term_start:
            raise ValidationError({"closes_at": MSG_CLOSES_AFTER_TERM_START % {"date": day_text(vacancy.term_start)}})
        poll = poll_create(
            actor=actor,
            data={
                "title": (gettext("Verkiezing: %(title)s") % {"title": vacancy.title})[:200],
                "kind": Poll.Kind.POLL,
                "audience": Poll.Audience.MEMBERS,
                "unit": Poll.Unit.MEMBER,
                "anonymous": True,
                "allow_change": False,
                "visibility": Poll.Visibility.AFTER_CLOSING,
                "opens_at": now,
                "closes_at": closes_at,
                "election": True,
                "opening_sent_at": now,  # announced below; the poll reminders must not announce it again
            },
        )
        if vacancy.ranked:
            kind, max_choices = Question.Kind.RANKED, None
        elif vacancy.seats > 1:
            kind, max_choices = Question.Kind.MULTIPLE, vacancy.seats
        else:
            kind, max_choices = Question.Kind.SINGLE, None
        question = question_save(
            poll=poll,
            question=None,
            data={
                "text": (gettext("Wie kies je voor %(title)s?") % {"title": vacancy.title})[:300],
                "kind": kind,
                "required": True,
                "max_choices": max_choices,
            },
            options=ballot_labels(candidates),
        )
        for nomination, option in zip(candidates, question.options.order_by("position"), strict=True):
            nomination.option = option
            nomination.save(update_fields=["option"])
        poll_publish(actor=actor, poll=poll)
        vacancy.status, vacancy.election = Vacancy.Status.ELECTION, poll
        vacancy.save(update_fields=["status", "election"])
        audit_record(
            actor=actor,
            action=GovernanceAction.ELECTION_STARTED,
            target=vacancy,
            data={
                "poll": poll.pk,
                "candidates": [n.nominee_id for n in candidates],
                "closes_at": closes_at.isoformat(),
            },
        )

        notify(
            recipients=audience(poll=poll),
            notice=notices.ELECTION_OPENED,
            params={"title": vacancy.title, "date": f"{timezone.localtime(closes_at):%d-%m-%Y %H:%M}"},
            url=poll.get_absolute_url(),
        )
    return poll


def _close_now(poll: Poll) -> None:
    """Closed from this moment on. An election opens when it starts, so its opening may move a second back."""
    now = timezone.now()
    if poll.closes_at > now:
        poll.opens_at = min(poll.opens_at, now - datetime.timedelta(seconds=1))
        poll.closes_at = now
        poll.save(update_fields=["opens_at", "closes_at"])


def election_close(*, actor: User, vacancy: Vacancy) -> Poll:
    """Close the election now instead of at its closing time (for instance after a vote at a meeting)."""
    with transaction.atomic():
        vacancy = _lock(vacancy)
        if vacancy.status != Vacancy.Status.ELECTION:
            raise ValidationError(MSG_NO_ELECTION)
        poll = Poll.objects.select_for_update().get(pk=vacancy.election_poll_id)  # no ballot slips in meanwhile
        if poll.is_closed:
            raise ValidationError(MSG_ELECTION_ALREADY_CLOSED)
        planned = poll.closes_at
        _close_now(poll)
        audit_record(
            actor=actor,
            action=GovernanceAction.ELECTION_CLOSED,
            target=vacancy,
            data={"poll": poll.pk, "planned": planned.isoformat()},
        )
    return poll


def _names(nominations: Iterable[Nomination]) -> str:
    return ", ".join(n.nominee.full_name for n in nominations)


def result_confirm(*, actor: User, vacancy: Vacancy, elected: Iterable[Nomination]) -> list[Position]:
    """The steering group confirms who is elected; they take up the position in the register.

    After the election closed, with at least one ballot. When the count is decided the choice must be
    exactly its result; when it is tied the steering group chooses one of the results the count allows.
    Each elected candidate gets a Position from the term start to the term end; a new chair takes over,
    so the sitting chair's term ends the day before. The elected and the other candidates hear the result.
    """
    with transaction.atomic():
        vacancy = _lock(vacancy)
        if vacancy.status != Vacancy.Status.ELECTION:
            raise ValidationError(MSG_NO_ELECTION)
        # The poll locked, so that a ballot being cast as it closed is in the count or refused.
        if not Poll.objects.select_for_update().get(pk=vacancy.election_poll_id).is_closed:
            raise ValidationError(MSG_ELECTION_NOT_CLOSED)
        count, by_option = vacancy_count(vacancy=vacancy)
        if count.ballots == 0:
            raise ValidationError(MSG_NO_BALLOTS)
        chosen_ids = {n.pk for n in elected}
        chosen = frozenset(option for option, n in by_option.items() if n.pk in chosen_ids)
        valid = len(chosen) == len(chosen_ids)  # every choice is a candidate on this ballot
        if count.decided and (not valid or chosen != count.outcomes[0]):
            names = _names(by_option[option] for option in count.elected)
            raise ValidationError({"elected": MSG_CHOICE_NOT_COUNT % {"names": names}})
        if not count.decided and (not valid or chosen not in count.outcomes):
            names = _names(by_option[option] for option in count.tied)
            raise ValidationError({"elected": MSG_CHOICE_NOT_POSSIBLE % {"seats": count.open_seats, "names": names}})
        order = list(count.elected) + list(count.tied)
        winners = [by_option[option] for option in sorted(chosen, key=order.index)]
        positions = []
        for nomination in winners:
            try:
                position = position_start(
                    actor=actor,
                    user=nomination.nominee,
                    kind=vacancy.kind,
                    # Confirmed late, the term starts today: the register never changes the past.
                    start_date=max(vacancy.term_start, timezone.localdate()),
                    end_date=vacancy.term_end,
                    note=gettext("Gekozen: %(title)s") % {"title": vacancy.title},
                    # One chair and one secretary at a time: the sitting one's term ends the day before.
                    hand_over=vacancy.kind in (Position.Kind.CHAIR, Position.Kind.SECRETARY),
                )
            except ValidationError as error:
                reason = " ".join(error.messages)
                name = nomination.nominee.full_name
                raise ValidationError(MSG_POSITION_REFUSED % {"name": name, "reason": reason}) from error
            nomination.elected, nomination.position = True, position
            nomination.save(update_fields=["elected", "position"])
            positions.append(position)
        vacancy.status = Vacancy.Status.CONFIRMED
        vacancy.confirmed_at, vacancy.confirmed_by = timezone.now(), actor
        vacancy.save(update_fields=["status", "confirmed_at", "confirmed_by"])
        audit_record(
            actor=actor,
            action=GovernanceAction.ELECTION_CONFIRMED,
            target=vacancy,
            data={
                "elected": [n.nominee_id for n in winners],
                "positions": [p.pk for p in positions],
                "method": str(count.method),
                "ballots": count.ballots,
                "tie_settled_by_steering_group": not count.decided,
            },
        )

        notify(
            recipients=[n.nominee for n in winners],
            notice=notices.ELECTED,
            params={"title": vacancy.title, "date": day_text(vacancy.term_start)},
            url=vacancy.get_absolute_url(),
        )
        notify(
            recipients=[n.nominee for n in by_option.values() if n.pk not in chosen_ids],
            notice=notices.NOT_ELECTED,
            params={"title": vacancy.title},
            url=vacancy.get_absolute_url(),
        )
    return positions
