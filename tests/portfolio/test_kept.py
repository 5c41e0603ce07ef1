"""The portfolio's big parts are kept in the shared cache ({% cached_until %}): the coverage matrix, a theme's
colleges on its hub, a theme's projects and "Wie werkt ook hieraan?". Each is worked out again as soon as anything
it shows changes."""

import pytest
from django.urls import reverse

from koers.members.services import consent_set
from koers.portfolio.services import project_create

from ..factories import InstitutionFactory, ThemeFactory, UserFactory, share
from ..pages import page_and_queries


def make(institution, title, *themes, status="lopend"):
    data = {"title": title, "status": status, "horizon": "strategisch", "domain": "ict", "themes": list(themes)}
    return project_create(institution=institution, data=data)


def page(client, url):
    return page_and_queries(client, url)


@pytest.fixture
def theme(db):
    return ThemeFactory(name="Data en AI", slug="data-en-ai")


def test_the_coverage_matrix_is_kept_until_a_project_or_an_institution_changes(client, member, theme):
    curio = InstitutionFactory(name="Curio")
    make(curio, "Datalab", theme)
    client.force_login(member)
    url = reverse("portfolio:coverage")
    first, asked = page(client, url)
    assert page(client, url) == (first, asked - 3)  # kept: institutions, themes and counts are not read again
    make(InstitutionFactory(name="Albeda"), "Dashboard", theme)
    assert ">Albeda</a></th>" in page(client, url)[0]
    curio.name = "Curio Breda"
    curio.save()
    assert ">Curio Breda</a></th>" in page(client, url)[0]


def test_a_themes_colleges_are_kept_until_a_project_changes(client, member, theme):
    project = make(InstitutionFactory(name="Curio"), "Datalab", theme)
    client.force_login(member)
    url = theme.get_absolute_url()
    assert "Datalab" in page(client, url)[0]
    project.title = "Datalab Breda"
    project.save()
    shown = page(client, url)[0]
    assert "Datalab Breda" in shown
    project.themes.clear()  # off the theme: a change of the relation alone
    assert "Datalab" not in page(client, url)[0]


def test_who_else_is_kept_until_a_contact_or_what_they_share_changes(client, member, theme):
    curio = InstitutionFactory(name="Curio")
    make(curio, "Datalab", theme, status="afgerond")
    contact = UserFactory(institution=curio, full_name="Karin Contact", email="karin@curio.example")
    share(contact, "email")
    client.force_login(member)
    url = reverse("portfolio:theme-portfolio", args=[theme.slug])
    shown = page(client, url)[0]
    assert "Karin Contact" in shown and "mailto:karin@curio.example" in shown
    consent_set(user=contact, field="email", granted=False)
    shown = page(client, url)[0]
    assert "Karin Contact" in shown and "karin@curio.example" not in shown
    contact.full_name = "Karin de Vries"
    contact.save()
    assert "Karin de Vries" in page(client, url)[0]
    # Another college's member sees another list: their own college is left out of it.
    client.force_login(UserFactory(institution=curio))
    assert "Nog geen andere instellingen met projecten" in page(client, url)[0]


def test_the_project_list_is_kept_per_filter_until_a_project_changes(client, member, theme):
    project = make(InstitutionFactory(name="Curio"), "Datalab", theme)
    client.force_login(member)
    url = reverse("portfolio:project-list")
    first, asked = page(client, url)
    assert page(client, url) == (first, asked - 6)  # kept: the list, its count, its chart and the filter's options
    project.title = "Datalab Breda"
    project.save()
    assert "Datalab Breda" in page(client, url)[0]
    assert "Datalab Breda" not in page(client, f"{url}?status=afgerond")[0]  # another filter, another part


def test_a_themes_projects_are_kept_per_page_until_a_project_or_its_institution_changes(client, member, theme):
    curio = InstitutionFactory(name="Curio")
    project = make(curio, "Datalab", theme)
    client.force_login(member)
    url = reverse("portfolio:theme-portfolio", args=[theme.slug])
    first, asked = page(client, url)
    again, asked_again = page(client, url)
    assert again == first and asked_again < asked
    assert "<h2>1 project</h2>" in first and ">Datalab</a>" in first
    make(curio, "Roosterkoppeling", theme)
    assert "<h2>2 projecten</h2>" in page(client, url)[0]
    project.title = "Datalab Breda"
    project.save()
    assert ">Datalab Breda</a>" in page(client, url)[0]
    curio.name = "Curio Breda"
    curio.save()
    shown = page(client, url)[0]
    assert shown.count('data-label="Instelling">Curio Breda</td>') == 2
    past_the_end = page(client, f"{url}?page=2")[0]  # the last page, kept under its own key
    assert past_the_end.count('data-label="Instelling">Curio Breda</td>') == 2
