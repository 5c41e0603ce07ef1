"""The API's roadmap: ambitions, the multi-year plan, the reference list and its adoption."""

import datetime

import pytest
from django.utils import timezone
from rest_framework import fields

from koers.api.endpoints.roadmap import MSG_NO_INSTITUTION, MSG_OTHER_INSTITUTION, AdoptionIn
from koers.api.errors import MSG_FORBIDDEN, MSG_INVALID, MSG_MALFORMED, MSG_NOT_FOUND, MSG_UNAUTHENTICATED
from koers.api.fields import TextField
from koers.api.pagination import MSG_NO_PAGE
from koers.api.permissions import MSG_READ_ONLY_TOKEN
from koers.core.models import AuditEvent
from koers.members.models import Institution
from koers.roadmap.models import MSG_NOTE_WITHOUT_STATE, Adoption, Ambition, AmbitionChange, PlanItem, ReferenceItem
from koers.roadmap.services import adoptions_save, ambition_save, plan_item_save, reference_item_save

from ..factories import AgendaFactory, InstitutionFactory, ThemeFactory, UserFactory
from .errors import (
    BLANK,
    NOT_A_LIST,
    NULL,
    REQUIRED,
    assert_error,
    assert_invalid,
    bad_choice,
    drf,
    no_pk,
    no_slug,
    nul,
    null_character,
    too_long,
)

pytestmark = pytest.mark.django_db

AMBITIONS = "/api/v1/ambitions/"
PLAN = "/api/v1/plan-items/"
REFERENCE = "/api/v1/reference-items/"
ADOPTIONS = "/api/v1/adoptions/"
MSG_FIXED = "Instelling en thema van een ambitie liggen vast."


def name_taken() -> str:
    """The unique check's message, as DRF builds it from the model field."""
    field = ReferenceItem._meta.get_field("name")
    return str(field.error_messages["unique"]) % {
        "model_name": ReferenceItem._meta.verbose_name,
        "field_label": field.verbose_name,
    }


def assert_field_invalid(response, field: str) -> None:
    assert_error(response, 400, "invalid", MSG_INVALID)
    assert list(response.json()["errors"]) == [field]


def stamp(value: datetime.datetime) -> str:
    """A time as the API writes it."""
    return fields.DateTimeField().to_representation(value)


def counts() -> dict[str, int]:
    """Everything a roadmap write could touch."""
    return {
        "ambitions": Ambition.objects.count(),
        "ambition history": AmbitionChange.objects.count(),
        "plan": PlanItem.objects.count(),
        "reference": ReferenceItem.objects.count(),
        "reference themes": ReferenceItem.themes.through.objects.count(),
        "adoptions": Adoption.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def results(response) -> list:
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.fixture
def theme(db):
    agenda = AgendaFactory(name="Npuls", slug="npuls")
    return ThemeFactory(agenda=agenda, name="Data-ondersteund onderwijs", slug="data")


@pytest.fixture
def other_theme(theme):
    return ThemeFactory(agenda=theme.agenda, name="Zelfsturend leren", slug="zelfsturend")


# Ambitions -------------------------------------------------------------------------------------------

AMBITION = {"start_year": 2027, "start_half": 2, "level": "experimenteren", "readiness": "kunnen", "note": "Met SURF."}


def ambition(institution, theme, **changes) -> Ambition:
    return ambition_save(actor=None, institution=institution, theme=theme, data=AMBITION | changes)


def ambition_json(item: Ambition, **changes) -> dict:
    item.refresh_from_db()
    return {
        "id": item.pk,
        "institution": item.institution.slug,
        "theme": item.theme.slug,
        "start_year": item.start_year,
        "start_half": item.start_half,
        "level": item.level,
        "readiness": item.readiness,
        "note": item.note,
        "updated_at": stamp(item.updated_at),
        **changes,
    }


@pytest.fixture
def ambitions(institution, other_institution, theme, other_theme):
    Institution.objects.filter(pk=other_institution.pk).update(kind="aoc", size_band="S")
    return [
        ambition(other_institution, theme, start_year=2026),
        ambition(institution, theme),
        ambition(institution, other_theme, start_year=2029, start_half=1, level="borgen", readiness="willen", note=""),
    ]


def test_a_member_reads_every_institutions_ambitions(api, other_member, ambitions):
    albeda, horizon_data, horizon_self = ambitions
    client = api(other_member)
    assert client.get(f"{AMBITIONS}{horizon_data.pk}/").json() == {
        "id": horizon_data.pk,
        "institution": "horizon-college",
        "theme": "data",
        "start_year": 2027,
        "start_half": 2,
        "level": "experimenteren",
        "readiness": "kunnen",
        "note": "Met SURF.",
        "updated_at": stamp(horizon_data.updated_at),
    }
    assert client.get(AMBITIONS).json() == {
        "count": 3,
        "next": None,
        "previous": None,
        "results": [ambition_json(albeda), ambition_json(horizon_data), ambition_json(horizon_self)],
    }


def test_ambitions_are_for_members_only(api, ambitions):
    assert_error(api().get(AMBITIONS), 401, "not_authenticated", MSG_UNAUTHENTICATED)
    assert_error(api().get(f"{AMBITIONS}{ambitions[0].pk}/"), 401, "not_authenticated", MSG_UNAUTHENTICATED)
    assert_error(api(UserFactory()).get(f"{AMBITIONS}999999/"), 404, "not_found", MSG_NOT_FOUND)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("institution=horizon-college", [("horizon-college", "data"), ("horizon-college", "zelfsturend")]),
        ("theme=data", [("albeda", "data"), ("horizon-college", "data")]),
        ("kind=aoc", [("albeda", "data")]),
        ("size_band=M", [("horizon-college", "data"), ("horizon-college", "zelfsturend")]),
        ("theme=zelfsturend&size_band=M", [("horizon-college", "zelfsturend")]),
        ("theme=zelfsturend&kind=aoc", []),
    ],
)
def test_ambitions_filter_by_institution_theme_and_profile(api, member, ambitions, query, expected):
    rows = results(api(member).get(f"{AMBITIONS}?{query}"))
    assert [(row["institution"], row["theme"]) for row in rows] == expected


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("institution=onbekend", "institution"),
        ("theme=onbekend", "theme"),
        ("kind=mbo", "kind"),
        ("size_band=XL", "size_band"),
    ],
)
def test_an_invalid_ambition_filter_is_a_400_naming_it(api, member, ambitions, query, field):
    assert_field_invalid(api(member).get(f"{AMBITIONS}?{query}"), field)


