"""Every list endpoint runs the same, literal number of queries for 1 item as for 3 or more (no query per row).

Each case names the endpoint, a setup that adds exactly n rows to its list (each with the related objects a
row shows, so a missing select_related or prefetch would show up as extra queries), and the query count.
The client signs in with a fresh token, so the count includes its lookup and the update of its last use.

To add an endpoint: write a setup ``add_<things>(n, world)`` and add a line to CASES.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from koers.documents.services import document_create, version_add
from koers.members.models import Institution
from koers.portfolio.services import project_create
from koers.roadmap.services import adoptions_save, ambition_save, plan_item_save, reference_item_save

from ..factories import AgendaFactory, InstitutionFactory, ThemeFactory, UserFactory, share

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class World:
    member: object
    institution: Institution


@dataclass(frozen=True)
class Case:
    url: str
    add: Callable[[int, World], None]  # adds exactly n rows to the list
    queries: int
    who: str = "member"  # "member" (with a token) or "guest"


# Setups -----------------------------------------------------------------------------------------------


def add_members(n: int, world: World) -> None:
    # The signed-in member is the first; each other one shares every field, expertise on two themes.
    themes = [ThemeFactory(), ThemeFactory()]
    for _ in range(n - 1):
        user = UserFactory(institution=InstitutionFactory())
        user.expertise.add(*themes)
        share(user, "email", "phone", "job_title", "expertise")


def add_institutions(n: int, world: World) -> None:
    for _ in range(n - 1):  # the member's own institution is the first
        institution = InstitutionFactory()
        UserFactory(institution=institution)
        UserFactory(institution=institution, is_active=False)


def add_themes(n: int, world: World) -> None:
    themes = [ThemeFactory(agenda=AgendaFactory()) for _ in range(n)]
    for theme in themes:
        theme.related.add(*[other for other in themes if other != theme])


def add_projects(n: int, world: World) -> None:
    for number in range(n):
        institution = InstitutionFactory()
        data = {
            "title": f"Project {number}",
            "themes": [ThemeFactory(), ThemeFactory()],
            "partners": [InstitutionFactory(), world.institution],
            "contact": UserFactory(institution=institution),
        }
        project_create(institution=institution, data=data)


def add_ambitions(n: int, world: World) -> None:
    data = {"start_year": 2027, "start_half": 1, "level": "orienteren", "readiness": "kunnen", "note": ""}
    for _ in range(n):
        ambition_save(actor=None, institution=InstitutionFactory(), theme=ThemeFactory(), data=data)


def add_plan_items(n: int, world: World) -> None:
    for number in range(n):
        owner = UserFactory(institution=InstitutionFactory())
        data = {"title": f"Stap {number}", "description": "", "theme": ThemeFactory(), "year": 2027}
        plan_item_save(actor=None, item=None, data=data | {"owner": owner, "status": "gepland"})


def add_reference_items(n: int, world: World) -> None:
    for number in range(n):
        data = {"name": f"Standaard {number}", "kind": "standaard", "recommendation": "aanbevolen"}
        data |= {"rationale": "Omdat.", "link": "", "themes": [ThemeFactory(), ThemeFactory()]}
        item = reference_item_save(actor=None, item=None, data=data)
        for institution, state in ((InstitutionFactory(), "in_gebruik"), (InstitutionFactory(), "gepland")):
            adoptions_save(actor=None, institution=institution, choices={item.pk: (state, "")})


def add_adoptions(n: int, world: World) -> None:
    for number in range(n):
        data = {"name": f"Item {number}", "kind": "product", "recommendation": "in_onderzoek"}
        item = reference_item_save(actor=None, item=None, data=data | {"rationale": "x", "link": "", "themes": []})
        adoptions_save(actor=None, institution=InstitutionFactory(), choices={item.pk: ("gepland", "Later.")})


def add_documents(n: int, world: World) -> None:
    for number in range(n):
        document = document_create(
            actor=world.member,
            title=f"Document {number}",
            themes=[ThemeFactory(), ThemeFactory()],
            upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4"),
        )
        version_add(actor=world.member, document=document, upload=SimpleUploadedFile("b.pdf", b"%PDF-1.4"))


# The table --------------------------------------------------------------------------------------------

CASES: dict[str, Case] = {
    # token lookup + last use, count, page
    "institutions": Case("/api/v1/institutions/", add_institutions, 4),
    # token lookup + last use, count, page (with institution), consents, expertise
    "members": Case("/api/v1/members/", add_members, 6),
    # token lookup + last use, count, page (with agenda), related themes
    "themes": Case("/api/v1/themes/", add_themes, 5),
    "themes (guest)": Case("/api/v1/themes/", add_themes, 3, who="guest"),
    # token lookup + last use, count, page (with institution and contact), themes, partners
    "projects": Case("/api/v1/projects/", add_projects, 6),
    # token lookup + last use, count, page (with institution and theme)
    "ambitions": Case("/api/v1/ambitions/", add_ambitions, 4),
    # token lookup + last use, count, page (with theme and owner)
    "plan-items": Case("/api/v1/plan-items/", add_plan_items, 4),
    # token lookup + last use, count, page (with the adoption counts), themes
    "reference-items": Case("/api/v1/reference-items/", add_reference_items, 5),
    "reference-items (guest)": Case("/api/v1/reference-items/", add_reference_items, 3, who="guest"),
    "reference-items (narrowed)": Case("/api/v1/reference-items/?kind=roc&size_band=M", add_reference_items, 5),
    # token lookup + last use, count, page (with institution and item)
    "adoptions": Case("/api/v1/adoptions/", add_adoptions, 4),
    # token lookup + last use, the caller's positions and permissions (one query, members.viewer), count, page
    # (with owner and content type), themes, versions
    "documents": Case("/api/v1/documents/", add_documents, 7),
}


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize("name", list(CASES))
def test_list_endpoint_query_count(api, django_assert_num_queries, member, institution, name, count):
    case = CASES[name]
    case.add(count, World(member=member, institution=institution))
    client = api(member) if case.who == "member" else api()  # the token is made here, outside the count
    with django_assert_num_queries(case.queries):
        response = client.get(case.url)
    assert response.status_code == 200, response.content
    assert response.json()["count"] == len(response.json()["results"]) == count


def test_every_list_endpoint_of_these_modules_has_a_case():
    from koers.api.urls import router

    ours = {
        "institution",
        "member",
        "theme",
        "project",
        "ambition",
        "plan-item",
        "reference-item",
        "adoption",
        "document",
    }
    listed = {url.split("/")[3] for url in (case.url for case in CASES.values())}
    prefixes = {prefix for prefix, _viewset, basename in router.registry if basename in ours}
    assert prefixes == listed
