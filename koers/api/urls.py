"""/api/v1/ (the REST API), /api/schema/ (its OpenAPI 3 schema) and /api/docs/ (the documentation page)."""

from django.urls import include, path, re_path
from rest_framework.routers import SimpleRouter

from . import views
from .endpoints import advice, comments, documents, meetings, members, polls, portfolio, roadmap, search, themes

router = SimpleRouter(trailing_slash=True)
# Each endpoint module lists its (prefix, viewset, basename).
for module in (members, themes, portfolio, roadmap, polls, meetings, advice, comments, documents, search):
    for prefix, viewset, basename in module.ROUTES:
        router.register(prefix, viewset, basename=basename)

app_name = "api"
urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", views.schema, name="schema"),
    path("docs/", views.docs, name="docs"),
    re_path(r"^(?P<rest>[\s\S]*)$", views.not_found, name="not-found"),
]
