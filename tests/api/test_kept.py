"""API lists whose output is the same for everyone they let in keep each page in the shared cache
(``kept_topics``, koers.core.derived) and work it out again as soon as anything it shows changes: a row, a theme,
an institution, a member's name or an advice's lead."""

from importlib import import_module
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from koers.advice.services import working_group_invite, working_group_set_lead
from koers.api.base import KoersViewSet
from koers.core import derived
from koers.members.models import SharedField
from koers.portfolio.services import project_create
from koers.roadmap.services import adoptions_save, ambition_save, plan_item_save, reference_item_save

from ..advice.conftest import make_advice
from ..factories import AgendaFactory, InstitutionFactory, ThemeFactory, UserFactory, share

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def listed(client, url: str, **query) -> tuple[dict, int]:
    """The list's JSON and the number of queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query)
    assert response.status_code == 200, response.content
    return response.json(), len(queries)


def kept(client, url: str, **query) -> dict:
    """The list, asked twice: the second answer is the same and comes from the shared cache, without the list's
    queries: a guest's asks nothing, a member's only for their token."""
    first, asked = listed(client, url, **query)
    again, asked_again = listed(client, url, **query)
    assert again == first
    assert asked_again == (1 if "HTTP_AUTHORIZATION" in client.defaults else 0) < asked
    return first


def test_every_kept_list_names_topics_that_follow_its_data():
    kept_views = {view for view in _viewsets() if view.kept_topics}
    assert {view.__name__ for view in kept_views} == {
        "AdoptionViewSet",
        "AdviceViewSet",
        "AmbitionViewSet",
        "CommentViewSet",
        "InstitutionViewSet",
        "MeetingViewSet",
        "MemberViewSet",
        "PlanItemViewSet",
        "PollViewSet",
        "ProjectViewSet",
        "ReferenceItemViewSet",
        "ThemeViewSet",
    }
    for view in kept_views:
        assert set(view.kept_topics) <= derived.followed(), view.__name__


def _viewsets() -> set[type[KoersViewSet]]:
    import_module("koers.api.urls")  # every endpoint's module
    found: set[type[KoersViewSet]] = set()
    pending = list(KoersViewSet.__subclasses__())
    while pending:
        view = pending.pop()
        found.add(view)
        pending.extend(view.__subclasses__())
    return found


def test_themes_are_kept_until_a_theme_changes(api):
    theme = ThemeFactory(name="Data en AI", slug="data-en-ai")
    guest = api()
    assert [row["name"] for row in kept(guest, "/api/v1/themes/")["results"]] == ["Data en AI"]
    theme.name = "Data, AI en privacy"
    theme.save()
    assert [row["name"] for row in listed(guest, "/api/v1/themes/")[0]["results"]] == ["Data, AI en privacy"]


def test_institutions_are_kept_until_an_institution_or_its_members_change(api, member, institution):
    client = api(member)
    rows = {row["slug"]: row for row in kept(client, "/api/v1/institutions/")["results"]}
    assert rows[institution.slug]["member_count"] == 1
    UserFactory(institution=institution)
    rows = {row["slug"]: row for row in listed(client, "/api/v1/institutions/")[0]["results"]}
    assert rows[institution.slug]["member_count"] == 2
    institution.name = "Curio Breda"
    institution.save()
    rows = {row["slug"]: row for row in listed(client, "/api/v1/institutions/")[0]["results"]}
    assert rows[institution.slug]["name"] == "Curio Breda"


def test_projects_are_kept_until_a_project_its_theme_or_its_contact_changes(api, member, institution):
    theme = ThemeFactory(slug="data-en-ai")
    contact = UserFactory(institution=institution, full_name="Fatima el Amrani")
    project_create(institution=institution, data={"title": "Datawarehouse", "themes": [theme], "contact": contact})
    client = api(member)
    (row,) = kept(client, "/api/v1/projects/")["results"]
    assert (row["title"], row["themes"], row["contact"]["name"]) == (
        "Datawarehouse",
        ["data-en-ai"],
        "Fatima el Amrani",
    )

    project_create(institution=institution, data={"title": "Roosterkoppeling", "themes": [theme]})
    titles = sorted(row["title"] for row in listed(client, "/api/v1/projects/")[0]["results"])
    assert titles == ["Datawarehouse", "Roosterkoppeling"]
    theme.slug = "data-ai-en-privacy"
    theme.save()
    assert {tuple(row["themes"]) for row in listed(client, "/api/v1/projects/")[0]["results"]} == {
        ("data-ai-en-privacy",)
    }
    contact.is_active = False  # a departed contact is no longer named
    contact.save()
    rows = listed(client, "/api/v1/projects/")[0]["results"]
    assert [row["contact"] for row in rows] == [None, None]


def test_a_projects_new_partner_shows_at_once(api, member, institution):
    project = project_create(institution=institution, data={"title": "Datawarehouse", "themes": [ThemeFactory()]})
    client = api(member)
    assert [row["partners"] for row in kept(client, "/api/v1/projects/")["results"]] == [[]]
    partner = InstitutionFactory(slug="roc-midden-nederland")
    project.partners.add(partner)  # the relation alone, without a save of the project
    assert [row["partners"] for row in listed(client, "/api/v1/projects/")[0]["results"]] == [["roc-midden-nederland"]]
    project.partners.clear()
    assert [row["partners"] for row in listed(client, "/api/v1/projects/")[0]["results"]] == [[]]


def test_ambitions_are_kept_until_an_ambition_or_its_institution_changes(api, member):
    college = InstitutionFactory(slug="curio")
    data = {"start_year": YEAR + 1, "start_half": 1, "level": "orienteren", "readiness": "kunnen", "note": ""}
    ambition_save(actor=None, institution=college, theme=ThemeFactory(), data=data)
    client = api(member)
    assert [row["level"] for row in kept(client, "/api/v1/ambitions/")["results"]] == ["orienteren"]
    ambition_save(actor=None, institution=college, theme=ThemeFactory(), data=data | {"level": "experimenteren"})
    rows = listed(client, "/api/v1/ambitions/")[0]["results"]
    assert sorted(row["level"] for row in rows) == ["experimenteren", "orienteren"]
    college.slug = "curio-breda"
    college.save()
    assert {row["institution"] for row in listed(client, "/api/v1/ambitions/")[0]["results"]} == {"curio-breda"}


def test_the_plan_is_kept_until_an_item_or_its_owners_name_changes(api, member):
    owner = UserFactory(full_name="Joris de Vries")
    data = {"title": "Eén identiteit", "description": "", "theme": ThemeFactory(), "year": YEAR, "status": "gepland"}
    plan_item_save(actor=None, item=None, data=data | {"owner": owner})
    client = api(member)
    (row,) = kept(client, "/api/v1/plan-items/")["results"]
    assert (row["title"], row["owner"]["name"]) == ("Eén identiteit", "Joris de Vries")
    owner.full_name = "Joris de Vries-Bakker"
    owner.save()
    (row,) = listed(client, "/api/v1/plan-items/")[0]["results"]
    assert row["owner"]["name"] == "Joris de Vries-Bakker"
    plan_item_save(actor=None, item=None, data=data | {"title": "Open data", "owner": None})
    assert [row["title"] for row in listed(client, "/api/v1/plan-items/")[0]["results"]] == [
        "Eén identiteit",
        "Open data",
    ]


def test_reference_counts_are_kept_until_an_adoption_or_an_institutions_kind_changes(api, member):
    data = {"name": "OOAPI", "kind": "standaard", "recommendation": "aanbevolen", "rationale": "x", "link": ""}
    item = reference_item_save(actor=None, item=None, data=data | {"themes": []})
    roc = InstitutionFactory(kind="roc")
    adoptions_save(actor=None, institution=roc, choices={item.pk: ("in_gebruik", "")})
    client = api(member)
    (row,) = kept(client, "/api/v1/reference-items/", kind="roc")["results"]
    assert row["adoption"] == {"in_use": 1, "planned": 0, "not_applicable": 0}

    adoptions_save(actor=None, institution=InstitutionFactory(kind="roc"), choices={item.pk: ("gepland", "")})
    (row,) = listed(client, "/api/v1/reference-items/", kind="roc")[0]["results"]
    assert row["adoption"] == {"in_use": 1, "planned": 1, "not_applicable": 0}
    roc.kind = "aoc"  # no longer counted among the roc's
    roc.save()
    (row,) = listed(client, "/api/v1/reference-items/", kind="roc")[0]["results"]
    assert row["adoption"] == {"in_use": 0, "planned": 1, "not_applicable": 0}


def test_adoptions_are_kept_until_one_is_recorded(api, member):
    data = {"name": "eduID", "kind": "product", "recommendation": "in_onderzoek", "rationale": "x", "link": ""}
    item = reference_item_save(actor=None, item=None, data=data | {"themes": []})
    college = InstitutionFactory()
    adoptions_save(actor=None, institution=college, choices={item.pk: ("gepland", "Later.")})
    client = api(member)
    assert [row["state"] for row in kept(client, "/api/v1/adoptions/")["results"]] == ["gepland"]
    adoptions_save(actor=None, institution=college, choices={item.pk: ("in_gebruik", "")})
    assert [row["state"] for row in listed(client, "/api/v1/adoptions/")[0]["results"]] == ["in_gebruik"]


def test_advice_is_kept_per_audience_and_until_its_lead_changes(api, member, steering):
    advice = make_advice(actor=steering, title="Gezamenlijke inkoop", lead=steering)
    working_group_invite(actor=steering, advice=advice, user=member)
    guest, client = api(), api(member)
    (row,) = kept(guest, "/api/v1/advice/")["results"]
    assert (row["title"], row["lead"], row["updated_at"]) == ("Gezamenlijke inkoop", None, None)  # not for guests
    (row,) = kept(client, "/api/v1/advice/")["results"]
    assert row["lead"]["name"] == steering.full_name and row["updated_at"] is not None

    working_group_set_lead(actor=steering, advice=advice, user=member)
    (row,) = listed(client, "/api/v1/advice/")[0]["results"]
    assert row["lead"]["name"] == member.full_name


def test_each_member_keeps_their_own_working_groups(api, member, steering):
    make_advice(actor=steering, title="Gezamenlijke inkoop", lead=steering)
    theirs = kept(api(steering), "/api/v1/advice/", mijn="true")["results"]
    assert [row["title"] for row in theirs] == ["Gezamenlijke inkoop"]
    assert kept(api(member), "/api/v1/advice/", mijn="true")["results"] == []


def test_a_page_and_a_page_size_each_get_their_own_kept_page(api):
    agenda = AgendaFactory()  # one agenda: themes are ordered by their agenda first
    for name in ("Cybersecurity", "Data en AI", "Onderwijslogistiek"):
        ThemeFactory(name=name, agenda=agenda)
    guest = api()
    first = kept(guest, "/api/v1/themes/", page_size=2)
    assert [row["name"] for row in first["results"]] == ["Cybersecurity", "Data en AI"]
    assert first["next"] == "http://testserver/api/v1/themes/?page=2&page_size=2"
    second = kept(guest, "/api/v1/themes/", page_size=2, page=2)
    assert [row["name"] for row in second["results"]] == ["Onderwijslogistiek"]
    assert kept(guest, "/api/v1/themes/", q="data")["count"] == 1


def test_the_links_hold_the_address_the_caller_used(api, settings):
    settings.ALLOWED_HOSTS = ["testserver", "koers.example"]
    for name in ("Cybersecurity", "Data en AI"):
        ThemeFactory(name=name)
    guest = api()
    assert listed(guest, "/api/v1/themes/", page_size=1)[0]["next"].startswith("http://testserver/")
    response = guest.get("/api/v1/themes/", {"page_size": 1}, HTTP_HOST="koers.example")
    assert response.json()["next"] == "http://koers.example/api/v1/themes/?page=2&page_size=1"


def test_a_query_string_with_anything_else_is_worked_out_for_its_caller_alone(api):
    ThemeFactory(name="Data en AI")
    guest = api()
    asked = [listed(guest, "/api/v1/themes/", format="json", q="data")[1] for _ in range(2)]
    assert asked[0] == asked[1] > 0  # not kept: every answer asks the database again


def test_members_are_kept_until_what_they_share_changes(api, member, other_member):
    client = api(member)
    rows = {row["id"]: row for row in kept(client, "/api/v1/members/")["results"]}
    assert "email" not in rows[other_member.pk]
    share(other_member, SharedField.EMAIL)
    rows = {row["id"]: row for row in listed(client, "/api/v1/members/")[0]["results"]}
    assert rows[other_member.pk]["email"] == other_member.email
    other_member.full_name = "Hans Bos-de Wit"
    other_member.save()
    rows = {row["id"]: row for row in listed(client, "/api/v1/members/")[0]["results"]}
    assert rows[other_member.pk]["full_name"] == "Hans Bos-de Wit"


def kept_for_reader(client, url: str) -> dict:
    """A list whose rows hold something of the caller's own: the second answer asks only for the token, the
    caller's positions (whether they organise: concepts, drafts and the steering group's polls are listed apart)
    and their own part of the rows (one query)."""
    first, asked = listed(client, url)
    again, asked_again = listed(client, url)
    assert again == first
    assert asked_again == 3 < asked
    return again


def test_polls_are_kept_with_each_callers_own_vote_until_a_vote_or_the_clock(api, member, other_member):
    from koers.polls.services import ballot_cast

    from ..polls.conftest import HOUR, make_poll, option

    now = timezone.now()
    poll = make_poll(title="Open peiling")
    later = make_poll(title="Straks", opens_at=now + HOUR, closes_at=now + 2 * HOUR)
    mine, theirs = api(member), api(other_member)
    rows = {row["title"]: row for row in kept_for_reader(mine, "/api/v1/polls/")["results"]}
    assert [(rows[t]["state"], rows[t]["respondents"], rows[t]["voted"]) for t in ("Open peiling", "Straks")] == [
        ("open", 0, False),
        ("gepland", 0, False),
    ]
    ballot_cast(poll=poll, voter=member, answers={poll.questions.get().pk: option(poll, "Ja").pk})
    voted = {row["id"]: (row["respondents"], row["voted"]) for row in listed(mine, "/api/v1/polls/")[0]["results"]}
    assert voted[poll.pk] == (1, True)
    assert {row["id"]: row["voted"] for row in listed(theirs, "/api/v1/polls/")[0]["results"]}[poll.pk] is False
    with mock.patch("django.utils.timezone.now", return_value=later.opens_at):
        opened = {row["id"]: row["state"] for row in listed(mine, "/api/v1/polls/")[0]["results"]}
    assert opened[later.pk] == "open"


def test_meetings_are_kept_with_each_callers_own_registration(api, member, other_member, steering):
    from koers.meetings.models import Meeting
    from koers.meetings.services import registration_create

    from ..meetings.conftest import make_meeting

    meeting = make_meeting(title="Najaarsbijeenkomst", capacity=40)
    make_meeting(title="Nog een concept", status=Meeting.Status.CONCEPT)
    mine = api(member)
    rows = kept_for_reader(mine, "/api/v1/meetings/")["results"]
    assert [(row["title"], row["registered"], row["signed_up"]) for row in rows] == [("Najaarsbijeenkomst", 0, False)]
    registration_create(meeting=meeting, user=member)
    assert [(row["registered"], row["signed_up"]) for row in listed(mine, "/api/v1/meetings/")[0]["results"]] == [
        (1, True)
    ]
    assert [row["signed_up"] for row in listed(api(other_member), "/api/v1/meetings/")[0]["results"]] == [False]
    assert len(listed(api(steering), "/api/v1/meetings/")[0]["results"]) == 2  # organisers see the concept


def test_a_thread_is_kept_with_each_callers_own_comments_marked(api, member, other_member, steering):
    from koers.comments.services import comment_add, comment_hide

    advice = make_advice(actor=steering, title="Gezamenlijke inkoop", status="consultatie")
    mine = comment_add(target=advice, author=member, body="Eens")
    comment_add(target=advice, author=other_member, body="Aanvulling", parent=mine)
    url = f"/api/v1/comments/?target=advice&target_id={advice.pk}"
    client = api(member)
    first, asked = listed(client, url)
    again, asked_again = listed(client, url)
    # The token, the advice (whether the caller may read its thread), then which comments are the caller's own.
    assert (again, asked_again) == (first, 3) and asked > 3
    (row,) = again["results"]
    assert (row["body"], row["mine"], [(r["body"], r["mine"]) for r in row["replies"]]) == (
        "Eens",
        True,
        [("Aanvulling", False)],
    )
    (theirs,) = listed(api(other_member), url)[0]["results"]
    assert (theirs["mine"], [r["mine"] for r in theirs["replies"]]) == (False, [True])
    comment_hide(comment=mine, actor=steering, reason="Buiten het onderwerp")
    (hidden,) = listed(client, url)[0]["results"]
    assert (hidden["body"], hidden["hidden"], hidden["hidden_reason"]) == ("", True, "Buiten het onderwerp")
    other_member.full_name = "Gerda de Vries"
    other_member.save()
    assert listed(client, url)[0]["results"][0]["replies"][0]["author"]["name"] == "Gerda de Vries"
