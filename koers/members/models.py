import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.core.links import url_for

MSG_END_BEFORE_START = _("De einddatum ligt vóór de begindatum.")


class Institution(models.Model):
    class Kind(models.TextChoices):
        ROC = "roc", _("ROC")
        AOC = "aoc", _("AOC")
        VAKINSTELLING = "vakinstelling", _("Vakinstelling")
        OTHER = "other", _("Anders")

    class SizeBand(models.TextChoices):
        SMALL = "S", _("Klein (minder dan 7.000 studenten)")
        MEDIUM = "M", _("Middel (7.000 tot 15.000 studenten)")
        LARGE = "L", _("Groot (meer dan 15.000 studenten)")

    name = models.CharField(_("naam"), max_length=200, unique=True)
    short_name = models.CharField(_("korte naam"), max_length=60, blank=True)
    slug = models.SlugField(_("korte naam in adres"), max_length=80, unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.ROC)
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    institution_code = models.CharField(
        _("instellingscode"), max_length=10, blank=True, help_text=_("De code van de instelling (voorheen BRIN).")
    )
    schac_home = models.CharField(
        _("SURFconext-domein"),
        max_length=100,
        blank=True,
        help_text=_("Het domein van de thuisorganisatie in SURFconext, bijvoorbeeld instelling.nl."),
    )
    size_band = models.CharField(_("omvang"), max_length=1, choices=SizeBand.choices, default=SizeBand.MEDIUM)
    # The stable public identifier (the organisationId of the Open Education API): never reused or changed,
    # unlike the slug and the name.
    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("instelling")
        verbose_name_plural = _("instellingen")
        constraints = [
            models.UniqueConstraint(
                fields=["institution_code"], condition=~models.Q(institution_code=""), name="institution_code_unique"
            ),
            models.UniqueConstraint(Lower("schac_home"), condition=~models.Q(schac_home=""), name="schac_home_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return url_for("members:institution-detail", self.slug)

    def clean(self) -> None:
        """The institution code and the SURFconext domain are unique where given.

        Checked here because their unique constraints are conditional, so Django would answer with the bare
        constraint name; this says which value is taken, in Django's own (translated) words.
        """
        others = Institution.objects.exclude(pk=self.pk)
        errors = {}
        if self.institution_code and others.filter(institution_code=self.institution_code).exists():
            errors["institution_code"] = self.unique_error_message(Institution, ("institution_code",))
        if self.schac_home and others.filter(schac_home__iexact=self.schac_home).exists():
            errors["schac_home"] = self.unique_error_message(Institution, ("schac_home",))
        if errors:
            raise ValidationError(errors)


class PositionQuerySet(models.QuerySet["Position"]):
    def current(self, on: datetime.date | None = None) -> "PositionQuerySet":
        day = on or timezone.localdate()
        return self.filter(models.Q(end_date__isnull=True) | models.Q(end_date__gte=day), start_date__lte=day)

    def former(self, on: datetime.date | None = None) -> "PositionQuerySet":
        day = on or timezone.localdate()
        return self.filter(end_date__lt=day)


class Position(models.Model):
    """A role in the network held for a term; ended positions stay as history."""

    class Kind(models.TextChoices):
        CHAIR = "chair", _("Voorzitter")
        SECRETARY = "secretary", _("Secretaris")
        STEERING_MEMBER = "steering_member", _("Lid regiegroep")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("lid"), on_delete=models.CASCADE, related_name="positions"
    )
    kind = models.CharField(_("functie"), max_length=20, choices=Kind.choices)
    # The institution the holder represented during the term, kept even if they move on.
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("instelling"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="positions",
    )
    start_date = models.DateField(_("begindatum"))
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    note = models.CharField(_("toelichting"), max_length=255, blank=True)

    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "kind"]
        verbose_name = _("functie")
        verbose_name_plural = _("functies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="position_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.user}"

    def clean(self) -> None:
        """The rules of a term, for the page's form and the services."""
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": MSG_END_BEFORE_START})

    @property
    def is_upcoming(self) -> bool:
        return self.start_date > timezone.localdate()

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.start_date <= today and (self.end_date is None or self.end_date >= today)


class SharedField(models.TextChoices):
    """The contact fields a member may share with the network, each with its own consent."""

    EMAIL = "email", _("E-mailadres")
    PHONE = "phone", _("Telefoonnummer")
    JOB_TITLE = "job_title", _("Functietitel")
    EXPERTISE = "expertise", _("Expertise")


class Consent(models.Model):
    """A member's current consent to share one field; withdrawing deletes the row (history in ConsentEvent)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents")
    field = models.CharField(_("gegeven"), max_length=20, choices=SharedField.choices)
    text_version = models.CharField(_("versie toestemmingstekst"), max_length=20)
    granted_at = models.DateTimeField(_("gegeven op"))

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        constraints = [models.UniqueConstraint(fields=["user", "field"], name="consent_unique_per_field")]

    def __str__(self) -> str:
        return f"{self.user}: {self.field}"


class ConsentEvent(models.Model):
    """Proof of consent: every grant and withdrawal with the version of the text the member saw."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consent_events")
    field = models.CharField(_("gegeven"), max_length=20, choices=SharedField.choices)
    granted = models.BooleanField(_("verleend"))
    text_version = models.CharField(_("versie toestemmingstekst"), max_length=20)
    created_at = models.DateTimeField(_("tijdstip"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("toestemmingsgebeurtenis")
        verbose_name_plural = _("toestemmingsgeschiedenis")

    def __str__(self) -> str:
        return f"{self.user}: {self.field} {'+' if self.granted else '-'}"
