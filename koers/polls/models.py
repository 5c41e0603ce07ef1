"""Polls, surveys and dot votes; calls for volunteers.

Who voted (Participation) is kept apart from what was chosen (Ballot and Answer). In an anonymous poll
the two are never linked: ballots and answers have random keys and no time, so their order says
nothing about who cast them, while the participation's unique key still makes a second vote impossible.
"""

import datetime
import uuid
from typing import TYPE_CHECKING, Self, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.core.links import url_for

if TYPE_CHECKING:
    from .kinds.base import QuestionKind

MSG_CLOSES_BEFORE_OPENING = _("De sluiting moet na de opening liggen.")
MSG_DOTS_NEEDED = _("Geef het aantal stippen dat elke stemmer mag verdelen.")
MSG_ANONYMOUS_FINAL = _("Een anonieme stem kan niet worden gewijzigd; zet het wijzigen van een stem uit.")
MSG_MEETING_NEEDED = _("Kies de bijeenkomst waarvan de deelnemers stemmen.")
MSG_CAP_ABOVE_BUDGET = _("Het maximum per optie kan niet hoger zijn dan het aantal stippen.")


class PollState(models.TextChoices):
    """Where a poll is in its life, from its publication and its opening and closing times."""

    DRAFT = "concept", _("Concept")
    SCHEDULED = "gepland", _("Nog niet open")
    OPEN = "open", _("Open")
    CLOSED = "gesloten", _("Gesloten")


def state_condition(state: str, now: datetime.datetime) -> Q:
    """The database version of Poll.state: the polls in this state at ``now``."""
    published = Q(published_at__isnull=False)
    conditions: dict[str, Q] = {
        PollState.DRAFT: Q(published_at__isnull=True),
        PollState.SCHEDULED: published & Q(opens_at__gt=now),
        PollState.OPEN: published & Q(opens_at__lte=now, closes_at__gt=now),
        PollState.CLOSED: published & Q(closes_at__lte=now),
    }
    return conditions[state]


_PollT = TypeVar("_PollT", bound="Poll")


class PollQuerySet(models.QuerySet[_PollT]):
    def in_state(self, state: str, *, now: datetime.datetime | None = None) -> Self:
        return self.filter(state_condition(state, now or timezone.now()))

    def with_state(self, *, now: datetime.datetime | None = None) -> Self:
        """Each poll's state as ``current_state``, computed by the database."""
        now = now or timezone.now()
        whens = [models.When(state_condition(state, now), then=models.Value(state)) for state in PollState.values]
        return self.annotate(current_state=models.Case(*whens, output_field=models.CharField()))


