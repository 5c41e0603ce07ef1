"""GET /oeapi/v6/organisations and /{organisationId}: the network as root, the institutions as its children.

Every response is validated against the vendored OOAPI v6 schema (tests/oeapi/schema.py).
"""

import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.encoding import escape_uri_path

from koers.members.models import Institution
from koers.oeapi import params
from koers.oeapi.organisations import NETWORK_ID

from ..factories import InstitutionFactory, UserFactory
from .schema import COLLECTION, INSTANCE, ORGANISATION, PROBLEM, assert_valid

ROOT = str(NETWORK_ID)
LIST = "/oeapi/v6/organisations"
SITE = "https://koers.example"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def rocva(db):
    return InstitutionFactory(
        name="ROC van Amsterdam",
        short_name="ROCvA",
        slug="roc-van-amsterdam",
        kind=Institution.Kind.ROC,
        city="Amsterdam",
        website="https://www.rocva.example",
        institution_code="XX01",
        schac_home="rocva.demo.example",
    )


@pytest.fixture
def aeres(db):
    # No institution code: its SURFconext domain is the primary code.
    return InstitutionFactory(
        name="Aeres MBO",
        short_name="",
        slug="aeres-mbo",
        kind=Institution.Kind.AOC,
        city="",
        website="",
        institution_code="",
        schac_home="aeres.demo.example",
    )


@pytest.fixture
def zadkine(db):
    # Neither code: the Koers slug is the primary code.
    return InstitutionFactory(
        name="zadkine",
        slug="zadkine",
        kind=Institution.Kind.VAKINSTELLING,
        city="Rotterdam",
        institution_code="",
        schac_home="",
    )


def text(value: str) -> list[dict]:
    return [{"language": "nl-NL", "value": value}]


def rocva_json(rocva) -> dict:
    return {
        "organisationId": str(rocva.uuid),
        "primaryCode": {"codeType": "institution_code", "code": "XX01"},
        "organisationType": "school",
        "name": text("ROC van Amsterdam"),
        "shortName": "ROCvA",
        "description": text("Regionaal opleidingencentrum (roc): een mbo-instelling."),
        "addresses": [{"addressType": "visit", "city": "Amsterdam", "countryCode": {"iso3166-1-alpha2": "NL"}}],
        "link": "https://www.rocva.example",
        "otherCodes": [
            {"codeType": "institution_code", "code": "XX01"},
            {"codeType": "schac_home", "code": "rocva.demo.example"},
            {"codeType": "x-koers-slug", "code": "roc-van-amsterdam"},
        ],
        "parentId": ROOT,
        "rootId": ROOT,
        "ext": {"kind": "roc"},
    }


def root_json(*children: Institution) -> dict:
    return {
        "organisationId": ROOT,
        "primaryCode": {"codeType": "organisation_id", "code": "netwerk-informatiemanagement-mbo"},
        "organisationType": "root",
        "name": text("Netwerk Informatiemanagement mbo"),
        "shortName": "NIM mbo",
        "description": text(
            "Het netwerk van de informatiemanagers van de mbo-instellingen (middelbaar beroepsonderwijs) in Nederland."
        ),
        "link": f"{SITE}/",
        "otherCodes": [],
        "childIds": [str(child.uuid) for child in children],
    }


def names(body: dict) -> list[str]:
    return [item["name"][0]["value"] for item in body["items"]]


def get_collection(client, **query):
    response = client.get(LIST, query)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert_valid(body, COLLECTION)
    return body


def get_problem(client, url: str, query=None, *, status: int) -> dict:
    response = client.get(url, query or {})
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert_valid(body, PROBLEM)
    assert body["status"] == status
    assert body["type"] == "about:blank"
    return body


def test_the_urls_are_the_specifications():
    assert reverse("oeapi:organisation-list") == LIST
    assert reverse("oeapi:organisation-detail", args=[ROOT]) == f"{LIST}/{ROOT}"


