"""Backup and restore of everything Koers holds: every row of every table, and the uploaded files.

A backup is one ``.tar.gz`` archive with these members, in this order:

``manifest.json``
    format and version, the Koers version, the database engine it came from, the applied migrations, the
    number of rows per table and the SHA-256 and size of every other member.
``database.jsonl``
    every row of every model (the link tables of many-to-many fields included), one JSON object per line
    in Django's serialisation, table after table in dependency order and each table by primary key. It
    does not depend on the engine: a backup of PostgreSQL restores into SQLite and the other way round.
    Times keep their microseconds (Django's own JSON rounds them to milliseconds).
``media/...``
    every file under ``MEDIA_ROOT`` (meeting and advice attachments).

The dump is read in one read-only transaction (on PostgreSQL a repeatable-read snapshot), so it is
consistent while Koers keeps running; rows are streamed, so memory stays small for large tables. Uploaded
files are written before the row that points to them is committed, so a file copied after the dump is never
missing; at most the archive holds a file whose row came after the snapshot.

A restore first checks the whole archive against its manifest and the migrations against the database's,
refuses a database that holds data (unless forced), then replaces all rows in one transaction, sets the
primary key sequences past the restored ids and puts the media folder in place; a media folder that was
there is kept beside it.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.jsonl import Serializer as JsonLinesSerializer
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "koers-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "database.jsonl"
MEDIA = "media"
CHUNK = 2000  # rows read and written per round trip
BLOCK = 1024 * 1024  # bytes per read when hashing and copying files

# Rows that ``migrate`` itself creates: a database holding only these counts as empty.
CREATED_BY_MIGRATE = {"contenttypes.contenttype", "auth.permission"}

MSG_EXISTS = "{path} already exists; choose another name or remove it first."
MSG_NOT_FOUND = "{path} does not exist."
MSG_DAMAGED = "The archive is damaged or incomplete ({reason}); nothing was restored."
MSG_NOT_A_BACKUP = "This is not a Koers backup ({reason}); nothing was restored."
MSG_FORMAT = "This backup has format version {version}; this Koers reads version {supported}. Nothing was restored."
MSG_NEWER = (
    "This backup comes from a newer Koers: its database has migrations this installation lacks ({missing}). "
    "Upgrade Koers and run migrate first. Nothing was restored."
)
MSG_OLDER = (
    "This backup comes from an older database structure: migrations {extra} are applied here but not in the "
    "backup. Restore it into a database migrated to the backup's state, then run migrate. Nothing was restored."
)
MSG_NOT_EMPTY = (
    "The database is not empty ({tables}). Restore into an empty database, or use --force to replace "
    "everything in it. Nothing was restored."
)
MSG_MEDIA_NOT_EMPTY = (
    "The media folder {path} is not empty. Restore with an empty media folder, or use --force (the present "
    "folder is then kept as {kept}). Nothing was restored."
)
MSG_COUNTS = "After loading, {table} has {found} rows instead of {expected}; nothing was restored."
MSG_CHANGED = "{path} changed while the backup was made; make the backup again."


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass
class Summary:
    path: Path
    tables: dict[str, int]  # rows per table (model label), every table, also empty ones
    files: int  # media files
    media_bytes: int
    manifest: dict = field(repr=False, default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


# What is backed up ------------------------------------------------------------------------------------


def tables() -> list[type[models.Model]]:
    """Every model with a table of its own (link tables included), a model after the models it refers to."""
    candidates = {
        model._meta.label_lower: model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    depends = {
        label: {
            f.related_model._meta.label_lower
            for f in model._meta.local_concrete_fields
            if f.is_relation and f.related_model is not model and f.related_model._meta.label_lower in candidates
        }
        for label, model in candidates.items()
    }
    ordered: list[str] = []
    while depends:
        ready = sorted(label for label, needs in depends.items() if not needs - set(ordered))
        # A cycle of references: take the first one; the constraints are checked at commit.
        for label in ready or [min(depends)]:
            ordered.append(label)
            del depends[label]
    return [candidates[label] for label in ordered]


def _insertable_fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.local_concrete_fields if not getattr(f, "generated", False)]


class _Encoder(DjangoJSONEncoder):
    """Django's JSON, but times with their microseconds, so that a restored row is the same row."""

    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat()
        return super().default(o)


class _RowSerializer(JsonLinesSerializer):
    """One line per row. Many-to-many links are rows of their own link table, not lists on the row."""

    def handle_m2m_field(self, obj, field):
        pass


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connections[using]).applied_migrations())