@pytest.mark.parametrize("query", ["institution=horizon-college%00", "theme=%00&institution=%00"])
def test_a_nul_in_a_filter_is_refused_before_it_reaches_a_query(api, member, ambitions, query):
    fields = [pair.split("=")[0] for pair in query.split("&")]
    assert_invalid(api(member).get(f"{AMBITIONS}?{query}"), {field: [nul] for field in fields})


def test_ambitions_are_paged(api, member, ambitions):
    client = api(member)
    rows = results(client.get(AMBITIONS + "?page_size=2&page=2"))
    assert [(row["institution"], row["theme"]) for row in rows] == [("horizon-college", "zelfsturend")]
    assert_error(client.get(AMBITIONS + "?page_size=2&page=3"), 404, "not_found", MSG_NOT_FOUND, detail=MSG_NO_PAGE)


def test_a_member_sets_their_own_institutions_ambition_with_defaults(api, member, institution, theme):
    response = api(member).post(AMBITIONS, {"theme": "data", "start_year": 2028})
    assert response.status_code == 201, response.content
    saved = Ambition.objects.get()
    assert response.json() == {
        "id": saved.pk,
        "institution": "horizon-college",
        "theme": "data",
        "start_year": 2028,
        "start_half": 1,
        "level": "orienteren",
        "readiness": "willen",
        "note": "",
        "updated_at": stamp(saved.updated_at),
    }
    change = AmbitionChange.objects.get()
    assert (change.institution, change.theme, change.start_year, change.changed_by, change.removed) == (
        institution,
        theme,
        2028,
        member,
        False,
    )


def test_posting_again_replaces_the_ambition_and_keeps_the_history(api, member, institution, theme):
    first = ambition(institution, theme)
    response = api(member).post(AMBITIONS, {"theme": "data", "start_year": 2030, "level": "borgen"})
    assert response.status_code == 200, response.content
    # Fields not sent go back to their defaults, as a new save on the site does.
    assert response.json() == ambition_json(
        first, start_year=2030, start_half=1, level="borgen", readiness="willen", note=""
    )
    assert Ambition.objects.count() == 1
    assert list(AmbitionChange.objects.values_list("start_year", flat=True)) == [2030, 2027]


def test_a_member_may_not_set_another_institutions_ambition(api, other_member, institution, theme):
    before = counts()
    response = api(other_member).post(
        AMBITIONS, {"institution": "horizon-college", "theme": "data", "start_year": 2028}
    )
    assert_error(response, 403, "forbidden", MSG_FORBIDDEN, detail=MSG_OTHER_INSTITUTION)
    assert counts() == before


def test_the_steering_group_sets_any_institutions_ambition(api, steering, other_institution, theme):
    response = api(steering).post(AMBITIONS, {"institution": "albeda", "theme": "data", "start_year": 2028})
    assert response.status_code == 201
    assert response.json()["institution"] == "albeda"
    assert Ambition.objects.get().institution == other_institution


def test_an_account_without_an_institution_names_one(api, admin_user, institution, theme):
    before = counts()
    response = api(admin_user).post(AMBITIONS, {"theme": "data", "start_year": 2028})
    assert_invalid(response, {"institution": [str(MSG_NO_INSTITUTION)]})
    assert counts() == before
    data = {"institution": "horizon-college", "theme": "data", "start_year": 2028}
    assert api(admin_user).post(AMBITIONS, data).status_code == 201


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        ({"start_year": 2017}, {"start_year": [drf(fields.IntegerField, "min_value", min_value=2018)]}),
        ({"start_year": 2041}, {"start_year": [drf(fields.IntegerField, "max_value", max_value=2040)]}),
        ({"start_year": "volgend jaar"}, {"start_year": [drf(fields.IntegerField, "invalid")]}),
        ({"start_year": None}, {"start_year": [NULL]}),
        ({"start_half": 3}, {"start_half": [bad_choice(3)]}),
        ({"level": "dromen"}, {"level": [bad_choice("dromen")]}),
        ({"readiness": "moeten"}, {"readiness": [bad_choice("moeten")]}),
        ({"theme": "onbekend"}, {"theme": [no_slug("onbekend")]}),
        ({"institution": "onbekend"}, {"institution": [no_slug("onbekend")]}),
        ({"theme": ["data"]}, {"theme": [no_slug(["data"])]}),
        ({"theme": "data\x00"}, {"theme": [nul]}),
        ({"institution": "\x00"}, {"institution": [nul]}),
        ({"note": "a\x00b"}, {"note": [null_character]}),
    ],
)
def test_bad_ambition_input_is_a_400_and_writes_nothing(api, member, theme, change, errors):
    before = counts()
    response = api(member).post(AMBITIONS, {"theme": "data", "start_year": 2028} | change)
    assert_invalid(response, errors)
    assert counts() == before


def test_missing_ambition_fields_are_named(api, member, theme):
    assert_invalid(api(member).post(AMBITIONS, {}), {"theme": [REQUIRED], "start_year": [REQUIRED]})
    assert counts()["ambitions"] == 0


