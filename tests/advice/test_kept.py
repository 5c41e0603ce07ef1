"""The rows of the members' list of advice and of the public transparency page are kept in the shared cache
({% cached_until %}) per filter and shown anew as soon as an advice, its follow-up, its themes or its lead change.
"Mijn werkgroepen" is kept per member."""

from django.urls import reverse
from django.utils import timezone

from koers.advice.models import Status
from koers.advice.services import follow_up_add, working_group_invite, working_group_set_lead

from ..pages import page_and_queries
from .conftest import make_advice


def kept(client, name: str, query: dict | None = None, *, saved: int = 5) -> str:
    """The page, asked twice: the second time its rows and its filter come from the shared cache, without their
    queries (the count, the page, its themes and its leads, the filter's themes)."""
    first, asked = page_and_queries(client, reverse(name), query)
    again, asked_again = page_and_queries(client, reverse(name), query)
    assert again == first and asked_again == asked - saved
    return first


def test_the_members_list_shows_a_change_of_its_lead_at_once(member_client, member, steering):
    advice = make_advice(actor=steering, title="Gezamenlijke inkoop", lead=steering)
    working_group_invite(actor=steering, advice=advice, user=member)
    first = kept(member_client, "advice:advice-list")
    assert "Gezamenlijke inkoop" in first and steering.full_name in first

    working_group_set_lead(actor=steering, advice=advice, user=member)  # update(): no signal
    shown = page_and_queries(member_client, reverse("advice:advice-list"))[0]
    assert f">{member.full_name}</a>" in shown
    member.full_name = "Fenna Jansen"
    member.save()
    assert ">Fenna Jansen</a>" in page_and_queries(member_client, reverse("advice:advice-list"))[0]


def test_my_working_groups_are_kept_for_each_member(client, member, steering):
    make_advice(actor=steering, title="Gezamenlijke inkoop", lead=steering)
    client.force_login(steering)
    assert "Gezamenlijke inkoop" in kept(client, "advice:advice-list", {"mijn": "on"})
    client.force_login(member)
    # Only the count is read again: the filter with the same choices is the one kept for the first member.
    mine = kept(client, "advice:advice-list", {"mijn": "on"}, saved=1)
    assert "Gezamenlijke inkoop" not in mine and "Je zit nog niet in een werkgroep." in mine
    assert "Gezamenlijke inkoop" in kept(client, "advice:advice-list")  # the whole list is another part


def test_the_transparency_page_shows_a_follow_up_and_a_theme_at_once(client, steering):
    advice = make_advice(actor=steering, title="Gezamenlijke inkoop", status=Status.IN_PROGRESS)
    first = kept(client, "advice:transparency")
    assert "Gezamenlijke inkoop" in first and "40%" not in first
    entry = {"date": timezone.localdate(), "text": "Eerste koppeling", "done_by": "SURF", "progress": 40}
    follow_up_add(actor=steering, advice=advice, data=entry | {"status": "op_schema"})
    assert "40%" in page_and_queries(client, reverse("advice:transparency"))[0]
    theme = advice.themes.get()
    theme.name = "Inkoop en contractbeheer"
    theme.save()
    assert "Inkoop en contractbeheer" in page_and_queries(client, reverse("advice:transparency"))[0]
