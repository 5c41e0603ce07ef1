"""The columns of a portfolio export (CSV and XLSX alike); consent respected: contacts by name only."""

from django.utils.translation import gettext as _


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
