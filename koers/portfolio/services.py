"""Writes for the portfolio: one transaction each."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Project

MSG_TITLE_TAKEN = _("Deze instelling heeft al een project met deze titel.")
MSG_END_BEFORE_START = _("De einddatum ligt vóór de begindatum.")
MSG_NO_THEME = _("Kies minstens één thema.")


def _save(project: Project, *, themes, partners) -> Project:
    if not themes:
        raise ValidationError({"themes": MSG_NO_THEME})
    if project.start_date and project.end_date and project.end_date < project.start_date:
        raise ValidationError({"end_date": MSG_END_BEFORE_START})
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


def project_create(*, institution, data: dict[str, Any]) -> Project:
    fields = {k: v for k, v in data.items() if k not in {"themes", "partners", "institution"}}
    with transaction.atomic():
        return _save(
            Project(institution=institution, **fields), themes=data["themes"], partners=data.get("partners", [])
        )


def project_update(*, project: Project, data: dict[str, Any]) -> Project:
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        for name, value in data.items():
            if name not in {"themes", "partners", "institution"}:
                setattr(project, name, value)
        return _save(project, themes=data["themes"], partners=data.get("partners", []))


def project_delete(*, project: Project) -> None:
    with transaction.atomic():
        project.delete()
