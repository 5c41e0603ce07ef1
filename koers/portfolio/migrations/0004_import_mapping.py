import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """An import keeps the file's tables and the member's choices; an institution's column mapping is kept."""

    dependencies = [
        ("members", "0002_institution_uuid"),
        ("portfolio", "0003_project_title_idx"),
    ]

    operations = [
        migrations.AddField(
            model_name="importbatch",
            name="clear_empty",
            field=models.BooleanField(default=False, verbose_name="lege cellen wissen"),
        ),
        migrations.AddField(
            model_name="importbatch",
            name="mapping",
            field=models.JSONField(default=dict),
        ),
        migrations.AddField(
            model_name="importbatch",
            name="sheets",
            field=models.JSONField(default=list),
        ),
        migrations.AddField(
            model_name="importbatch",
            name="tables",
            field=models.JSONField(default=list),
        ),
        migrations.CreateModel(
            name="ImportMapping",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("columns", models.JSONField(default=dict)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "institution",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="members.institution",
                        verbose_name="instelling",
                    ),
                ),
            ],
            options={
                "verbose_name": "kolomindeling van een import",
                "verbose_name_plural": "kolomindelingen van imports",
            },
        ),
    ]
