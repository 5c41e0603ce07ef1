"""A stable uuid per institution (the Open Education API's organisationId).

In three steps, because a default on a new column gives every existing row the same value: add the column
nullable, give each existing row its own uuid, then make it unique and required.
"""

import uuid

from django.db import migrations, models


def fill_uuids(apps, schema_editor):
    Institution = apps.get_model("members", "Institution")
    for institution in Institution.objects.filter(uuid__isnull=True).only("pk"):
        Institution.objects.filter(pk=institution.pk).update(uuid=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="institution",
            name="uuid",
            field=models.UUIDField(null=True, editable=False, verbose_name="uuid"),
        ),
        migrations.RunPython(fill_uuids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="institution",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name="uuid"),
        ),
    ]
