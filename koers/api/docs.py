"""The API documentation page, rendered by Koers from the OpenAPI schema itself (see README: Swagger UI
does not pass axe-core), so it always describes the API as it is."""

from dataclasses import dataclass, field
from functools import lru_cache

from django.utils import translation
from drf_spectacular.generators import SchemaGenerator

METHODS = ["get", "post", "put", "patch", "delete"]


@dataclass
class Field:
    name: str
    kind: str
    required: bool
    description: str


@dataclass
class Operation:
    method: str
    path: str
    anchor: str
    summary: str
    public: bool
    parameters: list[Field] = field(default_factory=list)
    body: list[Field] = field(default_factory=list)
    responses: list[tuple[str, str]] = field(default_factory=list)


def _resolve(schema: dict, components: dict) -> dict:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return _resolve(schema["allOf"][0], components)
    return schema


def _kind(schema: dict, components: dict) -> str:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        target = components[name]
        if "enum" in target:
            return " | ".join(str(value) for value in target["enum"] if value not in ("", None))
        return name
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return _kind(schema["allOf"][0], components)
    if "oneOf" in schema:
        return " | ".join(_kind(option, components) for option in schema["oneOf"] if option.get("enum") != [""])
    kind = schema.get("type", "object")
    if kind == "array":
        return f"[{_kind(schema.get('items', {}), components)}]"
    if "enum" in schema:
        return " | ".join(str(value) for value in schema["enum"] if value not in ("", None))
    details = [schema[key] for key in ("format",) if key in schema]
    if "maxLength" in schema:
        details.append(f"≤ {schema['maxLength']}")
    if "minimum" in schema or "maximum" in schema:
        details.append(f"{schema.get('minimum', '')}–{schema.get('maximum', '')}")
    return f"{kind} ({', '.join(map(str, details))})" if details else kind


def _parameter(parameter: dict, components: dict) -> Field:
    kind = _kind(parameter.get("schema", {}), components)
    return Field(parameter["name"], kind, parameter.get("required", False), parameter.get("description", ""))


def _body(operation: dict, components: dict) -> list[Field]:
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if not content:
        return []
    schema = _resolve(content["schema"], components)
    required = set(schema.get("required", []))
    return [
        Field(name, _kind(prop, components), name in required, prop.get("description", ""))
        for name, prop in schema.get("properties", {}).items()
        if not prop.get("readOnly")
    ]


@lru_cache(maxsize=2)
def _operations(language: str) -> list[tuple[str, list[Operation]]]:
    with translation.override(language):
        schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema.get("components", {}).get("schemas", {})
    groups: dict[str, list[Operation]] = {}
    for path, methods in schema["paths"].items():
        for method in METHODS:
            operation = methods.get(method)
            if operation is None:
                continue
            entry = Operation(
                method=method.upper(),
                path=path,
                anchor=operation["operationId"],
                summary=operation.get("description", ""),
                public={} in operation.get("security", []),
                parameters=[
                    Field(
                        p["name"],
                        _kind(p.get("schema", {}), components),
                        p.get("required", False),
                        p.get("description", ""),
                    )
                    for p in operation.get("parameters", [])
                ],
                body=_body(operation, components),
                responses=[
                    (code, response.get("description", "")) for code, response in operation["responses"].items()
                ],
            )
            groups.setdefault(operation.get("tags", ["api"])[0], []).append(entry)
    return sorted(groups.items())


def operations() -> list[tuple[str, list[Operation]]]:
    return _operations(translation.get_language() or "nl")
