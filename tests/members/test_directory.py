"""The member directory: names and institutions for every member, contact details only with consent."""

import pytest
from django.urls import reverse
from django.utils import timezone

from ..factories import InstitutionFactory, ThemeFactory, UserFactory, share

URL = reverse("members:directory")


@pytest.fixture
def theme(db):
    return ThemeFactory(name="Onderwijslogistiek", slug="onderwijslogistiek")


@pytest.fixture
def hans(other_member, theme):
    """A member whose every contact field is distinctive, so the HTML shows exactly whether it leaks."""
    other_member.phone = "06 9876 5432"
    other_member.job_title = "Chief Information Officer"
    other_member.save()
    other_member.expertise.add(theme)
    return other_member


def page(client, **params) -> str:
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def names(response) -> list[str]:
    return [card.full_name for card in response.context["results"]()["cards"]]


def test_guest_is_redirected_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={URL}"


def test_member_sees_names_and_institutions(member_client, member, hans):
    response = member_client.get(URL)
    html = response.content.decode()
    assert names(response) == ["Gerda Visser", "Hans Bos"]
    assert "Hans Bos" in html
    assert '<a href="/instellingen/albeda/">Albeda</a>' in html
    assert '<a href="/instellingen/horizon-college/">Horizon College</a>' in html
    assert "2 leden gevonden" in html


def test_nothing_shared_shows_no_contact_details(member_client, hans):
    html = page(member_client)
    hidden = ("hans@albeda.example", "06 9876 5432", "Chief Information Officer", 'href="/themas/onderwijslogistiek/"')
    for value in hidden:
        assert value not in html


@pytest.mark.parametrize(
    ("field", "shown"),
    [
        ("email", '<a href="mailto:hans@albeda.example">hans@albeda.example</a>'),
        ("phone", '<a href="tel:06 9876 5432">06 9876 5432</a>'),
        ("job_title", '<p class="meta">Chief Information Officer</p>'),
        ("expertise", '<a href="/themas/onderwijslogistiek/">Onderwijslogistiek</a>'),
    ],
)
def test_each_field_appears_only_when_shared(member_client, hans, field, shown):
    others = {
        "email": "hans@albeda.example",
        "phone": "06 9876 5432",
        "job_title": "Chief Information Officer",
        # The theme's name is also an option in the filter, so look for the link on the card.
        "expertise": 'href="/themas/onderwijslogistiek/"',
    }
    assert shown not in page(member_client)
    share(hans, field)
    html = page(member_client)
    assert shown in html
    # Sharing one field does not reveal another.
    for other_field, value in others.items():
        if other_field != field:
            assert value not in html


def test_search_by_name_is_case_insensitive(member_client, member, hans):
    UserFactory(full_name="Johan Hansen")
    assert names(member_client.get(URL, {"q": "HANS"})) == ["Hans Bos", "Johan Hansen"]
    assert names(member_client.get(URL, {"q": "  gerda "})) == ["Gerda Visser"]
    assert names(member_client.get(URL, {"q": "niemand"})) == []


def test_filter_by_institution_slug(member_client, member, hans, institution):
    UserFactory(full_name="Ahmed Collega", institution=institution)
    assert names(member_client.get(URL, {"institution": "horizon-college"})) == ["Ahmed Collega", "Gerda Visser"]
    assert names(member_client.get(URL, {"institution": "albeda"})) == ["Hans Bos"]


def test_filter_by_theme_only_matches_shared_expertise(member_client, member, hans, theme):
    quiet = UserFactory(full_name="Stille Expert")
    quiet.expertise.add(theme)
    other_theme = ThemeFactory(slug="npuls-data")
    share(member, "expertise")
    member.expertise.add(other_theme)
    share(hans, "expertise")

    assert names(member_client.get(URL, {"theme": "onderwijslogistiek"})) == ["Hans Bos"]
    assert names(member_client.get(URL, {"theme": "npuls-data"})) == ["Gerda Visser"]


def test_filters_combine(member_client, member, hans, theme):
    share(hans, "expertise")
    assert names(member_client.get(URL, {"theme": "onderwijslogistiek", "institution": "horizon-college"})) == []
    assert names(member_client.get(URL, {"theme": "onderwijslogistiek", "q": "bos"})) == ["Hans Bos"]


def test_anonymised_and_inactive_members_are_never_listed(member_client, member, institution):
    UserFactory(full_name="Oud Lid", institution=institution, is_active=False)
    gone = UserFactory(full_name="Verwijderd lid", institution=institution, anonymised_at=timezone.now())
    share(gone, "email")
    assert names(member_client.get(URL)) == ["Gerda Visser"]
    assert names(member_client.get(URL, {"q": "lid"})) == []
    assert names(member_client.get(URL, {"institution": "horizon-college"})) == ["Gerda Visser"]


def test_htmx_request_gets_only_the_results(member_client, member, hans):
    response = member_client.get(URL, {"q": "hans"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.startswith('<h2><span role="status">1 lid gevonden</span></h2>')
    assert "Hans Bos" in html
    assert "Gerda Visser" not in html
    assert "<html" in member_client.get(URL, {"q": "hans"}).content.decode()


def test_pagination(member_client, member, institution):
    for number in range(1, 26):
        UserFactory(full_name=f"Lid {number:02d}", institution=InstitutionFactory())
    first = member_client.get(URL)
    assert first.context["results"]()["page_obj"].paginator.count == 26
    assert len(first.context["results"]()["cards"]) == 25
    second = member_client.get(URL, {"page": 2})
    assert names(second) == ["Lid 25"]
    assert "Pagina 2 van 2" in second.content.decode()


def test_invalid_filter_is_dropped_but_valid_ones_still_apply(client, member, other_member):
    client.force_login(member)
    page = client.get("/leden/", {"q": "hans", "institution": "bestaat-niet"}).content.decode()
    assert "Hans Bos" in page
    assert "Gerda Visser" not in page


def test_history_restore_gets_the_whole_page(client, member):
    client.force_login(member)
    response = client.get("/leden/", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert response.content.decode().lstrip().startswith("<!doctype html>")
    assert response.headers["Vary"].count("HX-Request") == 1


def test_name_search_matches_every_word_in_any_order(client, member, other_member):
    client.force_login(member)
    page = client.get("/leden/", {"q": "bos hans"}).content.decode()
    assert "Hans Bos" in page and "Gerda Visser" not in page


def test_administrator_without_institution_is_not_listed(client, member, admin_user):
    client.force_login(member)
    page = client.get("/leden/").content.decode()
    assert "Gerda Visser" in page and "Beheerder" not in page
