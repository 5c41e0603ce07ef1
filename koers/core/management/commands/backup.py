"""``koers backup [FILE]``: the database and the uploaded files in one archive (see koers/core/backup.py)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone

from koers.core.backup import BackupError, create_backup


def size_text(size: int) -> str:
    amount: float = size  # whole bytes, then fractions of the larger units
    for unit in ("bytes", "KB", "MB", "GB"):
        if amount < 1024 or unit == "GB":
            return f"{amount} {unit}" if unit == "bytes" else f"{amount:.1f} {unit}"
        amount /= 1024
    return ""  # not reached


class Command(BaseCommand):
    help = (
        "Write a backup of Koers: every row of every table and every uploaded file, with a manifest of "
        "checksums, into one .tar.gz archive. Safe while Koers runs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", help="the archive to write (default: koers-backup-<date>-<time>.tar.gz here)"
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="the database to back up")

    def handle(self, *args, path=None, database=DEFAULT_DB_ALIAS, **options):
        path = path or f"koers-backup-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"
        try:
            summary = create_backup(path, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(written(summary)))
        warn_missing(self.stderr, self.style, summary.missing_files)


def written(summary, what: str = "Backup") -> str:
    return (
        f"{what} written to {summary.path} ({size_text(summary.path.stat().st_size)}): "
        f"{summary.rows} rows in {len(summary.tables)} tables, "
        f"{summary.files} media files ({size_text(summary.media_bytes)})."
    )


def warn_missing(stream, style, missing: list[str]) -> None:
    """The files rows refer to that are not in the archive: a warning, the backup itself is fine."""
    if not missing:
        return
    stream.write(
        style.WARNING(
            f"Warning: {len(missing)} file(s) the database refers to are not in the backup (removed while the "
            "backup was made, or missing from the media folder):"
        )
    )
    for name in missing:
        stream.write(f"  {name}")
