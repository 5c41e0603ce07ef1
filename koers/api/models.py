import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "koers_"


def token_hash(raw: str) -> str:
    """Tokens are 256-bit random strings, so one SHA-256 is enough; no slow password hash needed."""
    return hashlib.sha256(raw.encode()).hexdigest()


class AccessToken(models.Model):
    """A member's personal access token for scripts; only its hash is stored."""

    class Scope(models.TextChoices):
        READ = "read", _("Alleen lezen")
        READ_WRITE = "read-write", _("Lezen en schrijven")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_tokens")
    name = models.CharField(_("naam"), max_length=100)
    scope = models.CharField(_("rechten"), max_length=10, choices=Scope.choices, default=Scope.READ)
    token_hash = models.CharField(max_length=64, unique=True)
    # The first characters, shown in the list so a member can tell tokens apart; not enough to use one.
    hint = models.CharField(max_length=16)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    expires_at = models.DateTimeField(_("verloopt op"))
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("toegangstoken")
        verbose_name_plural = _("toegangstokens")

    def __str__(self) -> str:
        return self.name

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.READ_WRITE
