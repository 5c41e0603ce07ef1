"""Advice from idea to follow-up: the working group that writes it, its versions, its lifecycle and what came of it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from koers.core.links import url_for
from koers.core.models import StoredFile, choice_label


class Status(models.TextChoices):
    IDEA = "idee", _("Idee")
    WORKING_GROUP = "werkgroep", _("Werkgroep")
    DRAFT = "concept", _("Concept")
    CONSULTATION = "consultatie", _("Consultatie")
    OFFERED = "aangeboden", _("Aangeboden aan de Adviesraad")
    DECIDED = "besluit", _("Besluit")
    IN_PROGRESS = "in_uitvoering", _("In uitvoering")
    DONE = "afgerond", _("Afgerond")
    WITHDRAWN = "ingetrokken", _("Ingetrokken")


class Decision(models.TextChoices):
    ADOPTED = "overgenomen", _("Overgenomen")
    PARTLY = "deels_overgenomen", _("Deels overgenomen")
    REJECTED = "niet_overgenomen", _("Niet overgenomen")


MSG_TARGET_BOTH = _("Geef het streefjaar en het streefkwartaal allebei, of geen van beide.")

# Statuses in which the Adviesraad has decided, so a decision with its rationale and date must be present.
DECIDED_STATUSES = (Status.DECIDED, Status.IN_PROGRESS, Status.DONE)


class AdviceQuerySet(models.QuerySet):
    def with_milestone(self):
        """Advice with a time ambition that is still alive: the milestones on the roadmap and the plan."""
        return (
            self.filter(target_year__isnull=False)
            .exclude(status=Status.WITHDRAWN)
            .exclude(decision=Decision.REJECTED)
            .order_by("target_year", "target_quarter", "title")
        )


class Advice(models.Model):
    title = models.CharField(_("titel"), max_length=200)
    themes = models.ManyToManyField("themes.Theme", verbose_name=_("thema's"), related_name="advice")
    question = models.TextField(_("adviesvraag"), help_text=_("De vraag die het advies beantwoordt."))
    summary = models.TextField(_("samenvatting"), blank=True)
    body = models.TextField(_("tekst"), blank=True, help_text=_("Markdown: kopjes met ###, lijsten met -."))
    version = models.PositiveIntegerField(_("versie"), default=1)
    # The first version members saw (at consultation): earlier versions stay with the working group.
    shared_version = models.PositiveIntegerField(null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(
        _("streefjaar"), null=True, blank=True, validators=[MinValueValidator(2018), MaxValueValidator(2040)]
    )
    target_quarter = models.PositiveSmallIntegerField(
        _("streefkwartaal"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    budget = models.PositiveIntegerField(_("geschat budget (euro)"), null=True, blank=True)
    funding = models.CharField(_("financieringsbron"), max_length=200, blank=True)
    plan_items = models.ManyToManyField(
        "roadmap.PlanItem", verbose_name=_("onderdelen van het meerjarenplan"), blank=True, related_name="advice"
    )
    polls = models.ManyToManyField(
        "polls.Poll", verbose_name=_("peilingen die het prioriteerden"), blank=True, related_name="advice"
    )
    meetings = models.ManyToManyField(
        "meetings.Meeting", verbose_name=_("besproken in bijeenkomsten"), blank=True, related_name="advice"
    )
    call = models.ForeignKey(
        "polls.Call",
        verbose_name=_("oproep voor de werkgroep"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="advice",
    )
    endorsement_poll = models.ForeignKey(
        "polls.Poll", null=True, blank=True, on_delete=models.SET_NULL, related_name="endorsed_advice"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.IDEA)
    status_changed_at = models.DateTimeField(_("status gewijzigd op"), null=True, blank=True)
    decision = models.CharField(_("besluit"), max_length=20, choices=Decision.choices, blank=True)
    decision_rationale = models.TextField(_("motivering van de Adviesraad"), blank=True)
    decision_date = models.DateField(_("datum van het besluit"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AdviceQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("advies")
        verbose_name_plural = _("adviezen")
        constraints = [
            models.CheckConstraint(
                condition=Q(target_year__isnull=True, target_quarter__isnull=True)
                | Q(target_year__isnull=False, target_quarter__isnull=False),
                name="advice_target_year_and_quarter",
            ),
            models.CheckConstraint(
                condition=Q(decision="") | (~Q(decision_rationale="") & Q(decision_date__isnull=False)),
                name="advice_decision_has_rationale_and_date",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[s.value for s in DECIDED_STATUSES]) | ~Q(decision=""),
                name="advice_decided_has_decision",
            ),
        ]
        indexes = [models.Index(fields=["status"], name="advice_status_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return url_for("advice:advice-detail", self.pk)

    # Replaces the method Django adds for the choices field (mypy sees that one as already defined).
    def get_status_display(self) -> str:  # type: ignore[no-redef]  # the roadmap lists hundreds: see choice_label
        return choice_label(Status, self.status)

    def clean(self) -> None:
        """The rules of an advice's details, for the page's forms and (through the services) the API."""
        if (self.target_year is None) != (self.target_quarter is None):
            raise ValidationError({"target_quarter": MSG_TARGET_BOTH})

    @property
    def target(self) -> str:
        return f"Q{self.target_quarter} {self.target_year}" if self.target_year else ""

    # Comments: members comment while the advice is out for consultation.
    def comments_open_for(self, user) -> bool:
        return self.status == Status.CONSULTATION and user.is_authenticated and user.is_active

    @property
    def comments_owner(self):
        return self.created_by

    def get_comments_url(self) -> str:
        return self.get_absolute_url()


class WorkingGroupMember(models.Model):
    class Source(models.TextChoices):
        CALL = "oproep", _("Via de oproep")
        INVITATION = "uitnodiging", _("Uitgenodigd")

    advice = models.ForeignKey(Advice, on_delete=models.CASCADE, related_name="working_group")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="working_groups")
    is_lead = models.BooleanField(_("trekker"), default=False)
    source = models.CharField(_("hoe"), max_length=16, choices=Source.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_lead", "created_at", "id"]
        verbose_name = _("lid van de werkgroep")
        verbose_name_plural = _("werkgroep")
        constraints = [
            models.UniqueConstraint(fields=["advice", "user"], name="working_group_member_once"),
            models.UniqueConstraint(fields=["advice"], condition=Q(is_lead=True), name="working_group_one_lead"),
        ]

    def __str__(self) -> str:
        return f"{self.advice} – {self.user}"


class BodyVersion(models.Model):
    """A saved text of the advice; the newest one equals the advice's own text."""

    advice = models.ForeignKey(Advice, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versie"))
    summary = models.TextField(_("samenvatting"), blank=True)
    body = models.TextField(_("tekst"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("versie")
        verbose_name_plural = _("versies")
        constraints = [models.UniqueConstraint(fields=["advice", "number"], name="advice_version_once")]

    def __str__(self) -> str:
        return f"{self.advice} v{self.number}"


class StatusChange(models.Model):
    advice = models.ForeignKey(Advice, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("van"), max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(_("naar"), max_length=16, choices=Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("toelichting"), blank=True)
    at = models.DateTimeField(_("tijdstip"))

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")

    def __str__(self) -> str:
        return f"{self.advice}: {self.from_status} → {self.to_status}"


class FollowUp(models.Model):
    class Progress(models.TextChoices):
        ON_TRACK = "op_schema", _("Op schema")
        DELAYED = "vertraagd", _("Vertraagd")
        BLOCKED = "geblokkeerd", _("Geblokkeerd")
        COMPLETED = "gereed", _("Gereed")

    advice = models.ForeignKey(Advice, on_delete=models.CASCADE, related_name="follow_ups")
    date = models.DateField(_("datum"))
    text = models.TextField(_("wat is er gedaan"))
    done_by = models.CharField(_("door wie"), max_length=200)
    progress = models.PositiveSmallIntegerField(
        _("voortgang (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    status = models.CharField(_("stand van zaken"), max_length=16, choices=Progress.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("opvolging")
        verbose_name_plural = _("opvolging")
        constraints = [models.CheckConstraint(condition=Q(progress__lte=100), name="follow_up_progress_percent")]

    def __str__(self) -> str:
        return f"{self.advice} {self.date}"


class Follow(models.Model):
    """A member's own choice to follow an advice (``following``) or to stop following it though they wrote or
    commented on it (``following=False``)."""

    advice = models.ForeignKey(Advice, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="advice_follows")
    following = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["advice", "user"], name="follow_once")]

    def __str__(self) -> str:
        return f"{self.user} → {self.advice}"


def attachment_path(instance: "Attachment", filename: str) -> str:
    return f"advice/{instance.advice_id}/{filename}"


class Attachment(StoredFile):
    advice = models.ForeignKey(Advice, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("bestand"), upload_to=attachment_path)

    def get_absolute_url(self) -> str:
        return reverse("advice:attachment", args=[self.pk])
