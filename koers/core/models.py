import functools

from django.conf import settings
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """A security-relevant event: who did what to which object, and when."""

    created_at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # One of the actions the apps declare in their ``audit`` modules (koers.core.audit); no choices here, so that
    # a new action needs no migration of this model.
    action = models.CharField(_("gebeurtenis"), max_length=40, db_index=True)
    target_type = models.CharField(_("soort object"), max_length=60)
    target_id = models.CharField(_("object-id"), max_length=40, blank=True)
    target_repr = models.CharField(_("object"), max_length=255)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("auditgebeurtenis")
        verbose_name_plural = _("auditlog")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"


class StoredFile(models.Model):
    """An uploaded file kept with something (a meeting's agenda item, an advice); each subclass adds its ``file``
    field with its own place in storage. Filled and removed through ``koers.core.uploads``."""

    name = models.CharField(_("naam"), max_length=200)
    size = models.PositiveIntegerField(default=0)
    content_type = models.CharField(max_length=120)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # Each subclass declares the field itself (with its own upload folder); named here for the type checker only.
    file: FieldFile

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "id"]
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")

    def __str__(self) -> str:
        return self.name


class CacheEntry(models.Model):
    """A row of the database cache, the shared cache when no Redis is configured (``CACHES`` in settings).

    Django's ``DatabaseCache`` reads and writes the table with its own SQL, in the layout of ``createcachetable``;
    the model is here so that ``migrate`` creates the table (no extra step at installation) and test databases
    empty it with the others. Backups leave it out: a cache is rebuilt, not restored.
    """

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "koers_cache"

    def __str__(self) -> str:
        return self.cache_key


def choice_label(choices: type[models.Choices], value: object) -> str:
    """The label of ``value`` among ``choices`` in the active language, as a model's ``get_FOO_display()`` gives
    it (the value itself when it is not one of them).

    Django's ``get_FOO_display()`` builds a dictionary of every choice and translates on each call; a model whose
    pages list hundreds of objects overrides it with this, which translates each label once per language."""
    return _labels(choices, get_language()).get(value, str(value))


@functools.cache
def _labels(choices: type[models.Choices], language: str | None) -> dict[object, str]:
    return {choice.value: str(choice.label) for choice in choices}
