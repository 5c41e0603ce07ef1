"""OpenAPI: input serializers for request bodies, filter forms as query parameters, one error body everywhere."""

from drf_spectacular.openapi import AutoSchema as BaseAutoSchema

from .filters import form_parameters

ERROR_SCHEMA = {
    "type": "object",
    "required": ["status", "code", "message", "detail"],
    "properties": {
        "status": {"type": "integer"},
        "code": {"type": "string"},
        "message": {
            "type": "object",
            "required": ["nl", "en"],
            "properties": {"nl": {"type": "string"}, "en": {"type": "string"}},
        },
        "detail": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": True},
    },
}
ERRORS = {
    "400": "Ongeldige invoer",
    "401": "Niet ingelogd, of het token is ongeldig, verlopen of ingetrokken",
    "403": "Geen toegang",
    "404": "Niet gevonden",
    "429": "Te veel verzoeken",
}
BODY_ERRORS = {"409": "Botst met de huidige stand", "415": "Geen JSON"}


class AutoSchema(BaseAutoSchema):
    def get_request_serializer(self):
        serializer = getattr(self.view, "input_serializer_class", None)
        if serializer is not None and self.method in ("POST", "PUT", "PATCH"):
            if isinstance(serializer, dict):
                return serializer.get(getattr(self.view, "action", None))
            return serializer
        return super().get_request_serializer()

    def get_override_parameters(self):
        form = getattr(self.view, "filter_form", None)
        if form is not None and getattr(self.view, "action", None) == "list":
            return form_parameters(form)
        return super().get_override_parameters()


def add_error_responses(result, generator, request, public):
    """Every operation may answer with the common error body; schemathesis holds us to that."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for methods in result.get("paths", {}).values():
        for method, operation in methods.items():
            codes = dict(ERRORS)
            if method in ("post", "put", "patch"):
                codes |= BODY_ERRORS
            for code, description in codes.items():
                operation["responses"].setdefault(code, {"description": description, "content": reference})
            for code, response in operation["responses"].items():
                if code.startswith("4"):  # an error an operation documents itself (a 409 on DELETE) has the body too
                    response.setdefault("content", reference)
    return result


# Integer ranges that the database gives a model field (a small integer is ±32767 on PostgreSQL but
# unbounded on SQLite). They are left out of the schema so that it is the same on every database; the
# database's range is still enforced on input.
DATABASE_BOUNDS = {32767, 32768, 2147483647, 2147483648, 9223372036854775807, 9223372036854775808}


def _drop_database_bounds(node) -> None:
    if isinstance(node, dict):
        for key in ("minimum", "maximum"):
            if isinstance(node.get(key), int) and abs(node[key]) in DATABASE_BOUNDS:
                del node[key]
        if node.get("type") == "integer" and node.get("format") == "int64":
            del node["format"]  # follows from those ranges too
        for value in node.values():
            _drop_database_bounds(value)
    elif isinstance(node, list):
        for value in node:
            _drop_database_bounds(value)


def drop_database_bounds(result, generator, request, public):
    _drop_database_bounds(result)
    return result
