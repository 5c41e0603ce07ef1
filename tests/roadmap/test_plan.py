"""The multi-year plan: priority order kept without gaps, a timeline per theme and year, kept by the steering group."""

import html
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from koers.core.models import AuditEvent
from koers.roadmap.models import PlanItem
from koers.roadmap.selectors import plan_items, plan_timeline
from koers.roadmap.services import plan_item_delete, plan_item_move, plan_item_save

from ..factories import ThemeFactory

YEAR = timezone.localdate().year


@pytest.fixture
def theme(db):
    return ThemeFactory(name="Data en AI", slug="data-en-ai")


def add(title, theme, *, year=YEAR, position=None, actor=None, status="voorgesteld"):
    data = {"title": title, "description": "", "theme": theme, "year": year, "owner": None, "status": status}
    return plan_item_save(actor=actor, item=None, data=data, position=position)


def order() -> list[tuple[int, str]]:
    return list(PlanItem.objects.order_by("rank").values_list("rank", "title"))


def test_new_items_go_to_the_bottom_unless_a_place_is_given(theme, steering):
    add("A", theme, actor=steering)
    add("B", theme)
    add("C", theme, position=1)
    add("D", theme, position=99)
    assert order() == [(1, "C"), (2, "A"), (3, "B"), (4, "D")]
    event = AuditEvent.objects.filter(action="plan.changed").order_by("id").first()
    assert (event.actor, event.target_repr, event.data) == (
        steering,
        "A",
        {"created": True, "rank": 1, "year": YEAR, "status": "voorgesteld"},
    )


def test_moving_renumbers_the_whole_plan_without_gaps(theme, steering):
    a, b, c = add("A", theme), add("B", theme), add("C", theme)
    plan_item_move(actor=steering, item=c, position=1)
    assert order() == [(1, "C"), (2, "A"), (3, "B")]
    plan_item_move(actor=steering, item=c, position=0)  # below 1: the top
    plan_item_move(actor=steering, item=a, position=7)  # past the end: the bottom
    assert order() == [(1, "C"), (2, "B"), (3, "A")]
    event = AuditEvent.objects.filter(action="plan.changed", target_id=str(a.pk)).latest("id")
    assert event.data == {"rank": 3, "previous_rank": 2}
    assert b.pk  # untouched items keep their identity


def test_editing_keeps_the_place_unless_a_new_one_is_given(theme, steering):
    add("A", theme)
    b = add("B", theme)
    add("C", theme)
    data = {"title": "B2", "description": "x", "theme": theme, "year": YEAR + 1, "owner": steering, "status": "gepland"}
    plan_item_save(actor=steering, item=b, data=data)
    assert order() == [(1, "A"), (2, "B2"), (3, "C")]
    plan_item_save(actor=steering, item=b, data=data, position=3)
    assert order() == [(1, "A"), (2, "C"), (3, "B2")]
    b.refresh_from_db()
    assert (b.year, b.owner, b.status, b.description) == (YEAR + 1, steering, "gepland", "x")


def test_deleting_closes_the_gap(theme, steering):
    add("A", theme)
    b = add("B", theme)
    add("C", theme)
    plan_item_delete(actor=steering, item=b)
    assert order() == [(1, "A"), (2, "C")]
    assert AuditEvent.objects.filter(action="plan.changed", data__deleted=True).count() == 1


def test_timeline_shows_planned_themes_by_year(theme):
    other = ThemeFactory(name="XR", slug="xr")
    ThemeFactory(name="Leeg thema", slug="leeg")
    add("Later", theme, year=YEAR + 5)
    add("Nu", theme)
    add("Vorig jaar", other, year=YEAR - 1)
    timeline = plan_timeline(list(plan_items()))
    assert timeline.years == list(range(YEAR - 1, YEAR + 6))
    cells = {t.name: [[i.title for i in cell] for cell in row] for t, row in timeline.rows}
    assert cells == {
        "Data en AI": [[], ["Nu"], [], [], [], [], ["Later"]],
        "XR": [["Vorig jaar"], [], [], [], [], [], []],
    }


def test_an_empty_timeline_still_shows_the_coming_years(db):
    timeline = plan_timeline([])
    assert (timeline.years, timeline.rows) == (list(range(YEAR, YEAR + 4)), [])


