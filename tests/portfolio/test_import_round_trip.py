"""A portfolio exported from Koers imports back unchanged."""

import datetime

import pytest
from django.urls import reverse

from koers.portfolio import importing
from koers.portfolio.models import ImportBatch, Project

from ..factories import ThemeFactory
from .import_files import upload


@pytest.fixture
def portfolio(institution, other_institution, member):
    themes = [ThemeFactory(name="Data en AI", slug="data-en-ai"), ThemeFactory(name="Digitaal toetsen", slug="dt")]
    full = Project.objects.create(
        institution=institution,
        title="Rooster  voor alle locaties",
        description="- eerst de mbo-colleges\n- daarna de rest\n\n=SOM is geen formule",
        status="lopend",
        horizon="strategisch",
        domain="business",
        start_date=datetime.date(2023, 9, 1),
        end_date=datetime.date(2025, 7, 31),
        budget_band=">1m",
        contact=member,
    )
    full.themes.set(themes)
    full.partners.set([other_institution])
    plain = Project.objects.create(institution=institution, title="Datalab")
    plain.themes.set(themes[:1])
    for band in ("<50k", "50k-250k", "250k-1m"):
        project = Project.objects.create(institution=institution, title=f"Budget {band}", budget_band=band)
        project.themes.set(themes[1:])
    return Project.objects.filter(institution=institution)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_export_imports_back_unchanged(client, member, institution, portfolio, fmt):
    client.force_login(member)
    before = {p.pk: (p.updated_at, p.last_reviewed) for p in portfolio}
    export = client.get(reverse("portfolio:export", kwargs={"fmt": fmt}), {"institution": institution.slug})
    response = client.post(reverse("portfolio:import-start"), {"file": upload(f"export.{fmt}", export.content)})
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    rows = importing.check(institution=institution, rows=batch.rows)
    assert [(r.values["titel"], r.action, r.changes, r.errors) for r in rows] == [
        (title, "unchanged", [], [])
        for title in ["Budget 250k-1m", "Budget 50k-250k", "Budget <50k", "Datalab", "Rooster  voor alle locaties"]
    ]
    page = client.get(response["Location"]).content.decode()
    assert "<li>5 bestaande projecten blijven ongewijzigd</li>" in page
    assert "Niet geïmporteerd (geen kolom van Koers gekozen): Instelling, Laatst bijgewerkt." in page
    assert "Er is niets vast te leggen: elk project in het bestand is gelijk aan wat Koers al heeft." in page
    assert "Leg 0 projecten vast" not in page
    committed = client.post(response["Location"], follow=True).content.decode()
    assert "Er is geen enkele rij die kan worden vastgelegd." in committed
    assert {p.pk: (p.updated_at, p.last_reviewed) for p in portfolio} == before
