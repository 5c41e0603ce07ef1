"""Writes for the portfolio: one transaction each."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import User
from koers.members.models import Institution
from koers.themes.models import Theme

from . import importing
from .models import ImportBatch, Project

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
        return _save(project, themes=data["themes"], partners=data.get("partners", []))


def project_update(*, project: Project, data: dict[str, Any]) -> Project:
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        for name, value in data.items():
            if name not in {"themes", "partners", "institution"}:
                setattr(project, name, value)
        if "contact" in data:
            project.check_contact()
        return _save(project, themes=data["themes"], partners=data.get("partners", []))


def project_delete(*, project: Project) -> None:
    with transaction.atomic():
        project.delete()


MSG_BATCH_DONE = _("Dit bestand is al vastgelegd.")
MSG_NOTHING_TO_IMPORT = _("Er is geen enkele rij die kan worden vastgelegd. Pas het bestand aan en probeer opnieuw.")


def import_preview(*, actor: User, institution: Institution, upload: UploadedFile) -> ImportBatch:
    """Read an uploaded overview and keep it for the preview. Nothing is written to the portfolio yet."""
    rows = importing.read(upload)
    return ImportBatch.objects.create(
        institution=institution, created_by=actor, filename=(upload.name or "")[:255], rows=rows
    )


def import_commit(*, batch: ImportBatch) -> tuple[int, int]:
    """Write every accepted row in one transaction: new projects and updates of same-titled ones.

    Rows are checked again (the portfolio may have changed since the preview). Returns (created, updated).
    """
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.state != ImportBatch.State.PREVIEW:
            raise ValidationError(MSG_BATCH_DONE)
        accepted = [
            row for row in importing.check(institution=batch.institution, rows=batch.rows) if row.action != "rejected"
        ]
        if not accepted:
            raise ValidationError(MSG_NOTHING_TO_IMPORT)
        themes_by_key = {}
        for pk, name, slug in Theme.objects.values_list("pk", "name", "slug"):
            themes_by_key[name.lower()] = pk
            themes_by_key[slug] = pk
        existing = {p.title.lower(): p for p in Project.objects.filter(institution=batch.institution)}
        today = timezone.localdate()
        new, changed, theme_ids = [], [], {}
        for row in accepted:
            fields, ids = importing.to_fields(row.values, themes_by_key)
            project = existing.get(fields["title"].lower())
            if project is None:
                project = Project(institution=batch.institution, last_reviewed=today, **fields)
                new.append(project)
            else:
                for name, value in fields.items():
                    setattr(project, name, value)
                project.last_reviewed = today
                changed.append(project)
            theme_ids[fields["title"].lower()] = ids
        Project.objects.bulk_create(new, batch_size=500)
        Project.objects.bulk_update(
            changed,
            [
                "title",
                "description",
                "status",
                "horizon",
                "domain",
                "budget_band",
                "start_date",
                "end_date",
                "last_reviewed",
            ],
            batch_size=500,
        )
        if new and new[0].pk is None:  # backends that do not return primary keys from bulk inserts
            ids_by_title = dict(Project.objects.filter(institution=batch.institution).values_list("title", "pk"))
            for project in new:
                project.pk = ids_by_title[project.title]
        through = Project.themes.through
        through.objects.filter(project__in=changed).delete()
        through.objects.bulk_create(
            [through(project_id=p.pk, theme_id=t) for p in [*new, *changed] for t in theme_ids[p.title.lower()]],
            batch_size=1000,
        )
        batch.state = ImportBatch.State.COMMITTED
        batch.committed_at = timezone.now()
        batch.created_count, batch.updated_count = len(new), len(changed)
        batch.save(update_fields=["state", "committed_at", "created_count", "updated_count"])
    return len(new), len(changed)
