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
    every file under ``MEDIA_ROOT`` (meeting and advice attachments), except Koers's own working folders
    there (names starting with ``.koers-``).

The dump is read in one read-only transaction (on PostgreSQL a repeatable-read snapshot), so it is
consistent while Koers keeps running; rows are streamed, so memory stays small for large tables. The files
are copied after the dump, so the two can differ: a file uploaded meanwhile may be in the archive without
its row, and an attachment removed meanwhile is gone from the disk although the dump still holds its row
(an attachment's file is deleted once the row's removal is committed). The backup checks every file the
dumped rows refer to against the files it archived and reports the missing ones (``Summary.missing_files``)
instead of failing; a file removed while the folder is read is left out.

A restore first checks the whole archive against its manifest and the migrations against the database's,
refuses a database that holds data (unless forced), and tries everything that can fail in the media folder
before the database is touched: the restored files are extracted and checked in a working folder inside
the media folder (the same file system, so moving them is a rename). Then it replaces all rows in one
transaction and sets the primary key sequences past the restored ids. Last, the entries of the media folder
are moved into ``.koers-before-restore-<date>-<time>`` inside it and the restored entries take their place;
the media folder itself is never renamed or recreated, so a mount point or a symbolic link stays what it is,
with its owner and mode.
"""

from __future__ import annotations

import contextlib
import datetime
import errno
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import IO, BinaryIO, TextIO, TypedDict

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.cache import cache
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.jsonl import Serializer as JsonLinesSerializer
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from .models import CacheEntry

FORMAT = "koers-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "database.jsonl"
MEDIA = "media"
CHUNK = 2000  # rows read and written per round trip
BLOCK = 1024 * 1024  # bytes per read when hashing and copying files

# Rows that ``migrate`` itself creates: a database holding only these counts as empty.
CREATED_BY_MIGRATE = {"contenttypes.contenttype", "auth.permission"}

# Koers's own working folders at the top of the media folder: never backed up, never restored into.
RESERVED = ".koers-"
RESTORING = f"{RESERVED}restoring-"  # a restore's files, extracted and checked
KEPT = f"{RESERVED}before-restore-"  # what the media folder held before a restore

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
    "The media folder {path} is not empty. Restore with an empty media folder, or use --force (the files "
    "present are then kept in {path}/{kept}<date>-<time>). Nothing was restored."
)
MSG_MEDIA_NOT_A_FOLDER = "The media folder {path} is not a folder. Nothing was restored."
MSG_MEDIA_BROKEN_LINK = "The media folder {path} is a link to {target}, which does not exist. Nothing was restored."
MSG_MEDIA_MOUNT = (
    "{path} in the media folder is a mount point; a restore cannot move it aside. Unmount it or restore "
    "into another media folder. Nothing was restored."
)
MSG_MEDIA_UNUSABLE = "The media folder {path} cannot be written ({error}). Nothing was restored."
MSG_MEDIA_FAILED = (
    "The database was restored, but its files could not be put in place ({error}). The restored files not "
    "yet in place are in {staging}; the files the media folder held are in {kept}. Move the restored files "
    "into {path} by hand."
)
MSG_SAFETY = (
    "The backup of the data present could not be written, so nothing was restored: {error} Run the restore "
    "from a folder you can write to, or use --no-safety-backup."
)
MSG_COUNTS = "After loading, {table} has {found} rows instead of {expected}; nothing was restored."
MSG_CHANGED = "{path} changed while the backup was made; make the backup again."
MSG_WRITE = "{path} cannot be written ({error})."
MSG_EXTRACT = "{path} cannot be written ({error}); nothing was restored."


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


class FileEntry(TypedDict):
    """A member of the archive as the manifest lists it (``files``, by name)."""

    sha256: str
    size: int


@dataclass
class Summary:
    path: Path
    tables: dict[str, int]  # rows per table (model label), every table, also empty ones
    files: int  # media files
    media_bytes: int
    manifest: dict = field(repr=False, default_factory=dict)
    # Backup: files the rows refer to that are not in the archive (names in the media folder).
    missing_files: list[str] = field(default_factory=list)
    # Restore: where the media folder's earlier files were moved (None if it held none) and the backup made
    # of the rows that were replaced (None if there were none, or it was not asked for).
    kept: Path | None = None
    safety_backup: Summary | None = None

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


# What is backed up ------------------------------------------------------------------------------------


def tables() -> list[type[models.Model]]:
    """Every model with a table of its own (link tables included), a model after the models it refers to.

    The database cache is left out: what it holds is computed again, and a restore empties it (``restore_backup``).
    """
    candidates = {
        model._meta.label_lower: model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and model is not CacheEntry
    }
    depends = {label: _refers_to(model) & candidates.keys() for label, model in candidates.items()}
    ordered: list[str] = []
    while depends:
        ready = sorted(label for label, needs in depends.items() if not needs - set(ordered))
        # A cycle of references: take the first one; the constraints are checked at commit.
        for label in ready or [min(depends)]:
            ordered.append(label)
            del depends[label]
    return [candidates[label] for label in ordered]


def _refers_to(model: type[models.Model]) -> set[str]:
    """The labels of the other models that the model's own columns refer to."""
    labels = set()
    for f in model._meta.local_concrete_fields:
        # A relation's related_model is a model class once the apps are loaded (a string or None before).
        if f.is_relation and isinstance(f.related_model, type) and f.related_model is not model:
            labels.add(f.related_model._meta.label_lower)
    return labels


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


