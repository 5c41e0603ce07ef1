"""The API's institutions, themes and projects: output, filters, paging, who may change what, bad input."""

import datetime

import pytest
from django import forms
from django.core.validators import MaxLengthValidator
from django.test import Client
from django.utils import timezone
from rest_framework import fields, relations, serializers

from koers.api.endpoints.portfolio import MSG_MOVED, MSG_NO_INSTITUTION, MSG_OWN_ONLY
from koers.api.errors import (
    MSG_FORBIDDEN,
    MSG_INVALID,
    MSG_MALFORMED,
    MSG_METHOD,
    MSG_NOT_FOUND,
    MSG_UNAUTHENTICATED,
)
from koers.api.fields import TextField
from koers.api.pagination import MSG_NO_PAGE, MSG_PAGE_NUMBER, MSG_PAGE_SIZE
from koers.api.permissions import MSG_READ_ONLY_TOKEN
from koers.core.models import AuditEvent
from koers.members.models import Institution
from koers.portfolio.models import MSG_CONTACT_ELSEWHERE, MSG_END_BEFORE_START, Project
from koers.portfolio.services import MSG_NO_THEME, MSG_TITLE_TAKEN, project_create

from ..factories import AgendaFactory, InstitutionFactory, ThemeFactory, UserFactory
from .errors import (
    BLANK,
    NOT_A_LIST,
    NULL,
    REQUIRED,
    assert_error,
    assert_invalid,
    bad_choice,
    drf,
    no_pk,
    no_slug,
    nul,
    null_character,
    too_long,
)

pytestmark = pytest.mark.django_db

INSTITUTIONS = "/api/v1/institutions/"
THEMES = "/api/v1/themes/"
PROJECTS = "/api/v1/projects/"
REVIEWED = datetime.date(2026, 3, 2)


# The filters are Django forms, with Django's messages.
def form_message(owner, key: str, **values):
    return lambda: str(owner.default_error_messages[key]) % values


def form_choice(value: str):
    return form_message(forms.ChoiceField, "invalid_choice", value=value)


FORM_MODEL_CHOICE = form_message(forms.ModelChoiceField, "invalid_choice")


def form_too_long(limit: int, length: int):
    return lambda: MaxLengthValidator(limit).message % {"limit_value": limit, "show_value": length}


def counts() -> dict[str, int]:
    """Everything a project write could touch."""
    return {
        "projects": Project.objects.count(),
        "themes": Project.themes.through.objects.count(),
        "partners": Project.partners.through.objects.count(),
        "institutions": Institution.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def results(response) -> list:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def slugs(response, key: str = "slug") -> list:
    return [row[key] for row in results(response)]


@pytest.fixture
def theme(db):
    agenda = AgendaFactory(name="Npuls", slug="npuls", start_year=2023, end_year=2031)
    return ThemeFactory(
        agenda=agenda, name="Data-ondersteund onderwijs", slug="data", line="Pilothub", description="Met data."
    )


@pytest.fixture
def other_theme(theme):
    return ThemeFactory(agenda=theme.agenda, name="Zelfsturend leren", slug="zelfsturend", description="Leren.")


def make_project(institution, title="Dashboard", themes=(), **extra) -> Project:
    data = {"title": title, "status": "lopend", "horizon": "strategisch", "domain": "ict", **extra}
    project = project_create(institution=institution, data={**data, "themes": list(themes)})
    Project.objects.filter(pk=project.pk).update(last_reviewed=REVIEWED)
    project.refresh_from_db()
    return project


@pytest.fixture
def project(institution, other_institution, member, theme):
    return make_project(
        institution,
        themes=[theme],
        description="Een dashboard voor docenten.",
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 12, 31),
        budget_band="50k-250k",
        contact=member,
        partners=[other_institution],
    )


