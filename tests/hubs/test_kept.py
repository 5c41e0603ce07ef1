"""A theme's hub keeps its parts that are the same for every visitor in the shared cache ({% cached_until %}): the
colleges, the roadmap with the plan and the reference list, the advice, the experts. A member's profile is kept
whole. Each shows a change at once."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from koers.advice.services import advice_update
from koers.meetings.models import Meeting
from koers.members.models import Position, SharedField
from koers.members.services import consent_set, position_start
from koers.portfolio.models import Project
from koers.portfolio.services import project_create
from koers.roadmap.services import adoptions_save, ambition_save, plan_item_save, reference_item_save

from ..advice.conftest import make_advice
from ..factories import InstitutionFactory, ThemeFactory, UserFactory, share
from ..meetings.conftest import make_meeting
from ..pages import page_and_queries, signed_in

YEAR = timezone.localdate().year
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def theme(db):
    return ThemeFactory(name="Data en AI", slug="data-en-ai")


def test_the_hub_is_read_once_and_then_kept(member_client, theme):
    first, asked = page_and_queries(member_client, theme.get_absolute_url())
    again, asked_again = page_and_queries(member_client, theme.get_absolute_url())
    assert again == first
    # Kept: the colleges, the roadmap (heat row, plan, reference list), the advice, the meetings and the experts
    # are not read. The first time also reads when a meeting next ends.
    assert (asked, asked_again) == (16, 6)


def test_the_meetings_part_shows_a_new_meeting_at_once_and_moves_one_that_ended(member_client, steering, theme):
    url = theme.get_absolute_url()
    assert "Geen komende bijeenkomsten op dit thema." in page_and_queries(member_client, url)[0]
    now = timezone.now()
    meeting = make_meeting(title="Datadag", theme=theme, starts_at=now - HOUR, ends_at=now + HOUR)
    make_meeting(title="Nog een concept", theme=theme, status=Meeting.Status.CONCEPT)
    shown = page_and_queries(member_client, url)[0]
    assert ("Geen komende bijeenkomsten" in shown, "Datadag" in shown, "Nog een concept" in shown) == (
        False,
        True,
        False,
    )
    assert "Nog een concept" in page_and_queries(signed_in(steering), url)[0]  # organisers apart
    with mock.patch("django.utils.timezone.now", return_value=meeting.ends_at):
        ended = page_and_queries(member_client, url)[0]
    assert ended.index("Eerdere bijeenkomsten") < ended.index("Datadag")


def test_the_roadmap_part_shows_a_new_ambition_and_plan_item_at_once(member_client, theme):
    url = theme.get_absolute_url()
    assert "Nog geen instelling heeft een ambitie op dit thema" in page_and_queries(member_client, url)[0]
    data = {"start_year": YEAR + 1, "start_half": 1, "level": "experimenteren", "readiness": "kunnen", "note": ""}
    ambition_save(actor=None, institution=InstitutionFactory(), theme=theme, data=data)
    plan = {"title": "Verkenning", "description": "", "theme": theme, "year": YEAR, "owner": None, "status": "gepland"}
    plan_item_save(actor=None, item=None, data=plan, position=None)
    shown = page_and_queries(member_client, url)[0]
    assert "Nog geen instelling heeft een ambitie op dit thema" not in shown and "Verkenning" in shown


def test_the_advice_part_shows_a_new_title_at_once(member_client, steering, theme):
    advice = make_advice(actor=steering, title="Gezamenlijke inkoop", themes=[theme])
    url = theme.get_absolute_url()
    assert "Gezamenlijke inkoop" in page_and_queries(member_client, url)[0]
    advice_update(actor=steering, advice=advice, data={"title": "Samen inkopen"}, links={})
    shown = page_and_queries(member_client, url)[0]
    assert "Samen inkopen" in shown and "Gezamenlijke inkoop" not in shown


def test_the_experts_part_follows_expertise_and_what_members_share(member_client, institution, theme):
    expert = UserFactory(full_name="Gerda Visser", institution=institution)
    share(expert, SharedField.EXPERTISE)
    url = theme.get_absolute_url()
    assert "Gerda Visser" not in page_and_queries(member_client, url)[0]
    expert.expertise.add(theme)
    assert "Gerda Visser" in page_and_queries(member_client, url)[0]
    consent_set(user=expert, field=SharedField.EXPERTISE, granted=False)
    assert "Gerda Visser" not in page_and_queries(member_client, url)[0]


def test_an_institutions_hub_keeps_its_members_projects_and_roadmap_until_they_change(
    member_client, member, institution, theme
):
    url = institution.get_absolute_url()
    first, asked = page_and_queries(member_client, url)
    again, asked_again = page_and_queries(member_client, url)
    assert again == first and (asked, asked_again) == (17, 8)
    colleague = UserFactory(full_name="Piet Nieuwkomer", institution=institution)
    Project.objects.create(institution=institution, title="Studentenportaal").themes.add(theme)
    item = reference_item_save(
        actor=None,
        item=None,
        data={"name": "eduXchange", "kind": "product", "recommendation": "aanbevolen", "rationale": "", "link": ""}
        | {"themes": []},
    )
    adoptions_save(actor=member, institution=institution, choices={item.pk: ("gepland", "")})
    shown = page_and_queries(member_client, url)[0]
    assert "Piet Nieuwkomer" in shown and "Studentenportaal" in shown and "eduXchange" in shown
    share(colleague, SharedField.EMAIL)
    assert f"mailto:{colleague.email}" in page_and_queries(member_client, url)[0]


def test_a_profile_is_kept_until_what_it_shows_changes(client_for, member, other_member, institution):
    url = reverse("members:profile", args=[member.pk])
    reader = client_for(other_member)
    first, asked = page_and_queries(reader, url)
    again, asked_again = page_and_queries(reader, url)
    assert again == first and asked_again == asked - 4  # what they share, their expertise, positions and projects
    assert "Kiezen wat je deelt" not in first and "Dit lid deelt geen contactgegevens" in first
    assert "Kiezen wat je deelt" in page_and_queries(client_for(member), url)[0]  # their own, kept apart

    share(member, SharedField.EMAIL)
    assert f"mailto:{member.email}" in page_and_queries(reader, url)[0]
    position_start(actor=None, user=member, kind=Position.Kind.STEERING_MEMBER, start_date=timezone.localdate())
    assert "Lid regiegroep" in page_and_queries(reader, url)[0]
    theme = ThemeFactory()
    project_create(institution=institution, data={"title": "Datawarehouse", "themes": [theme], "contact": member})
    assert ">Datawarehouse</a>" in page_and_queries(reader, url)[0]
    member.full_name = "Gerda de Vries"
    member.save()
    assert "<h1>Gerda de Vries" in page_and_queries(reader, url)[0]