@pytest.mark.parametrize("body", ['{"theme": "data",', "[]", '["data", 2028]'])
def test_a_malformed_or_listed_ambition_body_writes_nothing(api, member, theme, body):
    response = api(member).post(AMBITIONS, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == ("malformed" if body.endswith(",") else "invalid")
    if body.endswith(","):
        assert response.json()["message"]["nl"] == str(MSG_MALFORMED)
    assert counts()["ambitions"] == counts()["ambition history"] == 0


def test_a_member_changes_part_of_their_ambition(api, member, ambitions):
    mine = ambitions[1]
    response = api(member).patch(f"{AMBITIONS}{mine.pk}/", {"start_year": 2031, "note": ""})
    assert response.status_code == 200, response.content
    assert response.json() == ambition_json(mine, start_year=2031, note="")
    mine.refresh_from_db()
    assert (mine.start_year, mine.start_half, mine.level, mine.readiness) == (2031, 2, "experimenteren", "kunnen")
    assert AmbitionChange.objects.filter(changed_by=member).count() == 1


def test_a_member_may_not_change_or_remove_another_institutions_ambition(api, other_member, ambitions):
    mine = ambitions[1]
    before = counts()
    client = api(other_member)
    for response in (
        client.patch(f"{AMBITIONS}{mine.pk}/", {"start_year": 2031}),
        client.delete(f"{AMBITIONS}{mine.pk}/"),
    ):
        assert_error(response, 403, "forbidden", MSG_FORBIDDEN, detail=MSG_OTHER_INSTITUTION)
    assert counts() == before
    assert ambition_json(mine)["start_year"] == 2027


def test_the_steering_group_changes_and_removes_any_ambition(api, chair, ambitions):
    horizon = ambitions[1]
    assert api(chair).patch(f"{AMBITIONS}{horizon.pk}/", {"level": "borgen"}).json()["level"] == "borgen"
    assert api(chair).delete(f"{AMBITIONS}{horizon.pk}/").status_code == 204
    assert not Ambition.objects.filter(pk=horizon.pk).exists()


@pytest.mark.parametrize("change", [{"theme": "zelfsturend"}, {"institution": "albeda"}])
def test_the_institution_and_theme_of_an_ambition_stay(api, steering, ambitions, change):
    mine = ambitions[1]
    before = counts()
    assert_invalid(api(steering).patch(f"{AMBITIONS}{mine.pk}/", change), {"theme": [MSG_FIXED]})
    assert counts() == before
    # Naming the same ones is fine.
    assert (
        api(steering).patch(f"{AMBITIONS}{mine.pk}/", {"theme": "data", "institution": "horizon-college"}).status_code
        == 200
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [({"start_year": 1999}, "start_year"), ({"start_half": 0}, "start_half"), ({"level": ""}, "level")],
)
def test_a_bad_change_leaves_the_ambition_as_it_was(api, member, ambitions, change, field):
    mine = ambitions[1]
    before = counts()
    assert_field_invalid(api(member).patch(f"{AMBITIONS}{mine.pk}/", change), field)
    assert counts() == before
    assert ambition_json(mine) == ambition_json(Ambition.objects.get(pk=mine.pk))


def test_removing_an_ambition_is_kept_in_the_history(api, member, ambitions):
    mine = ambitions[1]
    response = api(member).delete(f"{AMBITIONS}{mine.pk}/")
    assert (response.status_code, response.content) == (204, b"")
    assert not Ambition.objects.filter(pk=mine.pk).exists()
    change = AmbitionChange.objects.get(removed=True)
    assert (change.institution.slug, change.theme.slug, change.changed_by) == ("horizon-college", "data", member)
    assert_error(api(member).delete(f"{AMBITIONS}{mine.pk}/"), 404, "not_found", MSG_NOT_FOUND)


def test_a_read_only_token_sets_no_ambition(api, member, ambitions):
    client = api(member, scope="read")
    mine = ambitions[1]
    before = counts()
    for response in (
        client.post(AMBITIONS, {"theme": "zelfsturend", "start_year": 2028}),
        client.patch(f"{AMBITIONS}{mine.pk}/", {"start_year": 2031}),
        client.delete(f"{AMBITIONS}{mine.pk}/"),
    ):
        assert_error(response, 403, "forbidden", MSG_FORBIDDEN, detail=MSG_READ_ONLY_TOKEN)
    assert counts() == before


# The multi-year plan ---------------------------------------------------------------------------------


def add_item(title, theme, *, year=2027, status="voorgesteld", owner=None, description="") -> PlanItem:
    data = {"title": title, "description": description, "theme": theme, "year": year, "owner": owner, "status": status}
    return plan_item_save(actor=None, item=None, data=data)


def plan_json(item: PlanItem, **changes) -> dict:
    item.refresh_from_db()
    owner = item.owner
    return {
        "id": item.pk,
        "rank": item.rank,
        "title": item.title,
        "description": item.description,
        "theme": item.theme.slug,
        "year": item.year,
        "status": item.status,
        "owner": {"id": owner.pk, "name": owner.full_name} if owner else None,
        "updated_at": stamp(item.updated_at),
        **changes,
    }


def order() -> list[tuple[int, str]]:
    return list(PlanItem.objects.order_by("rank").values_list("rank", "title"))


@pytest.fixture
def plan(theme, other_theme, member):
    AuditEvent.objects.all().delete()
    items = [
        add_item("Verkennen", theme, owner=member, description="Eerst kijken.", status="gepland"),
        add_item("Pilot", other_theme, year=2028),
        add_item("Opschalen", theme, year=2029, status="in_uitvoering"),
    ]
    AuditEvent.objects.all().delete()
    return items


def test_a_member_reads_the_plan_in_priority_order(api, other_member, member, plan):
    first = plan[0]
    client = api(other_member)
    assert client.get(f"{PLAN}{first.pk}/").json() == {
        "id": first.pk,
        "rank": 1,
        "title": "Verkennen",
        "description": "Eerst kijken.",
        "theme": "data",
        "year": 2027,
        "status": "gepland",
        "owner": {"id": member.pk, "name": "Gerda Visser"},
        "updated_at": stamp(first.updated_at),
    }
    assert client.get(PLAN).json() == {
        "count": 3,
        "next": None,
        "previous": None,
        "results": [plan_json(item) for item in plan],
    }


def test_an_owner_who_left_is_not_shown(api, member, plan):
    member.is_active = False
    member.save()
    assert api(UserFactory()).get(f"{PLAN}{plan[0].pk}/").json()["owner"] is None


def test_the_plan_is_for_members_only(api, plan):
    assert_error(api().get(PLAN), 401, "not_authenticated", MSG_UNAUTHENTICATED)
    assert_error(api().get(f"{PLAN}{plan[0].pk}/"), 401, "not_authenticated", MSG_UNAUTHENTICATED)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("theme=data", ["Verkennen", "Opschalen"]),
        ("status=voorgesteld", ["Pilot"]),
        ("theme=data&status=in_uitvoering", ["Opschalen"]),
        ("theme=zelfsturend&status=gepland", []),
    ],
)
def test_the_plan_filters_by_theme_and_status(api, member, plan, query, expected):
    assert [row["title"] for row in results(api(member).get(f"{PLAN}?{query}"))] == expected


