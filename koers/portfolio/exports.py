"""Portfolio exports as CSV and XLSX: the same columns for both, consent respected (names only)."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook


def columns() -> list[str]:
    return [
        _("Titel"),
        _("Instelling"),
        _("Status"),
        _("Thema's"),
        _("Perspectief"),
        _("Domein"),
        _("Begindatum"),
        _("Einddatum"),
        _("Budget"),
        _("Contactpersoon"),
        _("Partnerinstellingen"),
        _("Laatst bijgewerkt"),
        _("Omschrijving"),
    ]


def rows(projects) -> list[list[str]]:
    return [
        [
            p.title,
            p.institution.name,
            p.get_status_display(),
            "; ".join(t.name for t in p.themes.all()),
            p.get_horizon_display(),
            p.get_domain_display(),
            p.start_date.isoformat() if p.start_date else "",
            p.end_date.isoformat() if p.end_date else "",
            p.get_budget_band_display() if p.budget_band else "",
            p.contact.full_name if p.contact and p.contact.is_active else "",
            "; ".join(i.name for i in p.partners.all()),
            p.last_reviewed.isoformat() if p.last_reviewed else "",
            p.description,
        ]
        for p in projects
    ]


def as_csv(projects) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")  # Dutch spreadsheet programs expect semicolons
    writer.writerow(columns())
    writer.writerows(rows(projects))
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM so Excel reads UTF-8


def as_xlsx(projects) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Portfolio")
    sheet.append(columns())
    for row in rows(projects):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
