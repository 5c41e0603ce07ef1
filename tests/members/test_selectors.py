"""The named institution, else your own: koers.members.selectors.institution_chosen, which the portfolio and
roadmap pages (?instelling=) and their API endpoints (the body's institution) all read."""

import pytest
from django.contrib.auth.models import AnonymousUser

from koers.members.models import Institution
from koers.members.selectors import institution_chosen

from ..factories import UserFactory


@pytest.mark.parametrize(
    ("own", "slug", "named", "expected"),
    [
        ("horizon", "", None, "horizon"),  # nothing named: your own
        ("horizon", "albeda", None, "albeda"),  # named in the address
        ("horizon", "", "albeda", "albeda"),  # named in the body
        ("horizon", "horizon", None, "horizon"),  # your own, named
        (None, "", None, None),  # neither: None (the page sends you to your profile, the API answers 400)
        (None, "albeda", None, "albeda"),
        (None, "", "albeda", "albeda"),
    ],
)
def test_institution_chosen(institution, other_institution, own, slug, named, expected):
    by_key = {"horizon": institution, "albeda": other_institution, None: None}
    user = UserFactory(institution=by_key[own])
    slug = by_key[slug].slug if slug else ""
    chosen = institution_chosen(user=user, slug=slug, named=by_key[named])
    assert chosen == by_key[expected]


def test_an_unknown_slug_is_not_your_own(member):
    with pytest.raises(Institution.DoesNotExist):
        institution_chosen(user=member, slug="bestaat-niet")


def test_a_guest_has_no_institution_of_their_own(db):
    assert institution_chosen(user=AnonymousUser()) is None
