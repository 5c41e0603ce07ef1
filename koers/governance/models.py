"""Vacancies for positions in the steering group, the nominations for them, and their elections.

A vacancy runs open → election → confirmed (or is cancelled on the way). The election itself is a
secret poll (koers.polls, ``Poll.election``); each accepted candidate is one option on its ballot.
Confirming the result appoints the elected in the positions register (koers.members.Position).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.core.links import url_for
from koers.members.models import Position

# Positions one person holds at a time: a vacancy for them has exactly one seat.
SINGLE_SEAT_KINDS = (Position.Kind.CHAIR, Position.Kind.SECRETARY)

MSG_ONE_SEAT = _("Er is één voorzitter en één secretaris tegelijk: een vacature voor die functie heeft één zetel.")
MSG_TERM_BEFORE_DEADLINE = _("De termijn begint na de laatste dag waarop voordragen kan.")
MSG_TERM_END_BEFORE_START = _("Het einde van de termijn ligt vóór het begin.")
MSG_CLOSES_IN_PAST = _("De sluiting van de verkiezing moet in de toekomst liggen.")


def check_election_closes_at(closes_at: datetime.datetime) -> None:
    """An election closes in the future: the form says so at once, the service checks again when it starts."""
    if closes_at <= timezone.now():
        raise ValidationError(MSG_CLOSES_IN_PAST)


class Vacancy(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open voor kandidaten")
        ELECTION = "verkiezing", _("Verkiezing")
        CONFIRMED = "bevestigd", _("Uitslag bevestigd")
        CANCELLED = "ingetrokken", _("Ingetrokken")

    kind = models.CharField(_("functie"), max_length=20, choices=Position.Kind.choices)
    title = models.CharField(_("titel"), max_length=200)
    profile = models.TextField(
        _("profiel"), help_text=_("Wat de functie inhoudt en wie we zoeken. Je kunt Markdown gebruiken.")
    )
    seats = models.PositiveSmallIntegerField(_("aantal zetels"), default=1, validators=[MinValueValidator(1)])
    ranked = models.BooleanField(
        _("stemmen met een rangorde"),
        default=False,
        help_text=_(
            "Leden zetten de kandidaten op volgorde van voorkeur; de telling gebruikt de volgende voorkeur "
            "zodra een kandidaat afvalt. Zonder rangorde kiest elk lid er zoveel als er zetels zijn."
        ),
    )
    nominations_open_until = models.DateField(
        _("voordragen kan tot en met"), help_text=_("Daarna kan de regiegroep de verkiezing starten.")
    )
    term_start = models.DateField(_("begin van de termijn"))
    term_end = models.DateField(_("einde van de termijn"), null=True, blank=True, help_text=_("Leeg: geen einddatum."))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    election = models.OneToOneField(
        "polls.Poll",
        verbose_name=_("verkiezing"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="vacancy",
    )
    confirmed_at = models.DateTimeField(_("uitslag bevestigd op"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    cancel_reason = models.CharField(_("reden"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-nominations_open_until", "-id"]
        verbose_name = _("vacature")
        verbose_name_plural = _("vacatures")
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1), name="vacancy_has_a_seat"),
            models.CheckConstraint(
                condition=~Q(kind__in=[k.value for k in SINGLE_SEAT_KINDS]) | Q(seats=1),
                name="vacancy_single_seat_kinds",
            ),
            models.CheckConstraint(
                condition=Q(term_start__gt=F("nominations_open_until")), name="vacancy_term_after_nominations"
            ),
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=F("term_start")),
                name="vacancy_term_end_after_start",
            ),
            # Open: no election yet. In election and confirmed: there is one.
            models.CheckConstraint(
                condition=(Q(status="open") & Q(election__isnull=True))
                | (Q(status__in=["verkiezing", "bevestigd"]) & Q(election__isnull=False))
                | Q(status="ingetrokken"),
                name="vacancy_election_matches_status",
            ),
            models.CheckConstraint(
                condition=(Q(status="bevestigd") & Q(confirmed_at__isnull=False))
                | (~Q(status="bevestigd") & Q(confirmed_at__isnull=True)),
                name="vacancy_confirmed_when_confirmed",
            ),
            # One chair and one secretary: one vacancy for them at a time, until its result is confirmed.
            # (The steering group may seek members in more than one round at once.)
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(status__in=["open", "verkiezing"], kind__in=["chair", "secretary"]),
                name="vacancy_one_running_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return url_for("governance:vacancy-detail", self.pk)

    def clean(self) -> None:
        """The rules of a vacancy's seats and dates, for the page's form and the services."""
        errors = {}
        if self.kind in SINGLE_SEAT_KINDS and self.seats != 1:
            errors["seats"] = MSG_ONE_SEAT
        deadline, start, end = self.nominations_open_until, self.term_start, self.term_end
        if deadline and start and start <= deadline:
            errors["term_start"] = MSG_TERM_BEFORE_DEADLINE
        if start and end and end < start:
            errors["term_end"] = MSG_TERM_END_BEFORE_START
        if errors:
            raise ValidationError(errors)

    @property
    def taking_nominations(self) -> bool:
        return self.status == self.Status.OPEN and timezone.localdate() <= self.nominations_open_until

    @property
    def ready_for_election(self) -> bool:
        """The nomination period is over, so the steering group may start the election."""
        return self.status == self.Status.OPEN and timezone.localdate() > self.nominations_open_until

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.ELECTION)

    @property
    def election_poll_id(self) -> int:
        """The election's poll, for a vacancy in its election or confirmed: ``vacancy_election_matches_status``
        makes sure it has one, where ``election_id`` may be None for the type checker."""
        assert self.election_id is not None, f"vacancy {self.pk} ({self.status}) has no election"
        return self.election_id


class Nomination(models.Model):
    """A candidate for a vacancy: put forward by themselves (accepted at once) or by another member."""

    class Status(models.TextChoices):
        PROPOSED = "voorgedragen", _("Voorgedragen")
        ACCEPTED = "aanvaard", _("Aanvaard")
        DECLINED = "afgewezen", _("Afgewezen")
        WITHDRAWN = "ingetrokken", _("Ingetrokken")

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="nominations")
    nominee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("kandidaat"), on_delete=models.CASCADE, related_name="nominations"
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voorgedragen door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    motivation = models.TextField(_("motivatie"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PROPOSED)
    # The candidate's option on the election ballot.
    option = models.OneToOneField(
        "polls.Option", null=True, blank=True, on_delete=models.SET_NULL, related_name="nomination"
    )
    elected = models.BooleanField(_("gekozen"), default=False)
    position = models.OneToOneField(
        "members.Position", null=True, blank=True, on_delete=models.SET_NULL, related_name="nomination"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("voordracht")
        verbose_name_plural = _("voordrachten")
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "nominee"], name="nomination_once_per_vacancy"),
            models.CheckConstraint(
                condition=Q(status="voorgedragen") | Q(decided_at__isnull=False), name="nomination_decided_has_time"
            ),
            models.CheckConstraint(
                condition=Q(elected=False) | Q(status="aanvaard"), name="nomination_elected_accepted"
            ),
            models.CheckConstraint(
                condition=Q(position__isnull=True) | Q(elected=True), name="nomination_position_elected"
            ),
        ]

    def __str__(self) -> str:
        # No name: this is what the audit log keeps, and a deleted account must not live on in it.
        return _("Voordracht %(pk)s voor %(vacancy)s") % {"pk": self.pk, "vacancy": self.vacancy}

    @property
    def is_self_nomination(self) -> bool:
        return self.nominated_by_id == self.nominee_id

    def decidable_by(self, user) -> bool:
        """The nominee accepts or declines a nomination that waits for them."""
        return self.nominee_id == user.pk and self.status == self.Status.PROPOSED

    def withdrawable_by(self, user) -> bool:
        """The nominee withdraws a candidacy (accepted or not); whoever nominated them, a pending one only."""
        if self.nominee_id == user.pk:
            return self.status in (self.Status.PROPOSED, self.Status.ACCEPTED)
        return self.nominated_by_id == user.pk and self.status == self.Status.PROPOSED