@pytest.mark.parametrize(("query", "field"), [("theme=onbekend", "theme"), ("status=klaar", "status")])
def test_an_invalid_plan_filter_is_a_400_naming_it(api, member, plan, query, field):
    assert_field_invalid(api(member).get(f"{PLAN}?{query}"), field)


def test_the_plan_is_paged(api, member, plan):
    client = api(member)
    assert [row["rank"] for row in results(client.get(PLAN + "?page_size=2&page=2"))] == [3]
    assert_error(client.get(PLAN + "?page_size=2&page=3"), 404, "not_found", MSG_NOT_FOUND, detail=MSG_NO_PAGE)
    assert_error(client.get(f"{PLAN}999999/"), 404, "not_found", MSG_NOT_FOUND)


def test_the_steering_group_adds_an_item_at_the_bottom_or_at_a_place(api, steering, member, plan):
    client = api(steering)
    response = client.post(PLAN, {"title": "Evalueren", "theme": "data", "year": 2030})
    assert response.status_code == 201, response.content
    added = PlanItem.objects.get(title="Evalueren")
    assert response.json() == {
        "id": added.pk,
        "rank": 4,
        "title": "Evalueren",
        "description": "",
        "theme": "data",
        "year": 2030,
        "status": "voorgesteld",
        "owner": None,
        "updated_at": stamp(added.updated_at),
    }
    response = client.post(
        PLAN,
        {
            "title": "Eerst dit",
            "theme": "zelfsturend",
            "year": 2026,
            "position": 1,
            "owner": member.pk,
            "status": "gepland",
            "description": "Snel.",
        },
    )
    assert response.status_code == 201, response.content
    assert (response.json()["rank"], response.json()["owner"]) == (1, {"id": member.pk, "name": "Gerda Visser"})
    assert order() == [(1, "Eerst dit"), (2, "Verkennen"), (3, "Pilot"), (4, "Opschalen"), (5, "Evalueren")]
    event = AuditEvent.objects.filter(action="plan.changed").latest("id")
    assert (event.actor, event.data) == (steering, {"created": True, "rank": 1, "year": 2026, "status": "gepland"})


def test_the_steering_group_changes_moves_and_deletes_items(api, chair, plan):
    client = api(chair)
    pilot = plan[1]
    response = client.patch(f"{PLAN}{pilot.pk}/", {"title": "Pilot in Ede"})
    assert response.status_code == 200, response.content
    assert response.json() == plan_json(pilot, title="Pilot in Ede", rank=2)
    assert order() == [(1, "Verkennen"), (2, "Pilot in Ede"), (3, "Opschalen")]  # the place is kept
    assert client.patch(f"{PLAN}{pilot.pk}/", {"position": 1}).json()["rank"] == 1
    assert order() == [(1, "Pilot in Ede"), (2, "Verkennen"), (3, "Opschalen")]
    assert client.patch(f"{PLAN}{pilot.pk}/", {"position": 99}).json()["rank"] == 3  # too far: the bottom
    assert client.patch(f"{PLAN}{pilot.pk}/", {"position": None, "year": 2030}).json()["rank"] == 3
    response = client.delete(f"{PLAN}{plan[0].pk}/")
    assert (response.status_code, response.content) == (204, b"")
    assert order() == [(1, "Opschalen"), (2, "Pilot in Ede")]  # no gap


def test_members_may_not_change_the_plan(api, member, other_member, plan):
    before = counts()
    url = f"{PLAN}{plan[0].pk}/"
    for user in (member, other_member):
        client = api(user)
        for response in (
            client.post(PLAN, {"title": "Eigen plan", "theme": "data", "year": 2027}),
            client.patch(url, {"position": 3}),
            client.delete(url),
        ):
            assert_error(response, 403, "forbidden", MSG_FORBIDDEN)
    for response in (api().post(PLAN, {"title": "x", "theme": "data", "year": 2027}), api().delete(url)):
        assert_error(response, 401, "not_authenticated", MSG_UNAUTHENTICATED)
    assert counts() == before
    assert order() == [(1, "Verkennen"), (2, "Pilot"), (3, "Opschalen")]


