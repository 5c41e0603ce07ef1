"""The audit actions this app records (see koers.core.audit); the values are stored, so they never change."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.core.audit import audit_actions


@audit_actions
class DocumentAction(models.TextChoices):
    DOCUMENT_UPLOADED = "documents.uploaded", _("Document geüpload")
    DOCUMENT_CHANGED = "documents.changed", _("Document gewijzigd")
    VERSION_UPLOADED = "documents.version_uploaded", _("Nieuwe versie van een document geüpload")
    DOCUMENT_DELETED = "documents.deleted", _("Document verwijderd")
