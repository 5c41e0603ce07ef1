"""The roadmap's big tables are kept in the shared cache ({% cached_until %}) and worked out again as soon as
anything they show changes: an ambition, a plan item and its order, an adoption, a milestone, a theme, an
institution or a member's name."""

import pytest
from django.urls import reverse
from django.utils import timezone

from koers.advice.services import advice_update
from koers.roadmap.models import AmbitionChange, PlanItem
from koers.roadmap.services import adoptions_save, ambition_save, plan_item_move, plan_item_save, reference_item_save

from ..advice.conftest import make_advice
from ..factories import InstitutionFactory, ThemeFactory, UserFactory
from ..pages import page_and_queries

YEAR = timezone.localdate().year


def plot(institution, theme, year=YEAR + 1, half=1):
    data = {"start_year": year, "start_half": half, "level": "experimenteren", "readiness": "kunnen", "note": ""}
    return ambition_save(actor=None, institution=institution, theme=theme, data=data)


def page(client, name, **query):
    return page_and_queries(client, reverse(name), query)


@pytest.fixture
def theme(db):
    return ThemeFactory(name="Data en AI", slug="data-en-ai")


def test_the_national_table_is_kept_until_an_ambition_a_theme_or_an_institution_changes(client, member, theme):
    college = InstitutionFactory(name="Curio")
    plot(college, theme)
    client.force_login(member)
    first, asked = page(client, "roadmap:national")
    again, asked_again = page(client, "roadmap:national")
    assert again == first and asked_again < asked  # kept: the table is not worked out again
    assert "Curio" in first  # the early movers, for members

    plot(InstitutionFactory(name="Albeda"), theme)
    assert "Albeda" in page(client, "roadmap:national")[0]
    theme.name = "Data, AI en privacy"
    theme.save()
    assert "Data, AI en privacy" in page(client, "roadmap:national")[0]
    college.name = "Curio Breda"
    college.save()
    assert "Curio Breda" in page(client, "roadmap:national")[0]


def test_a_guest_and_a_filter_each_get_their_own_kept_table(client, member, theme):
    plot(InstitutionFactory(name="Curio", kind="roc"), theme)
    guest_page = page(client, "roadmap:national")[0]
    assert "Curio" not in guest_page  # no college names for guests
    client.force_login(member)
    unfiltered = page(client, "roadmap:national")[0]
    assert "Curio" in unfiltered and "kind=aoc" not in unfiltered
    assert "kind=aoc" in page(client, "roadmap:national", kind="aoc")[0]  # its cells link to the filtered cell


def test_a_milestone_shows_at_once_when_its_advice_changes(client, member, steering, theme):
    advice = make_advice(actor=steering, title="Gezamenlijke inkoop", target_year=YEAR + 1, target_quarter=2)
    client.force_login(member)
    assert "Gezamenlijke inkoop" in page(client, "roadmap:national")[0]
    advice_update(actor=steering, advice=advice, data={"title": "Samen inkopen"}, links={})
    shown = page(client, "roadmap:national")[0]
    assert "Samen inkopen" in shown and "Gezamenlijke inkoop" not in shown


def item(title, theme, owner=None):
    data = {"title": title, "description": "", "theme": theme, "year": YEAR, "owner": owner, "status": "gepland"}
    return plan_item_save(actor=None, item=None, data=data, position=None)


def test_the_plan_is_kept_until_an_item_its_order_or_its_owner_changes(client, member, steering, theme):
    first = item("Eerste", theme, owner=steering)
    second = item("Tweede", theme)
    client.force_login(member)
    shown, asked = page(client, "roadmap:plan")
    # Kept: the plan and the filter's themes are not read again, only the session and the member with their facts.
    assert asked == 6 and page(client, "roadmap:plan") == (shown, 2)
    assert shown.index("Eerste") < shown.index("Tweede")

    plan_item_move(actor=steering, item=second, position=1)  # an update without signals says so itself
    shown = page(client, "roadmap:plan")[0]
    assert shown.index("Tweede") < shown.index("Eerste")
    steering.full_name = "Sanne de Regie"
    steering.save()
    assert "Sanne de Regie" in page(client, "roadmap:plan")[0]
    PlanItem.objects.get(pk=first.pk).delete()
    assert "Eerste" not in page(client, "roadmap:plan")[0]


def test_the_steering_group_gets_its_own_move_buttons_not_a_kept_copy(client, member, steering, theme):
    item("Eerste", theme)
    item("Tweede", theme)
    client.force_login(member)
    assert "Omhoog" not in page(client, "roadmap:plan")[0]
    client.force_login(steering)
    shown = page(client, "roadmap:plan")[0]
    assert shown.count(">Omhoog</button>") == 1 and shown.count(">Omlaag</button>") == 1


