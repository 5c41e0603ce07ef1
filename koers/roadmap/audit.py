"""The audit actions this app records (see koers.core.audit); the values are stored, so they never change."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.core.audit import audit_actions


@audit_actions
class RoadmapAction(models.TextChoices):
    PLAN_CHANGED = "plan.changed", _("Meerjarenplan gewijzigd")
    REFERENCE_CHANGED = "reference.changed", _("Referentielijst gewijzigd")