def koers_version() -> str:
    try:
        return metadata.version("koers")
    except metadata.PackageNotFoundError:
        return "unknown"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        while block := source.read(BLOCK):
            digest.update(block)
    return digest.hexdigest()


def media_files(media_root: Path, *, exclude: Iterable[Path] = ()) -> list[tuple[Path, str]]:
    """Every regular file under the media folder as (path, name in the archive), in a fixed order.

    ``exclude``: the backup's own working folder and archive, should they be inside the media folder."""
    if not media_root.is_dir():
        return []
    skipped = [Path(p).resolve() for p in exclude]
    found = []
    for directory, dirnames, filenames in os.walk(media_root):
        dirnames[:] = sorted(d for d in dirnames if Path(directory, d).resolve() not in skipped)
        for filename in sorted(filenames):
            path = Path(directory, filename)
            if path.is_file() and not path.is_symlink() and path.resolve() not in skipped:
                found.append((path, f"{MEDIA}/{path.relative_to(media_root).as_posix()}"))
    return found


# Backup ------------------------------------------------------------------------------------------------


def dump_database(stream: io.TextIOBase, *, using: str = DEFAULT_DB_ALIAS) -> tuple[dict[str, int], list]:
    """Write every row to ``stream``; returns the rows per table and the applied migrations.

    One read-only transaction, repeatable read on PostgreSQL, so every table is read at the same moment.
    """
    connection = connections[using]
    # Only a transaction of our own can be given its isolation level (not one a caller already started).
    snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    counts: dict[str, int] = {}
    with transaction.atomic(using=using):
        if snapshot:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        migrations = applied_migrations(using)
        for model in tables():
            rows = model._base_manager.using(using).order_by("pk").iterator(chunk_size=CHUNK)
            counted = _Counter(rows)
            _RowSerializer().serialize(counted, stream=stream, cls=_Encoder)
            counts[model._meta.label_lower] = counted.count
    return counts, migrations


class _Counter:
    def __init__(self, items: Iterable):
        self.items = items
        self.count = 0

    def __iter__(self) -> Iterator:
        for item in self.items:
            self.count += 1
            yield item


def create_backup(path: Path | str, *, media_root: Path | str | None = None, using: str = DEFAULT_DB_ALIAS) -> Summary:
    """Write the archive to ``path`` (refuses to overwrite). Readable by the owner only: it holds personal data."""
    path = Path(path)
    media_root = Path(media_root if media_root is not None else settings.MEDIA_ROOT)
    if path.exists():
        raise BackupError(MSG_EXISTS.format(path=path))
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".koers-backup-", dir=path.parent) as workdir:
        dump = Path(workdir, DATABASE)
        with open(dump, "w", encoding="utf-8", newline="\n") as stream:
            counts, migrations = dump_database(stream, using=using)
        files = {DATABASE: {"sha256": _sha256(dump), "size": dump.stat().st_size}}
        media = media_files(media_root, exclude=[Path(workdir), path])
        for source, name in media:
            files[name] = {"sha256": _sha256(source), "size": source.stat().st_size}
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "koers_version": koers_version(),
            "created_at": timezone.now().isoformat(),
            "database": connections[using].vendor,
            "migrations": migrations,
            "tables": counts,
            "files": files,
        }
        partial = Path(workdir, "archive.tar.gz")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8"))
            _add_file(archive, dump, DATABASE, files[DATABASE])
            for source, name in media:
                _add_file(archive, source, name, files[name])
        os.replace(partial, path)  # the archive appears under its name only when it is complete
    return Summary(
        path=path,
        tables=counts,
        files=len(media),
        media_bytes=sum(files[name]["size"] for _, name in media),
        manifest=manifest,
    )


def _member(name: str, size: int, mtime: float | None = None) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o600
    info.mtime = int(mtime if mtime is not None else timezone.now().timestamp())
    return info


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    archive.addfile(_member(name, len(data)), io.BytesIO(data))


class _HashingReader:
    def __init__(self, source):
        self.source = source
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.source.read(size)
        self.digest.update(data)
        return data


def _add_file(archive: tarfile.TarFile, source: Path, name: str, expected: dict) -> None:
    """Add a file and check that it is still the file that was hashed for the manifest."""
    try:
        with open(source, "rb") as handle:
            stat = os.fstat(handle.fileno())
            if stat.st_size != expected["size"]:
                raise BackupError(MSG_CHANGED.format(path=source))
            reader = _HashingReader(handle)
            archive.addfile(_member(name, expected["size"], stat.st_mtime), reader)
    except FileNotFoundError as error:
        raise BackupError(MSG_CHANGED.format(path=source)) from error
    if reader.digest.hexdigest() != expected["sha256"]:
        raise BackupError(MSG_CHANGED.format(path=source))