def test_a_read_only_token_changes_no_plan(api, steering, plan):
    client = api(steering, scope="read")
    before = counts()
    url = f"{PLAN}{plan[0].pk}/"
    for response in (
        client.post(PLAN, {"title": "Nieuw", "theme": "data", "year": 2027}),
        client.patch(url, {"title": "Anders"}),
        client.delete(url),
    ):
        assert_error(response, 403, "forbidden", MSG_FORBIDDEN, detail=MSG_READ_ONLY_TOKEN)
    assert counts() == before


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        ({"title": "x" * 201}, {"title": [too_long(200)]}),
        ({"title": ""}, {"title": [BLANK]}),
        ({"year": 2017}, {"year": [drf(fields.IntegerField, "min_value", min_value=2018)]}),
        ({"year": "2027a"}, {"year": [drf(fields.IntegerField, "invalid")]}),
        ({"status": "klaar"}, {"status": [bad_choice("klaar")]}),
        ({"theme": "onbekend"}, {"theme": [no_slug("onbekend")]}),
        ({"theme": "\x00"}, {"theme": [nul]}),
        ({"owner": 999999}, {"owner": [no_pk(999999)]}),
        ({"position": 0}, {"position": [drf(fields.IntegerField, "min_value", min_value=1)]}),
        ({"position": 100_001}, {"position": [drf(fields.IntegerField, "max_value", max_value=100000)]}),
        ({"position": "boven"}, {"position": [drf(fields.IntegerField, "invalid")]}),
    ],
)
def test_bad_plan_input_is_a_400_and_writes_nothing(api, steering, plan, change, errors):
    before = counts()
    response = api(steering).post(PLAN, {"title": "Nieuw", "theme": "data", "year": 2027} | change)
    assert_invalid(response, errors)
    response = api(steering).patch(f"{PLAN}{plan[1].pk}/", change)
    assert_invalid(response, errors)
    assert counts() == before
    assert plan_json(plan[1]) == plan_json(PlanItem.objects.get(pk=plan[1].pk))
    assert order() == [(1, "Verkennen"), (2, "Pilot"), (3, "Opschalen")]


def test_an_owner_who_left_cannot_be_chosen(api, steering, theme):
    gone = UserFactory(is_active=False)
    response = api(steering).post(PLAN, {"title": "Nieuw", "theme": "data", "year": 2027, "owner": gone.pk})
    assert_invalid(response, {"owner": [no_pk(gone.pk)]})
    assert counts()["plan"] == 0


def test_missing_plan_fields_are_named(api, steering, theme):
    response = api(steering).post(PLAN, {"description": "Alleen dit"})
    assert_invalid(response, {"title": [REQUIRED], "theme": [REQUIRED], "year": [REQUIRED]})
    assert counts()["plan"] == 0


# The reference list ----------------------------------------------------------------------------------


def add_reference(name, *, themes=(), **extra) -> ReferenceItem:
    data = {"name": name, "kind": "standaard", "recommendation": "aanbevolen", "rationale": "Omdat.", "link": ""}
    return reference_item_save(actor=None, item=None, data={**data, **extra, "themes": list(themes)})


@pytest.fixture
def references(institution, other_institution, theme, other_theme):
    """Three items; OOAPI is in use at Horizon (M) and planned at Albeda and Aeres (both small AOCs)."""
    Institution.objects.filter(pk=other_institution.pk).update(kind="aoc", size_band="S")
    aeres = InstitutionFactory(name="Aeres", slug="aeres", kind="aoc", size_band="S")
    ooapi = add_reference(
        "OOAPI", themes=[other_theme, theme], rationale="Uitwisselen.", link="https://openonderwijsapi.nl"
    )
    edukoppeling = add_reference("Edukoppeling", recommendation="in_onderzoek", kind="afspraak", themes=[theme])
    legacy = add_reference("Oude koppeling", recommendation="uitfaseren", kind="product")
    adoptions_save(
        actor=None, institution=institution, choices={ooapi.pk: ("in_gebruik", ""), legacy.pk: ("in_gebruik", "")}
    )
    adoptions_save(actor=None, institution=other_institution, choices={ooapi.pk: ("gepland", "In 2027.")})
    adoptions_save(
        actor=None, institution=aeres, choices={ooapi.pk: ("gepland", ""), legacy.pk: ("niet_van_toepassing", "")}
    )
    AuditEvent.objects.all().delete()
    return ooapi, edukoppeling, legacy


def reference_json(item: ReferenceItem, adoption: tuple[int, int, int], **changes) -> dict:
    item.refresh_from_db()
    return {
        "slug": item.slug,
        "name": item.name,
        "kind": item.kind,
        "recommendation": item.recommendation,
        "recommendation_since": item.recommendation_since.isoformat(),
        "rationale": item.rationale,
        "link": item.link,
        "themes": [theme.slug for theme in item.themes.order_by("name")],
        "adoption": dict(zip(["in_use", "planned", "not_applicable"], adoption, strict=True)),
        "updated_at": stamp(item.updated_at),
        **changes,
    }


def test_anyone_reads_the_reference_list_with_national_counts(api, references):
    ooapi, edukoppeling, legacy = references
    assert api().get(f"{REFERENCE}ooapi/").json() == {
        "slug": "ooapi",
        "name": "OOAPI",
        "kind": "standaard",
        "recommendation": "aanbevolen",
        "recommendation_since": timezone.localdate().isoformat(),
        "rationale": "Uitwisselen.",
        "link": "https://openonderwijsapi.nl",
        "themes": ["data", "zelfsturend"],
        "adoption": {"in_use": 1, "planned": 2, "not_applicable": 0},
        "updated_at": stamp(ooapi.updated_at),
    }
    # Recommended first, advised against last.
    assert api().get(REFERENCE).json() == {
        "count": 3,
        "next": None,
        "previous": None,
        "results": [
            reference_json(ooapi, (1, 2, 0)),
            reference_json(edukoppeling, (0, 0, 0)),
            reference_json(legacy, (1, 0, 1)),
        ],
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("item_kind=afspraak", ["edukoppeling"]),
        ("recommendation=uitfaseren", ["oude-koppeling"]),
        ("theme=data", ["ooapi", "edukoppeling"]),
        ("theme=zelfsturend&item_kind=standaard", ["ooapi"]),
        ("theme=zelfsturend&item_kind=product", []),
    ],
)
def test_the_reference_list_filters_its_items(api, references, query, expected):
    assert [row["slug"] for row in results(api().get(f"{REFERENCE}?{query}"))] == expected


