"""The coverage matrix: which institutions it shows (all, or those with projects) and in which order (by name, or
by coverage), as koers.portfolio.selectors.coverage_matrix decides and the page asks for."""

import pytest
from django.urls import reverse

from koers.portfolio.selectors import coverage_matrix
from koers.portfolio.services import project_create

from ..factories import InstitutionFactory, ThemeFactory


def make(institution, title, *themes):
    data = {"title": title, "status": "lopend", "horizon": "strategisch", "domain": "ict", "themes": list(themes)}
    return project_create(institution=institution, data=data)


@pytest.fixture
def colleges(db):
    """Five colleges: Albeda and Deltion on two themes, Curio on two themes with more projects, Bonhoeffer on one,
    Ecolint on none."""
    data, xr, ai = (ThemeFactory(name=name, slug=slug) for name, slug in [("Data", "data"), ("XR", "xr"), ("AI", "ai")])
    named = {name: InstitutionFactory(name=name) for name in ["Deltion", "Curio", "Bonhoeffer", "Albeda", "Ecolint"]}
    make(named["Albeda"], "A1", data, xr)
    make(named["Bonhoeffer"], "B1", ai)
    make(named["Bonhoeffer"], "B2", ai)
    make(named["Bonhoeffer"], "B3", ai)
    make(named["Curio"], "C1", data)
    make(named["Curio"], "C2", data, ai)
    make(named["Deltion"], "D1", xr, ai)
    return named


def names(matrix) -> list[str]:
    return [institution.name for institution in matrix.institutions]


def test_by_name_is_the_default_and_shows_every_institution(colleges):
    matrix = coverage_matrix()
    assert names(matrix) == ["Albeda", "Bonhoeffer", "Curio", "Deltion", "Ecolint"]
    assert matrix.hidden == 0
    assert {colleges[name].pk: n for name, n in [("Albeda", 2), ("Bonhoeffer", 1), ("Curio", 2), ("Deltion", 2)]} == (
        matrix.covered
    )


def test_by_coverage_most_themes_first_then_most_projects_then_name(colleges):
    # Curio: 2 themes, 3 projects on them; Albeda and Deltion: 2 themes, 2 each (by name); Bonhoeffer: 1; Ecolint: 0.
    assert names(coverage_matrix(sort="dekking")) == ["Curio", "Albeda", "Deltion", "Bonhoeffer", "Ecolint"]


def test_hiding_institutions_without_projects(colleges):
    matrix = coverage_matrix(hide_empty=True)
    assert names(matrix) == ["Albeda", "Bonhoeffer", "Curio", "Deltion"]
    assert matrix.hidden == 1
    matrix = coverage_matrix(hide_empty=True, sort="dekking", kind="roc", size_band="M")
    assert names(matrix) == ["Curio", "Albeda", "Deltion", "Bonhoeffer"]
    assert coverage_matrix(hide_empty=True, size_band="S").hidden == 0  # nobody of that size: nothing hidden


def test_an_unknown_order_is_by_name(colleges):
    assert names(coverage_matrix(sort="onzin")) == ["Albeda", "Bonhoeffer", "Curio", "Deltion", "Ecolint"]


def test_the_page_sorts_and_hides_as_asked(client, member, colleges):
    client.force_login(member)
    url = reverse("portfolio:coverage")
    response = client.get(url, {"sort": "dekking", "hide_empty": "on"})
    shown = [institution.name for institution in response.context["table"]()["matrix"].institutions]
    assert shown == ["Curio", "Albeda", "Deltion", "Bonhoeffer"]  # Horizon College (the member's) has no project
    page = response.content.decode()
    assert "2 instellingen zonder projecten zijn verborgen." in page
    assert '<option value="dekking" selected>Dekking</option>' in page
    assert '<input type="checkbox" name="hide_empty" id="id_hide_empty" checked>' in page
    assert page.index(">Curio</a></th>") < page.index(">Albeda</a></th>") < page.index(">Bonhoeffer</a></th>")
    # Without the checkbox every institution is there, by name; a wrong order is ignored, not an error.
    response = client.get(url, {"sort": "verkeerd"})
    assert response.status_code == 200
    shown = [institution.name for institution in response.context["table"]()["matrix"].institutions]
    assert shown == ["Albeda", "Bonhoeffer", "Curio", "Deltion", "Ecolint", "Horizon College"]
    assert "zonder projecten zijn verborgen" not in response.content.decode()


def test_the_theme_headers_link_to_the_theme_and_the_institution_column_is_marked(client, member, colleges):
    client.force_login(member)
    page = client.get(reverse("portfolio:coverage")).content.decode()
    assert '<th scope="col" class="coverage-theme"><a href="/portfolio/themas/xr/">XR</a></th>' in page
    assert page.count('<th scope="row" class="coverage-institution">') == 6 + 1  # six colleges and the total


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize("query", [{}, {"sort": "dekking", "hide_empty": "on"}, {"sort": "naam", "kind": "roc"}])
def test_coverage_page_query_count(client, django_assert_num_queries, member, count, query):
    theme = ThemeFactory()
    for n in range(count):
        make(InstitutionFactory(), f"Project {n}", theme)
        InstitutionFactory()
    client.force_login(member)
    with django_assert_num_queries(5):
        response = client.get(reverse("portfolio:coverage"), query)
    assert response.status_code == 200


def test_the_cells_give_the_number_of_projects_or_a_dot_with_a_hidden_zero(client, member, colleges):
    client.force_login(member)
    page = client.get(reverse("portfolio:coverage")).content.decode()
    empty = '<td class="empty"><span aria-hidden="true">·</span><span class="visually-hidden">0</span></td>'
    # Columns Data, XR, AI: Albeda has a project on Data and XR, Bonhoeffer three on AI, Ecolint none.
    assert f'>Albeda</a></th><td class="covered">1</td><td class="covered">1</td>{empty}</tr>' in page
    assert f'>Bonhoeffer</a></th>{empty}{empty}<td class="covered">3</td></tr>' in page
    assert f">Ecolint</a></th>{empty * 3}</tr>" in page
    assert "<td>3</td><td>2</td><td>5</td></tr>" in page  # the totals