def test_collection_is_the_network_and_its_institutions_by_name(client, rocva, aeres, zadkine):
    body = get_collection(client)
    assert {key: value for key, value in body.items() if key != "items"} == {
        "pageSize": 10,
        "pageNumber": 1,
        "hasPreviousPage": False,
        "hasNextPage": False,
        "totalPages": 1,
    }
    # By name, whatever the case (the root is no row: it takes its place by its name too).
    assert names(body) == ["Aeres MBO", "Netwerk Informatiemanagement mbo", "ROC van Amsterdam", "zadkine"]
    assert body["items"][1] == root_json(aeres, rocva, zadkine)
    assert body["items"][2] == rocva_json(rocva)
    for item in body["items"]:
        assert_valid(item, ORGANISATION)


def test_without_institutions_the_network_is_alone(client, db):
    body = get_collection(client)
    assert body["items"] == [root_json()]
    assert body["totalPages"] == 1


def test_primary_code_falls_back_to_the_domain_then_to_the_slug(client, aeres, zadkine):
    aeres_json = client.get(f"{LIST}/{aeres.uuid}").json()
    assert aeres_json["primaryCode"] == {"codeType": "schac_home", "code": "aeres.demo.example"}
    assert aeres_json["otherCodes"] == [
        {"codeType": "schac_home", "code": "aeres.demo.example"},
        {"codeType": "x-koers-slug", "code": "aeres-mbo"},
    ]
    assert aeres_json["shortName"] is None
    assert aeres_json["addresses"] is None
    assert aeres_json["link"] is None
    assert aeres_json["description"] == text("Agrarisch opleidingscentrum (aoc): een mbo-instelling.")
    zadkine_json = client.get(f"{LIST}/{zadkine.uuid}").json()
    assert zadkine_json["primaryCode"] == {"codeType": "x-koers-slug", "code": "zadkine"}
    assert zadkine_json["otherCodes"] == [{"codeType": "x-koers-slug", "code": "zadkine"}]
    assert zadkine_json["description"] == text("Vakinstelling: een mbo-instelling voor één sector of vak.")
    for body in (aeres_json, zadkine_json):
        assert_valid(body, INSTANCE)


def test_single_root_and_child(client, rocva, aeres):
    response = client.get(f"{LIST}/{ROOT}")
    assert response.status_code == 200
    assert response.json() == root_json(aeres, rocva)
    assert_valid(response.json(), INSTANCE)
    response = client.get(f"{LIST}/{rocva.uuid}")
    assert response.status_code == 200
    assert response.json() == rocva_json(rocva)
    assert_valid(response.json(), INSTANCE)
    # The specification's uuid in capitals is the same uuid.
    assert client.get(f"{LIST}/{str(rocva.uuid).upper()}").json() == rocva_json(rocva)


def test_expand_writes_out_the_parent_and_the_children(client, rocva, aeres):
    child = client.get(f"{LIST}/{rocva.uuid}", {"expand": "parent,children"}).json()
    assert child == {**rocva_json(rocva), "parent": root_json(aeres, rocva)}
    assert_valid(child, INSTANCE)
    root = client.get(f"{LIST}/{ROOT}", {"expand": "children,parent"}).json()
    assert root == {
        **root_json(aeres, rocva),
        "children": [client.get(f"{LIST}/{aeres.uuid}").json(), rocva_json(rocva)],
    }
    assert_valid(root, INSTANCE)


def test_unknown_and_malformed_ids_are_404(client, rocva):
    for wrong in (str(uuid.uuid4()), "nope", rocva.uuid.hex, f"{{{rocva.uuid}}}", f"urn:uuid:{rocva.uuid}"):
        body = get_problem(client, f"{LIST}/{wrong}", status=404)
        assert body["title"] == "Niet gevonden"
        assert body["detail"] == f"Er is geen organisatie met id {wrong}."
        assert body["instance"] == f"http://testserver{escape_uri_path(f'{LIST}/{wrong}')}"
    # Very long: the detail shows the start, and the instance is left out rather than longer than a URI may be.
    body = get_problem(client, f"{LIST}/{'1' * 5000}", status=404)
    assert body["detail"] == f"Er is geen organisatie met id {'1' * 100}…."
    assert body["instance"] is None


def test_a_too_long_query_is_left_out_of_the_instance(client, db):
    body = get_problem(client, LIST, {"pageNumber": "9" * 5000}, status=400)
    assert body["instance"] == f"http://testserver{LIST}"


