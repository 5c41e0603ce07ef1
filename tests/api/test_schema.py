"""The committed OpenAPI schema (koers/api/openapi.yaml) is the one the code generates: no drift."""

from pathlib import Path

import yaml
from django.core.management import call_command

import koers.api

COMMITTED = Path(koers.api.__file__).resolve().parent / "openapi.yaml"


def test_the_committed_schema_matches_the_code(tmp_path):
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(generated), "--validate", "--fail-on-warn")
    assert yaml.safe_load(generated.read_text()) == yaml.safe_load(COMMITTED.read_text()), (
        "The API changed but koers/api/openapi.yaml did not: run `make schema` and commit the result."
    )


def test_every_operation_documents_the_common_error_body():
    schema = yaml.safe_load(COMMITTED.read_text())
    operations = [(path, method, op) for path, ops in schema["paths"].items() for method, op in ops.items()]
    assert len(operations) >= 20
    for path, method, operation in operations:
        for code in ("400", "401", "403", "404", "429"):
            content = operation["responses"][code]["content"]["application/json"]["schema"]
            assert content == {"$ref": "#/components/schemas/Error"}, (path, method, code)
    assert schema["components"]["securitySchemes"]["personalAccessToken"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "Persoonlijk toegangstoken, aan te maken op je profiel (koers_...).",
    }
