"""GET /api/v1/members/: the directory with exactly the fields each member shares, from the same member cards as
the directory and the profile pages."""

import itertools

import pytest

from koers.members.models import SharedField
from koers.members.selectors import member_card

from ..factories import ThemeFactory, UserFactory, share

pytestmark = pytest.mark.django_db
LIST = "/api/v1/members/"
ALWAYS = {"id", "full_name", "institution", "is_new"}


def test_guests_may_not_list_members(api):
    assert api().get(LIST).status_code == 401


@pytest.mark.parametrize(
    "fields",
    [set(c) for n in range(len(SharedField.values) + 1) for c in itertools.combinations(SharedField.values, n)],
)
def test_each_member_shows_exactly_the_fields_they_share(api, member, other_member, fields):
    theme = ThemeFactory(slug="cloud")
    other_member.phone, other_member.job_title = "06-12345678", "Informatiemanager"
    other_member.save()
    other_member.expertise.add(theme)
    share(other_member, *fields)
    rows = {row["full_name"]: row for row in api(member).get(LIST).json()["results"]}
    row = rows["Hans Bos"]
    card = member_card(type(other_member).objects.get(pk=other_member.pk))
    shared = {
        "email": "hans@albeda.example",
        "phone": "06-12345678",
        "job_title": "Informatiemanager",
        "expertise": ["cloud"],
    }
    assert row == {
        "id": other_member.pk,
        "full_name": "Hans Bos",
        "institution": "albeda",
        "is_new": card.is_new,
        **{name: value for name, value in shared.items() if name in fields},
    }
    # The same as the card: a field is in the API exactly when the card carries it.
    card_fields = {name for name in ("email", "phone", "job_title") if getattr(card, name) is not None}
    card_fields |= {"expertise"} if card.shares_expertise else set()
    assert set(row) - ALWAYS == card_fields == fields


def test_members_filter_by_institution_and_theme(api, member, other_member, institution):
    theme = ThemeFactory(slug="cloud")
    other_member.expertise.add(theme)
    share(other_member, "expertise")
    hidden = UserFactory(full_name="Stille Expert", institution=institution)
    hidden.expertise.add(theme)  # does not share expertise: not found on it
    client = api(member)
    names = lambda query: [row["full_name"] for row in client.get(LIST + query).json()["results"]]  # noqa: E731
    assert names("?institution=horizon-college") == ["Gerda Visser", "Stille Expert"]
    assert names("?theme=cloud") == ["Hans Bos"]
    assert names("?q=bos") == ["Hans Bos"]
    assert client.get(LIST + "?institution=bestaat-niet").status_code == 400
