"""The search index: one entry per findable object, filled from the declarations in ``kinds.py``.

The text index itself lives beside the table and is kept by the database: on SQLite an FTS5 table with triggers,
on PostgreSQL a generated ``tsvector`` column (``dutch`` configuration) with a GIN index (migration 0001).
"""

from django.db import models


class Audience(models.TextChoices):
    PUBLIC = "public"  # guests too
    MEMBERS = "members"
    STEERING = "steering"  # the steering group and administrators


class Entry(models.Model):
    kind = models.CharField(max_length=20)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300)
    # The themes as " 3 17 " so that one theme is a LIKE '% 3 %' without a join.
    theme_keys = models.CharField(max_length=1000, blank=True)
    institution_id = models.PositiveIntegerField(null=True, blank=True)
    audience = models.CharField(max_length=10, choices=Audience.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique")]
        indexes = [models.Index(fields=["kind", "audience"], name="search_entry_kind_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"
