from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .registry import rendered


class Kind(models.TextChoices):
    POLLS = "polls", _("Peilingen en enquêtes")
    MEETINGS = "meetings", _("Bijeenkomsten")
    ADVICE = "advice", _("Adviezen")
    COMMENTS = "comments", _("Reacties")
    MEMBERSHIP = "membership", _("Lidmaatschap")


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("Direct per e-mail")
    DAILY = "daily", _("Dagelijks overzicht")
    WEEKLY = "weekly", _("Wekelijks overzicht")
    OFF = "off", _("Geen e-mail")


class NotificationPreference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    frequency = models.CharField(_("e-mail"), max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE)

    class Meta:
        verbose_name = _("meldingsvoorkeur")
        verbose_name_plural = _("meldingsvoorkeuren")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_pref_unique")]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind}={self.frequency}"


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    # The declared message (see .registry) and its values: rendered in the reader's language when shown.
    message = models.CharField(_("bericht-id"), max_length=100, blank=True)
    params = models.JSONField(_("waarden"), default=dict, blank=True)
    # The text in the recipient's language when it was sent: shown when there is no (longer a) declared message,
    # as for the notifications stored before messages were declared.
    subject = models.CharField(_("onderwerp"), max_length=200)
    body = models.TextField(_("bericht"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)
    # Set when the notification went out by e-mail, alone or in a digest; null while it still may.
    emailed_at = models.DateTimeField(_("gemaild op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.shown_subject

    # Not cached: the same notification is rendered in each language it is read or mailed in.
    def _shown(self) -> tuple[str, str]:
        return (rendered(self.message, self.params) if self.message else None) or (self.subject, self.body)

    @property
    def shown_subject(self) -> str:
        """The subject in the active language."""
        return self._shown()[0][:200]

    @property
    def shown_body(self) -> str:
        """The body in the active language."""
        return self._shown()[1]