def test_steering_adds_an_item_through_the_form(client, steering, theme):
    client.force_login(steering)
    add("Bestaand", theme)
    data = {"title": "Kaders AI", "theme": theme.pk, "year": YEAR + 1, "status": "gepland", "position": "1"}
    response = client.post(reverse("roadmap:plan-item-create"), data, follow=True)
    item = PlanItem.objects.get(title="Kaders AI")
    assert response.redirect_chain == [(item.get_absolute_url(), 302)]
    assert order() == [(1, "Kaders AI"), (2, "Bestaand")]
    assert "Kaders AI staat in het meerjarenplan op plaats 1." in response.content.decode()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": ""}, "Dit veld is verplicht."),
        ({"year": "1999"}, "Zorg ervoor dat deze waarde minstens 2018 is."),
        ({"position": "0"}, "Zorg ervoor dat deze waarde minstens 1 is."),
        ({"status": "klaar"}, "Selecteer een geldige keuze. klaar is geen beschikbare keuze."),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(client, steering, theme, change, message):
    client.force_login(steering)
    data = {"title": "Kaders AI", "theme": theme.pk, "year": YEAR, "status": "gepland", **change}
    response = client.post(reverse("roadmap:plan-item-create"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PlanItem.objects.exists()


def test_move_buttons_return_to_the_same_view(client, steering, theme):
    add("A", theme)
    b = add("B", theme)
    client.force_login(steering)
    url = reverse("roadmap:plan-item-move", args=[b.pk])
    response = client.post(url, {"position": "1", "next": "/roadmap/meerjarenplan/?status=voorgesteld"})
    assert response["Location"] == f"/roadmap/meerjarenplan/?status=voorgesteld#plan-item-{b.pk}"
    assert order() == [(1, "B"), (2, "A")]
    response = client.post(url, {"position": "2", "next": "https://elders.example/"})
    assert response["Location"] == f"/roadmap/meerjarenplan/#plan-item-{b.pk}"
    response = client.post(url, {"position": "hoger"}, follow=True)
    assert "Geef de nieuwe plaats als een getal." in response.content.decode()
    assert order() == [(1, "A"), (2, "B")]


def test_delete_asks_first(client, steering, theme):
    item = add("A", theme)
    client.force_login(steering)
    url = reverse("roadmap:plan-item-delete", args=[item.pk])
    page = html.unescape(client.get(url).content.decode())
    assert 'Weet je zeker dat je "A" uit het meerjarenplan wilt verwijderen? Dit kan niet ongedaan' in page
    assert PlanItem.objects.count() == 1
    assert client.post(url)["Location"] == reverse("roadmap:plan")
    assert not PlanItem.objects.exists()


def test_the_plan_page_filters_and_shows_move_buttons_to_the_steering_group_only(client, member, steering, theme):
    add("Eerste", theme, status="gepland")
    add("Tweede", theme, status="afgerond")
    client.force_login(member)
    page = client.get(reverse("roadmap:plan"), {"status": "gepland"}).content.decode()
    assert "Eerste" in page and "Tweede" not in page and "Omhoog" not in page
    client.force_login(steering)
    page = client.get(reverse("roadmap:plan")).content.decode()
    # The visible text says which way; the name screen readers hear starts with it and adds the item.
    assert page.count('aria-label="Omhoog: Tweede">Omhoog</button>') == 1 and page.count(">Omhoog<") == 1
    assert page.count('aria-label="Omlaag: Eerste">Omlaag</button>') == 1 and page.count(">Omlaag<") == 1
    assert ">Hoger<" not in page and ">Lager<" not in page


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize(("name", "who", "queries"), [("roadmap:plan", "member", 6), ("roadmap:plan", "steering", 7)])
def test_plan_page_query_count(client, django_assert_num_queries, member, steering, name, who, queries, count):
    for n in range(count):
        add(f"Onderdeel {n}", ThemeFactory(), year=YEAR + n)
        PlanItem.objects.filter(title=f"Onderdeel {n}").update(owner=member)
    client.force_login(member if who == "member" else steering)
    with django_assert_num_queries(queries):
        response = client.get(reverse(name))
    assert response.status_code == 200
    assert response.content.decode().count('id="plan-item-') == count


def test_an_edit_from_an_older_copy_keeps_the_order_made_since(theme, steering):
    a = add("A", theme)
    add("B", theme)
    stale = PlanItem.objects.get(pk=a.pk)  # as an edit form loaded it
    plan_item_move(actor=steering, item=PlanItem.objects.get(title="B"), position=1)
    data = {"title": "A2", "description": "", "theme": theme, "year": YEAR, "owner": None, "status": "gepland"}
    plan_item_save(actor=steering, item=stale, data=data)
    assert order() == [(1, "B"), (2, "A2")]


def test_editing_an_item_deleted_meanwhile_says_so(theme, steering):
    item = add("A", theme)
    PlanItem.objects.filter(pk=item.pk).delete()
    data = {"title": "A2", "description": "", "theme": theme, "year": YEAR, "owner": None, "status": "gepland"}
    with pytest.raises(ValidationError) as error:
        plan_item_save(actor=steering, item=item, data=data)
    assert error.value.messages == ["Dit onderdeel is intussen uit het meerjarenplan verwijderd."]
    assert not PlanItem.objects.exists()


def test_move_buttons_are_hidden_while_the_plan_is_filtered(client, steering, theme):
    add("Eerste", theme)
    add("Tweede", theme)
    client.force_login(steering)
    page = client.get(reverse("roadmap:plan"), {"status": "voorgesteld"}).content.decode()
    assert "Omhoog" not in page and "Wis de filters om de volgorde te wijzigen." in page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_simultaneous_additions_each_get_their_own_place():
    theme = ThemeFactory()
    barrier = threading.Barrier(6)
    errors = []

    def worker(n):
        try:
            barrier.wait()
            add(f"Onderdeel {n}", theme)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(PlanItem.objects.values_list("rank", flat=True)) == [1, 2, 3, 4, 5, 6]
