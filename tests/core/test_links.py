"""url_for gives what reverse() gives, without walking the URL patterns each time."""

import pytest
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

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


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("members:institution-detail", "roc-van-amsterdam"),
        ("themes:theme-detail", "data_en_ai-2"),
        ("roadmap:reference-item", "ooapi"),
    ],
)
def test_a_slug_gives_the_same_address_as_reverse(name, slug):
    assert url_for(name, slug) == reverse(name, args=[slug])
    assert url_for(name, slug) == reverse(name, args=[slug])


def test_a_slug_with_other_characters_goes_through_reverse():
    with pytest.raises(NoReverseMatch):  # as reverse() does: the URL takes a slug only
        url_for("members:institution-detail", "één/../beheer")


def test_a_number_and_a_slug_of_the_same_url_do_not_mix():
    assert url_for("members:profile", 7) == "/leden/7/"
    assert url_for("members:institution-detail", "albeda") == "/instellingen/albeda/"