def test_bad_expand_is_400(client, rocva):
    body = get_problem(client, f"{LIST}/{rocva.uuid}", {"expand": "root"}, status=400)
    assert body["detail"] == "expand kent alleen parent, children, gescheiden door komma's."


@pytest.fixture
def twenty_five(db):
    """25 institutions, "College 01" to "College 25": with the network 26 organisations."""
    return [InstitutionFactory(name=f"College {n:02}") for n in range(1, 26)]


def test_pages_of_ten(client, twenty_five):
    first = get_collection(client)
    assert (first["pageNumber"], first["totalPages"], first["hasPreviousPage"], first["hasNextPage"]) == (
        1,
        3,
        False,
        True,
    )
    assert names(first) == [f"College {n:02}" for n in range(1, 11)]
    last = get_collection(client, pageNumber=3)
    assert (last["pageNumber"], last["totalPages"], last["hasPreviousPage"], last["hasNextPage"]) == (3, 3, True, False)
    assert names(last) == [
        "College 21",
        "College 22",
        "College 23",
        "College 24",
        "College 25",
        "Netwerk Informatiemanagement mbo",
    ]
    # Past the last page: an empty page, not an error (a collection never answers 404).
    beyond = get_collection(client, pageNumber=4)
    assert (beyond["items"], beyond["hasPreviousPage"], beyond["hasNextPage"], beyond["totalPages"]) == (
        [],
        True,
        False,
        3,
    )
    far = get_collection(client, pageNumber=2**31 - 1)
    assert far["items"] == []


def test_other_page_sizes(client, twenty_five):
    body = get_collection(client, pageSize=20, pageNumber=2)
    assert (body["pageSize"], body["totalPages"], len(body["items"]), body["hasNextPage"]) == (20, 2, 6, False)
    body = get_collection(client, pageSize=250)
    assert (body["pageSize"], body["totalPages"], len(body["items"])) == (250, 1, 26)


PAGE_SIZE_ERROR = "pageSize moet een van deze waarden zijn: 10, 20, 50, 100, 250."
PAGE_NUMBER_ERROR = "pageNumber moet een geheel getal zijn van 1 tot en met 2147483647."


@pytest.mark.parametrize(
    ("query", "detail"),
    [
        ({"pageSize": "7"}, PAGE_SIZE_ERROR),
        ({"pageSize": "0"}, PAGE_SIZE_ERROR),
        ({"pageSize": "-10"}, PAGE_SIZE_ERROR),
        ({"pageSize": "10.0"}, PAGE_SIZE_ERROR),
        ({"pageSize": "tien"}, PAGE_SIZE_ERROR),
        ({"pageSize": ""}, PAGE_SIZE_ERROR),
        ({"pageSize": "1000"}, PAGE_SIZE_ERROR),
        ({"pageNumber": "0"}, PAGE_NUMBER_ERROR),
        ({"pageNumber": "-1"}, PAGE_NUMBER_ERROR),
        ({"pageNumber": "1.5"}, PAGE_NUMBER_ERROR),
        ({"pageNumber": " 2"}, PAGE_NUMBER_ERROR),
        ({"pageNumber": "twee"}, PAGE_NUMBER_ERROR),
        ({"pageNumber": "\u0662"}, PAGE_NUMBER_ERROR),  # an Arabic-Indic two: int() would take it
        ({"pageNumber": "2147483648"}, PAGE_NUMBER_ERROR),
        ({"pageNumber": "9" * 5000}, PAGE_NUMBER_ERROR),  # longer than int() converts
        (
            {"organisationType": "instelling"},
            "organisationType moet een van deze waarden zijn: root, institute, department, faculty, branch, "
            "academy, school, of beginnen met x-.",
        ),
        (
            {"sort": "city"},
            "sort kent alleen name, organisationId, primaryCode, elk eventueel met een - ervoor (aflopend), "
            "gescheiden door komma's.",
        ),
    ],
)
def test_bad_parameters_are_400_with_a_problem(client, rocva, query, detail):
    body = get_problem(client, LIST, query, status=400)
    assert body["title"] == "Ongeldig verzoek"
    assert body["detail"] == detail


def test_problem_names_the_request(client, rocva):
    body = get_problem(client, LIST, {"pageSize": "7", "q": "é"}, status=400)
    assert body["instance"] == f"http://testserver{LIST}?pageSize=7&q=%C3%A9"


