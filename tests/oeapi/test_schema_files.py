"""The vendored OOAPI v6 schemas are complete for what Koers answers, and Koers follows their parameters."""

from urllib.parse import urljoin

from koers.oeapi import organisations, params

from .schema import COLLECTION, INSTANCE, PROBLEM, SCHEMAS, load, uri


def _refs(node):
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _reachable(start: str) -> set[str]:
    """Every file reachable by $ref from the schema at ``start`` (a file with a JSON pointer into it)."""
    file, _, pointer = start.partition("#")
    node = load(file)
    for part in filter(None, pointer.split("/")):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    seen, todo = {file}, [(uri(file), node)]
    while todo:
        base, node = todo.pop()
        for ref in _refs(node):
            target = urljoin(base, ref).partition("#")[0]
            relative = target.removeprefix(SCHEMAS.as_uri() + "/")
            assert relative != target, f"{ref} leaves the vendored folder"
            assert (SCHEMAS / relative).is_file(), f"{ref} (from {base}) is not vendored"
            if relative not in seen:
                seen.add(relative)
                todo.append((target, load(relative)))
    return seen


def test_every_reference_of_the_response_schemas_is_vendored():
    assert _reachable(COLLECTION) == {
        "paths/OrganisationCollection.yaml",
        "schemas/Pagination.yaml",
        "schemas/Organisation.yaml",
        "schemas/IdentifierEntry.yaml",
        "schemas/LanguageTypedString.yaml",
        "schemas/Language.yaml",
        "schemas/Address.yaml",
        "schemas/Country.yaml",
        "schemas/Identifier.yaml",
        "schemas/Consumer.yaml",
        "schemas/Ext.yaml",
        "enumerations/codeType.yaml",
        "enumerations/organisationType.yaml",
        "enumerations/addressType.yaml",
    }
    assert "schemas/Organisation.yaml" in _reachable(INSTANCE)
    assert _reachable(PROBLEM) == {"schemas/Problem.yaml"}


def test_page_parameters_are_the_specifications():
    size = load("parameters/pageSize.yaml")["schema"]
    assert list(params.PAGE_SIZES) == size["enum"]
    assert params.DEFAULT_PAGE_SIZE == size["default"]
    assert load("parameters/pageNumber.yaml")["schema"]["minimum"] == 1


def test_organisation_types_and_code_types_are_the_specifications():
    assert (
        list(organisations.ORGANISATION_TYPES) == load("enumerations/organisationType.yaml")["x-ooapi-extensible-enum"]
    )
    assert organisations.CHILD in organisations.ORGANISATION_TYPES
    code_types = load("enumerations/codeType.yaml")["x-ooapi-extensible-enum"]
    assert {"institution_code", "schac_home", "organisation_id"} <= set(code_types)
    # Koers's own code type is an extension, as the specification asks of custom values.
    assert organisations.SLUG_CODE_TYPE.startswith("x-")
