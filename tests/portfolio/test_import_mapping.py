"""Mapping the columns: proposed from names and contents, confirmed by the member, remembered per institution."""

import pytest
from django.urls import reverse

from koers.portfolio import importing, reading
from koers.portfolio.models import ImportBatch, ImportMapping, Project
from koers.portfolio.services import MSG_COLUMN_TWICE, import_commit, import_preview

from ..factories import ThemeFactory, UserFactory
from .import_files import csv_bytes, upload

DUTCH = ["Projectnaam", "Omschrijving", "Status", "Thema('s)", "Startdatum", "Einddatum", "Contactpersoon"]


@pytest.fixture
def themes(db):
    return [ThemeFactory(name="Data en AI", slug="data-en-ai")]


def test_a_mapping_is_proposed_from_the_headers():
    tables = reading.read_tables(upload("o.csv", csv_bytes([DUTCH, ["Rooster", "", "", "", "", "", ""]])))
    assert importing.propose_mapping(tables) == {
        "projectnaam": "titel",
        "omschrijving": "omschrijving",
        "status": "status",
        "themas": "thema's",
        "startdatum": "begindatum",
        "einddatum": "einddatum",
        "contactpersoon": "contactpersoon",
    }


def test_unknown_headers_are_mapped_by_their_contents():
    lines = [
        ["Wat", "Fase", "Van", "Tot", "Mail", "Kleur", "Bedrag"],
        ["Rooster", "In uitvoering", "sept 2023", "Q3 2024", "anna@roc.example", "rood", "45000"],
        ["Datalab", "Afgerond", "1-9-2022", "2023", "piet@roc.example", "blauw", "52000"],
    ]
    tables = reading.read_tables(upload("o.csv", csv_bytes(lines)))
    # "Wat" is not known and its contents say nothing; "Fase" and "Tot" are synonyms; "Van" and "Mail" by content.
    assert importing.propose_mapping(tables) == {
        "wat": "",
        "fase": "status",
        "van": "begindatum",
        "tot": "einddatum",
        "mail": "contactpersoon",
        "kleur": "",
        "bedrag": "",  # numbers are not taken for dates
    }


def form_data(mapping: list[str], **extra) -> dict:
    return {**{f"indeling-kolom_{i}": m for i, m in enumerate(mapping)}, "settings": "1", **extra}


