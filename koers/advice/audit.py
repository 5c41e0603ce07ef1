"""The audit actions this app records (see koers.core.audit); the values are stored, so they never change."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.core.audit import audit_actions


@audit_actions
class AdviceAction(models.TextChoices):
    ADVICE_CREATED = "advice.created", _("Advies aangemaakt")
    ADVICE_CHANGED = "advice.changed", _("Advies gewijzigd")
    ADVICE_TEXT_CHANGED = "advice.text_changed", _("Tekst van een advies gewijzigd")
    ADVICE_STATUS_CHANGED = "advice.status_changed", _("Status van een advies gewijzigd")
    WORKING_GROUP_CHANGED = "advice.working_group_changed", _("Werkgroep gewijzigd")
    FOLLOW_UP_ADDED = "advice.follow_up_added", _("Opvolging toegevoegd")
    ADVICE_ATTACHMENT_CHANGED = "advice.attachment_changed", _("Bijlage bij een advies gewijzigd")
