"""url_for gives what reverse() gives, without walking the URL patterns each time."""

import pytest
from django.urls import clear_script_prefix, reverse, set_script_prefix

from koers.core.links import url_for


@pytest.mark.parametrize(
    "name", ["portfolio:project-detail", "members:profile", "advice:advice-detail", "polls:poll-detail"]
)
@pytest.mark.parametrize("pk", [1, 42, 1234567])
def test_the_same_address_as_reverse(name, pk):
    assert url_for(name, pk) == reverse(name, args=[pk])
    assert url_for(name, pk) == reverse(name, args=[pk])  # the second time from the kept pattern


def test_under_a_script_prefix():
    url_for("members:profile", 1)
    set_script_prefix("/koers/")
    try:
        assert url_for("members:profile", 7) == "/koers/leden/7/"
    finally:
        clear_script_prefix()
    assert url_for("members:profile", 7) == "/leden/7/"


def test_a_key_that_is_not_a_number_is_refused():
    with pytest.raises(ValueError):
        url_for("members:profile", "7/../beheer")  # type: ignore[arg-type]
