"""The reference list: items with the network's advice, each college's adoption, national counts."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from koers.core.models import AuditEvent
from koers.members.models import Institution
from koers.roadmap.models import Adoption, ReferenceItem
from koers.roadmap.selectors import adopters, adoption_history, institution_count, reference_items
from koers.roadmap.services import adoptions_save, reference_item_delete, reference_item_save

from ..factories import InstitutionFactory, ThemeFactory

TODAY = timezone.localdate()


def item_data(name="OOAPI", **extra):
    data = {"name": name, "kind": "standaard", "recommendation": "aanbevolen", "rationale": "Omdat.", "link": ""}
    data["themes"] = extra.pop("themes", [])
    return {**data, **extra}


@pytest.fixture
def ooapi(db):
    return reference_item_save(actor=None, item=None, data=item_data("Open Education API (OOAPI)"))


def test_a_new_item_gets_a_slug_and_its_advice_date(steering):
    theme = ThemeFactory()
    item = reference_item_save(actor=steering, item=None, data=item_data("SURFconext", themes=[theme]))
    assert (item.slug, item.recommendation_since, list(item.themes.all())) == ("surfconext", TODAY, [theme])
    event = AuditEvent.objects.get(action="reference.changed")
    assert (event.actor, event.data) == (
        steering,
        {"created": True, "recommendation": "aanbevolen", "previous_recommendation": None},
    )


def test_the_advice_date_moves_only_when_the_advice_changes(ooapi, steering):
    long_ago = TODAY - datetime.timedelta(days=300)
    ReferenceItem.objects.filter(pk=ooapi.pk).update(recommendation_since=long_ago)
    ooapi.refresh_from_db()
    reference_item_save(actor=steering, item=ooapi, data=item_data("OOAPI v6", rationale="Nieuw."))
    ooapi.refresh_from_db()
    assert (ooapi.name, ooapi.slug, ooapi.recommendation_since) == ("OOAPI v6", "open-education-api-ooapi", long_ago)
    reference_item_save(actor=steering, item=ooapi, data=item_data("OOAPI v6", recommendation="uitfaseren"))
    ooapi.refresh_from_db()
    assert ooapi.recommendation_since == TODAY
    assert AuditEvent.objects.filter(action="reference.changed").latest("id").data == {
        "created": False,
        "recommendation": "uitfaseren",
        "previous_recommendation": "aanbevolen",
    }


@pytest.mark.parametrize(("name", "slug"), [("Nieuw", "nieuw-item"), ("Mijn instelling", "mijn-instelling-item")])
def test_names_that_would_take_a_page_address_get_another_slug(db, name, slug):
    assert reference_item_save(actor=None, item=None, data=item_data(name)).slug == slug


def test_adoption_is_recorded_changed_and_removed(ooapi, member, institution):
    eduid = reference_item_save(actor=None, item=None, data=item_data("eduID"))
    assert adoptions_save(actor=member, institution=institution, choices={ooapi.pk: ("gepland", "In 2027")}) == 1
    adoption = Adoption.objects.get()
    assert (adoption.item, adoption.state, adoption.note, adoption.updated_by) == (ooapi, "gepland", "In 2027", member)
    choices = {ooapi.pk: ("gepland", "In 2027"), eduid.pk: ("in_gebruik", ""), 99999: ("in_gebruik", "")}
    assert adoptions_save(actor=member, institution=institution, choices=choices) == 1  # unchanged and unknown skipped
    assert adoptions_save(actor=member, institution=institution, choices={ooapi.pk: ("", "")}) == 1
    assert list(Adoption.objects.values_list("item__name", "state")) == [("eduID", "in_gebruik")]


def test_national_counts_per_state_narrowed_by_institution_profile(ooapi, theme_two_items):
    small = [InstitutionFactory(size_band="S") for _ in range(3)]
    large = InstitutionFactory(size_band="L")
    for college, state in zip([*small, large], ["in_gebruik", "in_gebruik", "gepland", "in_gebruik"], strict=True):
        adoptions_save(actor=None, institution=college, choices={ooapi.pk: (state, "")})
    adoptions_save(actor=None, institution=small[2], choices={theme_two_items.pk: ("niet_van_toepassing", "")})
    counts = {i.name: (i.in_use, i.planned, i.not_applicable) for i in reference_items()}
    assert counts == {"Open Education API (OOAPI)": (3, 1, 0), "Twee thema's": (0, 0, 1)}
    counts = {i.name: (i.in_use, i.planned, i.not_applicable) for i in reference_items(size_band="S")}
    assert counts == {"Open Education API (OOAPI)": (2, 1, 0), "Twee thema's": (0, 0, 1)}
    assert (institution_count(), institution_count(size_band="S")) == (4, 3)
    theme = theme_two_items.themes.first()
    assert [(i.name, i.not_applicable) for i in reference_items(theme=theme)] == [("Twee thema's", 1)]
    assert [(state.value, [a.institution for a in group]) for state, group in adopters(item=ooapi)][1] == (
        "gepland",
        [small[2]],
    )


@pytest.fixture
def theme_two_items(db):
    themes = [ThemeFactory(), ThemeFactory()]
    return reference_item_save(actor=None, item=None, data=item_data("Twee thema's", themes=themes))


def test_recommended_items_come_first(db):
    for name, advice in [("A", "afgeraden"), ("B", "aanbevolen"), ("C", "in_onderzoek"), ("D", "aanbevolen")]:
        reference_item_save(actor=None, item=None, data=item_data(name, recommendation=advice))
    assert [i.name for i in reference_items()] == ["B", "D", "C", "A"]


def test_deleting_an_item_says_what_is_lost_and_removes_adoptions(client, steering, ooapi, institution):
    adoptions_save(actor=None, institution=institution, choices={ooapi.pk: ("in_gebruik", "")})
    client.force_login(steering)
    url = reverse("roadmap:reference-item-delete", args=[ooapi.slug])
    page = html.unescape(client.get(url).content.decode())
    assert "De stand die 1 instelling heeft ingevuld, gaat dan verloren." in page
    assert client.post(url)["Location"] == reverse("roadmap:reference-list")
    assert (ReferenceItem.objects.count(), Adoption.objects.count()) == (0, 0)
    assert AuditEvent.objects.filter(action="reference.changed").latest("id").data == {"deleted": True, "adoptions": 1}


def test_reference_item_delete_service_audits(ooapi, steering):
    reference_item_delete(actor=steering, item=ooapi)
    assert not ReferenceItem.objects.exists()


def test_member_records_own_adoption_through_the_form(client, member, ooapi, institution):
    client.force_login(member)
    url = reverse("roadmap:adoptions")
    data = {f"state-{ooapi.pk}": "in_gebruik", f"note-{ooapi.pk}": " Sinds 2025 "}
    response = client.post(url, data, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert "De stand van Horizon College is opgeslagen (1 item gewijzigd)." in response.content.decode()
    adoption = Adoption.objects.get()
    assert (adoption.institution, adoption.state, adoption.note) == (institution, "in_gebruik", "Sinds 2025")


def test_a_note_without_a_state_is_refused_and_nothing_is_written(client, member, ooapi):
    client.force_login(member)
    response = client.post(reverse("roadmap:adoptions"), {f"note-{ooapi.pk}": "Binnenkort"})
    assert response.status_code == 400
    assert "Kies ook een stand; een toelichting zonder stand wordt niet bewaard." in response.content.decode()
    assert 'value="Binnenkort"' in response.content.decode()  # nothing typed is lost
    assert not Adoption.objects.exists()


def test_members_may_not_record_for_another_institution_but_the_steering_group_may(
    client, member, steering, ooapi, other_institution
):
    url = f"{reverse('roadmap:adoptions')}?instelling={other_institution.slug}"
    client.force_login(member)
    assert client.post(url, {f"state-{ooapi.pk}": "gepland"}).status_code == 403
    assert not Adoption.objects.exists()
    client.force_login(steering)
    assert client.post(url, {f"state-{ooapi.pk}": "gepland"}).status_code == 302
    assert Adoption.objects.get().institution == other_institution


def test_guests_see_counts_but_members_see_which_colleges(client, member, ooapi, institution):
    adoptions_save(actor=None, institution=institution, choices={ooapi.pk: ("in_gebruik", "")})
    url = ooapi.get_absolute_url()
    page = client.get(url).content.decode()
    assert "1 in gebruik · 0 gepland · 0 n.v.t. · 0 onbekend" in page
    assert "Horizon College" not in page
    client.force_login(member)
    page = client.get(url).content.decode()
    assert "Horizon College" in page and "Stand van mijn instelling wijzigen" in page


def test_the_adoption_bar_draws_each_state_as_a_share(client, ooapi):
    colleges = [InstitutionFactory() for _ in range(4)]
    for college, state in zip(colleges, ["in_gebruik", "gepland", "gepland", "niet_van_toepassing"], strict=True):
        adoptions_save(actor=None, institution=college, choices={ooapi.pk: (state, "")})
    InstitutionFactory()  # one that has not said
    page = client.get(reverse("roadmap:reference-list")).content.decode()
    assert '<rect class="bar-in_gebruik" x="0.0" y="0" width="20.0" height="10"/>' in page
    assert '<rect class="bar-gepland" x="20.0" y="0" width="40.0" height="10"/>' in page
    assert '<rect class="bar-niet_van_toepassing" x="60.0" y="0" width="20.0" height="10"/>' in page
    assert "1 in gebruik · 2 gepland · 1 n.v.t. · 1 onbekend" in page


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize(
    ("name", "who", "queries"),
    [
        ("roadmap:reference-list", "guest", 4),
        ("roadmap:reference-list", "member", 8),
        ("roadmap:adoptions", "member", 6),
    ],
)
def test_reference_pages_query_count(client, django_assert_num_queries, member, name, who, queries, count):
    for n in range(count):
        item = reference_item_save(actor=None, item=None, data=item_data(f"Item {n}", themes=[ThemeFactory()]))
        for college in Institution.objects.all()[:2] or [InstitutionFactory(), InstitutionFactory()]:
            adoptions_save(actor=None, institution=college, choices={item.pk: ("gepland", "")})
    if who == "member":
        client.force_login(member)
    with django_assert_num_queries(queries):
        response = client.get(reverse(name))
    assert response.status_code == 200
    assert response.content.decode().count('href="/roadmap/referentielijst/item-') == count


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize(("who", "queries"), [("guest", 4), ("member", 9)])
def test_reference_item_query_count(client, django_assert_num_queries, member, ooapi, who, queries, count):
    for _ in range(count):
        adoptions_save(actor=None, institution=InstitutionFactory(), choices={ooapi.pk: ("in_gebruik", "")})
    if who == "member":
        client.force_login(member)
    with django_assert_num_queries(queries):
        response = client.get(ooapi.get_absolute_url())
    assert response.status_code == 200


def test_saving_the_page_keeps_a_colleagues_answer_given_meanwhile(client, member, steering, ooapi, institution):
    eduid = reference_item_save(actor=None, item=None, data=item_data("eduID"))
    client.force_login(member)
    # The page as it was loaded: nothing filled in yet. Meanwhile a colleague records OOAPI.
    adoptions_save(actor=steering, institution=institution, choices={ooapi.pk: ("in_gebruik", "Sinds 2024")})
    data = {
        f"state-{ooapi.pk}": "",
        f"initial-state-{ooapi.pk}": "",
        f"note-{ooapi.pk}": "",
        f"initial-note-{ooapi.pk}": "",
        f"state-{eduid.pk}": "gepland",
        f"initial-state-{eduid.pk}": "",
        f"note-{eduid.pk}": "",
        f"initial-note-{eduid.pk}": "",
    }
    client.post(reverse("roadmap:adoptions"), data)
    saved = dict(Adoption.objects.values_list("item__name", "state"))
    assert saved == {"Open Education API (OOAPI)": "in_gebruik", "eduID": "gepland"}


def test_guests_cannot_narrow_the_counts_to_a_few_colleges(client, ooapi):
    lone = InstitutionFactory(kind="anders")
    adoptions_save(actor=None, institution=lone, choices={ooapi.pk: ("in_gebruik", "")})
    InstitutionFactory(kind="roc")
    page = client.get(reverse("roadmap:reference-list"), {"kind": "anders"}).content.decode()
    assert 'name="kind"' not in page and "van 2 instellingen" in page
    page = client.get(reverse("roadmap:national"), {"kind": "anders"}).content.decode()
    assert 'name="kind"' not in page


def _answered(item, state, when):
    """An institution that recorded ``state`` for ``item`` on ``when`` (a date)."""
    adoptions_save(actor=None, institution=InstitutionFactory(), choices={item.pk: (state, "")})
    moment = timezone.make_aware(datetime.datetime.combine(when, datetime.time(12)))
    Adoption.objects.filter(pk=Adoption.objects.filter(item=item).latest("pk").pk).update(updated_at=moment)


def test_adoption_history_counts_institutions_per_stand_at_the_end_of_each_half_year(ooapi):
    _answered(ooapi, "in_gebruik", datetime.date(2023, 3, 1))  # before the half-years shown: counts from the first
    _answered(ooapi, "in_gebruik", datetime.date(2024, 6, 30))
    _answered(ooapi, "gepland", datetime.date(2024, 7, 1))
    _answered(ooapi, "niet_van_toepassing", datetime.date(2025, 2, 1))
    _answered(ooapi, "in_gebruik", datetime.date(2025, 12, 31))
    eduid = reference_item_save(actor=None, item=None, data=item_data("eduID"))
    _answered(eduid, "gepland", datetime.date(2025, 1, 1))  # another item: not counted
    history = adoption_history(item=ooapi, periods=4, today=datetime.date(2026, 1, 5))
    assert history.periods == [(2024, 2), (2025, 1), (2025, 2), (2026, 1)]
    assert [state.value for state in history.states] == ["in_gebruik", "gepland", "niet_van_toepassing"]
    assert history.counts == [[2, 1, 0], [2, 1, 1], [3, 1, 1], [3, 1, 1]]
    # With fewer half-years since the first answer than asked for, the history starts at the first answer.
    assert adoption_history(item=ooapi, periods=20, today=datetime.date(2026, 1, 5)).periods[:2] == [
        (2023, 1),
        (2023, 2),
    ]


def test_adoption_history_without_answers_is_the_present_half_year_at_zero(ooapi):
    history = adoption_history(item=ooapi, today=datetime.date(2026, 8, 1))
    assert (history.periods, history.counts) == ([(2026, 2)], [[0, 0, 0]])


def test_the_reference_item_page_draws_the_adoption_over_time(client, ooapi):
    _answered(ooapi, "in_gebruik", timezone.localdate())
    page = client.get(ooapi.get_absolute_url()).content.decode()
    assert '<svg class="chart chart-columns"' in page
    assert (
        '<title id="chart-adoption-history-title">Instellingen per stand aan het eind van elk halfjaar</title>' in page
    )
    assert '<th scope="col">Halfjaar</th><th scope="col">In gebruik</th><th scope="col">Gepland</th>' in page
