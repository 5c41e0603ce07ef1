"""Writes for the portfolio: one transaction each."""

import datetime
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import User
from koers.activity.kinds import Kind
from koers.activity.services import record_activity
from koers.members.models import Institution
from koers.themes.models import Theme

from . import derived, importing, reading, tasks
from .models import ImportBatch, ImportMapping, Project

MSG_TITLE_TAKEN = _("Deze instelling heeft al een project met deze titel.")
MSG_NO_THEME = _("Kies minstens één thema.")


def _save(project: Project, *, themes: Iterable[Theme], partners: Iterable[Institution]) -> Project:
    if not themes:
        raise ValidationError({"themes": MSG_NO_THEME})
    project.clean()
    duplicate = Project.objects.filter(institution=project.institution, title__iexact=project.title.strip())
    if duplicate.exclude(pk=project.pk).exists():
        raise ValidationError({"title": MSG_TITLE_TAKEN})
    project.title = project.title.strip()
    project.last_reviewed = timezone.localdate()
    try:
        with transaction.atomic():
            project.save()
    except IntegrityError as error:  # the same title saved at the same moment
        raise ValidationError({"title": MSG_TITLE_TAKEN}) from error
    project.themes.set(themes)
    project.partners.set([p for p in partners if p.pk != project.institution_id])
    return project


def project_create(*, institution: Institution, data: dict[str, Any]) -> Project:
    fields = {k: v for k, v in data.items() if k not in {"themes", "partners", "institution"}}
    project = Project(institution=institution, **fields)
    project.check_contact()
    with transaction.atomic():
        project = _save(project, themes=data["themes"], partners=data.get("partners", []))
        _record(project, Kind.PROJECT_ADDED)
        return project


def _record(project: Project, kind: str) -> None:
    """Projects are for members: the feed tells them, under the project's themes and institution."""
    record_activity(kind=kind, target=project, themes=project.themes.all(), institution=project.institution)


def project_update(*, project: Project, data: dict[str, Any]) -> Project:
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        status_before = project.status
        for name, value in data.items():
            if name not in {"themes", "partners", "institution"}:
                setattr(project, name, value)
        if "contact" in data:
            project.check_contact()
        project = _save(project, themes=data["themes"], partners=data.get("partners", []))
        if project.status != status_before:
            _record(project, Kind.PROJECT_STATUS)
        return project


def project_delete(*, project: Project) -> None:
    with transaction.atomic():
        project.delete()


MSG_BATCH_DONE = _("Dit bestand is al vastgelegd.")
MSG_BATCH_QUEUED = _("Dit bestand wordt al verwerkt.")
MSG_IMPORT_BROKE = _("Het vastleggen is mislukt; er is niets vastgelegd. Probeer het opnieuw.")
# A queued import that has not finished after this long is taken as lost (its worker stopped): it may be queued again.
IMPORT_QUEUED_STALE = datetime.timedelta(minutes=15)
MSG_COLUMN_TWICE = _("Elke kolom van Koers kan maar één kolom uit het bestand krijgen.")
MSG_NOTHING_TO_IMPORT = _("Er is geen enkele rij die kan worden vastgelegd. Pas het bestand aan en probeer opnieuw.")


def import_preview(*, actor: User | None, institution: Institution, upload: UploadedFile) -> ImportBatch:
    """Read an uploaded overview and keep it for the preview. Nothing is written to the portfolio yet.

    The columns are mapped as the institution mapped them last time, else by their names and contents;
    the first sheet with a title column is chosen. The member may change both on the preview.
    """
    tables = reading.read_tables(upload)
    if not any(table["rows"] for table in tables):
        raise ValidationError(importing.MSG_EMPTY)
    remembered = ImportMapping.objects.filter(institution=institution).values_list("columns", flat=True).first()
    mapping = importing.propose_mapping(tables, remembered)
    with_title = [t for t in tables if any(mapping.get(k) == "titel" for k, _h in importing.columns_of([t]))]
    sheets = [(with_title or tables)[0]["name"]]
    chosen = [t for t in tables if t["name"] in sheets]
    return ImportBatch.objects.create(
        institution=institution,
        created_by=actor,
        filename=(upload.name or "")[:255],
        tables=tables,
        sheets=sheets,
        mapping=mapping,
        rows=importing.apply_mapping(chosen, mapping),
    )


def import_configure(*, batch: ImportBatch, sheets: list[str], mapping: dict[str, str], clear_empty: bool) -> None:
    """The member's choice of sheets, of which column is which, and of what an empty cell does."""
    if batch.state != ImportBatch.State.PREVIEW:
        raise ValidationError(MSG_BATCH_DONE)
    used = [column for column in mapping.values() if column]
    if len(used) != len(set(used)):
        raise ValidationError(MSG_COLUMN_TWICE)
    chosen = [t for t in batch.tables if t["name"] in sheets]
    batch.sheets = [t["name"] for t in chosen]
    batch.mapping = mapping
    batch.clear_empty = clear_empty
    batch.rows = importing.apply_mapping(chosen, mapping)
    batch.save(update_fields=["sheets", "mapping", "clear_empty", "rows"])