def project_json(project: Project, **changes) -> dict:
    return {
        "id": project.pk,
        "institution": "horizon-college",
        "title": "Dashboard",
        "description": "Een dashboard voor docenten.",
        "status": "lopend",
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
        "themes": ["data"],
        "horizon": "strategisch",
        "domain": "ict",
        "budget_band": "50k-250k",
        "contact": {"id": project.contact_id, "name": "Gerda Visser"},
        "partners": ["albeda"],
        "last_reviewed": "2026-03-02",
        **changes,
    }


def new_project(theme, **extra) -> dict:
    return {
        "title": "Roosterkoppeling",
        "status": "idee",
        "horizon": "operationeel",
        "domain": "ict",
        "themes": [theme.slug],
    } | extra


# Institutions ----------------------------------------------------------------------------------------


def test_a_member_reads_an_institution_with_its_member_count(api, member, institution, other_member):
    Institution.objects.filter(pk=institution.pk).update(
        short_name="Horizon",
        website="https://www.horizoncollege.nl",
        institution_code="25LH",
        schac_home="horizoncollege.nl",
        size_band="L",
    )
    UserFactory(institution=institution, is_active=False)  # not counted
    UserFactory(institution=institution, anonymised_at=timezone.now())  # not counted
    UserFactory(institution=institution)
    expected = {
        "slug": "horizon-college",
        "name": "Horizon College",
        "short_name": "Horizon",
        "kind": "roc",
        "city": "Utrecht",
        "website": "https://www.horizoncollege.nl",
        "institution_code": "25LH",
        "schac_home": "horizoncollege.nl",
        "size_band": "L",
        "member_count": 2,
    }
    client = api(member)
    assert client.get(INSTITUTIONS + "horizon-college/").json() == expected
    response = client.get(INSTITUTIONS)
    assert response.json() == {
        "count": 2,
        "next": None,
        "previous": None,
        "results": [
            {
                **expected,
                "slug": "albeda",
                "name": "Albeda",
                "short_name": "",
                "website": "",
                "institution_code": "",
                "schac_home": "",
                "size_band": "M",
                "member_count": 1,
            },
            expected,
        ],
    }


def test_institutions_are_for_members_only(api, institution):
    assert_error(api().get(INSTITUTIONS), 401, "not_authenticated", MSG_UNAUTHENTICATED)
    assert_error(api().get(INSTITUTIONS + "horizon-college/"), 401, "not_authenticated", MSG_UNAUTHENTICATED)


def test_an_unknown_institution_is_a_404(api, member):
    assert_error(api(member).get(INSTITUTIONS + "bestaat-niet/"), 404, "not_found", MSG_NOT_FOUND)


def test_institutions_filter_by_kind_size_and_words_in_name_short_name_or_city(api, member, institution):
    InstitutionFactory(name="Aeres MBO", slug="aeres", kind="aoc", size_band="S", city="Ede")
    InstitutionFactory(name="Grafisch Lyceum", slug="glr", short_name="GLR", kind="vakinstelling", city="Rotterdam")
    client = api(member)
    assert slugs(client.get(INSTITUTIONS)) == ["aeres", "glr", "horizon-college"]
    assert slugs(client.get(INSTITUTIONS + "?kind=aoc")) == ["aeres"]
    assert slugs(client.get(INSTITUTIONS + "?size_band=M")) == ["glr", "horizon-college"]
    assert slugs(client.get(INSTITUTIONS + "?q=rotterdam")) == ["glr"]
    assert slugs(client.get(INSTITUTIONS + "?q=glr")) == ["glr"]
    assert slugs(client.get(INSTITUTIONS + "?q=horizon+utrecht")) == ["horizon-college"]
    assert slugs(client.get(INSTITUTIONS + "?kind=roc&size_band=S")) == []


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ("kind=geen", {"kind": [form_choice("geen")]}),
        ("size_band=XL", {"size_band": [form_choice("XL")]}),
        ("q=" + "x" * 101, {"q": [form_too_long(100, 101)]}),
    ],
)
def test_an_invalid_institution_filter_is_a_400_naming_it(api, member, query, errors):
    assert_invalid(api(member).get(f"{INSTITUTIONS}?{query}"), errors)