NOT_YET = '<span class="meta">nog niet ingevuld</span>'  # the reader's own institution's column


def test_the_reference_list_is_kept_per_institution(client, member, other_member, institution, theme):
    ooapi = reference_item_save(
        actor=None,
        item=None,
        data={
            "name": "OOAPI",
            "kind": "standaard",
            "recommendation": "aanbevolen",
            "rationale": "",
            "link": "",
            "themes": [],
        },
    )
    client.force_login(member)
    assert NOT_YET in page(client, "roadmap:reference-list")[0]
    adoptions_save(actor=member, institution=institution, choices={ooapi.pk: ("in_gebruik", "")})
    mine = page(client, "roadmap:reference-list")[0]
    assert NOT_YET not in mine and "1 in gebruik" in mine
    client.force_login(other_member)  # another college: its own column, the same national count
    theirs = page(client, "roadmap:reference-list")[0]
    assert NOT_YET in theirs and "1 in gebruik" in theirs


def test_the_own_roadmap_is_kept_until_an_ambition_of_the_institution_changes(client, member, institution, theme):
    client.force_login(member)
    first, asked = page(client, "roadmap:own")
    assert page(client, "roadmap:own") == (first, asked - 4)  # kept: the table and the history are not read again
    plot(institution, theme, year=YEAR + 2, half=2)
    shown = page(client, "roadmap:own")[0]
    assert f"{YEAR + 2} H2" in shown and "Nog geen ambities vastgelegd." not in shown


def test_a_guest_and_a_member_without_institution_get_their_own_filtered_list(client, theme):
    reference_item_save(
        actor=None,
        item=None,
        data={"name": "OOAPI", "kind": "standaard", "recommendation": "aanbevolen", "rationale": "", "link": ""}
        | {"themes": []},
    )
    InstitutionFactory(kind="aoc")
    client.force_login(UserFactory(institution=None))
    assert "van 0 instellingen" in page(client, "roadmap:reference-list", kind="roc")[0]  # the member's filter
    client.logout()
    # A guest may not filter on the colleges' profile: the same address shows the whole sector to them.
    assert "van 1 instelling<" in page(client, "roadmap:reference-list", kind="roc")[0]


def test_the_history_of_an_own_roadmap_follows_an_edit_of_a_change(client, member, institution, theme):
    plot(institution, theme)
    client.force_login(member)
    assert "experimenteren" in page(client, "roadmap:own")[0]
    AmbitionChange.objects.filter(institution=institution).delete()
    assert "Nog geen ambities vastgelegd." in page(client, "roadmap:own")[0]


def test_an_institutions_gaps_are_kept_until_an_ambition_a_stand_an_item_or_a_theme_changes(institution, theme):
    from koers.roadmap.models import Adoption
    from koers.roadmap.selectors import RoadmapGaps, roadmap_gaps
    from koers.roadmap.services import ambition_remove

    def item(name):
        data = {"name": name, "kind": "standaard", "recommendation": "aanbevolen", "rationale": "", "link": ""}
        return reference_item_save(actor=None, item=None, data=data | {"themes": []})

    ooapi = item("OOAPI")
    assert roadmap_gaps(institution=institution) == RoadmapGaps(themes=1, themes_open=1, items=1, items_open=1)
    plot(institution, theme)
    assert roadmap_gaps(institution=institution) == RoadmapGaps(1, 0, 1, 1)
    adoptions_save(actor=None, institution=institution, choices={ooapi.pk: ("in_gebruik", "")})
    assert roadmap_gaps(institution=institution) == RoadmapGaps(1, 0, 1, 0)
    item("eduID")
    assert roadmap_gaps(institution=institution) == RoadmapGaps(1, 0, 2, 1)
    ThemeFactory(name="Cloud", slug="cloud")
    assert roadmap_gaps(institution=institution) == RoadmapGaps(2, 1, 2, 1)
    ambition_remove(actor=None, institution=institution, theme=theme)
    Adoption.objects.filter(institution=institution).delete()
    assert roadmap_gaps(institution=institution) == RoadmapGaps(2, 2, 2, 2)
    other = InstitutionFactory()  # each institution its own
    assert roadmap_gaps(institution=other) == RoadmapGaps(2, 2, 2, 2)
    plot(other, theme)
    assert roadmap_gaps(institution=other) == RoadmapGaps(2, 1, 2, 2)
    assert roadmap_gaps(institution=institution) == RoadmapGaps(2, 2, 2, 2)
