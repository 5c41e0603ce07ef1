"""The domain selectors the hubs compose: each applies its own app's rules for the viewer."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from koers.advice.models import Status
from koers.advice.selectors import advice_for_theme
from koers.meetings.models import Registration
from koers.meetings.selectors import meetings_attended, meetings_for_theme
from koers.members.selectors import experts_on, profile_member
from koers.polls.selectors import polls_answered, polls_for_theme
from koers.polls.services import ballot_cast
from koers.portfolio.models import Project
from koers.portfolio.selectors import contact_projects, institution_projects, theme_colleges
from koers.roadmap.models import Adoption, Ambition, ReferenceItem
from koers.roadmap.selectors import heat_shade, reference_stand, theme_heat_row

from ..advice.conftest import make_advice
from ..factories import InstitutionFactory, ThemeFactory, UserFactory, share
from ..meetings.conftest import make_meeting
from ..polls.conftest import make_poll, option

pytestmark = pytest.mark.django_db


def test_experts_are_the_members_who_share_that_expertise(institution):
    theme = ThemeFactory()
    sharing = UserFactory(full_name="Bram Deelt", institution=institution)
    private = UserFactory(full_name="Carla Zwijgt", institution=institution)
    former = UserFactory(full_name="Dirk Weg", institution=institution, is_active=False)
    for user in (sharing, private, former):
        user.expertise.add(theme)
    share(sharing, "expertise")
    share(former, "expertise")
    cards, count = experts_on(theme=theme, limit=12)
    assert [(card.full_name, [t.pk for t in card.expertise]) for card in cards] == [("Bram Deelt", [theme.pk])]
    assert count == 1


def test_experts_are_the_first_few_by_name_and_their_number(institution):
    theme = ThemeFactory()
    for name in ("Eva", "Anna", "Dirk", "Bas"):
        user = UserFactory(full_name=name, institution=institution)
        user.expertise.add(theme)
        share(user, "expertise")
    cards, count = experts_on(theme=theme, limit=2)
    assert ([card.full_name for card in cards], count) == (["Anna", "Bas"], 4)
    assert experts_on(theme=ThemeFactory(), limit=2) == ([], 0)


def test_a_profile_exists_for_current_members_only(member, admin_user):
    assert profile_member(pk=member.pk) == member
    erased = UserFactory(full_name="Gewist", anonymised_at=timezone.now())
    former = UserFactory(full_name="Oud", is_active=False)
    for user in (erased, former, admin_user):
        with pytest.raises(type(member).DoesNotExist):
            profile_member(pk=user.pk)


def test_projects_of_an_institution_and_of_a_contact(institution, other_institution, member):
    b = Project.objects.create(institution=institution, title="B-project", contact=member)
    a = Project.objects.create(institution=institution, title="A-project")
    Project.objects.create(institution=other_institution, title="Elders", contact=member)
    assert list(institution_projects(institution=institution)) == [a, b]
    assert [p.title for p in contact_projects(user=member)] == ["B-project", "Elders"]


def test_a_themes_heat_row_uses_the_national_colours(institution, other_institution):
    theme, busy = ThemeFactory(), ThemeFactory()
    year = timezone.localdate().year + 1
    Ambition.objects.create(institution=institution, theme=theme, start_year=year, start_half=1)
    for college in (institution, other_institution, InstitutionFactory(), InstitutionFactory()):
        Ambition.objects.create(institution=college, theme=busy, start_year=year, start_half=2)
    row = theme_heat_row(theme=theme)
    counts = {(cell.year, cell.half): (cell.count, cell.shade) for cell in row.cells if cell.count}
    assert counts == {(year, 1): (1, heat_shade(1, 4))} == {(year, 1): (1, 1)}
    assert row.total == 1
    assert [(band.shade, band.low, band.high) for band in row.legend] == [
        (0, 0, 0),
        (1, 1, 1),
        (2, 2, 2),
        (3, 3, 3),
        (4, 4, 4),
    ]


def test_reference_stand_lists_every_item_with_the_institutions_adoption(institution, other_institution):
    used = ReferenceItem.objects.create(
        name="Eduroam", slug="eduroam", rationale="-", recommendation_since="2026-01-01"
    )
    open_item = ReferenceItem.objects.create(
        name="OOAPI", slug="ooapi", rationale="-", recommendation_since="2026-01-01"
    )
    adoption = Adoption.objects.create(institution=institution, item=used, state="in_gebruik")
    Adoption.objects.create(institution=other_institution, item=open_item, state="in_gebruik")
    assert [(item.name, found) for item, found in reference_stand(institution=institution)] == [
        ("Eduroam", adoption),
        ("OOAPI", None),
    ]


def test_meetings_on_a_theme_for_members_not_guests(member, steering):
    theme = ThemeFactory()
    coming = make_meeting(days=10, theme=theme, title="Komt")
    held = make_meeting(days=-30, theme=theme, title="Geweest")
    concept = make_meeting(days=20, theme=theme, title="Concept", status="concept")
    make_meeting(days=5, title="Ander thema")
    assert meetings_for_theme(theme=theme, user=member) == ([coming], [held])
    assert meetings_for_theme(theme=theme, user=steering) == ([coming, concept], [held])
    assert meetings_for_theme(theme=theme, user=AnonymousUser()) == ([], [])


def test_meetings_attended_counts_distinct_meetings(institution, member, steering, other_member):
    first, second = make_meeting(days=-10), make_meeting(days=-20)
    for meeting, user, attended in (
        (first, member, True),
        (first, steering, True),
        (second, member, False),
        (second, other_member, True),
    ):
        Registration.objects.create(meeting=meeting, user=user, status="aangemeld", attended=attended)
    assert meetings_attended(institution=institution) == 1


def test_polls_on_a_theme_follow_the_polls_audience(member, steering):
    theme = ThemeFactory()
    everyone = make_poll(title="Voor iedereen", theme=theme)
    make_poll(title="Regiegroep", theme=theme, audience="regiegroep")
    make_poll(title="Concept", theme=theme, publish=False)
    make_poll(title="Ander thema")
    assert [p.title for p in polls_for_theme(theme=theme, user=member)] == ["Voor iedereen"]
    assert sorted(p.title for p in polls_for_theme(theme=theme, user=steering)) == ["Regiegroep", "Voor iedereen"]
    assert polls_for_theme(theme=theme, user=AnonymousUser()) == []
    assert everyone.theme == theme


def test_polls_answered_counts_distinct_polls_never_answers(institution, member, steering, other_member):
    first, second = make_poll(title="Een"), make_poll(title="Twee")
    question = first.questions.get()
    ballot_cast(poll=first, voter=member, answers={question.pk: option(first, "Ja").pk})
    ballot_cast(poll=first, voter=steering, answers={question.pk: option(first, "Nee").pk})
    ballot_cast(poll=second, voter=other_member, answers={second.questions.get().pk: option(second, "Ja").pk})
    assert polls_answered(institution=institution) == 1


def test_advice_on_a_theme_with_their_status(steering):
    theme = ThemeFactory()
    make_advice(actor=steering, title="Idee", themes=[theme])
    make_advice(actor=steering, title="Concept", themes=[theme], status=Status.WORKING_GROUP)
    make_advice(actor=steering, title="Elders")
    assert [(a.title, a.status) for a in advice_for_theme(theme=theme)] == [
        ("Concept", Status.WORKING_GROUP),
        ("Idee", Status.IDEA),
    ]


def test_a_theme_names_each_college_with_its_count_and_first_projects(institution, other_institution):
    theme, elsewhere = ThemeFactory(), ThemeFactory()
    for title in ("Delta", "Alfa", "Charlie", "Bravo"):
        Project.objects.create(institution=institution, title=title).themes.add(theme)
    Project.objects.create(institution=other_institution, title="Enige").themes.add(theme, elsewhere)
    Project.objects.create(institution=other_institution, title="Ander thema").themes.add(elsewhere)
    colleges = theme_colleges(theme=theme, first=3)
    assert [(c.institution.name, [p.title for p in c.projects], c.count, c.more) for c in colleges] == [
        ("Albeda", ["Enige"], 1, 0),
        ("Horizon College", ["Alfa", "Bravo", "Charlie"], 4, 1),
    ]
    assert theme_colleges(theme=ThemeFactory()) == []


def test_a_theme_s_colleges_take_two_queries(institution, other_institution, django_assert_num_queries):
    theme = ThemeFactory()
    for place in (institution, other_institution):
        for n in range(5):
            Project.objects.create(institution=place, title=f"Project {n}").themes.add(theme)
    with django_assert_num_queries(2):
        colleges = theme_colleges(theme=theme)
    assert [len(c.projects) for c in colleges] == [3, 3]
