import pytest
from django.urls import reverse

from koers.advice.models import Status

from .conftest import advice, comment, meeting, poll, project

pytestmark = pytest.mark.django_db

# The same for 1 and 3 matches of each kind: one match query, one per restricted kind, one for the snippets.
QUERIES = 11
API_QUERIES = 9  # no page around it


def add_matches(n: int, institution, author) -> None:
    """n matching items of every kind that asks the domain's selectors."""
    for i in range(n):
        project(institution, f"Zoekwoord project {i}")
        meeting(f"Zoekwoord bijeenkomst {i}")
        offered = advice(f"Zoekwoord advies {i}", status=Status.OFFERED)
        poll(f"Zoekwoord peiling {i}")
        comment(offered, f"Zoekwoord reactie {i}", author=author)


@pytest.mark.parametrize("count", [1, 3])
def test_search_page_query_count(client, django_assert_num_queries, member, institution, count):
    add_matches(count, institution, member)
    client.force_login(member)
    url = reverse("search:search") + "?q=zoekwoord"
    with django_assert_num_queries(QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert (
        response.content.decode().count("<mark>Zoekwoord</mark>") == 6 * count
    )  # the comment is titled after its advice


def test_search_page_shows_groups_and_the_no_results_tips(client, member, institution):
    project(institution, "Roosterplanning")
    client.force_login(member)
    page = client.get(reverse("search:search"), {"q": "rooster"}).content.decode()
    assert "<mark>Roosterplanning</mark>" in page
    assert "1 resultaat voor ‘rooster’." in page
    empty = client.get(reverse("search:search"), {"q": "nergensteveinden"}).content.decode()
    assert "Niets gevonden voor ‘nergensteveinden’." in empty


def test_guest_finds_nothing_for_members(client, institution):
    project(institution, "Roosterplanning")
    page = client.get(reverse("search:search"), {"q": "rooster"}).content.decode()
    assert "Roosterplanning" not in page
    assert "Niets gevonden" in page


def test_suggestions(client, member, institution):
    p = project(institution, "Roosterplanning")
    client.force_login(member)
    page = client.get(reverse("search:suggest"), {"q": "roost"}, HTTP_HX_REQUEST="true").content.decode()
    assert f'href="{p.get_absolute_url()}"' in page
    assert "1 suggestie" in page


def test_header_carries_the_search_field(client):
    page = client.get(reverse("themes:theme-list")).content.decode()
    assert 'id="header-q"' in page
    assert f'action="{reverse("search:search")}"' in page


def test_api_search(client, member, institution):
    p = project(institution, "Roosterplanning")
    client.force_login(member)
    body = client.get("/api/v1/search/", {"q": "rooster"}).json()
    assert body["total"] == 1
    assert body["groups"][0]["kind"] == "project"
    assert body["groups"][0]["hits"][0] == {
        "kind": "project",
        "object_id": p.pk,
        "url": p.get_absolute_url(),
        "title": "<mark>Roosterplanning</mark>",
        "snippet": "Horizon College",
    }
    assert client.get("/api/v1/search/").json() == {"query": "", "total": 0, "page": None, "pages": None, "groups": []}


@pytest.mark.parametrize("count", [1, 3])
def test_api_search_query_count(client, django_assert_num_queries, member, institution, count):
    add_matches(count, institution, member)
    client.force_login(member)
    with django_assert_num_queries(API_QUERIES):
        body = client.get("/api/v1/search/", {"q": "zoekwoord"}).json()
    assert body["total"] == 5 * count