def test_institutions_are_paged(api, member, institution):
    for n in range(4):
        InstitutionFactory(name=f"College {n}", slug=f"college-{n}")
    client = api(member)
    body = client.get(INSTITUTIONS + "?page_size=2&page=2").json()
    assert (body["count"], [row["slug"] for row in body["results"]]) == (5, ["college-2", "college-3"])
    assert body["next"] == "http://testserver/api/v1/institutions/?page=3&page_size=2"
    assert body["previous"] == "http://testserver/api/v1/institutions/?page_size=2"
    assert slugs(client.get(INSTITUTIONS + "?page_size=2&page=3")) == ["horizon-college"]
    assert_error(client.get(INSTITUTIONS + "?page_size=2&page=4"), 404, "not_found", MSG_NOT_FOUND, detail=MSG_NO_PAGE)
    assert_invalid(client.get(INSTITUTIONS + "?page=nul"), {"page": [str(MSG_PAGE_NUMBER)]})
    assert_invalid(client.get(INSTITUTIONS + "?page_size=101"), {"page_size": [MSG_PAGE_SIZE % {"max": 100}]})


def test_institutions_cannot_be_changed_through_the_api(api, admin_user, institution):
    before = counts()
    client = api(admin_user)
    response = client.post(INSTITUTIONS, {"name": "Nieuw"})
    assert_error(response, 405, "method_not_allowed", MSG_METHOD, detail='Methode "POST" niet toegestaan.')
    response = client.patch(INSTITUTIONS + "horizon-college/", {"name": "Anders"})
    assert response.status_code == 405
    assert counts() == before
    assert Institution.objects.get(pk=institution.pk).name == "Horizon College"


# Themes ----------------------------------------------------------------------------------------------


def test_anyone_reads_the_themes_with_their_agenda_and_related_themes(api, theme, other_theme):
    theme.related.add(other_theme)
    expected = {
        "slug": "data",
        "name": "Data-ondersteund onderwijs",
        "line": "Pilothub",
        "description": "Met data.",
        "agenda": {"slug": "npuls", "name": "Npuls", "start_year": 2023, "end_year": 2031},
        "related": ["zelfsturend"],
    }
    assert api().get(THEMES + "data/").json() == expected
    body = api().get(THEMES).json()
    assert body["count"] == 2
    assert body["results"][0] == expected
    assert body["results"][1]["related"] == ["data"]  # related both ways


def test_themes_come_by_agenda_then_name(api, theme, other_theme):
    older = AgendaFactory(name="SAD", slug="sad", start_year=2018, end_year=2022)
    ThemeFactory(agenda=older, name="Zichtbaarheid", slug="zicht")
    ThemeFactory(agenda=older, name="Architectuur", slug="architectuur")
    assert slugs(api().get(THEMES)) == ["architectuur", "zicht", "data", "zelfsturend"]


def test_themes_filter_by_agenda_and_words(api, theme, other_theme):
    older = AgendaFactory(name="SAD", slug="sad", start_year=2018, end_year=2022)
    ThemeFactory(agenda=older, name="Architectuur", slug="architectuur", description="Samen bouwen met data.")
    client = api()
    assert slugs(client.get(THEMES + "?agenda=npuls")) == ["data", "zelfsturend"]
    assert slugs(client.get(THEMES + "?agenda=sad")) == ["architectuur"]
    assert slugs(client.get(THEMES + "?q=data")) == ["architectuur", "data"]  # name or description
    assert slugs(client.get(THEMES + "?q=data+samen")) == ["architectuur"]
    assert slugs(client.get(THEMES + "?agenda=npuls&q=leren")) == ["zelfsturend"]


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        (
            "agenda=onbekend",
            {"agenda": [FORM_MODEL_CHOICE]},
        ),
        ("q=" + "x" * 101, {"q": [form_too_long(100, 101)]}),
    ],
)
def test_an_invalid_theme_filter_is_a_400_naming_it(api, theme, query, errors):
    assert_invalid(api().get(f"{THEMES}?{query}"), errors)


