from django.db import migrations, models


class Migration(migrations.Migration):
    """The sector portfolio's default order (title, id): a page is read from the index, not sorted from all."""

    dependencies = [
        ("portfolio", "0002_import_batch"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="project",
            index=models.Index(fields=["title", "id"], name="project_title_idx"),
        ),
    ]
