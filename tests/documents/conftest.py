"""The API client fixture, for the documents endpoint tests beside the pages."""

from ..api.conftest import api  # noqa: F401 (a fixture)