def test_themes_are_paged_and_an_unknown_theme_is_a_404(api, theme, other_theme):
    client = api()
    body = client.get(THEMES + "?page_size=1&page=2").json()
    assert (body["count"], body["next"], [row["slug"] for row in body["results"]]) == (2, None, ["zelfsturend"])
    assert_error(client.get(THEMES + "?page_size=1&page=3"), 404, "not_found", MSG_NOT_FOUND, detail=MSG_NO_PAGE)
    assert_error(client.get(THEMES + "onbekend/"), 404, "not_found", MSG_NOT_FOUND)


def test_themes_are_read_only_for_everyone(api, admin_user, theme):
    for response, method in (
        (api(admin_user).patch(THEMES + "data/", {"name": "Anders"}), "PATCH"),
        (api(admin_user).delete(THEMES + "data/"), "DELETE"),
        (api().post(THEMES, {"name": "Nieuw"}), "POST"),
    ):
        assert_error(response, 405, "method_not_allowed", MSG_METHOD, detail=f'Methode "{method}" niet toegestaan.')
    theme.refresh_from_db()
    assert theme.name == "Data-ondersteund onderwijs"


# Projects: reading -----------------------------------------------------------------------------------


def test_a_member_reads_a_project_of_any_institution(api, other_member, project):
    client = api(other_member)
    assert client.get(f"{PROJECTS}{project.pk}/").json() == project_json(project)
    assert client.get(PROJECTS).json() == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [project_json(project)],
    }


def test_a_contact_who_left_is_not_shown(api, member, project):
    member.is_active = False
    member.save()
    assert api(UserFactory()).get(f"{PROJECTS}{project.pk}/").json()["contact"] is None


def test_projects_are_for_members_only(api, project):
    assert_error(api().get(PROJECTS), 401, "not_authenticated", MSG_UNAUTHENTICATED)
    assert_error(api().get(f"{PROJECTS}{project.pk}/"), 401, "not_authenticated", MSG_UNAUTHENTICATED)


def test_an_unknown_project_is_a_404(api, member):
    assert_error(api(member).get(f"{PROJECTS}999999/"), 404, "not_found", MSG_NOT_FOUND)
    assert_error(api(member).patch(f"{PROJECTS}999999/", {"title": "x"}), 404, "not_found", MSG_NOT_FOUND)


@pytest.fixture
def portfolio(institution, other_institution, theme, other_theme):
    """Four projects over two institutions, two themes and all quadrants."""
    Institution.objects.filter(pk=other_institution.pk).update(kind="aoc", size_band="S")
    make_project(
        institution,
        "Analyse",
        [theme],
        status="idee",
        horizon="operationeel",
        domain="business",
        start_date=datetime.date(2025, 5, 1),
    )
    make_project(
        institution,
        "Bouwen",
        [theme, other_theme],
        status="lopend",
        description="Met een datalake.",
        start_date=datetime.date(2024, 1, 1),
    )
    make_project(
        other_institution,
        "Coachen",
        [other_theme],
        status="afgerond",
        horizon="strategisch",
        domain="business",
        start_date=datetime.date(2026, 1, 1),
    )
    make_project(
        other_institution,
        "Dashboard",
        [theme],
        status="lopend",
        horizon="strategisch",
        domain="ict",
        start_date=datetime.date(2026, 2, 1),
    )