class Poll(models.Model):
    State = PollState

    class Kind(models.TextChoices):
        POLL = "peiling", _("Snelle peiling")
        SURVEY = "enquete", _("Enquête")
        DOTS = "stipstemming", _("Stipstemming")

    class Audience(models.TextChoices):
        MEMBERS = "leden", _("Alle leden")
        STEERING = "regiegroep", _("De regiegroep")
        ATTENDEES = "deelnemers", _("De deelnemers aan een bijeenkomst")

    class Unit(models.TextChoices):
        MEMBER = "lid", _("Eén stem per lid")
        INSTITUTION = "instelling", _("Eén stem per instelling")

    class Visibility(models.TextChoices):
        ALWAYS = "altijd", _("Altijd")
        AFTER_VOTING = "na_stemmen", _("Na het stemmen")
        AFTER_CLOSING = "na_sluiting", _("Na de sluiting")

    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("toelichting"), blank=True)
    kind = models.CharField(_("soort"), max_length=16, choices=Kind.choices, default=Kind.POLL)
    audience = models.CharField(_("doelgroep"), max_length=16, choices=Audience.choices, default=Audience.MEMBERS)
    unit = models.CharField(_("telling"), max_length=16, choices=Unit.choices, default=Unit.MEMBER)
    anonymous = models.BooleanField(_("anoniem"), default=False)
    visibility = models.CharField(
        _("uitslag zichtbaar"), max_length=16, choices=Visibility.choices, default=Visibility.AFTER_VOTING
    )
    opens_at = models.DateTimeField(_("open vanaf"))
    closes_at = models.DateTimeField(_("sluit op"))
    quorum = models.PositiveSmallIntegerField(
        _("quorum (% van de instellingen)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    allow_change = models.BooleanField(_("stem wijzigen tot de sluiting"), default=True)
    # An election for a vacancy (koers.governance): a secret ballot whose settings and candidates are set
    # by the vacancy and cannot be changed on the poll pages.
    election = models.BooleanField(_("verkiezing"), default=False, editable=False)
    dots = models.PositiveSmallIntegerField(_("stippen per stemmer"), null=True, blank=True)
    max_per_option = models.PositiveSmallIntegerField(_("hoogstens stippen per optie"), null=True, blank=True)
    theme = models.ForeignKey(
        "themes.Theme", verbose_name=_("thema"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("bijeenkomst"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="polls",
    )
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    outcome = models.TextField(_("conclusie"), blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)
    # The turnout's denominator and quorum as they were when the poll closed (services.poll_closing_record), so that
    # members who join later, or a quorum changed afterwards, do not rewrite a closed poll's outcome. Empty until
    # then, and again when a new closing time reopens the poll.
    audience_at_closing = models.PositiveIntegerField(null=True, blank=True, editable=False)
    institutions_at_closing = models.PositiveIntegerField(null=True, blank=True, editable=False)
    quorum_at_closing = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    opening_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PollQuerySet.as_manager()

    class Meta:
        ordering = ["-closes_at", "-id"]
        verbose_name = _("peiling")
        verbose_name_plural = _("peilingen")
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="poll_closes_after_opening"),
            # An anonymous ballot cannot be found again, so it cannot be changed either.
            models.CheckConstraint(condition=~Q(anonymous=True, allow_change=True), name="poll_anonymous_is_final"),
            models.CheckConstraint(condition=~Q(kind="stipstemming") | Q(dots__gte=1), name="poll_dot_vote_has_dots"),
            models.CheckConstraint(
                condition=~Q(audience="deelnemers") | Q(meeting__isnull=False), name="poll_attendees_need_meeting"
            ),
            # An election is secret: anonymous, final, and its result hidden until it closes.
            models.CheckConstraint(
                condition=~Q(election=True) | Q(anonymous=True, allow_change=False, visibility="na_sluiting"),
                name="poll_election_is_secret",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return url_for("polls:poll-detail", self.pk)

    def clean(self) -> None:
        """The rules of a poll's settings, for its form and for the services that save it."""
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = MSG_CLOSES_BEFORE_OPENING
        if self.kind == self.Kind.DOTS:
            if not self.dots:
                errors["dots"] = MSG_DOTS_NEEDED
            elif self.max_per_option and self.max_per_option > self.dots:
                errors["max_per_option"] = MSG_CAP_ABOVE_BUDGET
        if self.anonymous and self.allow_change:
            errors["allow_change"] = MSG_ANONYMOUS_FINAL
        if self.audience == self.Audience.ATTENDEES and not self.meeting_id:
            errors["meeting"] = MSG_MEETING_NEEDED
        if errors:
            raise ValidationError(errors)

    @property
    def state(self) -> PollState:
        """As ``Poll.objects.in_state`` / ``with_state`` compute it in the database."""
        now = timezone.now()
        if self.published_at is None:
            return PollState.DRAFT
        if now < self.opens_at:
            return PollState.SCHEDULED
        if now >= self.closes_at:
            return PollState.CLOSED
        return PollState.OPEN

    @property
    def is_open(self) -> bool:
        return self.state == PollState.OPEN

    @property
    def is_closed(self) -> bool:
        return self.state == PollState.CLOSED


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "een", _("Eén keuze")
        MULTIPLE = "meer", _("Meerdere keuzes")
        SCALE = "schaal", _("Schaal 1 tot en met 5")
        TEXT = "open", _("Open antwoord")
        DOTS = "stippen", _("Stippen verdelen")
        # Answer.value holds the rank: 1 is the first preference.
        RANKED = "rangorde", _("Rangorde")

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("volgorde"), default=1)
    text = models.CharField(_("vraag"), max_length=300)
    kind = models.CharField(_("soort vraag"), max_length=8, choices=Kind.choices, default=Kind.SINGLE)
    required = models.BooleanField(_("verplicht"), default=True)
    max_choices = models.PositiveSmallIntegerField(_("hoogstens zoveel keuzes"), null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")

    def __str__(self) -> str:
        return self.text

    @property
    def kind_spec(self) -> "QuestionKind":
        """What this kind of question does on the ballot, in the API, when voting and in the tally."""
        from .kinds import kind_of  # the kinds build this module's Answer rows, so they import it

        return kind_of(self.kind)

    @property
    def has_options(self) -> bool:
        return self.kind_spec.has_options


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(_("volgorde"), default=1)
    label = models.CharField(_("optie"), max_length=200)
    theme = models.ForeignKey("themes.Theme", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("optie")
        verbose_name_plural = _("opties")

    def __str__(self) -> str:
        return self.label


class Participation(models.Model):
    """That someone voted, and for whom: `unit_key` is the member or the institution the vote counts for."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    institution = models.ForeignKey(
        "members.Institution", null=True, on_delete=models.SET_NULL, related_name="poll_participations"
    )
    unit_key = models.CharField(max_length=40)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "unit_key"], name="one_ballot_per_unit")]
        indexes = [models.Index(fields=["poll", "user"], name="participation_user_idx")]

    def __str__(self) -> str:
        return f"{self.poll} – {self.unit_key}"


class Ballot(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="ballots")
    # Only in polls that are not anonymous.
    participation = models.OneToOneField(Participation, null=True, on_delete=models.CASCADE, related_name="ballot")
    dots_used = models.PositiveSmallIntegerField(default=0)
    dots_budget = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(dots_used__lte=F("dots_budget")), name="ballot_within_dot_budget")
        ]

    def __str__(self) -> str:
        return str(self.pk)


class Answer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    option = models.ForeignKey(Option, null=True, on_delete=models.CASCADE, related_name="answers")
    value = models.PositiveSmallIntegerField(null=True)  # a scale value, the dots on an option, or its rank
    text = models.TextField(blank=True)

    class Meta:
        # Both cover the tally's queries, so counting a million answers reads only the index.
        indexes = [
            models.Index(fields=["question", "option", "value"], name="answer_tally_idx"),
            models.Index(fields=["question", "ballot"], name="answer_respondents_idx"),
        ]

    def __str__(self) -> str:
        return str(self.pk)


class Call(models.Model):
    """A call for volunteers (oproep)."""

    title = models.CharField(_("titel"), max_length=200)
    text = models.TextField(_("tekst"))
    theme = models.ForeignKey(
        "themes.Theme", verbose_name=_("thema"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    wanted = models.PositiveSmallIntegerField(_("aantal gezocht"), validators=[MinValueValidator(1)])
    closes_on = models.DateField(_("sluit op"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-closes_on", "-id"]
        verbose_name = _("oproep")
        verbose_name_plural = _("oproepen")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return url_for("calls:call-detail", self.pk)

    @property
    def is_open(self) -> bool:
        return timezone.localdate() <= self.closes_on


class SignUp(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="signups")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signups")
    motivation = models.TextField(_("motivatie"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["call", "user"], name="one_signup_per_member")]

    def __str__(self) -> str:
        return f"{self.call} – {self.user}"