@pytest.mark.parametrize(
    ("query", "field"),
    [("item_kind=boek", "item_kind"), ("recommendation=verplicht", "recommendation"), ("theme=onbekend", "theme")],
)
def test_an_invalid_reference_filter_is_a_400_naming_it(api, member, references, query, field):
    assert_field_invalid(api().get(f"{REFERENCE}?{query}"), field)
    assert_field_invalid(api(member).get(f"{REFERENCE}?{query}"), field)


@pytest.mark.parametrize(
    ("query", "ooapi", "legacy"),
    [
        ("kind=aoc", (0, 2, 0), (0, 0, 1)),
        ("size_band=M", (1, 0, 0), (1, 0, 0)),
        ("kind=aoc&size_band=S", (0, 2, 0), (0, 0, 1)),
        ("kind=vakinstelling", (0, 0, 0), (0, 0, 0)),
    ],
)
def test_members_narrow_the_counts_by_kind_and_size_of_institution(api, member, references, query, ooapi, legacy):
    rows = {row["slug"]: row["adoption"] for row in results(api(member).get(f"{REFERENCE}?{query}"))}
    keys = ["in_use", "planned", "not_applicable"]
    assert rows == {
        "ooapi": dict(zip(keys, ooapi, strict=True)),
        "edukoppeling": dict(zip(keys, (0, 0, 0), strict=True)),
        "oude-koppeling": dict(zip(keys, legacy, strict=True)),
    }


@pytest.mark.parametrize("query", ["kind=aoc", "size_band=S", "kind=aoc&size_band=S"])
def test_guests_cannot_narrow_the_counts_to_a_few_colleges(api, references, query):
    """A kind and size that fit one or two colleges would show their answers: for guests the counts stay national."""
    rows = {row["slug"]: row["adoption"] for row in results(api().get(f"{REFERENCE}?{query}"))}
    assert rows["ooapi"] == {"in_use": 1, "planned": 2, "not_applicable": 0}
    assert rows["oude-koppeling"] == {"in_use": 1, "planned": 0, "not_applicable": 1}


def test_an_invalid_profile_filter_is_a_400_for_members(api, member, references):
    assert_field_invalid(api(member).get(f"{REFERENCE}?kind=mbo"), "kind")
    assert_field_invalid(api(member).get(f"{REFERENCE}?size_band=XL"), "size_band")


def test_the_reference_list_is_paged(api, references):
    assert [row["slug"] for row in results(api().get(REFERENCE + "?page_size=2&page=2"))] == ["oude-koppeling"]
    assert_error(api().get(REFERENCE + "?page_size=2&page=3"), 404, "not_found", MSG_NOT_FOUND, detail=MSG_NO_PAGE)
    assert_error(api().get(f"{REFERENCE}onbekend/"), 404, "not_found", MSG_NOT_FOUND)


REFERENCE_DATA = {"name": "SURFconext", "kind": "product", "recommendation": "aanbevolen", "rationale": "Eén login."}


def test_the_steering_group_adds_an_item(api, steering, references):
    response = api(steering).post(REFERENCE, REFERENCE_DATA | {"themes": ["zelfsturend", "data"]})
    assert response.status_code == 201, response.content
    item = ReferenceItem.objects.get(name="SURFconext")
    assert response.json() == {
        "slug": "surfconext",
        "name": "SURFconext",
        "kind": "product",
        "recommendation": "aanbevolen",
        "recommendation_since": timezone.localdate().isoformat(),
        "rationale": "Eén login.",
        "link": "",
        "themes": ["data", "zelfsturend"],
        "adoption": {"in_use": 0, "planned": 0, "not_applicable": 0},
        "updated_at": stamp(item.updated_at),
    }
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.data) == (
        "reference.changed",
        steering,
        {"created": True, "recommendation": "aanbevolen", "previous_recommendation": None},
    )


def test_an_item_named_like_a_page_gets_another_address(api, steering):
    response = api(steering).post(REFERENCE, REFERENCE_DATA | {"name": "Nieuw"})
    assert response.status_code == 201
    assert response.json()["slug"] == "nieuw-item"


def test_kind_and_recommendation_have_defaults(api, admin_user):
    response = api(admin_user).post(REFERENCE, {"name": "eduID", "rationale": "Voor iedereen."})
    assert response.status_code == 201, response.content
    assert (response.json()["kind"], response.json()["recommendation"]) == ("standaard", "in_onderzoek")


def test_members_and_guests_may_not_change_the_reference_list(api, member, other_member, references):
    before = counts()
    for client, status, code, message in (
        (api(member), 403, "forbidden", MSG_FORBIDDEN),
        (api(other_member), 403, "forbidden", MSG_FORBIDDEN),
        (api(), 401, "not_authenticated", MSG_UNAUTHENTICATED),
    ):
        for response in (
            client.post(REFERENCE, REFERENCE_DATA),
            client.patch(f"{REFERENCE}ooapi/", {"recommendation": "afgeraden"}),
            client.delete(f"{REFERENCE}ooapi/"),
        ):
            assert_error(response, status, code, message)
    assert counts() == before


def test_a_new_advice_restarts_its_date_and_other_changes_keep_it(api, steering, references):
    ooapi = references[0]
    long_ago = datetime.date(2024, 5, 1)
    ReferenceItem.objects.filter(pk=ooapi.pk).update(recommendation_since=long_ago)
    client = api(steering)
    response = client.patch(f"{REFERENCE}ooapi/", {"rationale": "Nog steeds.", "themes": ["data"]})
    assert response.status_code == 200, response.content
    assert response.json() == reference_json(
        ooapi, (1, 2, 0), rationale="Nog steeds.", recommendation_since="2024-05-01"
    )
    assert response.json()["themes"] == ["data"]
    response = client.patch(f"{REFERENCE}ooapi/", {"recommendation": "uitfaseren"})
    assert response.json()["recommendation_since"] == timezone.localdate().isoformat()
    assert response.json()["themes"] == ["data"]  # kept
    assert AuditEvent.objects.filter(action="reference.changed").latest("id").data == {
        "created": False,
        "recommendation": "uitfaseren",
        "previous_recommendation": "aanbevolen",
    }