# Checking an archive -----------------------------------------------------------------------------------


def _open(path: Path) -> tarfile.TarFile:
    if not path.is_file():
        raise BackupError(MSG_NOT_FOUND.format(path=path))
    try:
        return tarfile.open(path, mode="r:gz")
    except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
        raise BackupError(MSG_NOT_A_BACKUP.format(reason=f"not a readable tar.gz archive: {error}")) from error


def _safe_media_name(name: str) -> PurePosixPath | None:
    """The path inside the media folder, or None for a name that would leave it."""
    relative = PurePosixPath(name).relative_to(MEDIA) if name.startswith(f"{MEDIA}/") else None
    if relative is None or relative.is_absolute() or ".." in relative.parts or not relative.parts:
        return None
    return relative


def read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        first = archive.next()
        if first is None or first.name != MANIFEST or not first.isreg():
            raise BackupError(MSG_NOT_A_BACKUP.format(reason=f"the first member is not {MANIFEST}"))
        manifest = json.loads(archive.extractfile(first).read().decode("utf-8"))
    except BackupError:
        raise
    except (tarfile.TarError, OSError, EOFError, zlib.error, ValueError) as error:
        raise BackupError(MSG_DAMAGED.format(reason=f"unreadable manifest: {error}")) from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(MSG_NOT_A_BACKUP.format(reason="the manifest is not one of a Koers backup"))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(MSG_FORMAT.format(version=manifest.get("format_version"), supported=FORMAT_VERSION))
    for key, kind in (("migrations", list), ("tables", dict), ("files", dict)):
        if not isinstance(manifest.get(key), kind):
            raise BackupError(MSG_DAMAGED.format(reason=f"the manifest lacks {key!r}"))
    if DATABASE not in manifest["files"]:
        raise BackupError(MSG_DAMAGED.format(reason=f"the manifest lacks {DATABASE}"))
    return manifest