def test_the_member_confirms_or_changes_the_mapping_and_it_is_remembered(client, member, institution, themes):
    lines = [["Wat", "Thema", "Kleur"], ["Rooster", "Data en AI", "rood"]]
    client.force_login(member)
    response = client.post(reverse("portfolio:import-start"), {"file": upload("o.csv", csv_bytes(lines))})
    batch = ImportBatch.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "Geen kolom is als titel aangewezen. Kies hieronder welke kolom de naam van het project bevat." in page
    assert "Leg " not in page
    assert "Niet geïmporteerd (geen kolom van Koers gekozen): Wat, Kleur." in page
    assert (
        '<th scope="row"><label for="id_indeling-kolom_0">Wat</label></th>\n'
        '        <td data-label="Eerste waarde">Rooster</td>' in page
    )
    assert client.post(response["Location"]).status_code == 302  # a commit without a title column is refused
    assert Project.objects.count() == 0

    response = client.post(response["Location"], form_data(["thema's", "thema's", ""]))
    assert response.status_code == 400
    assert response.context["settings_form"].non_field_errors() == [str(MSG_COLUMN_TWICE)]

    response = client.post(
        reverse("portfolio:import-preview", kwargs={"pk": batch.pk}), form_data(["titel", "thema's", ""])
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "<li>1 nieuw project</li>" in page and "Niet geïmporteerd (geen kolom van Koers gekozen): Kleur." in page
    client.post(response["Location"])
    assert list(Project.objects.values_list("title", flat=True)) == ["Rooster"]
    assert ImportMapping.objects.get(institution=institution).columns == {
        "wat": "titel",
        "thema": "thema's",
        "kleur": "",
    }

    again = import_preview(actor=member, institution=institution, upload=upload("o.csv", csv_bytes(lines)))
    assert again.mapping == {"wat": "titel", "thema": "thema's", "kleur": ""}


def test_a_remembered_mapping_is_the_institutions_own(member, institution, other_institution, themes):
    ImportMapping.objects.create(institution=other_institution, columns={"wat": "titel"})
    lines = [["Wat", "Thema"], ["Rooster", "Data en AI"]]
    batch = import_preview(actor=member, institution=institution, upload=upload("o.csv", csv_bytes(lines)))
    assert batch.mapping == {"wat": "", "thema": "thema's"}


def test_contacts_are_matched_by_name_or_email_among_the_institutions_members(
    client, member, institution, other_institution, themes
):
    anna = UserFactory(institution=institution, full_name="Anna de Vriës", email="anna@roc.example")
    elsewhere = UserFactory(institution=other_institution, full_name="Piet Jansen", email="piet@ander.example")
    gone = UserFactory(institution=institution, full_name="Oud Lid", email="oud@roc.example", is_active=False)
    lines = [
        ["Projectnaam", "Thema", "Eigenaar"],
        ["Een", "Data en AI", "anna  de vries"],
        ["Twee", "Data en AI", "ANNA@roc.example"],
        ["Drie", "Data en AI", elsewhere.email],
        ["Vier", "Data en AI", gone.full_name],
        ["Vijf", "Data en AI", "Onbekende Naam"],
        ["Zes", "Data en AI", member.email],
    ]
    client.force_login(member)
    response = client.post(reverse("portfolio:import-start"), {"file": upload("o.csv", csv_bytes(lines))})
    batch = ImportBatch.objects.get()
    rows = importing.check(institution=institution, rows=batch.rows)
    assert [(r.values["titel"], r.action, r.fields.get("contact")) for r in rows] == [
        ("Een", "new", anna),
        ("Twee", "new", anna),
        ("Drie", "new", None),
        ("Vier", "new", None),
        ("Vijf", "new", None),
        ("Zes", "new", member),
    ]
    page = client.get(response["Location"]).content.decode()
    assert "Contactpersonen die geen lid van de instelling zijn: piet@ander.example, Oud Lid, Onbekende Naam." in page
    assert "&#x27;Onbekende Naam&#x27; is geen lid van deze instelling; de contactpersoon blijft ongewijzigd." in page
    client.post(response["Location"])
    batch.refresh_from_db()
    assert (batch.state, batch.tables, batch.rows, batch.created_count) == ("committed", [], [], 6)
    assert dict(Project.objects.values_list("title", "contact")) == {
        "Een": anna.pk,
        "Twee": anna.pk,
        "Drie": None,
        "Vier": None,
        "Vijf": None,
        "Zes": member.pk,
    }


def test_partner_institutions_by_name_or_short_name(member, institution, other_institution, themes):
    other_institution.short_name = "ROC-A"
    other_institution.save()
    project = Project.objects.create(institution=institution, title="Rooster")
    project.themes.set(themes)
    lines = [
        ["Projectnaam", "Samenwerkingspartners"],
        ["Rooster", f"roc-a; {institution.name}; Onbekend College"],
    ]
    batch = import_preview(actor=member, institution=institution, upload=upload("o.csv", csv_bytes(lines)))
    assert batch.mapping == {"projectnaam": "titel", "samenwerkingspartners": "partners"}
    [row] = importing.check(institution=institution, rows=batch.rows)
    assert (row.action, row.partner_ids) == ("update", [other_institution.pk])  # the own institution is no partner
    assert row.changes == [("partners", "–", other_institution.name)]
    assert row.warnings == [
        ("partners", "'Onbekend College' is geen instelling in Koers; deze partner wordt overgeslagen.")
    ]
    assert import_commit(batch=batch) == (0, 1)
    assert list(project.partners.all()) == [other_institution]


def test_names_go_before_contents_and_remembered_choices_before_names():
    lines = [["Wanneer", "Startdatum", "Naam", "Projectcode"], ["sept 2023", "1-9-2023", "Rooster", "R-1"]]
    tables = reading.read_tables(upload("o.csv", csv_bytes(lines)))
    assert importing.propose_mapping(tables) == {
        "wanneer": "einddatum",  # the dates of an unknown column, after "Startdatum" took the start
        "startdatum": "begindatum",
        "naam": "titel",
        "projectcode": "",
    }
    remembered = {"projectcode": "titel", "naam": "", "wanneer": "begindatum"}
    assert importing.propose_mapping(tables, remembered) == {
        "wanneer": "begindatum",
        "startdatum": "",
        "naam": "",
        "projectcode": "titel",
    }