def titles(response) -> list[str]:
    return [row["title"] for row in results(response)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Analyse", "Bouwen", "Coachen", "Dashboard"]),
        ("theme=zelfsturend", ["Bouwen", "Coachen"]),
        ("status=lopend", ["Bouwen", "Dashboard"]),
        ("institution=albeda", ["Coachen", "Dashboard"]),
        ("kind=aoc", ["Coachen", "Dashboard"]),
        ("size_band=M", ["Analyse", "Bouwen"]),
        ("quadrant=strategisch/business", ["Coachen"]),
        ("q=datalake", ["Bouwen"]),
        ("q=dash", ["Dashboard"]),
        ("theme=data&status=lopend&institution=horizon-college", ["Bouwen"]),
        ("sort=start", ["Bouwen", "Analyse", "Coachen", "Dashboard"]),
        ("sort=institution", ["Coachen", "Dashboard", "Analyse", "Bouwen"]),
        ("sort=status", ["Coachen", "Analyse", "Bouwen", "Dashboard"]),
    ],
)
def test_projects_filter_as_the_portfolio_page_does(api, member, portfolio, query, expected):
    assert titles(api(member).get(f"{PROJECTS}?{query}")) == expected


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("theme=onbekend", "theme"),
        ("status=bezig", "status"),
        ("institution=onbekend", "institution"),
        ("kind=mbo", "kind"),
        ("size_band=XL", "size_band"),
        ("quadrant=strategisch", "quadrant"),
        ("sort=prijs", "sort"),
        ("q=" + "x" * 101, "q"),
    ],
)
def test_an_invalid_project_filter_is_a_400_naming_it(api, member, portfolio, query, field):
    response = api(member).get(f"{PROJECTS}?{query}")
    assert_error(response, 400, "invalid", MSG_INVALID)
    assert list(response.json()["errors"]) == [field]


def test_projects_are_paged(api, member, portfolio):
    client = api(member)
    body = client.get(PROJECTS + "?page_size=3").json()
    assert (body["count"], len(body["results"])) == (4, 3)
    assert body["next"] == "http://testserver/api/v1/projects/?page=2&page_size=3"
    assert titles(client.get(PROJECTS + "?page_size=3&page=2")) == ["Dashboard"]
    assert titles(client.get(PROJECTS + "?status=lopend&page_size=1&page=2")) == ["Dashboard"]
    assert_error(client.get(PROJECTS + "?page_size=3&page=3"), 404, "not_found", MSG_NOT_FOUND, detail=MSG_NO_PAGE)


# Projects: creating ----------------------------------------------------------------------------------


def test_a_member_creates_a_project_for_their_own_institution(api, member, institution, other_institution, theme):
    colleague = UserFactory(full_name="Karin de Wit", institution=institution)
    data = new_project(
        theme,
        title="  Roosterkoppeling  ",
        description="Koppeling met het rooster.",
        start_date="2026-09-01",
        end_date="2027-06-30",
        budget_band="<50k",
        contact=colleague.pk,
        partners=["albeda", "horizon-college"],  # the own institution is no partner of itself
    )
    response = api(member).post(PROJECTS, data)
    assert response.status_code == 201, response.content
    project = Project.objects.get()
    assert response.json() == {
        "id": project.pk,
        "institution": "horizon-college",
        "title": "Roosterkoppeling",
        "description": "Koppeling met het rooster.",
        "status": "idee",
        "start_date": "2026-09-01",
        "end_date": "2027-06-30",
        "themes": ["data"],
        "horizon": "operationeel",
        "domain": "ict",
        "budget_band": "<50k",
        "contact": {"id": colleague.pk, "name": "Karin de Wit"},
        "partners": ["albeda"],
        "last_reviewed": timezone.localdate().isoformat(),
    }
    assert (project.institution, project.title, project.contact) == (institution, "Roosterkoppeling", colleague)
    assert list(project.partners.all()) == [other_institution]


def test_the_steering_group_creates_a_project_for_another_institution(api, steering, other_institution, theme):
    response = api(steering).post(PROJECTS, new_project(theme, institution="albeda"))
    assert response.status_code == 201, response.content
    assert response.json()["institution"] == "albeda"
    assert Project.objects.get().institution == other_institution


def test_a_member_may_not_create_a_project_for_another_institution(api, other_member, institution, theme):
    before = counts()
    response = api(other_member).post(PROJECTS, new_project(theme, institution="horizon-college"))
    assert_error(response, 403, "forbidden", MSG_FORBIDDEN, detail=MSG_OWN_ONLY)
    assert counts() == before


