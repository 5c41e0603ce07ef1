"""`koers backup` / `koers restore`: the restored data set is the one that was backed up, row for row and
file for file; a damaged archive, one of a newer Koers or a database that holds data are refused."""

import errno
import hashlib
import io
import json
import os
import re
import shutil
import tarfile
from pathlib import Path
from unittest import mock

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from koers.core import backup
from koers.core.management.commands.backup import size_text
from koers.core.models import CacheEntry
from koers.meetings.models import AgendaItem, Attachment
from koers.meetings.services import attachment_add
from koers.portfolio.models import Project
from koers.portfolio.services import project_create
from koers.themes.models import Theme

from ..factories import InstitutionFactory, ThemeFactory, UserFactory
from ..meetings.conftest import make_item, make_meeting

# The search index is kept current on every save here: a backup holds the search index like every other table.
pytestmark = pytest.mark.search_index

PDF = b"%PDF-1.7\n% verslag van de werkgroep\n" + bytes(range(256)) * 4


@pytest.fixture(autouse=True)
def _in_a_scratch_folder(monkeypatch, tmp_path):
    """`restore --force` writes its safety backup into the current folder: a throw-away one here."""
    workdir = tmp_path / "werkmap"
    workdir.mkdir()
    monkeypatch.chdir(workdir)
    return workdir


def models_with_tables():
    """Every model with a table of its own, the link tables of many-to-many fields included; not the cache."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and model is not CacheEntry
    ]


def fingerprint() -> dict[str, list[tuple]]:
    """Every row of every table, every column, ordered by primary key."""
    return {
        model._meta.label_lower: list(
            model._base_manager.order_by("pk").values_list(*[f.attname for f in model._meta.local_concrete_fields])
        )
        for model in models_with_tables()
    }


def media_fingerprint(root: Path | None = None) -> dict[str, str]:
    """Every file in the media folder (or ``root``) by SHA-256; a restore's kept folder apart (``kept()``)."""
    root = root or Path(settings.MEDIA_ROOT)
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.relative_to(root).parts[0].startswith(".koers-before-restore-")
    }


def kept() -> list[Path]:
    """The folders a restore moved the media folder's earlier files into."""
    return sorted(Path(settings.MEDIA_ROOT).glob(".koers-before-restore-*"))


def run(command: str, *args) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def add_attachment() -> str:
    item = AgendaItem.objects.order_by("pk").first()
    upload = SimpleUploadedFile("werkgroepverslag.pdf", PDF, content_type="application/pdf")
    return attachment_add(item=item, upload=upload, actor=None).versions.get().file.name


def test_a_restored_backup_is_the_same_data_set(transactional_db, tmp_path):
    run("load_demo")
    stored_name = add_attachment()
    before, media_before = fingerprint(), media_fingerprint()
    rows = sum(len(table) for table in before.values())
    assert len(before["portfolio.project"]) == 30
    assert len(before["portfolio.project_themes"]) > 30  # many-to-many links are rows of their own
    assert len(media_before) == 2
    assert media_before[stored_name] == hashlib.sha256(PDF).hexdigest()
    media_bytes = sum(path.stat().st_size for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file())

    archive = tmp_path / "koers.tar.gz"
    written = run("backup", str(archive))
    assert written == (
        f"Backup written to {archive} ({size_text(archive.stat().st_size)}): {rows} rows in {len(before)} "
        f"tables, 2 media files ({size_text(media_bytes)}).\n"
    )
    assert archive.stat().st_mode & 0o777 == 0o600  # it holds personal data

    call_command("flush", "--no-input")
    shutil.rmtree(settings.MEDIA_ROOT)
    assert Project.objects.count() == 0

    restored = run("restore", str(archive))
    assert restored.endswith(
        f"Restored {archive}: {rows} rows in {len(before)} tables, 2 media files ({size_text(media_bytes)}).\n"
    )
    assert f"  portfolio.project: {len(before['portfolio.project'])}\n" in restored
    assert fingerprint() == before
    assert media_fingerprint() == media_before

    # The sequences were set past the restored ids: a new project gets the next id, without a clash.
    highest = max(pk for pk, *_ in before["portfolio.project"])
    project = project_create(
        institution=Project.objects.first().institution,
        data={"title": "Na het herstel", "themes": [Theme.objects.first()]},
    )
    assert project.pk == highest + 1

    # Over a database that holds data only with --force, which replaces everything.
    with pytest.raises(CommandError) as refused:
        run("restore", str(archive))
    assert str(refused.value).startswith("The database is not empty (accounts.membershiprequest: 1, accounts.user: ")
    assert Project.objects.filter(title="Na het herstel").exists()
    forced = run("restore", "--force", str(archive))
    assert fingerprint() == before
    assert media_fingerprint() == media_before
    # The files that were there are kept aside, inside the media folder; nothing else is left behind.
    (kept_folder,) = kept()
    assert media_fingerprint(kept_folder) == media_before
    assert forced.endswith(
        f"The files the media folder held are kept in {kept_folder}; remove that folder once the restore is "
        "confirmed.\n"
    )
    assert sorted(p.name for p in Path(settings.MEDIA_ROOT).iterdir()) == [kept_folder.name, "documents"]


