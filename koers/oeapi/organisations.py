"""The network as OOAPI v6 organisations: the network itself is the `root`, each member institution a child.

Pure functions from institutions to the JSON of the specification (validated against the vendored schemas in
`koers/oeapi/schemas/` by the tests); the views read the institutions and the query parameters.
"""

import math
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings

from koers.members.models import Institution

# The network's own organisationId. It is no database row, so it is fixed here: never change it, consumers
# store it (as the parentId and rootId of every institution).
NETWORK_ID = uuid.UUID("4e5d46a6-f8de-4973-81db-ae24e5f0e9cf")
NETWORK_NAME = "Netwerk Informatiemanagement mbo"
NETWORK_SHORT_NAME = "NIM mbo"
# The network has no institution code or domain of its own: its primary code is its name as an organisation_id.
NETWORK_CODE = {"codeType": "organisation_id", "code": "netwerk-informatiemanagement-mbo"}

ROOT = "root"
# A member institution is a whole mbo college. Of the specification's types, "school" is the one meant for
# secondary (mbo is secondary vocational) education; the Koers kind (roc, aoc, ...) is in `ext.kind`.
CHILD = "school"
ORGANISATION_TYPES = ("root", "institute", "department", "faculty", "branch", "academy", "school")

# The values are Dutch data with a language tag (nl-NL), the same whatever language the client reads in; they
# are not interface text, so they are not translated.
LANGUAGE = "nl-NL"
NETWORK_DESCRIPTION = (
    "Het netwerk van de informatiemanagers van de mbo-instellingen (middelbaar beroepsonderwijs) in Nederland."
)
KIND_DESCRIPTIONS: dict[str, str] = {
    Institution.Kind.ROC: "Regionaal opleidingencentrum (roc): een mbo-instelling.",
    Institution.Kind.AOC: "Agrarisch opleidingscentrum (aoc): een mbo-instelling.",
    Institution.Kind.VAKINSTELLING: "Vakinstelling: een mbo-instelling voor één sector of vak.",
    Institution.Kind.OTHER: "Mbo-instelling.",
}

# The custom code type (an "x-" value, as the specification allows) for the short name in Koers's addresses.
SLUG_CODE_TYPE = "x-koers-slug"

EXPANDABLE = ("parent", "children")
SORTABLE = {"name", "primaryCode", "organisationId"}


def _text(value: str) -> list[dict]:
    return [{"language": LANGUAGE, "value": value}]


def primary_code(institution: Institution) -> dict:
    """The institution code (the former BRIN) where known; else the SURFconext domain; else the Koers slug."""
    if institution.institution_code:
        return {"codeType": "institution_code", "code": institution.institution_code}
    if institution.schac_home:
        return {"codeType": "schac_home", "code": institution.schac_home}
    return {"codeType": SLUG_CODE_TYPE, "code": institution.slug}


def other_codes(institution: Institution) -> list[dict]:
    """Every code the institution has, the primary one included, so a consumer finds each by its type."""
    codes = []
    if institution.institution_code:
        codes.append({"codeType": "institution_code", "code": institution.institution_code})
    if institution.schac_home:
        codes.append({"codeType": "schac_home", "code": institution.schac_home})
    codes.append({"codeType": SLUG_CODE_TYPE, "code": institution.slug})
    return codes


def network(children: Iterable[Institution]) -> dict:
    return {
        "organisationId": str(NETWORK_ID),
        "primaryCode": dict(NETWORK_CODE),
        "organisationType": ROOT,
        "name": _text(NETWORK_NAME),
        "shortName": NETWORK_SHORT_NAME,
        "description": _text(NETWORK_DESCRIPTION),
        "link": f"{settings.SITE_URL}/",
        "otherCodes": [],
        "childIds": [str(child.uuid) for child in children],
    }


def institution(institution: Institution) -> dict:
    return {
        "organisationId": str(institution.uuid),
        "primaryCode": primary_code(institution),
        "organisationType": CHILD,
        "name": _text(institution.name),
        "shortName": institution.short_name or None,
        "description": _text(KIND_DESCRIPTIONS.get(institution.kind, KIND_DESCRIPTIONS[Institution.Kind.OTHER])),
        "addresses": (
            [{"addressType": "visit", "city": institution.city, "countryCode": {"iso3166-1-alpha2": "NL"}}]
            if institution.city
            else None
        ),
        "link": institution.website or None,
        "otherCodes": other_codes(institution),
        "parentId": str(NETWORK_ID),
        "rootId": str(NETWORK_ID),
        "ext": {"kind": institution.kind},
    }


def expanded(organisation: dict, *, expand: set[str], institutions: list[Institution]) -> dict:
    """The organisation with `parent` and/or `children` written out. An organisation without a parent (the root)
    or without children (an institution) leaves the field out: the schema allows no null there."""
    organisation = dict(organisation)
    is_root = organisation["organisationType"] == ROOT
    if "parent" in expand and not is_root:
        organisation["parent"] = network(institutions)
    if "children" in expand and is_root:
        organisation["children"] = [institution(child) for child in institutions]
    return organisation


def _name_key(organisation: dict) -> str:
    return organisation["name"][0]["value"].casefold()


SORT_KEYS = {
    "name": _name_key,
    "primaryCode": lambda organisation: organisation["primaryCode"]["code"].casefold(),
    "organisationId": lambda organisation: organisation["organisationId"],
}


@dataclass(frozen=True)
class Query:
    """The collection's parameters, already checked (see koers/oeapi/params.py)."""

    page_size: int = 10
    page_number: int = 1
    organisation_type: str = ""
    q: str = ""
    primary_code: str = ""
    sort: tuple[str, ...] = ("name",)


def _matches(organisation: dict, query: Query) -> bool:
    if query.organisation_type and organisation["organisationType"] != query.organisation_type:
        return False
    if query.primary_code and organisation["primaryCode"]["code"] != query.primary_code:
        return False
    if query.q:
        term = query.q.casefold()
        texts = [text["value"] for text in organisation["name"] + (organisation["description"] or [])]
        texts.append(organisation["shortName"] or "")
        return any(term in text.casefold() for text in texts)
    return True


def _sorted(organisations: list[dict], sort: tuple[str, ...]) -> list[dict]:
    # The id last, so equal names keep one order; then each key from the last to the first (sorts are stable).
    result = sorted(organisations, key=SORT_KEYS["organisationId"])
    for field in reversed(sort):
        name = field.removeprefix("-")
        result.sort(key=SORT_KEYS[name], reverse=field.startswith("-"))
    return result


def collection(*, institutions: list[Institution], query: Query) -> dict:
    """One page of the network and its institutions, ordered by name unless `sort` says otherwise."""
    everyone = [network(institutions), *(institution(member) for member in institutions)]
    found = _sorted([o for o in everyone if _matches(o, query)], query.sort)
    # An empty result is still one (empty) page.
    total_pages = max(1, math.ceil(len(found) / query.page_size))
    start = (query.page_number - 1) * query.page_size
    return {
        "pageSize": query.page_size,
        "pageNumber": query.page_number,
        "hasPreviousPage": query.page_number > 1,
        "hasNextPage": query.page_number < total_pages,
        "totalPages": total_pages,
        "items": found[start : start + query.page_size],
    }
