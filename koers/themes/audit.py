"""The audit actions this app records (see koers.core.audit); the values are stored, so they never change."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.core.audit import audit_actions


@audit_actions
class ThemeAction(models.TextChoices):
    THEME_CHANGED = "theme.changed", _("Thema gewijzigd")
