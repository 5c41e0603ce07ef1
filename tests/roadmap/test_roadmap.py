"""Ambitions with history, the national heatmap, a college's roadmap beside the sector."""

import pytest
from django.urls import reverse
from django.utils import timezone

from koers.roadmap.models import Ambition, AmbitionChange
from koers.roadmap.selectors import heatmap, own_roadmap
from koers.roadmap.services import ambition_remove, ambition_save

from ..factories import InstitutionFactory, ThemeFactory

YEAR = timezone.localdate().year


def plot(institution, theme, year, half, actor=None, **extra):
    data = {"start_year": year, "start_half": half, "level": "experimenteren", "readiness": "kunnen", "note": ""}
    data.update(extra)
    return ambition_save(actor=actor, institution=institution, theme=theme, data=data)


@pytest.fixture
def theme(db):
    return ThemeFactory(name="Data en AI", slug="data-en-ai")


def test_every_change_is_kept_as_history(member, institution, theme):
    plot(institution, theme, YEAR, 1, actor=member)
    plot(institution, theme, YEAR + 1, 2, actor=member, level="borgen")
    ambition_remove(actor=member, institution=institution, theme=theme)
    assert Ambition.objects.count() == 0
    history = list(AmbitionChange.objects.order_by("id").values_list("start_year", "start_half", "level", "removed"))
    assert history == [(YEAR, 1, "experimenteren", False), (YEAR + 1, 2, "borgen", False), (None, None, "", True)]


def test_member_plots_own_institution_only(client, member, other_institution, theme):
    client.force_login(member)
    data = {
        "start_year": YEAR,
        "start_half": 2,
        "level": "orienteren",
        "readiness": "willen",
        "note": "Eerst verkennen",
    }
    response = client.post(reverse("roadmap:ambition-edit", kwargs={"slug": theme.slug}), data)
    assert response.status_code == 302 and response["Location"] == reverse("roadmap:own")
    ambition = Ambition.objects.get()
    assert (ambition.institution, ambition.start_year, ambition.start_half, ambition.note) == (
        member.institution,
        YEAR,
        2,
        "Eerst verkennen",
    )
    url = reverse("roadmap:ambition-edit", kwargs={"slug": theme.slug}) + f"?instelling={other_institution.slug}"
    assert client.post(url, data).status_code == 403
    assert Ambition.objects.count() == 1


def test_bad_year_is_refused_and_writes_nothing(client, member, theme):
    client.force_login(member)
    data = {"start_year": 1999, "start_half": 1, "level": "orienteren", "readiness": "willen"}
    response = client.post(reverse("roadmap:ambition-edit", kwargs={"slug": theme.slug}), data)
    assert response.status_code == 400
    from django.core.validators import MinValueValidator

    expected = str(MinValueValidator.message) % {"limit_value": 2018}
    assert response.context["form"].errors["start_year"] == [expected]
    assert Ambition.objects.count() == AmbitionChange.objects.count() == 0


def test_heatmap_counts_colleges_per_theme_and_half_year(institution, other_institution, theme):
    small = InstitutionFactory(name="Terra", slug="terra", size_band="S", kind="aoc")
    plot(institution, theme, YEAR, 1)
    plot(other_institution, theme, YEAR, 1)
    plot(small, theme, YEAR + 2, 2)
    heat = heatmap()
    assert heat.counts == {(theme.pk, YEAR, 1): 2, (theme.pk, YEAR + 2, 2): 1}
    assert heat.periods[0] == (YEAR - 1, 1) and (YEAR + 2, 2) in heat.periods
    assert heatmap(size_band="S").counts == {(theme.pk, YEAR + 2, 2): 1}
    assert heatmap(kind="aoc").counts == {(theme.pk, YEAR + 2, 2): 1}


def test_own_roadmap_shows_how_many_are_ahead_and_the_median(institution, other_institution, theme):
    third = InstitutionFactory()
    plot(other_institution, theme, YEAR, 1)
    plot(third, theme, YEAR, 2)
    plot(institution, theme, YEAR + 1, 1)
    row = next(r for r in own_roadmap(institution=institution) if r.theme == theme)
    assert (row.colleges, row.ahead, row.median) == (3, 2, (YEAR, 2))


def test_guests_see_counts_but_no_college_names(client, institution, theme):
    plot(institution, theme, YEAR, 1)
    page = client.get(reverse("roadmap:national")).content.decode()
    assert "Data en AI" in page and ">1<" in page
    assert "Horizon College" not in page
    cell = reverse("roadmap:cell", kwargs={"slug": theme.slug, "year": YEAR, "half": 1})
    assert cell not in page
    assert client.get(cell).status_code == 302


def test_members_open_a_cell_and_see_the_colleges(client, member, institution, other_institution, theme):
    plot(institution, theme, YEAR, 1)
    plot(other_institution, theme, YEAR + 1, 1)
    client.force_login(member)
    page = client.get(reverse("roadmap:cell", kwargs={"slug": theme.slug, "year": YEAR, "half": 1})).content.decode()
    assert "Horizon College" in page and "Albeda" not in page


@pytest.mark.parametrize("colleges", [1, 4])
def test_heatmap_is_a_constant_number_of_queries(django_assert_num_queries, theme, colleges):
    for n in range(colleges):
        plot(InstitutionFactory(), theme, YEAR + n % 3, 1 + n % 2)
    with django_assert_num_queries(2):
        heatmap()


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize(
    ("name", "kwargs", "who", "queries"),
    [
        ("roadmap:national", None, "guest", 3),
        ("roadmap:national", None, "member", 6),
        ("roadmap:own", None, "member", 7),
        ("roadmap:cell", {"slug": "data-en-ai", "year": YEAR, "half": 1}, "member", 4),
    ],
)
def test_roadmap_pages_query_count(client, django_assert_num_queries, member, theme, name, kwargs, who, queries, count):
    for _ in range(count):
        plot(InstitutionFactory(), theme, YEAR, 1)
        plot(InstitutionFactory(), ThemeFactory(), YEAR + 1, 2)
    if who == "member":
        client.force_login(member)
    with django_assert_num_queries(queries):
        response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