def test_an_account_without_an_institution_must_name_one(api, admin_user, institution, theme):
    before = counts()
    response = api(admin_user).post(PROJECTS, new_project(theme))
    assert_invalid(response, {"institution": [str(MSG_NO_INSTITUTION)]})
    assert counts() == before
    assert api(admin_user).post(PROJECTS, new_project(theme, institution="horizon-college")).status_code == 201


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        ({"title": "x" * 201}, {"title": [too_long(200)]}),
        ({"title": ""}, {"title": [BLANK]}),
        ({"title": None}, {"title": [NULL]}),
        ({"status": "bezig"}, {"status": [bad_choice("bezig")]}),
        ({"title": 12}, {"title": [drf(TextField, "invalid")]}),  # text only, not a number made text
        ({"description": True}, {"description": [drf(TextField, "invalid")]}),
        ({"themes": ["data", "onbekend"]}, {"themes": {"1": [no_slug("onbekend")]}}),
        ({"themes": "data"}, {"themes": [NOT_A_LIST]}),
        ({"themes": []}, {"themes": [str(MSG_NO_THEME)]}),
        ({"partners": ["onbekend"]}, {"partners": {"0": [no_slug("onbekend")]}}),
        ({"institution": "onbekend"}, {"institution": [no_slug("onbekend")]}),
        ({"themes": ["data", "da\x00ta"]}, {"themes": {"1": [nul]}}),
        ({"partners": ["\x00"]}, {"partners": {"0": [nul]}}),
        ({"institution": "horizon-college\x00"}, {"institution": [nul]}),
        ({"title": "Nieuw\x00"}, {"title": [null_character]}),
        (
            {"start_date": "morgen"},
            {"start_date": [drf(fields.DateField, "invalid", format="YYYY-MM-DD")]},
        ),
        ({"contact": 999999}, {"contact": [no_pk(999999)]}),
        ({"contact": "Gerda"}, {"contact": [drf(relations.PrimaryKeyRelatedField, "incorrect_type", data_type="str")]}),
        ({"start_date": "2026-09-01", "end_date": "2026-08-31"}, {"end_date": [str(MSG_END_BEFORE_START)]}),
    ],
)
def test_bad_project_input_is_a_400_naming_the_field_and_writes_nothing(api, member, theme, change, errors):
    before = counts()
    response = api(member).post(PROJECTS, new_project(theme, **change))
    assert_invalid(response, errors)
    assert counts() == before


def test_a_missing_title_and_themes_are_named(api, member, theme):
    response = api(member).post(PROJECTS, {"status": "idee"})
    assert_invalid(response, {"title": [REQUIRED], "themes": [REQUIRED]})
    assert Project.objects.count() == 0


def test_a_title_of_200_characters_is_fine(api, member, theme):
    assert api(member).post(PROJECTS, new_project(theme, title="x" * 200)).status_code == 201


def test_the_contact_must_be_an_active_member_of_that_institution(api, member, other_member, theme):
    before = counts()
    response = api(member).post(PROJECTS, new_project(theme, contact=other_member.pk))
    assert_invalid(response, {"contact": [str(MSG_CONTACT_ELSEWHERE)]})
    gone = UserFactory(institution=member.institution, is_active=False)
    response = api(member).post(PROJECTS, new_project(theme, contact=gone.pk))
    assert_invalid(response, {"contact": [no_pk(gone.pk)]})
    assert counts() == before