def test_organisation_type_filter(client, rocva, aeres):
    assert names(get_collection(client, organisationType="root")) == ["Netwerk Informatiemanagement mbo"]
    assert names(get_collection(client, organisationType="school")) == ["Aeres MBO", "ROC van Amsterdam"]
    # Valid types that nothing has, and custom ones: an empty collection.
    assert get_collection(client, organisationType="faculty")["items"] == []
    assert get_collection(client, organisationType="x-koepel")["items"] == []


def test_search_and_primary_code(client, rocva, aeres, zadkine):
    # Name, short name and description, whatever the case.
    assert names(get_collection(client, q="AMSTERDAM")) == ["ROC van Amsterdam"]
    assert names(get_collection(client, q="rocva")) == ["ROC van Amsterdam"]
    assert names(get_collection(client, q="agrarisch")) == ["Aeres MBO"]
    assert names(get_collection(client, q="netwerk")) == ["Netwerk Informatiemanagement mbo"]
    assert get_collection(client, q="niets hiervan")["items"] == []
    assert len(get_collection(client, q="   ")["items"]) == 4
    assert names(get_collection(client, primaryCode="XX01")) == ["ROC van Amsterdam"]
    assert names(get_collection(client, primaryCode="aeres.demo.example")) == ["Aeres MBO"]
    assert get_collection(client, primaryCode="XX99")["items"] == []


def test_sort(client, rocva, aeres, zadkine):
    assert names(get_collection(client, sort="-name")) == [
        "zadkine",
        "ROC van Amsterdam",
        "Netwerk Informatiemanagement mbo",
        "Aeres MBO",
    ]
    # aeres.demo.example, netwerk-..., XX01, zadkine
    assert names(get_collection(client, sort="primaryCode")) == [
        "Aeres MBO",
        "Netwerk Informatiemanagement mbo",
        "ROC van Amsterdam",
        "zadkine",
    ]


def test_parameters_the_specification_leaves_optional_are_ignored(client, rocva):
    plain = get_collection(client)
    assert (
        get_collection(client, fields="(name)", consumer="test-consumer", **{"filter_query[name][like]": "*x*"})
        == plain
    )


def test_only_get(rocva):
    client = Client(enforce_csrf_checks=True)  # as a real client: no CSRF page, a 405 problem
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(LIST)
        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD"
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["detail"] == "Deze gegevens kunnen alleen gelezen worden (GET)."
        assert_valid(response.json(), PROBLEM)
    assert client.head(LIST).status_code == 200
    assert client.post(f"{LIST}/{rocva.uuid}").status_code == 405


def test_open_to_other_sites_and_to_members(client, rocva):
    response = client.get(LIST)
    assert response["Access-Control-Allow-Origin"] == "*"
    client.force_login(UserFactory(institution=rocva))
    assert client.get(LIST).json() == response.json()


def test_page_sizes_are_the_specifications():
    assert params.PAGE_SIZES == (10, 20, 50, 100, 250)
    assert params.DEFAULT_PAGE_SIZE == 10


# Query counts: the same, literal number with 1 as with 3 institutions.


@pytest.mark.parametrize("count", [1, 3])
def test_collection_is_one_query(client, db, django_assert_num_queries, count):
    InstitutionFactory.create_batch(count)
    with django_assert_num_queries(1):
        body = client.get(LIST).json()
    assert len(body["items"]) == count + 1


@pytest.mark.parametrize("count", [1, 3])
def test_single_is_one_query_and_two_with_the_parent(client, db, django_assert_num_queries, count):
    institutions = [InstitutionFactory() for _ in range(count)]
    with django_assert_num_queries(1):
        assert len(client.get(f"{LIST}/{ROOT}").json()["childIds"]) == count
    with django_assert_num_queries(1):
        assert len(client.get(f"{LIST}/{ROOT}", {"expand": "children"}).json()["children"]) == count
    with django_assert_num_queries(1):
        client.get(f"{LIST}/{institutions[0].uuid}")
    with django_assert_num_queries(2):
        assert (
            len(client.get(f"{LIST}/{institutions[0].uuid}", {"expand": "parent"}).json()["parent"]["childIds"])
            == count
        )