# Refusals: each leaves the database and the media folder as they were ---------------------------------


@pytest.fixture
def small_backup(transactional_db, tmp_path):
    """A backup of a few rows and one file, taken from a database that is then emptied again.

    Restoring empties every table first, which PostgreSQL refuses inside the test's own transaction, so
    these tests commit."""
    institution = InstitutionFactory(name="Horizon College", slug="horizon-college")
    theme = ThemeFactory(name="Data en AI", slug="data-en-ai")
    project_create(institution=institution, data={"title": "Dashboard", "themes": [theme]})
    media = Path(settings.MEDIA_ROOT)
    (media / "meetings" / "1").mkdir(parents=True)
    (media / "meetings" / "1" / "verslag.pdf").write_bytes(PDF)
    archive = tmp_path / "klein.tar.gz"
    run("backup", str(archive))
    call_command("flush", "--no-input")
    shutil.rmtree(media)
    return archive


def rewrite(source: Path, target: Path, *, manifest=None, members=None, extra=None) -> Path:
    """A copy of an archive with the manifest changed by ``manifest(dict)``, ``members`` replaced and
    ``extra`` members added at the end (both {name: bytes})."""
    with tarfile.open(source, "r:gz") as original, tarfile.open(target, "w:gz") as copy:
        for member in original:
            data = original.extractfile(member).read()
            if member.name == backup.MANIFEST and manifest is not None:
                changed = json.loads(data)
                manifest(changed)
                data = json.dumps(changed).encode()
            data = (members or {}).get(member.name, data)
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
        for name, data in (extra or {}).items():
            member = tarfile.TarInfo(name)
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    return target


def assert_refused(archive: Path, message: str, *args) -> None:
    before, media_before = fingerprint(), media_fingerprint()
    with pytest.raises(CommandError) as refused:
        run("restore", *args, str(archive))
    assert str(refused.value) == message
    assert fingerprint() == before
    assert media_fingerprint() == media_before
    assert Project.objects.count() == 0
    assert list(Path(settings.MEDIA_ROOT).glob(".koers-*")) == []  # no working folders left behind


def test_a_backup_of_a_few_rows_restores(small_backup):
    assert run("restore", "--check", str(small_backup)).startswith(
        f"{small_backup} is complete and fits this database: "
    )
    run("restore", str(small_backup))
    assert list(Project.objects.values_list("title", "institution__slug", "themes__slug")) == [
        ("Dashboard", "horizon-college", "data-en-ai")
    ]
    assert media_fingerprint() == {"meetings/1/verslag.pdf": hashlib.sha256(PDF).hexdigest()}


