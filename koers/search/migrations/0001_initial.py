from django.db import migrations, models

# SQLite: an external-content FTS5 table over search_entry, kept by triggers. Django rebuilds a SQLite table
# for most later changes to it, which drops its triggers: a later migration of Entry must create them again.
SQLITE = [
    "CREATE VIRTUAL TABLE search_entry_fts USING fts5(title, body, content='search_entry', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
    "CREATE TRIGGER search_entry_ai AFTER INSERT ON search_entry BEGIN "
    "INSERT INTO search_entry_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "CREATE TRIGGER search_entry_ad AFTER DELETE ON search_entry BEGIN "
    "INSERT INTO search_entry_fts(search_entry_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);"
    " END",
    "CREATE TRIGGER search_entry_au AFTER UPDATE ON search_entry BEGIN "
    "INSERT INTO search_entry_fts(search_entry_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);"
    " INSERT INTO search_entry_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
]
# PostgreSQL: a generated tsvector with Dutch stemming (title weighs more than body) and a GIN index on it.
POSTGRESQL = [
    "ALTER TABLE search_entry ADD COLUMN document tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('dutch', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('dutch', coalesce(body, '')), 'B')) STORED",
    "CREATE INDEX search_entry_document_idx ON search_entry USING gin (document)",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_entry_ai",
    "DROP TRIGGER IF EXISTS search_entry_ad",
    "DROP TRIGGER IF EXISTS search_entry_au",
    "DROP TABLE IF EXISTS search_entry_fts",
]
POSTGRESQL_REVERSE = ["DROP INDEX IF EXISTS search_entry_document_idx", "ALTER TABLE search_entry DROP COLUMN document"]


def text_index(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def drop_text_index(apps, schema_editor):
    statements = {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    initial = True

    dependencies: list[tuple[str, str]] = []

    operations = [
        migrations.CreateModel(
            name="Entry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(max_length=20)),
                ("object_id", models.PositiveBigIntegerField()),
                ("title", models.CharField(max_length=300)),
                ("body", models.TextField(blank=True)),
                ("url", models.CharField(max_length=300)),
                ("theme_keys", models.CharField(blank=True, max_length=1000)),
                ("institution_id", models.PositiveIntegerField(blank=True, null=True)),
                (
                    "audience",
                    models.CharField(
                        choices=[("public", "Public"), ("members", "Members"), ("steering", "Steering")],
                        max_length=10,
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "indexes": [models.Index(fields=["kind", "audience"], name="search_entry_kind_idx")],
                "constraints": [models.UniqueConstraint(fields=("kind", "object_id"), name="search_entry_unique")],
            },
        ),
        migrations.RunPython(text_index, drop_text_index),
    ]