def test_a_title_is_unique_within_an_institution_whatever_the_case(api, member, other_member, project, theme):
    before = counts()
    response = api(member).post(PROJECTS, new_project(theme, title=" dashboard "))
    assert_invalid(response, {"title": [str(MSG_TITLE_TAKEN)]})
    assert counts() == before
    # Another institution may use the same title.
    assert api(other_member).post(PROJECTS, new_project(theme, title="Dashboard")).status_code == 201


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        ("{niet: json", "malformed", MSG_MALFORMED),
        ('{"title": "x",}', "malformed", MSG_MALFORMED),
    ],
)
def test_malformed_json_is_a_400_and_writes_nothing(api, member, theme, body, code, message):
    before = counts()
    response = api(member).post(PROJECTS, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert response.json()["message"]["nl"] == str(message)
    assert counts() == before


@pytest.mark.parametrize(
    ("body", "code"),
    [(["een", "lijst"], "invalid"), ("12", "invalid"), ('"tekst"', "invalid"), ("tekst", "malformed"), ("", "invalid")],
)
def test_a_body_that_is_no_json_object_is_a_400(api, member, theme, body, code):
    before = counts()
    response = api(member).post(PROJECTS, body)
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert counts() == before


def test_a_list_instead_of_an_object_is_named_as_such(api, member, theme):
    response = api(member).post(PROJECTS, [new_project(theme)])
    message = drf(serializers.Serializer, "invalid", datatype="list")()
    assert_error(response, 400, "invalid", MSG_INVALID, detail=message, errors={"non_field_errors": [message]})
    assert Project.objects.count() == 0


# Projects: changing and deleting ---------------------------------------------------------------------


def test_a_member_changes_a_project_of_their_own_institution(api, member, project, other_theme):
    response = api(member).patch(f"{PROJECTS}{project.pk}/", {"title": "Docentdashboard", "status": "afgerond"})
    assert response.status_code == 200, response.content
    today = timezone.localdate().isoformat()
    assert response.json() == project_json(project, title="Docentdashboard", status="afgerond", last_reviewed=today)
    project.refresh_from_db()
    assert (project.title, project.status, list(project.themes.values_list("slug", flat=True))) == (
        "Docentdashboard",
        "afgerond",
        ["data"],
    )
    assert list(project.partners.values_list("slug", flat=True)) == ["albeda"]  # kept

    response = api(member).patch(
        f"{PROJECTS}{project.pk}/", {"themes": ["zelfsturend"], "partners": [], "contact": None}
    )
    assert response.status_code == 200, response.content
    assert (response.json()["themes"], response.json()["partners"], response.json()["contact"]) == (
        ["zelfsturend"],
        [],
        None,
    )


def test_put_replaces_the_whole_project(api, member, project, theme):
    data = new_project(theme, title="Nieuw dashboard")
    response = api(member).put(f"{PROJECTS}{project.pk}/", data)
    assert response.status_code == 200, response.content
    project.refresh_from_db()
    assert (project.title, project.status, project.horizon) == ("Nieuw dashboard", "idee", "operationeel")
    # PUT names every required field.
    response = api(member).put(f"{PROJECTS}{project.pk}/", {"status": "idee"})
    assert_invalid(response, {"title": [REQUIRED], "themes": [REQUIRED]})


def test_a_member_may_not_change_or_delete_another_institutions_project(api, other_member, project, theme):
    before = counts()
    client = api(other_member)
    url = f"{PROJECTS}{project.pk}/"
    assert_error(client.patch(url, {"title": "Gekaapt"}), 403, "forbidden", MSG_FORBIDDEN)
    assert_error(client.put(url, new_project(theme, title="Gekaapt")), 403, "forbidden", MSG_FORBIDDEN)
    assert_error(client.delete(url), 403, "forbidden", MSG_FORBIDDEN)
    assert counts() == before
    project.refresh_from_db()
    assert (project.title, project.last_reviewed) == ("Dashboard", REVIEWED)


def test_the_steering_group_changes_and_deletes_any_project(api, chair, project):
    url = f"{PROJECTS}{project.pk}/"
    response = api(chair).patch(url, {"title": "Dashboard 2"})
    assert response.status_code == 200
    assert response.json()["institution"] == "horizon-college"
    assert api(chair).delete(url).status_code == 204
    assert counts()["projects"] == 0


def test_a_member_deletes_their_own_project(api, member, project):
    response = api(member).delete(f"{PROJECTS}{project.pk}/")
    assert (response.status_code, response.content) == (204, b"")
    assert counts() == {"projects": 0, "themes": 0, "partners": 0, "institutions": 2, "audit": 0}
    assert_error(api(member).get(f"{PROJECTS}{project.pk}/"), 404, "not_found", MSG_NOT_FOUND)


def test_a_project_does_not_move_to_another_institution(api, steering, project):
    url = f"{PROJECTS}{project.pk}/"
    before = counts()
    response = api(steering).patch(url, {"institution": "albeda", "title": "Verhuisd"})
    assert_invalid(response, {"institution": [str(MSG_MOVED)]})
    assert counts() == before
    project.refresh_from_db()
    assert (project.institution.slug, project.title) == ("horizon-college", "Dashboard")
    # Naming its own institution is fine.
    assert api(steering).patch(url, {"institution": "horizon-college"}).status_code == 200


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        ({"title": "x" * 201}, {"title": [too_long(200)]}),
        ({"end_date": "2025-12-31"}, {"end_date": [str(MSG_END_BEFORE_START)]}),
        ({"themes": []}, {"themes": [str(MSG_NO_THEME)]}),
        ({"title": "analyse"}, {"title": [str(MSG_TITLE_TAKEN)]}),
        ({"status": 3}, {"status": [bad_choice(3)]}),
        ({"partners": "albeda"}, {"partners": [NOT_A_LIST]}),
    ],
)
def test_bad_changes_are_a_400_and_leave_the_project_as_it_was(api, member, project, theme, change, errors):
    make_project(project.institution, "Analyse", [theme])
    before = counts()
    response = api(member).patch(f"{PROJECTS}{project.pk}/", change)
    assert_invalid(response, errors)
    assert counts() == before
    project.refresh_from_db()
    assert (project.title, project.end_date, project.status, project.last_reviewed) == (
        "Dashboard",
        datetime.date(2026, 12, 31),
        "lopend",
        REVIEWED,
    )