def test_renaming_keeps_the_address(api, steering, references):
    response = api(steering).patch(f"{REFERENCE}ooapi/", {"name": "Open Education API"})
    assert (response.json()["slug"], response.json()["name"]) == ("ooapi", "Open Education API")


def test_an_item_may_be_saved_under_its_own_name(api, steering, references):
    response = api(steering).patch(f"{REFERENCE}ooapi/", {"name": "OOAPI", "rationale": "Herzien."})
    assert response.status_code == 200, response.content
    assert response.json()["rationale"] == "Herzien."


def test_deleting_an_item_removes_its_adoptions(api, admin_user, references):
    response = api(admin_user).delete(f"{REFERENCE}ooapi/")
    assert (response.status_code, response.content) == (204, b"")
    assert list(ReferenceItem.objects.values_list("slug", flat=True).order_by("slug")) == [
        "edukoppeling",
        "oude-koppeling",
    ]
    assert Adoption.objects.count() == 2
    assert AuditEvent.objects.get().data == {"deleted": True, "adoptions": 3}


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        ({"name": "OOAPI"}, {"name": [name_taken]}),
        ({"name": "x" * 121}, {"name": [too_long(120)]}),
        ({"name": ""}, {"name": [BLANK]}),
        ({"kind": "boek"}, {"kind": [bad_choice("boek")]}),
        ({"recommendation": "verplicht"}, {"recommendation": [bad_choice("verplicht")]}),
        ({"rationale": ""}, {"rationale": [BLANK]}),
        ({"link": "geen adres"}, {"link": [drf(fields.URLField, "invalid")]}),
        ({"rationale": 0}, {"rationale": [drf(TextField, "invalid")]}),  # text only, not a number made text
        ({"themes": ["data", "onbekend"]}, {"themes": {"1": [no_slug("onbekend")]}}),
        ({"themes": ["\x00data"]}, {"themes": {"0": [nul]}}),
        ({"themes": "data"}, {"themes": [NOT_A_LIST]}),
    ],
)
def test_bad_reference_input_is_a_400_and_writes_nothing(api, steering, references, change, errors):
    before = counts()
    assert_invalid(api(steering).post(REFERENCE, REFERENCE_DATA | change), errors)
    if change != {"name": "OOAPI"}:
        assert_invalid(api(steering).patch(f"{REFERENCE}edukoppeling/", change), errors)
    assert counts() == before
    assert ReferenceItem.objects.get(slug="edukoppeling").name == "Edukoppeling"


def test_a_name_taken_by_another_item_is_refused_on_change(api, steering, references):
    response = api(steering).patch(f"{REFERENCE}edukoppeling/", {"name": "OOAPI"})
    assert_invalid(response, {"name": [name_taken]})
    assert ReferenceItem.objects.get(slug="edukoppeling").name == "Edukoppeling"


def test_missing_reference_fields_are_named(api, steering):
    assert_invalid(api(steering).post(REFERENCE, {}), {"name": [REQUIRED], "rationale": [REQUIRED]})
    assert counts()["reference"] == 0


def test_a_read_only_token_changes_no_reference_item(api, steering, references):
    client = api(steering, scope="read")
    before = counts()
    for response in (
        client.post(REFERENCE, REFERENCE_DATA),
        client.patch(f"{REFERENCE}ooapi/", {"rationale": "Anders."}),
        client.delete(f"{REFERENCE}ooapi/"),
    ):
        assert_error(response, 403, "forbidden", MSG_FORBIDDEN, detail=MSG_READ_ONLY_TOKEN)
    assert counts() == before


# Adoption --------------------------------------------------------------------------------------------


def adoption_json(adoption: Adoption, **changes) -> dict:
    adoption.refresh_from_db()
    return {
        "institution": adoption.institution.slug,
        "item": adoption.item.slug,
        "state": adoption.state,
        "note": adoption.note,
        "updated_at": stamp(adoption.updated_at),
        **changes,
    }


def test_a_member_reads_where_every_institution_stands(api, member, references):
    rows = results(api(member).get(ADOPTIONS))
    expected = Adoption.objects.order_by("institution__name", "item__name")
    assert rows == [adoption_json(adoption) for adoption in expected]
    assert [(row["institution"], row["item"], row["state"], row["note"]) for row in rows] == [
        ("aeres", "ooapi", "gepland", ""),
        ("aeres", "oude-koppeling", "niet_van_toepassing", ""),
        ("albeda", "ooapi", "gepland", "In 2027."),
        ("horizon-college", "ooapi", "in_gebruik", ""),
        ("horizon-college", "oude-koppeling", "in_gebruik", ""),
    ]


def test_adoptions_are_for_members_only(api, references, theme):
    before = counts()
    assert_error(api().get(ADOPTIONS), 401, "not_authenticated", MSG_UNAUTHENTICATED)
    response = api().post(ADOPTIONS, {"institution": "horizon-college", "item": "edukoppeling", "state": "gepland"})
    assert_error(response, 401, "not_authenticated", MSG_UNAUTHENTICATED)
    assert counts() == before


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("institution=albeda", [("albeda", "ooapi")]),
        ("item=oude-koppeling", [("aeres", "oude-koppeling"), ("horizon-college", "oude-koppeling")]),
        ("state=gepland", [("aeres", "ooapi"), ("albeda", "ooapi")]),
        (
            "institution=horizon-college&state=in_gebruik",
            [("horizon-college", "ooapi"), ("horizon-college", "oude-koppeling")],
        ),
        ("institution=albeda&item=oude-koppeling", []),
    ],
)
def test_adoptions_filter_by_institution_item_and_state(api, member, references, query, expected):
    rows = results(api(member).get(f"{ADOPTIONS}?{query}"))
    assert [(row["institution"], row["item"]) for row in rows] == expected


