"""What happened in the network, for the feed "Wat is er nieuw": one row per user-facing event.

Not the audit log: that is a security record (who did what, with private details, kept by its own rules); an
activity holds only what the feed may show — a title snapshot, a link and who may see it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .kinds import kind_label


class Audience(models.TextChoices):
    PUBLIC = "public", _("Iedereen")
    MEMBERS = "members", _("Leden")
    # Members who may open the object: its app's visibility rule decides (koers.activity.registry).
    RESTRICTED = "restricted", _("Wie het mag openen")


class Activity(models.Model):
    created_at = models.DateTimeField(_("tijdstip"), db_index=True)
    # One of the kinds declared in koers.activity.kinds; no choices here, so a new kind needs no migration.
    kind = models.CharField(_("soort"), max_length=40)
    audience = models.CharField(_("zichtbaar voor"), max_length=12, choices=Audience.choices)
    object_type = models.CharField(_("soort object"), max_length=60)  # "polls.poll"
    object_id = models.PositiveBigIntegerField(_("object-id"))
    title = models.CharField(_("titel"), max_length=255)
    url = models.CharField(_("link"), max_length=300)
    themes = models.ManyToManyField("themes.Theme", verbose_name=_("thema's"), blank=True, related_name="+")
    institution = models.ForeignKey(
        "members.Institution",
        verbose_name=_("instelling"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # Who did it, shown to members only; emptied when the person deletes their account.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["audience", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.title}"

    @property
    def label(self) -> str:
        """The kind's sentence, translated ("Peiling geopend")."""
        return kind_label(self.kind)


class FeedVisit(models.Model):
    """When a member last opened the feed: what came after is "new since your last visit"."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_visit")
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.user_id} {self.seen_at:%Y-%m-%d %H:%M}"
