"""Documents: presentations, reports and other files as items of their own, with versions, themes and an
audience, on their own or belonging to a meeting's agenda item or an advice (see registry.py)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from koers.core.links import url_for
from koers.core.models import StoredFile


class Document(models.Model):
    class Audience(models.TextChoices):
        PUBLIC = "openbaar", _("Openbaar")
        MEMBERS = "leden", _("Alleen leden")

    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beschrijving"), blank=True, max_length=5000)
    themes = models.ManyToManyField("themes.Theme", blank=True, related_name="documents", verbose_name=_("thema's"))
    audience = models.CharField(
        _("wie mag het zien"),
        max_length=16,
        choices=Audience.choices,
        default=Audience.MEMBERS,
        help_text=_(
            "Een document bij een bijeenkomst of advies ziet alleen wie die bijeenkomst of dat advies mag zien."
        ),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What the document belongs to (a meeting's agenda item, an advice), or nothing for a library document.
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        indexes = [models.Index(fields=["content_type", "object_id"], name="document_target_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(content_type__isnull=True, object_id__isnull=True)
                | Q(content_type__isnull=False, object_id__isnull=False),
                name="document_target_whole",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return url_for("documents:document-detail", self.pk)


def version_path(instance: "DocumentVersion", filename: str) -> str:
    return f"documents/{instance.document_id}/{filename}"


class DocumentVersion(StoredFile):
    """One upload of a document; the highest number is the current one. A version taken over from a meeting's
    or advice's attachment keeps that file where it was, and the attachment's old address in ``legacy``."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versie"))
    note = models.CharField(_("toelichting bij deze versie"), max_length=300, blank=True)
    file = models.FileField(_("bestand"), upload_to=version_path, max_length=300)
    # "meetings.attachment:12": the attachment this version was, so its old download address still leads here.
    legacy = models.CharField(max_length=60, blank=True, db_index=True, editable=False)

    class Meta(StoredFile.Meta):
        ordering = ["-number"]
        verbose_name = _("versie")
        verbose_name_plural = _("versies")
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="document_version_once")]

    def get_absolute_url(self) -> str:
        return reverse("documents:version-download", args=[self.document_id, self.number])
