"""Network meetings: agenda, registrations with a waiting list, round tables with cards, and the report."""

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.core.links import url_for
from koers.core.models import StoredFile

if TYPE_CHECKING:  # only the types: the selectors give an agenda item its documents
    from koers.documents.models import Document, DocumentVersion

MSG_ENDS_BEFORE_START = _("Het einde moet na het begin liggen.")
MSG_PLACE_NEEDED = _("Geef een locatie of een link voor online deelname.")


class Meeting(models.Model):
    class Status(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        PUBLISHED = "gepubliceerd", _("Gepubliceerd")
        PAST = "afgelopen", _("Afgelopen")
        CANCELLED = "geannuleerd", _("Geannuleerd")

    class ReportAudience(models.TextChoices):
        MEMBERS = "leden", _("Alleen leden")
        EVERYONE = "iedereen", _("Iedereen")

    title = models.CharField(_("titel"), max_length=200)
    theme = models.ForeignKey(
        "themes.Theme", verbose_name=_("thema"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    starts_at = models.DateTimeField(_("begint"))
    ends_at = models.DateTimeField(_("eindigt"))
    venue = models.CharField(_("locatie"), max_length=200, blank=True)
    address = models.CharField(_("adres"), max_length=300, blank=True)
    online_url = models.URLField(_("link voor online deelname"), blank=True)
    host = models.ForeignKey(
        "members.Institution",
        verbose_name=_("gastinstelling"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_meetings",
    )
    description = models.TextField(_("omschrijving"), blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("aantal plaatsen"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.CONCEPT)
    report = models.TextField(_("verslag"), blank=True)
    report_audience = models.CharField(
        _("verslag zichtbaar voor"), max_length=8, choices=ReportAudience.choices, default=ReportAudience.MEMBERS
    )
    report_published_at = models.DateTimeField(_("verslag gepubliceerd op"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # The iCalendar SEQUENCE: raised with every change calendars must take over (time, place, cancellation).
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("bijeenkomst")
        verbose_name_plural = _("bijeenkomsten")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return url_for("meetings:meeting-detail", self.pk)

    def clean(self) -> None:
        """The rules of a meeting's details, for the page's form and the service."""
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = MSG_ENDS_BEFORE_START
        if not (self.venue or self.online_url):
            errors["venue"] = MSG_PLACE_NEEDED
        if errors:
            raise ValidationError(errors)

    @property
    def is_public(self) -> bool:
        return self.status in (self.Status.PUBLISHED, self.Status.PAST, self.Status.CANCELLED)

    @property
    def is_over(self) -> bool:
        return self.status == self.Status.PAST or self.ends_at <= timezone.now()

    @property
    def open_for_registration(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.starts_at > timezone.now()

    @property
    def report_is_published(self) -> bool:
        return self.report_published_at is not None and self.status != self.Status.CONCEPT

    @property
    def report_is_public(self) -> bool:
        return self.report_is_published and self.report_audience == self.ReportAudience.EVERYONE

    # Comments go on the published report, by members.
    def comments_open_for(self, user) -> bool:
        return self.report_is_published and user.is_authenticated and user.is_active

    @property
    def comments_owner(self):
        return self.created_by

    def get_comments_url(self) -> str:
        return reverse("meetings:report", args=[self.pk])


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        ANNOUNCEMENTS = "mededelingen", _("Mededelingen")
        PRESENTATION = "presentatie", _("Presentatie")
        CASE = "casus", _("Casus")
        WORKSHOP = "workshop", _("Workshop")
        ROUND_TABLE = "ronde_tafel", _("Ronde tafel")
        LUNCH = "lunch", _("Lunch")
        QUESTIONS = "rondvraag", _("Rondvraag")
        CLOSING = "afsluiting", _("Afsluiting")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("volgorde"), default=1)
    starts_at = models.TimeField(_("begintijd"))
    duration = models.PositiveSmallIntegerField(_("duur (minuten)"), validators=[MinValueValidator(1)])
    kind = models.CharField(_("soort"), max_length=16, choices=Kind.choices, default=Kind.PRESENTATION)
    title = models.CharField(_("titel"), max_length=200)
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("spreker (lid)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    presenter_name = models.CharField(_("spreker (extern)"), max_length=120, blank=True)
    presenter_organisation = models.CharField(_("organisatie van de spreker"), max_length=120, blank=True)
    description = models.TextField(_("omschrijving"), blank=True)
    # Set by the selectors (selectors.with_files), not stored: the item's documents the reader may see, and the
    # newest version of each (what a download gives).
    documents: list["Document"]
    files: list["DocumentVersion"]

    class Meta:
        ordering = ["position", "starts_at", "id"]
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:item-detail", args=[self.meeting_id, self.pk])

    @property
    def ends_at(self) -> datetime.time:
        start = datetime.datetime.combine(datetime.date(2000, 1, 1), self.starts_at)
        return (start + datetime.timedelta(minutes=self.duration)).time()

    @property
    def interactive(self) -> bool:
        return self.kind in (self.Kind.WORKSHOP, self.Kind.ROUND_TABLE)


def attachment_path(instance: "Attachment", filename: str) -> str:
    return f"meetings/{instance.item.meeting_id}/{filename}"


class Attachment(StoredFile):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("bestand"), upload_to=attachment_path)

    def get_absolute_url(self) -> str:
        return reverse("meetings:attachment", args=[self.pk])


class Registration(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "aangemeld", _("Aangemeld")
        WAITING = "wachtlijst", _("Op de wachtlijst")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registrations")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    note = models.CharField(
        _("dieet- of toegankelijkheidswensen"),
        max_length=300,
        blank=True,
        help_text=_("Alleen de regiegroep ziet dit."),
    )
    attended = models.BooleanField(_("aanwezig"), null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="one_registration_per_member")]

    def __str__(self) -> str:
        return f"{self.meeting} – {self.user}"


class Topic(models.Model):
    """A member's proposal for a coming meeting (the agenda backlog)."""

    title = models.CharField(_("onderwerp"), max_length=200)
    description = models.TextField(_("toelichting"), blank=True)
    theme = models.ForeignKey(
        "themes.Theme", verbose_name=_("thema"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    item = models.OneToOneField(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="topic"
    )  # once moved into a meeting's agenda

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("onderwerp")
        verbose_name_plural = _("onderwerpen")

    def __str__(self) -> str:
        return self.title


class Statement(models.Model):
    """A statement (stelling) or question on a round table or workshop."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="statements")
    position = models.PositiveSmallIntegerField(default=1)
    text = models.CharField(_("stelling of vraag"), max_length=300)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("stelling")
        verbose_name_plural = _("stellingen")

    def __str__(self) -> str:
        return self.text


class Contribution(models.Model):
    """A card on a round table: a conclusion (yellow), why (orange), how (green) or example (pink)."""

    class Kind(models.TextChoices):
        CONCLUSION = "conclusie", _("Conclusie")
        WHY = "waarom", _("Waarom")
        HOW = "hoe", _("Hoe")
        EXAMPLE = "voorbeeld", _("Voorbeeld")

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="contributions")
    statement = models.ForeignKey(
        Statement,
        verbose_name=_("bij stelling"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    kind = models.CharField(_("soort kaart"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("tekst"), max_length=1000)
    heading = models.CharField(
        _("groep"), max_length=120, blank=True, help_text=_("Kaarten met dezelfde groep staan bij elkaar.")
    )
    table = models.CharField(_("tafel"), max_length=60, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["heading", "created_at", "id"]
        verbose_name = _("kaart")
        verbose_name_plural = _("kaarten")

    def __str__(self) -> str:
        return self.text[:60]
