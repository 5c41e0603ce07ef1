"""List filters: an empty value means "all", on the pages and in the API (koers.core.forms.chosen_filters)."""

from koers.core.forms import chosen_filters


def test_chosen_filters_leave_out_empty_values_only():
    cleaned = {"q": "", "theme": None, "status": "lopend", "page": 0, "mine": False, "themes": []}
    assert chosen_filters(cleaned) == {"status": "lopend", "page": 0, "mine": False, "themes": []}