@pytest.mark.parametrize(
    ("query", "field"), [("institution=onbekend", "institution"), ("item=onbekend", "item"), ("state=ja", "state")]
)
def test_an_invalid_adoption_filter_is_a_400_naming_it(api, member, references, query, field):
    assert_field_invalid(api(member).get(f"{ADOPTIONS}?{query}"), field)


def test_adoptions_are_paged(api, member, references):
    client = api(member)
    rows = results(client.get(ADOPTIONS + "?page_size=2&page=3"))
    assert [(row["institution"], row["item"]) for row in rows] == [("horizon-college", "oude-koppeling")]
    assert_error(client.get(ADOPTIONS + "?page_size=2&page=4"), 404, "not_found", MSG_NOT_FOUND, detail=MSG_NO_PAGE)


def test_a_member_records_changes_and_removes_their_institutions_answer(api, member, institution, references):
    client = api(member)
    response = client.post(ADOPTIONS, {"item": "edukoppeling", "state": "gepland", "note": "Na de zomer."})
    assert response.status_code == 200, response.content
    adoption = Adoption.objects.get(institution=institution, item__slug="edukoppeling")
    assert response.json() == {
        "institution": "horizon-college",
        "item": "edukoppeling",
        "state": "gepland",
        "note": "Na de zomer.",
        "updated_at": stamp(adoption.updated_at),
    }
    assert adoption.updated_by == member
    response = client.post(ADOPTIONS, {"item": "edukoppeling", "state": "in_gebruik"})
    assert response.json() == adoption_json(adoption, state="in_gebruik", note="")
    assert Adoption.objects.filter(institution=institution).count() == 3
    # An empty state removes the answer.
    response = client.post(ADOPTIONS, {"item": "edukoppeling", "state": ""})
    assert (response.status_code, response.content) == (204, b"")
    assert not Adoption.objects.filter(pk=adoption.pk).exists()
    # Removing what is not there is the same answer.
    response = client.post(ADOPTIONS, {"item": "edukoppeling", "state": ""})
    assert response.status_code == 204
    assert Adoption.objects.filter(institution=institution).count() == 2


def test_a_member_may_not_answer_for_another_institution(api, other_member, references):
    before = counts()
    data = {"institution": "horizon-college", "item": "ooapi", "state": ""}
    response = api(other_member).post(ADOPTIONS, data)
    assert_error(response, 403, "forbidden", MSG_FORBIDDEN, detail=MSG_OTHER_INSTITUTION)
    response = api(other_member).post(ADOPTIONS, data | {"item": "edukoppeling", "state": "gepland"})
    assert_error(response, 403, "forbidden", MSG_FORBIDDEN, detail=MSG_OTHER_INSTITUTION)
    assert counts() == before


def test_the_steering_group_answers_for_any_institution(api, steering, references, other_institution):
    response = api(steering).post(ADOPTIONS, {"institution": "albeda", "item": "ooapi", "state": "in_gebruik"})
    assert response.status_code == 200
    adoption = Adoption.objects.get(institution=other_institution, item__slug="ooapi")
    assert (adoption.state, adoption.note, adoption.updated_by) == ("in_gebruik", "", steering)


def test_an_account_without_an_institution_names_one_for_adoption(api, admin_user, references):
    before = counts()
    response = api(admin_user).post(ADOPTIONS, {"item": "ooapi", "state": "gepland"})
    assert_invalid(response, {"institution": [str(MSG_NO_INSTITUTION)]})
    assert counts() == before


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        ({"state": "", "note": "Weet niet"}, {"note": [str(MSG_NOTE_WITHOUT_STATE)]}),
        ({"state": "ja"}, {"state": [bad_choice("ja")]}),
        ({"state": None}, {"state": [NULL]}),
        ({"item": "onbekend"}, {"item": [no_slug("onbekend")]}),
        ({"institution": "onbekend"}, {"institution": [no_slug("onbekend")]}),
        ({"item": "ooapi\x00"}, {"item": [nul]}),
        ({"institution": "horizon\x00college"}, {"institution": [nul]}),
        ({"note": "x" * 301}, {"note": [too_long(300)]}),
        ({"note": ["een", "lijst"]}, {"note": [lambda: str(AdoptionIn().fields["note"].error_messages["invalid"])]}),
    ],
)
def test_bad_adoption_input_is_a_400_and_writes_nothing(api, member, references, change, errors):
    before = counts()
    response = api(member).post(ADOPTIONS, {"item": "ooapi", "state": "gepland"} | change)
    assert_invalid(response, errors)
    assert counts() == before
    assert Adoption.objects.get(institution__slug="horizon-college", item__slug="ooapi").state == "in_gebruik"


def test_missing_adoption_fields_are_named(api, member, references):
    assert_invalid(api(member).post(ADOPTIONS, {}), {"item": [REQUIRED], "state": [REQUIRED]})
    response = api(member).post(ADOPTIONS, [{"item": "ooapi", "state": ""}])
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["non_field_errors"]
    response = api(member).post(ADOPTIONS, '{"item": "ooapi"', content_type="application/json")
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["message"]["nl"]) == ("malformed", str(MSG_MALFORMED))
    assert Adoption.objects.count() == 5


def test_a_read_only_token_records_no_answer(api, member, references):
    before = counts()
    response = api(member, scope="read").post(ADOPTIONS, {"item": "edukoppeling", "state": "gepland"})
    assert_error(response, 403, "forbidden", MSG_FORBIDDEN, detail=MSG_READ_ONLY_TOKEN)
    assert counts() == before