def test_another_institutions_contact_is_refused_on_change(api, member, other_member, project):
    response = api(member).patch(f"{PROJECTS}{project.pk}/", {"contact": other_member.pk})
    assert_invalid(response, {"contact": [str(MSG_CONTACT_ELSEWHERE)]})
    project.refresh_from_db()
    assert project.contact == member


def test_a_read_only_token_changes_nothing(api, member, project, theme):
    client = api(member, scope="read")
    url = f"{PROJECTS}{project.pk}/"
    before = counts()
    for response in (
        client.post(PROJECTS, new_project(theme)),
        client.patch(url, {"title": "Anders"}),
        client.put(url, new_project(theme)),
        client.delete(url),
    ):
        assert_error(response, 403, "forbidden", MSG_FORBIDDEN, detail=MSG_READ_ONLY_TOKEN)
    assert counts() == before
    assert client.get(url).status_code == 200


def test_a_guest_writes_nothing(api, project, theme):
    before = counts()
    url = f"{PROJECTS}{project.pk}/"
    for response in (api().post(PROJECTS, new_project(theme)), api().patch(url, {"title": "x"}), api().delete(url)):
        assert_error(response, 401, "not_authenticated", MSG_UNAUTHENTICATED)
    assert counts() == before


# Sessions: the browser -------------------------------------------------------------------------------


def test_a_signed_in_browser_uses_the_api_with_json(client, member, project, theme):
    client.force_login(member)
    assert client.get(f"{PROJECTS}{project.pk}/").json() == project_json(project)
    response = client.post(PROJECTS, new_project(theme), content_type="application/json")
    assert response.status_code == 201
    assert Project.objects.count() == 2


def test_session_writes_need_the_csrf_token(member, project, theme):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member)
    before = counts()
    url = f"{PROJECTS}{project.pk}/"
    for response in (
        browser.post(PROJECTS, new_project(theme), content_type="application/json"),
        browser.patch(url, {"title": "Anders"}, content_type="application/json"),
        browser.delete(url),
    ):
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"
        assert response.json()["detail"].startswith("CSRF")
    assert counts() == before
    # With the token from the cookie, as the documentation page sends it, the write goes through.
    browser.get("/account/tokens/")
    csrf = browser.cookies["csrftoken"].value
    response = browser.post(
        PROJECTS, new_project(theme), content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    assert response.status_code == 201
