"""The audit actions this app records (see koers.core.audit); the values are stored, so they never change."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.core.audit import audit_actions


@audit_actions
class PrivacyAction(models.TextChoices):
    DATA_EXPORTED = "data.exported", _("Persoonsgegevens gedownload")
    ACCOUNT_DELETED = "account.deleted", _("Account verwijderd")
