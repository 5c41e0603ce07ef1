"""``koers restore FILE``: put a backup made with ``koers backup`` back (see koers/core/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone

from koers.core.backup import BackupError, inspect_backup, restore_backup, unique_path

from .backup import size_text, warn_missing, written


class Command(BaseCommand):
    help = (
        "Restore a backup made with `backup`: checks the archive and its migrations, then replaces every row "
        "in one transaction and puts the media files in place. Stop Koers first. Refuses a database that "
        "holds data unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the archive made with `backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help=(
                "replace everything in a database that holds data (a backup of it is written first, see "
                "--no-safety-backup; the files in the media folder are kept in a folder inside it)"
            ),
        )
        parser.add_argument(
            "--no-safety-backup",
            action="store_true",
            help=(
                "with --force: do not first write koers-before-restore-<date>-<time>.tar.gz in the current "
                "folder, a backup of the data that is replaced"
            ),
        )
        parser.add_argument(
            "--check", action="store_true", help="only check the archive and its migrations; change nothing"
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="the database to restore into")

    def handle(
        self, *args, path, force=False, check=False, no_safety_backup=False, database=DEFAULT_DB_ALIAS, **options
    ):
        try:
            if check:
                manifest = inspect_backup(path, using=database)
                rows = sum(manifest["tables"].values())
                files = len(manifest["files"]) - 1
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{path} is complete and fits this database: {rows} rows in {len(manifest['tables'])} "
                        f"tables and {files} media files, made {manifest['created_at']} by Koers "
                        f"{manifest['koers_version']} on {manifest['database']}."
                    )
                )
                return
            safety = None
            if not no_safety_backup:
                stem = f"koers-before-restore-{timezone.localtime():%Y%m%d-%H%M%S}"
                safety = unique_path(Path.cwd(), stem, ".tar.gz")
            summary = restore_backup(
                path, force=force, using=database, safety_backup=safety, on_safety_backup=self.safety_written
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        for label, count in sorted(summary.tables.items()):
            if count:
                self.stdout.write(f"  {label}: {count}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {summary.path}: {summary.rows} rows in {len(summary.tables)} tables, "
                f"{summary.files} media files ({size_text(summary.media_bytes)})."
            )
        )
        if summary.kept is not None:
            self.stdout.write(
                f"The files the media folder held are kept in {summary.kept}; remove that folder once the "
                "restore is confirmed."
            )

    def safety_written(self, summary) -> None:
        """Told at once, before the restore goes on: should it fail, the operator knows where the data is."""
        self.stdout.write(written(summary, "Backup of the data that is replaced"))
        warn_missing(self.stderr, self.style, summary.missing_files)
