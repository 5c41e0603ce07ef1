from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination

MSG_NO_PAGE = _("Deze pagina bestaat niet.")
MSG_PAGE_NUMBER = _("Geef een paginanummer van 1 of hoger.")
MSG_PAGE_SIZE = _("Geef een paginagrootte van 1 tot en met %(max)d.")


def _whole_number(raw: str, low: int, high: int) -> int | None:
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9:
        return None
    value = int(raw)
    return value if low <= value <= high else None


class Pagination(PageNumberPagination):
    """?page=2&page_size=50; at most 100 per page. A malformed number is a 400, a page past the end a 404."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        errors = {}
        page = request.query_params.get(self.page_query_param)
        if page is not None and _whole_number(page, 1, 10**9) is None:
            errors[self.page_query_param] = [str(MSG_PAGE_NUMBER)]
        size = request.query_params.get(self.page_size_query_param)
        if size is not None and _whole_number(size, 1, self.max_page_size) is None:
            errors[self.page_size_query_param] = [str(MSG_PAGE_SIZE % {"max": self.max_page_size})]
        if errors:
            raise ValidationError(errors)
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound:
            raise NotFound(MSG_NO_PAGE) from None

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": str(_("Paginanummer, vanaf 1.")),
                "schema": {"type": "integer", "minimum": 1, "maximum": 10**9},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": str(_("Aantal per pagina (standaard 25).")),
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]