def _sha256(path: Path) -> tuple[str, int]:
    """The file's SHA-256 and size, of the same read."""
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as source:
        while block := source.read(BLOCK):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def media_files(media_root: Path, *, exclude: Iterable[Path] = ()) -> list[tuple[Path, str]]:
    """Every regular file under the media folder as (path, name in the archive), in a fixed order.

    Left out: Koers's own working folders at the top (``.koers-...``) and ``exclude``, the backup's own
    working folder and archive, should they be inside the media folder."""
    if not media_root.is_dir():
        return []
    skipped = [Path(p).resolve() for p in exclude]
    found = []
    for directory, dirnames, filenames in os.walk(media_root):
        top = Path(directory) == media_root
        dirnames[:] = sorted(
            d for d in dirnames if not (top and d.startswith(RESERVED)) and Path(directory, d).resolve() not in skipped
        )
        for filename in sorted(filenames):
            path = Path(directory, filename)
            if top and filename.startswith(RESERVED):
                continue
            if path.is_file() and not path.is_symlink() and path.resolve() not in skipped:
                found.append((path, f"{MEDIA}/{path.relative_to(media_root).as_posix()}"))
    return found


# Backup ------------------------------------------------------------------------------------------------


def dump_database(stream: TextIO, *, using: str = DEFAULT_DB_ALIAS) -> tuple[dict[str, int], list, set[str]]:
    """Write every row to ``stream``; returns the rows per table, the applied migrations and the names of
    the files the rows refer to (their file fields, relative to the media folder).

    One read-only transaction, repeatable read on PostgreSQL, so every table is read at the same moment.
    """
    connection = connections[using]
    # Only a transaction of our own can be given its isolation level (not one a caller already started).
    snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    counts: dict[str, int] = {}
    referenced: set[str] = set()
    with transaction.atomic(using=using):
        if snapshot:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        migrations = applied_migrations(using)
        for model in tables():
            rows = model._base_manager.using(using).order_by("pk").iterator(chunk_size=CHUNK)
            counted = _Counter(rows, [f for f in _insertable_fields(model) if isinstance(f, models.FileField)])
            _RowSerializer().serialize(counted, stream=stream, cls=_Encoder)
            counts[model._meta.label_lower] = counted.count
            referenced |= counted.files
    return counts, migrations, referenced


class _Counter:
    """The rows, counted on the way, and the file names in their ``file_fields``."""

    def __init__(self, items: Iterable, file_fields: list[models.Field]):
        self.items = items
        self.file_fields = file_fields
        self.count = 0
        self.files: set[str] = set()

    def __iter__(self) -> Iterator:
        for item in self.items:
            self.count += 1
            for file_field in self.file_fields:
                if name := getattr(item, file_field.attname).name:
                    self.files.add(PurePosixPath(name).as_posix())
            yield item


def create_backup(path: Path | str, *, media_root: Path | str | None = None, using: str = DEFAULT_DB_ALIAS) -> Summary:
    """Write the archive to ``path`` (refuses to overwrite). Readable by the owner only: it holds personal data."""
    path = Path(path)
    media_root = Path(media_root if media_root is not None else settings.MEDIA_ROOT)
    if path.exists():
        raise BackupError(MSG_EXISTS.format(path=path))
    try:
        return _write_backup(path, media_root, using=using)
    except OSError as error:
        raise BackupError(MSG_WRITE.format(path=path, error=error)) from error


def _write_backup(path: Path, media_root: Path, *, using: str) -> Summary:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f"{RESERVED}backup-", dir=path.parent) as workdir:
        dump = Path(workdir, DATABASE)
        with open(dump, "w", encoding="utf-8", newline="\n") as stream:
            counts, migrations, referenced = dump_database(stream, using=using)
        digest, size = _sha256(dump)
        files: dict[str, FileEntry] = {DATABASE: {"sha256": digest, "size": size}}
        media = []
        for source, name in media_files(media_root, exclude=[Path(workdir), path]):
            try:
                digest, size = _sha256(source)
            except FileNotFoundError:
                continue  # removed since the folder was read; if a row still refers to it, it is reported
            files[name] = {"sha256": digest, "size": size}
            media.append((source, name))
        missing = sorted(name for name in referenced if f"{MEDIA}/{name}" not in files)
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
        missing_files=missing,
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