def test_a_truncated_archive_is_refused(small_backup, tmp_path):
    damaged = tmp_path / "afgebroken.tar.gz"
    data = small_backup.read_bytes()
    damaged.write_bytes(data[: len(data) // 2])
    with pytest.raises(CommandError) as refused:
        run("restore", str(damaged))
    assert str(refused.value).startswith("The archive is damaged or incomplete (")
    assert str(refused.value).endswith("); nothing was restored.")
    assert Project.objects.count() == 0
    assert media_fingerprint() == {}


def test_a_changed_member_is_refused_by_its_checksum(small_backup, tmp_path):
    with tarfile.open(small_backup, "r:gz") as original:
        rows = original.extractfile(backup.DATABASE).read()
    changed = rows.replace(b'"Dashboard"', b'"Dashbord!"')
    assert len(changed) == len(rows) and changed != rows
    damaged = rewrite(small_backup, tmp_path / "gewijzigd.tar.gz", members={backup.DATABASE: changed})
    assert_refused(
        damaged,
        "The archive is damaged or incomplete (database.jsonl does not match its checksum); nothing was restored.",
    )


def test_a_changed_media_file_is_refused(small_backup, tmp_path):
    damaged = rewrite(small_backup, tmp_path / "bestand.tar.gz", members={"media/meetings/1/verslag.pdf": PDF[::-1]})
    assert_refused(
        damaged,
        "The archive is damaged or incomplete (media/meetings/1/verslag.pdf does not match its checksum); "
        "nothing was restored.",
    )


def test_a_missing_member_is_refused(small_backup, tmp_path):
    def add_file(manifest):
        manifest["files"]["media/meetings/1/bijlage.pdf"] = {"sha256": "0" * 64, "size": 1}

    damaged = rewrite(small_backup, tmp_path / "onvolledig.tar.gz", manifest=add_file)
    assert_refused(
        damaged, "The archive is damaged or incomplete (missing media/meetings/1/bijlage.pdf); nothing was restored."
    )


def test_a_member_that_would_leave_the_media_folder_is_refused(small_backup, tmp_path):
    outside = "media/../../buiten.txt"

    def add_file(manifest):
        manifest["files"][outside] = {"sha256": hashlib.sha256(b"x").hexdigest(), "size": 1}

    damaged = rewrite(small_backup, tmp_path / "onveilig.tar.gz", manifest=add_file, extra={outside: b"x"})
    assert_refused(
        damaged, f"The archive is damaged or incomplete (unsafe member name {outside!r}); nothing was restored."
    )
    assert not (Path(settings.MEDIA_ROOT).parent.parent / "buiten.txt").exists()


def test_a_backup_of_a_newer_koers_is_refused(small_backup, tmp_path):
    def newer(manifest):
        manifest["migrations"].append(["portfolio", "9999_toekomst"])

    assert_refused(
        rewrite(small_backup, tmp_path / "nieuwer.tar.gz", manifest=newer),
        "This backup comes from a newer Koers: its database has migrations this installation lacks "
        "(portfolio.9999_toekomst). Upgrade Koers and run migrate first. Nothing was restored.",
    )


def test_a_backup_of_an_older_database_structure_is_refused(small_backup, tmp_path):
    def older(manifest):
        manifest["migrations"].remove(["portfolio", "0001_initial"])

    assert_refused(
        rewrite(small_backup, tmp_path / "ouder.tar.gz", manifest=older),
        "This backup comes from an older database structure: migrations portfolio.0001_initial are applied here "
        "but not in the backup. Restore it into a database migrated to the backup's state, then run migrate. "
        "Nothing was restored.",
    )


def test_something_else_than_a_backup_is_refused(db, tmp_path):
    other = tmp_path / "foto.tar.gz"
    with tarfile.open(other, "w:gz") as archive:
        member = tarfile.TarInfo("foto.jpg")
        member.size = 3
        archive.addfile(member, io.BytesIO(b"jpg"))
    assert_refused(other, "This is not a Koers backup (the first member is not manifest.json); nothing was restored.")
    assert_refused(tmp_path / "weg.tar.gz", f"{tmp_path / 'weg.tar.gz'} does not exist.")


def test_a_database_that_holds_data_is_refused_without_force(small_backup):
    InstitutionFactory(name="Albeda", slug="albeda")
    UserFactory(institution=None)
    with pytest.raises(CommandError) as refused:
        run("restore", str(small_backup))
    assert str(refused.value) == (
        # The two rows are also in the search index, which is backed up and restored with them.
        "The database is not empty (accounts.user: 1, members.institution: 1, search.entry: 2). Restore into an "
        "empty database, "
        "or use --force to replace everything in it. Nothing was restored."
    )
    run("restore", "--force", str(small_backup))
    assert list(Project.objects.values_list("title", flat=True)) == ["Dashboard"]
    assert list(apps.get_model("members", "Institution").objects.values_list("slug", flat=True)) == ["horizon-college"]


def test_a_media_folder_with_files_is_refused_without_force_and_kept_with_it(small_backup):
    media = Path(settings.MEDIA_ROOT)
    (media / "eigen").mkdir(parents=True)
    (media / "eigen" / "notitie.txt").write_text("van voor het herstel")
    with pytest.raises(CommandError) as refused:
        run("restore", str(small_backup))
    assert str(refused.value).startswith(f"The media folder {media} is not empty. Restore with an empty media folder")
    assert Project.objects.count() == 0
    run("restore", "--force", str(small_backup))
    assert media_fingerprint() == {"meetings/1/verslag.pdf": hashlib.sha256(PDF).hexdigest()}
    (kept_folder,) = kept()
    assert (kept_folder / "eigen" / "notitie.txt").read_text() == "van voor het herstel"


def test_backup_does_not_overwrite_an_archive(db, tmp_path):
    archive = tmp_path / "er-al.tar.gz"
    archive.write_bytes(b"oud")
    with pytest.raises(CommandError) as refused:
        run("backup", str(archive))
    assert str(refused.value) == f"{archive} already exists; choose another name or remove it first."
    assert archive.read_bytes() == b"oud"


def test_a_backup_written_into_the_media_folder_leaves_itself_out(db):
    media = Path(settings.MEDIA_ROOT)
    (media / "meetings" / "1").mkdir(parents=True)
    (media / "meetings" / "1" / "verslag.pdf").write_bytes(PDF)
    archive = media / "koers.tar.gz"
    run("backup", str(archive))
    with tarfile.open(archive, "r:gz") as opened:
        names = opened.getnames()
    assert names == [backup.MANIFEST, backup.DATABASE, "media/meetings/1/verslag.pdf"]
    assert sorted(p.name for p in media.iterdir()) == ["koers.tar.gz", "meetings"]  # no working files left


def test_archive_members_that_are_links_or_absolute_paths_are_refused(small_backup, tmp_path):
    """Even when the manifest lists them: only regular files under media/ are ever written."""
    digest = hashlib.sha256(b"").hexdigest()
    cases = {
        tarfile.SYMTYPE: ("media/meetings/1/wachtwoorden.pdf", "/etc/passwd"),
        tarfile.LNKTYPE: ("media/meetings/1/kopie.pdf", "media/meetings/1/verslag.pdf"),
    }
    for kind, (name, target) in cases.items():
        link = tarfile.TarInfo(name)
        link.type, link.linkname = kind, target

        def listed(manifest, name=name):
            manifest["files"][name] = {"sha256": digest, "size": 0}

        damaged = tmp_path / f"link-{kind.decode()}.tar.gz"
        with tarfile.open(rewrite(small_backup, tmp_path / "basis.tar.gz", manifest=listed), "r:gz") as source:
            with tarfile.open(damaged, "w:gz") as copy:
                for member in source:
                    copy.addfile(member, source.extractfile(member))
                copy.addfile(link)
        assert_refused(
            damaged, f"The archive is damaged or incomplete ({name!r} is a link, not a file); nothing was restored."
        )
        assert not (Path(settings.MEDIA_ROOT) / "meetings").exists()

    absolute = "/tmp/koers-buiten.txt"

    def listed_absolute(manifest):
        manifest["files"][absolute] = {"sha256": hashlib.sha256(b"x").hexdigest(), "size": 1}

    damaged = rewrite(small_backup, tmp_path / "absoluut.tar.gz", manifest=listed_absolute, extra={absolute: b"x"})
    with tarfile.open(damaged, "r:gz") as opened:
        assert opened.getnames()[-1] == absolute
    assert_refused(
        damaged, f"The archive is damaged or incomplete (unsafe member name {absolute!r}); nothing was restored."
    )


def test_force_first_writes_a_backup_of_the_data_it_replaces(small_backup, _in_a_scratch_folder):
    InstitutionFactory(name="Albeda", slug="albeda")
    UserFactory(institution=None)
    out = run("restore", "--force", str(small_backup))
    (safety,) = _in_a_scratch_folder.glob("koers-before-restore-*.tar.gz")
    assert out.startswith(f"Backup of the data that is replaced written to {safety} (")
    # It restores: complete, the same migrations, and the rows that were there.
    manifest = backup.inspect_backup(safety)
    kept_rows = manifest["tables"].items()
    assert {label: count for label, count in kept_rows if count and label not in backup.CREATED_BY_MIGRATE} == {
        "accounts.user": 1,
        "members.institution": 1,
        "search.entry": 2,  # their entries in the search index
    }
    assert list(Project.objects.values_list("title", flat=True)) == ["Dashboard"]

    # Not again with --no-safety-backup; nor when there was nothing to keep.
    run("restore", "--force", "--no-safety-backup", str(small_backup))
    call_command("flush", "--no-input")
    assert not run("restore", "--force", str(small_backup)).startswith("Backup of the data")
    assert list(_in_a_scratch_folder.glob("koers-before-restore-*.tar.gz")) == [safety]


def test_a_media_folder_that_is_a_link_stays_a_link_with_its_mode(small_backup, tmp_path, settings):
    target = tmp_path / "opslag" / "media"
    (target / "eigen").mkdir(parents=True)
    (target / "eigen" / "notitie.txt").write_text("van voor het herstel")
    target.chmod(0o750)
    link = tmp_path / "media-link"
    link.symlink_to(target, target_is_directory=True)
    settings.MEDIA_ROOT = link

    run("restore", "--force", str(small_backup))
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert (target / "meetings" / "1" / "verslag.pdf").read_bytes() == PDF
    assert target.stat().st_mode & 0o777 == 0o750
    (kept_folder,) = target.glob(".koers-before-restore-*")
    assert (kept_folder / "eigen" / "notitie.txt").read_text() == "van voor het herstel"
    assert sorted(p.name for p in target.iterdir()) == [kept_folder.name, "meetings"]


def test_a_media_folder_that_cannot_be_used_is_refused_before_the_database(small_backup, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "weg-link"
    settings.MEDIA_ROOT.symlink_to(tmp_path / "bestaat-niet")
    assert_refused(
        small_backup,
        f"The media folder {settings.MEDIA_ROOT} is a link to {tmp_path / 'bestaat-niet'}, which does not exist. "
        "Nothing was restored.",
    )

    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "meetings").mkdir(parents=True)
    with mock.patch("os.path.ismount", side_effect=lambda path: Path(path).name == "meetings"):
        assert_refused(
            small_backup,
            f"{settings.MEDIA_ROOT / 'meetings'} in the media folder is a mount point; a restore cannot move it "
            "aside. Unmount it or restore into another media folder. Nothing was restored.",
            "--force",
        )
    assert sorted(p.name for p in settings.MEDIA_ROOT.iterdir()) == ["meetings"]  # no working folders left


def test_files_that_cannot_be_put_in_place_are_named(small_backup):
    media = Path(settings.MEDIA_ROOT)
    busy = OSError(errno.EBUSY, "Device or resource busy")
    original = Path.rename

    def rename(self, target):
        if Path(target).parent == media:  # moving a restored entry into the media folder
            raise busy
        return original(self, target)

    with mock.patch.object(Path, "rename", rename), pytest.raises(CommandError) as failed:
        run("restore", str(small_backup))
    (staging,) = media.glob(".koers-restoring-*")
    (kept_folder,) = kept()
    assert str(failed.value) == (
        f"The database was restored, but its files could not be put in place ({busy}). The restored files not "
        f"yet in place are in {staging}; the files the media folder held are in {kept_folder}. Move the "
        f"restored files into {media} by hand."
    )
    assert (staging / "meetings" / "1" / "verslag.pdf").read_bytes() == PDF
    assert list(Project.objects.values_list("title", flat=True)) == ["Dashboard"]


def test_a_backup_warns_of_files_its_rows_refer_to_that_are_missing(db, tmp_path):
    item = make_item(make_meeting())
    present = f"meetings/{item.meeting_id}/verslag.pdf"
    absent = f"meetings/{item.meeting_id}/verwijderd.pdf"
    for name in (present, absent):
        Attachment.objects.create(item=item, file=name, name=Path(name).name, size=3, content_type="application/pdf")
    (Path(settings.MEDIA_ROOT) / present).parent.mkdir(parents=True)
    (Path(settings.MEDIA_ROOT) / present).write_bytes(PDF)

    out, err = io.StringIO(), io.StringIO()
    call_command("backup", str(tmp_path / "met-gat.tar.gz"), stdout=out, stderr=err)
    assert out.getvalue().startswith(f"Backup written to {tmp_path / 'met-gat.tar.gz'} (")
    assert err.getvalue() == (
        "Warning: 1 file(s) the database refers to are not in the backup (removed while the backup was made, "
        f"or missing from the media folder):\n  {absent}\n"
    )
    with tarfile.open(tmp_path / "met-gat.tar.gz", "r:gz") as opened:
        assert opened.getnames() == [backup.MANIFEST, backup.DATABASE, f"media/{present}"]


def test_a_file_removed_while_the_backup_reads_the_folder_is_left_out(db, tmp_path):
    media = Path(settings.MEDIA_ROOT)
    (media / "meetings" / "1").mkdir(parents=True)
    (media / "meetings" / "1" / "verslag.pdf").write_bytes(PDF)
    found = backup.media_files(media)
    gone = (media / "meetings" / "1" / "weg.pdf", "media/meetings/1/weg.pdf")
    with mock.patch.object(backup, "media_files", return_value=[*found, gone]):
        summary = backup.create_backup(tmp_path / "tijdens.tar.gz")
    assert (summary.files, summary.missing_files) == (1, [])
    assert sorted(summary.manifest["files"]) == [backup.DATABASE, "media/meetings/1/verslag.pdf"]


def test_a_full_disk_while_extracting_is_not_called_a_damaged_archive(small_backup):
    media = Path(settings.MEDIA_ROOT)
    original = Path.mkdir

    def mkdir(self, *args, **kwargs):
        if ".koers-restoring-" in str(self):
            raise OSError(errno.ENOSPC, "No space left on device")
        return original(self, *args, **kwargs)

    with mock.patch.object(Path, "mkdir", mkdir):
        with pytest.raises(CommandError) as refused:
            run("restore", str(small_backup))
    message = re.escape(str(media)) + r"/\.koers-restoring-\w+/meetings/1/verslag\.pdf"
    assert re.fullmatch(
        message + r" cannot be written \(\[Errno 28\] No space left on device\); nothing was restored\.",
        str(refused.value),
    )
    assert Project.objects.count() == 0
    assert list(media.iterdir()) == []
