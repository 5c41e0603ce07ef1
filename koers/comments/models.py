"""Comments on any published object (a meeting report now; advice and projects later), one level of replies."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:  # only the type: the selectors read this model
    from .selectors import ShownComment


class Comment(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(_("reactie"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    hidden_reason = models.CharField(_("reden"), max_length=200, blank=True)
    # How a thread shows this comment, set on the comments of a page (selectors.thread_context); not stored.
    shown: "ShownComment"

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("reactie")
        verbose_name_plural = _("reacties")
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"], name="comment_target_idx")]

    def __str__(self) -> str:
        return self.body[:60]