def _add_file(archive: tarfile.TarFile, source: Path, name: str, expected: FileEntry) -> None:
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
    """The path inside the media folder, or None for a name that would leave it or land in Koers's own
    working folders there."""
    relative = PurePosixPath(name).relative_to(MEDIA) if name.startswith(f"{MEDIA}/") else None
    if relative is None or relative.is_absolute() or ".." in relative.parts or not relative.parts:
        return None
    if relative.parts[0].startswith(RESERVED):
        return None
    return relative


def read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        first = archive.next()
        if first is None or first.name != MANIFEST or not first.isreg():
            raise BackupError(MSG_NOT_A_BACKUP.format(reason=f"the first member is not {MANIFEST}"))
        manifest = json.loads(_content(archive, first).read().decode("utf-8"))
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


def _listed(migrations: list[tuple[str, ...]], most: int = 5) -> str:
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
            if member.name in seen or member.name not in expected:
                raise BackupError(MSG_DAMAGED.format(reason=f"unexpected member {member.name!r}"))
            if member.issym() or member.islnk():
                raise BackupError(MSG_DAMAGED.format(reason=f"{member.name!r} is a link, not a file"))
            if not member.isreg():
                raise BackupError(MSG_DAMAGED.format(reason=f"{member.name!r} is not a file"))
            relative = None
            if member.name != DATABASE:
                relative = _safe_media_name(member.name)
                if relative is None:
                    raise BackupError(MSG_DAMAGED.format(reason=f"unsafe member name {member.name!r}"))
            seen.add(member.name)
            target = extract_media_to.joinpath(*relative.parts) if extract_media_to and relative else None
            digest, size = _copy(_content(archive, member), target)
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


@contextlib.contextmanager
def _writing(target: Path) -> Iterator[None]:
    """A failed write (a full disk, no permission) is said as such, not as a damaged archive."""
    try:
        yield
    except OSError as error:
        raise BackupError(MSG_EXTRACT.format(path=target, error=error)) from error


def _content(archive: tarfile.TarFile, member: tarfile.TarInfo) -> IO[bytes]:
    """A file member's content (the callers have checked that the member is a file)."""
    source = archive.extractfile(member)
    assert source is not None, f"{member.name} is not a file"  # extractfile gives None only for other kinds
    return source


def _copy(source: IO[bytes], target: Path | None) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    sink: tuple[Path, BinaryIO] | None = None  # the target and the file open on it
    if target is not None:
        with _writing(target):
            target.parent.mkdir(parents=True, exist_ok=True)
            sink = (target, open(target, "xb"))  # closed below, where a failure is told apart from the archive's
    try:
        while block := source.read(BLOCK):
            digest.update(block)
            size += len(block)
            if sink is not None:
                with _writing(sink[0]):
                    sink[1].write(block)
    finally:
        if sink is not None:
            with _writing(sink[0]):
                sink[1].close()
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


def unique_path(directory: Path | str, stem: str, suffix: str) -> Path:
    """``directory/stem + suffix``, or with ``-2``, ``-3``, ... before the suffix if that name is taken."""
    directory = Path(directory)
    candidate, number = directory / f"{stem}{suffix}", 1
    while candidate.exists() or candidate.is_symlink():
        number += 1
        candidate = directory / f"{stem}-{number}{suffix}"
    return candidate


def _own_entries(media_root: Path) -> list[Path]:
    """The entries at the top of the media folder, without Koers's own working folders."""
    return sorted(entry for entry in media_root.iterdir() if not entry.name.startswith(RESERVED))


def _check_media_root(media_root: Path) -> None:
    """The media folder is usable for a restore (created if it is not there); refused otherwise."""
    if media_root.is_symlink() and not media_root.exists():
        raise BackupError(MSG_MEDIA_BROKEN_LINK.format(path=media_root, target=os.readlink(media_root)))
    if media_root.exists() and not media_root.is_dir():
        raise BackupError(MSG_MEDIA_NOT_A_FOLDER.format(path=media_root))
    try:
        media_root.mkdir(parents=True, exist_ok=True)
        entries = _own_entries(media_root)
    except OSError as error:
        raise BackupError(MSG_MEDIA_UNUSABLE.format(path=media_root, error=error)) from error
    for entry in entries:
        if os.path.ismount(entry):
            raise BackupError(MSG_MEDIA_MOUNT.format(path=entry))


