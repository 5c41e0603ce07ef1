"""Projects: who may edit, what the lists and the coverage matrix show, exports and "wie werkt ook hieraan"."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from koers.members.models import Institution
from koers.portfolio.models import MSG_END_BEFORE_START, Project
from koers.portfolio.selectors import coverage_matrix, lift_along, projects, status_per_theme, who_else
from koers.portfolio.services import MSG_NO_THEME, MSG_TITLE_TAKEN, project_create, project_update

from ..factories import InstitutionFactory, ThemeFactory, UserFactory, share


@pytest.fixture
def theme(db):
    return ThemeFactory(name="Data-ondersteund onderwijs", slug="data-ondersteund-onderwijs")


def make(institution, title, theme, **extra) -> Project:
    data = {"title": title, "status": "lopend", "horizon": "strategisch", "domain": "ict", "themes": [theme]}
    data.update(extra)
    return project_create(institution=institution, data=data)


def form_data(theme, **extra) -> dict:
    data = {"title": "Dashboard", "status": "lopend", "horizon": "operationeel", "domain": "ict", "themes": [theme.pk]}
    data.update(extra)
    return data


def test_member_creates_a_project_for_their_own_institution(client, member, institution, theme):
    client.force_login(member)
    response = client.post(reverse("portfolio:project-create"), form_data(theme, title="  Dashboard  "))
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert (project.institution, project.title, project.status) == (institution, "Dashboard", "lopend")
    assert list(project.themes.all()) == [theme]
    assert project.last_reviewed is not None


def test_member_cannot_create_for_another_institution(client, member, other_institution, theme):
    client.force_login(member)
    url = reverse("portfolio:project-create") + f"?instelling={other_institution.slug}"
    assert client.post(url, form_data(theme)).status_code == 403
    assert Project.objects.count() == 0


def test_steering_group_creates_for_any_institution(client, steering, other_institution, theme):
    client.force_login(steering)
    url = reverse("portfolio:project-create") + f"?instelling={other_institution.slug}"
    assert client.post(url, form_data(theme)).status_code == 302
    assert Project.objects.get().institution == other_institution


def test_member_edits_own_but_not_others_projects(client, member, other_member, institution, theme):
    own = make(institution, "Eigen project", theme)
    client.force_login(other_member)
    response = client.post(reverse("portfolio:project-edit", kwargs={"pk": own.pk}), form_data(theme, title="Gekaapt"))
    assert response.status_code == 403
    own.refresh_from_db()
    assert own.title == "Eigen project"
    client.force_login(member)
    response = client.post(reverse("portfolio:project-edit", kwargs={"pk": own.pk}), form_data(theme, title="Nieuw"))
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.title == "Nieuw"


def test_delete_asks_for_confirmation_first(client, member, institution, theme):
    project = make(institution, "Weg ermee", theme)
    client.force_login(member)
    url = reverse("portfolio:project-delete", kwargs={"pk": project.pk})
    page = client.get(url).content.decode()
    assert "Weet je zeker dat je" in page and Project.objects.count() == 1
    assert client.post(url).status_code == 302
    assert Project.objects.count() == 0


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"themes": []}, "themes", MSG_NO_THEME),
        ({"start_date": "2026-05-01", "end_date": "2026-01-01"}, "end_date", MSG_END_BEFORE_START),
        ({"title": "dashboard"}, "title", MSG_TITLE_TAKEN),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(client, member, institution, theme, extra, field, message):
    make(institution, "Dashboard", theme)
    client.force_login(member)
    before = list(Project.objects.values_list("pk", "title"))
    data = form_data(theme, title="Ander project")
    data.update(extra)
    if extra.get("themes") == []:
        data.pop("themes")
    response = client.post(reverse("portfolio:project-create"), data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert str(message) in " ".join(errors.get(field, []) + errors.get("__all__", [])) or (
        field == "themes" and errors["themes"] == ["Dit veld is verplicht."]
    )
    assert list(Project.objects.values_list("pk", "title")) == before


def test_services_refuse_without_a_theme_and_with_a_taken_title(institution, theme):
    make(institution, "Dashboard", theme)
    with pytest.raises(ValidationError) as raised:
        make(institution, "DASHBOARD", theme)
    assert raised.value.message_dict == {"title": [str(MSG_TITLE_TAKEN)]}
    with pytest.raises(ValidationError) as raised:
        project_create(institution=institution, data={"title": "X", "themes": []})
    assert raised.value.message_dict == {"themes": [str(MSG_NO_THEME)]}
    project = Project.objects.get()
    project_update(project=project, data={"title": "Dashboard", "status": "afgerond", "themes": [theme]})
    project.refresh_from_db()
    assert project.status == "afgerond"


def test_filters_and_sorting(institution, other_institution, theme):
    other_theme = ThemeFactory(name="XR", slug="xr")
    small = InstitutionFactory(name="Terra", slug="terra", size_band="S", kind="aoc")
    make(institution, "Bravo", theme, status="lopend")
    make(other_institution, "Alfa", other_theme, status="idee", horizon="operationeel", domain="business")
    make(small, "Charlie", theme, status="afgerond")
    titles = lambda **f: [p.title for p in projects(**f)]  # noqa: E731
    assert titles() == ["Alfa", "Bravo", "Charlie"]
    assert titles(theme=theme) == ["Bravo", "Charlie"]
    assert titles(status="idee") == ["Alfa"]
    assert titles(institution=small) == ["Charlie"]
    assert titles(kind="aoc") == ["Charlie"]
    assert titles(size_band="S") == ["Charlie"]
    assert titles(quadrant="operationeel/business") == ["Alfa"]
    assert titles(q="brav") == ["Bravo"]
    assert titles(sort="institution") == ["Alfa", "Bravo", "Charlie"]  # Albeda, Horizon College, Terra


def test_coverage_matrix_counts_and_finds_uncovered_themes(institution, other_institution, theme):
    xr = ThemeFactory(name="XR", slug="xr")
    nobody = ThemeFactory(name="Niemand", slug="niemand")
    make(institution, "A", theme)
    make(institution, "B", theme)
    make(other_institution, "C", xr)
    matrix = coverage_matrix()
    assert matrix.counts == {(institution.pk, theme.pk): 2, (other_institution.pk, xr.pk): 1}
    assert matrix.theme_totals == {theme.pk: 2, xr.pk: 1}
    assert matrix.uncovered == [nobody]


@pytest.mark.parametrize("projects_per_institution", [1, 4])
def test_coverage_matrix_query_count_does_not_grow(
    django_assert_num_queries, institution, other_institution, theme, projects_per_institution
):
    for n in range(projects_per_institution):
        make(institution, f"A{n}", theme)
        make(other_institution, f"B{n}", theme)
    with django_assert_num_queries(3):
        coverage_matrix()


def test_who_else_shows_other_colleges_with_consented_contacts_only(institution, other_institution, theme):
    mine = make(institution, "Mijn project", theme)
    theirs = make(other_institution, "Hun project", theme)
    sharing = UserFactory(full_name="Deelt Wel", email="deelt@albeda.example", institution=other_institution)
    share(sharing, "email")
    UserFactory(full_name="Deelt Niet", email="geheim@albeda.example", institution=other_institution)
    colleagues = who_else(themes=[theme], exclude_institution=institution)
    assert [c.institution for c in colleagues] == [other_institution]
    assert colleagues[0].projects == [theirs]
    assert [(c.full_name, c.email) for c in colleagues[0].contacts] == [
        ("Deelt Niet", None),
        ("Deelt Wel", "deelt@albeda.example"),
    ]
    assert mine not in colleagues[0].projects


def test_who_else_names_five_projects_and_contacts_per_college_and_links_to_the_rest(
    client, member, institution, other_institution, theme
):
    for n in range(8):
        make(other_institution, f"Project {n}", theme, status="lopend" if n == 7 else "idee")
    for n in range(7):
        UserFactory(full_name=f"Lid {n}", email=f"lid{n}@albeda.example", institution=other_institution)
    reachable = UserFactory(full_name="Zeker Bereikbaar", email="zeker@albeda.example", institution=other_institution)
    share(reachable, "email")
    [colleague] = who_else(themes=[theme], exclude_institution=institution)
    assert [p.title for p in colleague.projects] == [f"Project {n}" for n in range(5)]
    assert (colleague.more_projects, colleague.more_contacts, colleague.further_along) == (3, True, True)
    # The member who shares an address is among the five, the rest by name; shown by name.
    assert [c.full_name for c in colleague.contacts] == ["Lid 0", "Lid 1", "Lid 2", "Lid 3", "Zeker Bereikbaar"]
    client.force_login(member)
    page = client.get(reverse("portfolio:theme-portfolio", kwargs={"slug": theme.slug})).content.decode()
    assert "En nog 3 projecten op deze thema's." in page
    assert f'href="/portfolio/?institution={other_institution.slug}">Alle projecten van Albeda</a>' in page
    assert f'href="{other_institution.get_absolute_url()}">Alle leden van Albeda</a>' in page


def test_theme_portfolio_is_paged(client, member, institution, theme):
    for n in range(26):
        make(institution, f"Project {n:02d}", theme)
    client.force_login(member)
    url = reverse("portfolio:theme-portfolio", kwargs={"slug": theme.slug})
    first, second = client.get(url), client.get(url + "?page=2")
    assert [p.title for p in first.context["page_obj"]()][-1] == "Project 24"
    assert [p.title for p in second.context["page_obj"]()] == ["Project 25"]
    assert "<h2>26 projecten</h2>" in second.content.decode()
    assert "Pagina 2 van 2" in second.content.decode()


def test_small_college_is_shown_larger_colleges_further_along(db, theme):
    small = InstitutionFactory(name="Terra", slug="terra", size_band=Institution.SizeBand.SMALL)
    large = InstitutionFactory(name="ROC Groot", slug="roc-groot", size_band=Institution.SizeBand.LARGE)
    starting = InstitutionFactory(name="ROC Begint", slug="roc-begint", size_band=Institution.SizeBand.LARGE)
    make(large, "Draait al", theme, status="lopend")
    make(starting, "Nog een idee", theme, status="idee")
    colleagues = who_else(themes=[theme], exclude_institution=small)
    assert [c.institution.name for c in lift_along(colleagues=colleagues, institution=small)] == ["ROC Groot"]
    assert lift_along(colleagues=colleagues, institution=large) == []


def test_export_csv_and_xlsx_follow_the_filters(client, member, institution, other_institution, theme):
    contact = UserFactory(full_name="Piet Contact", email="piet@horizon.example", institution=institution)
    make(institution, "Dashboard", theme, contact=contact)
    make(other_institution, "Ander", ThemeFactory(name="XR", slug="xr"))
    client.force_login(member)
    response = client.get(reverse("portfolio:export", kwargs={"fmt": "csv"}), {"theme": theme.slug})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Titel", "Instelling", "Status", "Thema's"]
    assert [r[:4] for r in rows[1:]] == [["Dashboard", "Horizon College", "Lopend", "Data-ondersteund onderwijs"]]
    assert rows[1][9] == "Piet Contact"
    assert "piet@horizon.example" not in response.content.decode("utf-8-sig")  # no unconsented contact data
    response = client.get(reverse("portfolio:export", kwargs={"fmt": "xlsx"}))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[0] for row in sheet.iter_rows(values_only=True)] == ["Titel", "Ander", "Dashboard"]
    assert client.get(reverse("portfolio:export", kwargs={"fmt": "pdf"})).status_code == 404


def test_my_portfolio_without_institution_points_to_the_profile(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("portfolio:my-portfolio"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:profile")


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize(
    ("name", "kwargs", "queries"),
    [
        ("portfolio:project-list", None, 9),
        ("portfolio:my-portfolio", None, 8),
        ("portfolio:coverage", None, 5),
        ("portfolio:theme-portfolio", {"slug": "data-ondersteund-onderwijs"}, 11),
    ],
)
def test_list_pages_query_count(
    client, django_assert_num_queries, member, institution, other_institution, theme, name, kwargs, queries, count
):
    for n in range(count):
        make(institution, f"Eigen {n}", theme, contact=member)
        make(other_institution, f"Ander {n}", theme)
        share(UserFactory(institution=other_institution), "email")
    client.force_login(member)
    with django_assert_num_queries(queries):
        response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_project_detail_query_count(
    client, django_assert_num_queries, member, institution, other_institution, theme, count
):
    project = make(institution, "Hoofdproject", theme, contact=member)
    for n in range(count):
        make(other_institution, f"Ander {n}", theme)
        share(UserFactory(institution=other_institution), "email")
    client.force_login(member)
    with django_assert_num_queries(11):
        response = client.get(project.get_absolute_url())
    assert response.status_code == 200


def test_choosing_no_institution_says_so(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("portfolio:project-create"), {"instelling": ""})
    assert response.status_code == 200
    assert "Dit veld is verplicht." in response.content.decode()
    assert "Dit veld is verplicht." not in client.get(reverse("portfolio:project-create")).content.decode()


def test_status_per_theme_counts_the_listed_projects_per_theme_and_status(institution, other_institution, theme):
    xr = ThemeFactory(name="XR", agenda=theme.agenda)
    ai = ThemeFactory(name="Data en AI", agenda=theme.agenda)
    ThemeFactory(name="Zonder projecten")
    make(institution, "Dashboard", theme)
    make(institution, "Brillen", xr, status="idee")
    make(institution, "Leerroutes", theme, status="afgerond", themes=[theme, xr])  # counts under both
    make(other_institution, "Chatbot", ai, status="gestopt")
    result = status_per_theme(projects=projects())
    assert [status.value for status in result.statuses] == ["idee", "gepland", "lopend", "afgerond", "gestopt"]
    assert result.themes == ["Data en AI", "Data-ondersteund onderwijs", "XR"]
    assert result.counts == [[0, 0, 0, 0, 1], [0, 0, 1, 1, 0], [1, 0, 0, 1, 0]]
    mine = status_per_theme(projects=projects(institution=institution, status="afgerond"))
    assert (mine.themes, mine.counts) == (["Data-ondersteund onderwijs", "XR"], [[0, 0, 0, 1, 0], [0, 0, 0, 1, 0]])
    assert status_per_theme(projects=projects(q="niets")).themes == []


def test_the_project_list_draws_projects_per_theme_and_status(client, member, institution, theme):
    client.force_login(member)
    assert "chart-projects-per-theme" not in client.get(reverse("portfolio:project-list")).content.decode()
    make(institution, "Dashboard", theme)
    page = client.get(reverse("portfolio:project-list")).content.decode()
    assert '<h2 id="per-theme-heading">Projecten per thema en status</h2>' in page
    assert '<desc id="chart-projects-per-theme-desc">Data-ondersteund onderwijs: Idee 0, Gepland 0, Lopend 1' in page
    cells = "<td>0</td><td>0</td><td>1</td><td>0</td><td>0</td><td>1</td>"
    assert f'<tr><th scope="row">Data-ondersteund onderwijs</th>{cells}</tr>' in page
