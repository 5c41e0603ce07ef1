"""Validation against the vendored OOAPI v6 schemas (koers/oeapi/schemas/), with every $ref resolved from there."""

from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

import koers.oeapi

SCHEMAS = Path(koers.oeapi.__file__).resolve().parent / "schemas"


def load(relative: str) -> dict:
    return yaml.safe_load((SCHEMAS / relative).read_text(encoding="utf-8"))


def uri(relative: str) -> str:
    return (SCHEMAS / relative).as_uri()


def _retrieve(address: str) -> Resource:
    """Only files of the vendored folder: a $ref that leaves it, or names a file that is not there, fails."""
    path = Path(urlsplit(address).path)
    if not path.is_relative_to(SCHEMAS):
        raise LookupError(address)
    return Resource.from_contents(yaml.safe_load(path.read_text(encoding="utf-8")), default_specification=DRAFT202012)


FORMATS = FormatChecker()


@FORMATS.checks("uri", raises=ValueError)
def _is_uri(value) -> bool:
    # jsonschema checks "uri" only with an optional package; this is the part that matters here: absolute.
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme) and (bool(parts.netloc) or parts.scheme == "about") and " " not in value


@cache
def validator(reference: str) -> Draft202012Validator:
    """A validator for ``reference``: a file of the folder, optionally with a #/json/pointer into it."""
    file, _, pointer = reference.partition("#")
    schema = {"$ref": uri(file) + (f"#{pointer}" if pointer else "")}
    return Draft202012Validator(schema, registry=Registry(retrieve=_retrieve), format_checker=FORMATS)


ORGANISATION = "schemas/Organisation.yaml"
COLLECTION = "paths/OrganisationCollection.yaml#/get/responses/200/content/application~1json/schema"
INSTANCE = "paths/OrganisationInstance.yaml#/get/responses/200/content/application~1json/schema"
PROBLEM = "schemas/Problem.yaml"


def errors(instance, reference: str) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(reference).iter_errors(instance)]


def assert_valid(instance, reference: str) -> None:
    found = errors(instance, reference)
    assert found == [], found