def import_is_large(batch: ImportBatch) -> bool:
    """Whether committing the batch is left to a task (more rows than settings.KOERS_IMPORT_TASK_ROWS)."""
    return len(batch.rows) > settings.KOERS_IMPORT_TASK_ROWS


def import_queued_stale(batch: ImportBatch) -> bool:
    """A queued batch whose task has not finished in IMPORT_QUEUED_STALE: it may be queued again."""
    return (
        batch.state == ImportBatch.State.QUEUED
        and batch.queued_at is not None
        and batch.queued_at <= timezone.now() - IMPORT_QUEUED_STALE
    )


def import_commit_later(*, batch: ImportBatch) -> None:
    """Leave the commit of a large batch to a task (tasks.import_commit_queued), queued once this commits.

    The batch shows it is being processed until the task wrote it (committed) or said why not (back to the
    preview with ``error``). A batch queued long ago whose worker stopped may be queued again.
    """
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.state == ImportBatch.State.COMMITTED:
            raise ValidationError(MSG_BATCH_DONE)
        if locked.state == ImportBatch.State.QUEUED and not import_queued_stale(locked):
            raise ValidationError(MSG_BATCH_QUEUED)
        locked.state, locked.queued_at, locked.error = ImportBatch.State.QUEUED, timezone.now(), ""
        locked.save(update_fields=["state", "queued_at", "error"])
        transaction.on_commit(partial(tasks.import_commit_queued.enqueue, batch_id=locked.pk))


def import_commit_failed(*, batch_id: int, message: str) -> None:
    """The task could not write the batch: back to the preview, saying why (unless it was written meanwhile)."""
    ImportBatch.objects.filter(pk=batch_id, state=ImportBatch.State.QUEUED).update(
        state=ImportBatch.State.PREVIEW, error=message
    )


def import_commit(*, batch: ImportBatch, queued: bool = False) -> tuple[int, int]:
    """Write every new and changed row in one transaction; an update writes only the fields that change.

    Rows are checked again (the portfolio may have changed since the preview). Returns (created, updated).
    ``queued``: the task writes a batch that import_commit_later queued.
    """
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.state != (ImportBatch.State.QUEUED if queued else ImportBatch.State.PREVIEW):
            raise ValidationError(MSG_BATCH_QUEUED if batch.state == ImportBatch.State.QUEUED else MSG_BATCH_DONE)
        checked = importing.check(institution=batch.institution, rows=batch.rows, clear_empty=batch.clear_empty)
        accepted = [row for row in checked if row.action in ("new", "update")]
        if "titel" not in batch.mapping.values() and batch.tables:
            raise ValidationError(importing.MSG_NO_TITLE_COLUMN)
        if not accepted:
            raise ValidationError(MSG_NOTHING_TO_IMPORT)
        today = timezone.localdate()
        new, changed, theme_ids, partner_ids = [], [], {}, {}
        written: set[str] = {"last_reviewed"}
        for row in accepted:
            if row.project is None:
                project = Project(institution=batch.institution, last_reviewed=today, **row.fields)
                new.append(project)
            else:
                project = row.project
                for name, value in row.fields.items():
                    setattr(project, name, value)
                    written.add(name)
                project.last_reviewed = today
                changed.append(project)
            if row.theme_ids is not None:
                theme_ids[importing.title_key(project.title)] = row.theme_ids
            if row.partner_ids is not None:
                partner_ids[importing.title_key(project.title)] = row.partner_ids
        Project.objects.bulk_create(new, batch_size=500)
        Project.objects.bulk_update(changed, sorted(written), batch_size=500)
        derived.changed()  # bulk writes send no signals
        if new and new[0].pk is None:  # backends that do not return primary keys from bulk inserts
            ids_by_title = dict(Project.objects.filter(institution=batch.institution).values_list("title", "pk"))
            for project in new:
                project.pk = ids_by_title[project.title]
        through = Project.themes.through
        retheme = [p for p in [*new, *changed] if importing.title_key(p.title) in theme_ids]
        through.objects.filter(project__in=[p for p in changed if importing.title_key(p.title) in theme_ids]).delete()
        through.objects.bulk_create(
            [through(project_id=p.pk, theme_id=t) for p in retheme for t in theme_ids[importing.title_key(p.title)]],
            batch_size=1000,
        )
        # The institution's overview will most likely look the same next time.
        ImportMapping.objects.update_or_create(institution=batch.institution, defaults={"columns": batch.mapping})
        partners = Project.partners.through
        partnered = [p for p in [*new, *changed] if importing.title_key(p.title) in partner_ids]
        partners.objects.filter(
            project__in=[p for p in changed if importing.title_key(p.title) in partner_ids]
        ).delete()
        partners.objects.bulk_create(
            [
                partners(project_id=p.pk, institution_id=i)
                for p in partnered
                for i in partner_ids[importing.title_key(p.title)]
            ],
            batch_size=1000,
        )
        batch.state = ImportBatch.State.COMMITTED
        batch.committed_at = timezone.now()
        batch.created_count, batch.updated_count = len(new), len(changed)
        batch.error = ""
        # The file may name people (contacts); once written, its copy is no longer needed.
        batch.tables, batch.rows = [], []
        batch.save(update_fields=["state", "committed_at", "created_count", "updated_count", "error", "tables", "rows"])
    return len(new), len(changed)