def check_migrations(manifest: dict, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """The database must have exactly the migrations of the backup: then every table has the same columns."""
    archived = {tuple(item) for item in manifest["migrations"]}
    here = {tuple(item) for item in applied_migrations(using)}
    if missing := sorted(archived - here):
        raise BackupError(MSG_NEWER.format(missing=_listed(missing)))
    if extra := sorted(here - archived):
        raise BackupError(MSG_OLDER.format(extra=_listed(extra)))


def _listed(migrations: list[tuple[str, str]], most: int = 5) -> str:
    shown = ", ".join(f"{app}.{name}" for app, name in migrations[:most])
    return shown + (f" and {len(migrations) - most} more" if len(migrations) > most else "")


def verify_archive(archive: tarfile.TarFile, manifest: dict, *, extract_media_to: Path | None = None) -> None:
    """Read every member once: each must be in the manifest with its size and SHA-256, and none may be missing.

    With ``extract_media_to`` the media files are written there on the way (and only count once checked).
    """
    expected = manifest["files"]
    seen = set()
    try:
        for index, member in enumerate(archive):
            if index == 0:
                continue  # the manifest, read already
            if member.name in seen or member.name not in expected or not member.isreg():
                raise BackupError(MSG_DAMAGED.format(reason=f"unexpected member {member.name!r}"))
            relative = None
            if member.name != DATABASE:
                relative = _safe_media_name(member.name)
                if relative is None:
                    raise BackupError(MSG_DAMAGED.format(reason=f"unsafe member name {member.name!r}"))
            seen.add(member.name)
            target = extract_media_to.joinpath(*relative.parts) if extract_media_to and relative else None
            digest, size = _copy(archive.extractfile(member), target)
            if size != expected[member.name]["size"] or digest != expected[member.name]["sha256"]:
                raise BackupError(MSG_DAMAGED.format(reason=f"{member.name} does not match its checksum"))
    except BackupError:
        raise
    except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
        raise BackupError(MSG_DAMAGED.format(reason=str(error) or type(error).__name__)) from error
    if missing := sorted(set(expected) - seen):
        raise BackupError(MSG_DAMAGED.format(reason=f"missing {_few(missing)}"))


def _few(names: list[str], most: int = 3) -> str:
    return ", ".join(names[:most]) + (f" and {len(names) - most} more" if len(names) > most else "")


def _copy(source, target: Path | None) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with contextlib.ExitStack() as stack:
        sink = None
        if target is not None:
            target.parent.mkdir(parents=True, exist_ok=True)
            sink = stack.enter_context(open(target, "xb"))
        while block := source.read(BLOCK):
            digest.update(block)
            size += len(block)
            if sink is not None:
                sink.write(block)
    return digest.hexdigest(), size


def inspect_backup(path: Path | str, *, using: str = DEFAULT_DB_ALIAS) -> dict:
    """Check an archive completely (members, checksums, migrations) without changing anything; its manifest."""
    path = Path(path)
    with _open(path) as archive:
        manifest = read_manifest(archive)
        check_migrations(manifest, using=using)
        verify_archive(archive, manifest)
    return manifest


# Restore -----------------------------------------------------------------------------------------------


def rows_present(*, using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Tables that hold rows other than those ``migrate`` creates."""
    found = {}
    for model in tables():
        label = model._meta.label_lower
        if label not in CREATED_BY_MIGRATE and (count := model._base_manager.using(using).count()):
            found[label] = count
    return found


def _kept_name(media_root: Path) -> Path:
    return media_root.with_name(f"{media_root.name}.before-restore-{timezone.now():%Y%m%d-%H%M%S}")


def restore_backup(
    path: Path | str, *, force: bool = False, media_root: Path | str | None = None, using: str = DEFAULT_DB_ALIAS
) -> Summary:
    path = Path(path)
    media_root = Path(media_root if media_root is not None else settings.MEDIA_ROOT)
    kept = _kept_name(media_root)
    with _open(path) as archive:
        manifest = read_manifest(archive)
        check_migrations(manifest, using=using)
        if not force:
            if present := rows_present(using=using):
                tables_with_rows = ", ".join(f"{label}: {count}" for label, count in sorted(present.items())[:5])
                raise BackupError(MSG_NOT_EMPTY.format(tables=tables_with_rows))
            if media_files(media_root):
                raise BackupError(MSG_MEDIA_NOT_EMPTY.format(path=media_root, kept=kept))
        media_root.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{media_root.name}.restoring-", dir=media_root.parent))
        try:
            verify_archive(archive, manifest, extract_media_to=staging)
            counts = _load_database(archive, manifest, using=using)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    # The rows are committed; now the files they point to.
    if media_root.exists():
        if any(media_root.iterdir()):
            media_root.rename(kept)
        else:
            media_root.rmdir()
    staging.rename(media_root)
    media = [name for name in manifest["files"] if name != DATABASE]
    return Summary(
        path=path,
        tables=counts,
        files=len(media),
        media_bytes=sum(manifest["files"][name]["size"] for name in media),
        manifest=manifest,
    )


def _load_database(archive: tarfile.TarFile, manifest: dict, *, using: str) -> dict[str, int]:
    """Replace every row by the archive's, in one transaction: all of it or nothing."""
    connection = connections[using]
    ordered = tables()
    counts = {model._meta.label_lower: 0 for model in ordered}
    with transaction.atomic(using=using):
        flush = connection.ops.sql_flush(
            no_style(), connection.introspection.django_table_names(only_existing=True, include_views=False)
        )
        connection.ops.execute_sql_flush(flush)
        stream = io.TextIOWrapper(archive.extractfile(archive.getmember(DATABASE)), encoding="utf-8")
        batch: list[models.Model] = []
        try:
            for item in serializers.deserialize("jsonl", stream, using=using):
                row = item.object
                if batch and (type(row) is not type(batch[0]) or len(batch) >= CHUNK):
                    _insert(batch, using=using)
                    batch = []
                batch.append(row)
                counts[row._meta.label_lower] = counts.get(row._meta.label_lower, 0) + 1
        except DeserializationError as error:
            raise BackupError(MSG_DAMAGED.format(reason=f"unreadable row: {error}")) from error
        if batch:
            _insert(batch, using=using)
        for label in sorted(set(manifest["tables"]) | set(counts)):
            found, expected = counts.get(label, 0), manifest["tables"].get(label, 0)
            if found != expected:
                raise BackupError(MSG_COUNTS.format(table=label, found=found, expected=expected))
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), ordered):
                cursor.execute(statement)
    ContentType.objects.clear_cache()
    return counts


def _insert(rows: list[models.Model], *, using: str) -> None:
    """Insert the rows as they are: raw, so auto_now fields, file fields and signals leave them alone."""
    model = type(rows[0])
    fields = _insertable_fields(model)
    size = max(connections[using].ops.bulk_batch_size(fields, rows), 1)
    for start in range(0, len(rows), size):
        model._base_manager.using(using)._insert(rows[start : start + size], fields=fields, raw=True, using=using)