def _working_folders(media_root: Path) -> tuple[Path, Path]:
    """The folder the restored files are extracted into and the one the present files are moved to, both
    inside the media folder: the same file system, so every move is a rename."""
    try:
        staging = Path(tempfile.mkdtemp(prefix=RESTORING, dir=media_root))
    except OSError as error:
        raise BackupError(MSG_MEDIA_UNUSABLE.format(path=media_root, error=error)) from error
    kept = unique_path(media_root, f"{KEPT}{timezone.localtime():%Y%m%d-%H%M%S}", "")
    try:
        kept.mkdir(mode=0o700)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise BackupError(MSG_MEDIA_UNUSABLE.format(path=media_root, error=error)) from error
    return staging, kept


def _holds_anything(folder: Path) -> bool:
    """Whether there is anything but (empty) folders under ``folder``."""
    with os.scandir(folder) as entries:
        return any(not entry.is_dir(follow_symlinks=False) or _holds_anything(Path(entry.path)) for entry in entries)


def _put_media_in_place(media_root: Path, staging: Path, kept: Path) -> Path | None:
    """Move the media folder's entries into ``kept``, then the restored ones from ``staging`` into the
    folder; ``kept``, or None if the folder held no files (then ``kept`` is removed)."""
    try:
        for entry in _own_entries(media_root):
            entry.rename(kept / entry.name)
        for entry in sorted(staging.iterdir()):
            target = media_root / entry.name
            if target.exists() or target.is_symlink():
                raise FileExistsError(errno.EEXIST, "already there", str(target))
            entry.rename(target)
        staging.rmdir()
    except OSError as error:
        raise BackupError(MSG_MEDIA_FAILED.format(error=error, staging=staging, kept=kept, path=media_root)) from error
    if _holds_anything(kept):
        return kept
    shutil.rmtree(kept, ignore_errors=True)
    return None


def restore_backup(
    path: Path | str,
    *,
    force: bool = False,
    media_root: Path | str | None = None,
    using: str = DEFAULT_DB_ALIAS,
    safety_backup: Path | str | None = None,
    on_safety_backup: Callable[[Summary], None] | None = None,
) -> Summary:
    """Restore the archive at ``path``.

    With ``force`` a database that holds rows is replaced; ``safety_backup`` is then where a backup of those
    rows (and the media folder) is written first, and ``on_safety_backup`` hears of it at once.
    """
    path = Path(path)
    media_root = Path(media_root if media_root is not None else settings.MEDIA_ROOT)
    with _open(path) as archive:
        manifest = read_manifest(archive)
        check_migrations(manifest, using=using)
        present = rows_present(using=using)
        if present and not force:
            tables_with_rows = ", ".join(f"{label}: {count}" for label, count in sorted(present.items())[:5])
            raise BackupError(MSG_NOT_EMPTY.format(tables=tables_with_rows))
        _check_media_root(media_root)
        if not force and media_files(media_root):
            raise BackupError(MSG_MEDIA_NOT_EMPTY.format(path=media_root, kept=KEPT))
        safety = None
        if present and safety_backup is not None:
            try:
                safety = create_backup(safety_backup, media_root=media_root, using=using)
            except BackupError as error:
                raise BackupError(MSG_SAFETY.format(error=error)) from error
            if on_safety_backup is not None:
                on_safety_backup(safety)
        staging, kept = _working_folders(media_root)
        try:
            verify_archive(archive, manifest, extract_media_to=staging)
            counts = _load_database(archive, manifest, using=using)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            shutil.rmtree(kept, ignore_errors=True)
            raise
    # The rows are committed; now the files they point to.
    kept_files = _put_media_in_place(media_root, staging, kept)
    media = [name for name in manifest["files"] if name != DATABASE]
    return Summary(
        path=path,
        tables=counts,
        files=len(media),
        media_bytes=sum(manifest["files"][name]["size"] for name in media),
        manifest=manifest,
        kept=kept_files,
        safety_backup=safety,
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
        stream = io.TextIOWrapper(_content(archive, archive.getmember(DATABASE)), encoding="utf-8")
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
    # Numbers computed from the rows that are gone (the database cache was emptied with the tables; Redis is not).
    transaction.on_commit(cache.clear, using=using)
    return counts


def _insert(rows: list[models.Model], *, using: str) -> None:
    """Insert the rows as they are: raw, so auto_now fields, file fields and signals leave them alone."""
    model = type(rows[0])
    fields = _insertable_fields(model)
    size = max(connections[using].ops.bulk_batch_size(fields, rows), 1)
    for start in range(0, len(rows), size):
        queryset = model._base_manager.using(using)
        # QuerySet._insert is Django's own raw insert (under bulk_create); the stubs leave this private method out.
        queryset._insert(rows[start : start + size], fields=fields, raw=True, using=using)  # type: ignore[attr-defined]
