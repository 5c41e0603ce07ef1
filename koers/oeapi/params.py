"""The query parameters of the OOAPI endpoints, checked: anything else is a 400 with one of these messages.

Parameters the specification defines but Koers does not act on (`fields`, `consumer`, `filter_query`, ...) are
ignored, as the specification allows; unknown parameters too.
"""

import re

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from .organisations import EXPANDABLE, ORGANISATION_TYPES, SORTABLE, Query

# As parameters/pageSize.yaml of the specification: only these, 10 when not given.
PAGE_SIZES = (10, 20, 50, 100, 250)
DEFAULT_PAGE_SIZE = 10
INT32_MAX = 2**31 - 1
DIGITS = re.compile(r"[0-9]{1,10}", re.ASCII)

MSG_PAGE_SIZE = _("pageSize moet een van deze waarden zijn: %(choices)s.")
MSG_PAGE_NUMBER = _("pageNumber moet een geheel getal zijn van 1 tot en met %(maximum)s.")
MSG_ORGANISATION_TYPE = _("organisationType moet een van deze waarden zijn: %(choices)s, of beginnen met x-.")
MSG_SORT = _("sort kent alleen %(choices)s, elk eventueel met een - ervoor (aflopend), gescheiden door komma's.")
MSG_EXPAND = _("expand kent alleen %(choices)s, gescheiden door komma's.")


class BadParameter(Exception):
    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


def _number(raw: str, *, message, **values) -> int:
    if not DIGITS.fullmatch(raw) or not 1 <= int(raw) <= INT32_MAX:
        raise BadParameter(str(message) % values)
    return int(raw)


def _page_size(raw: str | None) -> int:
    if raw is None:
        return DEFAULT_PAGE_SIZE
    if not DIGITS.fullmatch(raw) or int(raw) not in PAGE_SIZES:
        raise BadParameter(str(MSG_PAGE_SIZE) % {"choices": ", ".join(map(str, PAGE_SIZES))})
    return int(raw)


def _list(raw: str) -> list[str]:
    return [part.strip() for part in raw.split(",") if part.strip()]


def collection_query(params: QueryDict) -> Query:
    page_number = params.get("pageNumber")
    organisation_type = params.get("organisationType", "")
    if organisation_type and organisation_type not in ORGANISATION_TYPES and not organisation_type.startswith("x-"):
        raise BadParameter(str(MSG_ORGANISATION_TYPE) % {"choices": ", ".join(ORGANISATION_TYPES)})
    sort = tuple(_list(params.get("sort", ""))) or ("name",)
    if any(field.removeprefix("-") not in SORTABLE for field in sort):
        raise BadParameter(str(MSG_SORT) % {"choices": ", ".join(sorted(SORTABLE))})
    return Query(
        page_size=_page_size(params.get("pageSize")),
        page_number=1 if page_number is None else _number(page_number, message=MSG_PAGE_NUMBER, maximum=INT32_MAX),
        organisation_type=organisation_type,
        q=params.get("q", "").strip(),
        primary_code=params.get("primaryCode", ""),
        sort=sort,
    )


def expand(params: QueryDict) -> set[str]:
    requested = set(_list(params.get("expand", "")))
    if requested - set(EXPANDABLE):
        raise BadParameter(str(MSG_EXPAND) % {"choices": ", ".join(EXPANDABLE)})
    return requested
