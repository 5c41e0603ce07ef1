from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from koers.search import selectors
from koers.search.forms import SearchFilters

from ..base import KoersViewSet
from ..permissions import PUBLIC
from ..schema import AutoSchema


class SearchFilterForm(SearchFilters):
    """Without ``q`` the answer is empty: nothing was asked."""


class HitOut(serializers.Serializer):
    kind = serializers.CharField()
    object_id = serializers.IntegerField()
    url = serializers.CharField(help_text=_("Het adres van de pagina, vanaf de root van de site."))
    title = serializers.CharField(help_text=_("HTML: de titel, met <mark> om de gevonden woorden."))
    snippet = serializers.CharField(help_text=_("HTML: een fragment van de tekst, met <mark> om de gevonden woorden."))


class GroupOut(serializers.Serializer):
    kind = serializers.CharField()
    heading = serializers.CharField(help_text=_("De naam van de soort, in de taal van het verzoek."))
    count = serializers.IntegerField()
    hits = HitOut(many=True)


class SearchOut(serializers.Serializer):
    query = serializers.CharField()
    total = serializers.IntegerField()
    page = serializers.IntegerField(allow_null=True)
    pages = serializers.IntegerField(allow_null=True)
    groups = GroupOut(many=True)


class OneAnswerSchema(AutoSchema):
    """The search answers one object (groups of hits), not a list of them."""

    def _is_list_view(self, serializer=None) -> bool:
        return False


class SearchViewSet(KoersViewSet):
    """Search across everything, as the search page: grouped per kind, best first; what the caller may open only."""

    perms = {"GET": PUBLIC}
    serializer_class = SearchOut
    filter_form = SearchFilterForm
    pagination_class = None
    schema = OneAnswerSchema()

    @extend_schema(responses=SearchOut)
    def list(self, request: Request) -> Response:
        """Search across everything, grouped per kind; with one ``kind``, ``page`` pages through its results."""
        filters = self.filters()
        try:
            page = max(1, min(int(request.query_params.get("page", "1")), 10_000))
        except ValueError:
            page = 1
        results = selectors.search(
            user=request.user,
            query=filters.get("q") or "",
            kinds=[filters["kind"]] if filters.get("kind") else None,
            theme=filters["theme"].pk if filters.get("theme") else None,
            institution=filters["institution"].pk if filters.get("institution") else None,
            page=page,
        )
        return Response(
            SearchOut(
                {
                    "query": results.query,
                    "total": results.total,
                    "page": results.page.number if results.page else None,
                    "pages": results.page.paginator.num_pages if results.page else None,
                    "groups": [
                        {
                            "kind": group.kind,
                            "heading": str(group.label),
                            "count": group.count,
                            "hits": [
                                {
                                    "kind": hit.kind,
                                    "object_id": hit.object_id,
                                    "url": hit.url,
                                    "title": str(hit.title),
                                    "snippet": str(hit.snippet),
                                }
                                for hit in group.hits
                            ],
                        }
                        for group in results.groups
                    ],
                }
            ).data
        )


ROUTES = [("search", SearchViewSet, "search")]
