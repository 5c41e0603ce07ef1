"""Institutions: list with member counts, detail with consented contact details, editing by the steering group."""

import pytest
from django.urls import reverse
from django.utils import timezone

from koers.core.models import AuditEvent
from koers.members.models import Institution

from ..factories import InstitutionFactory, UserFactory, share

LIST = reverse("members:institution-list")
# Django's own wording for a taken unique value, in Dutch.
MSG_CODE_TAKEN = "Er bestaat al een Instelling met eenzelfde Instellingscode."
MSG_DOMAIN_TAKEN = "Er bestaat al een Instelling met eenzelfde SURFconext-domein."
MSG_NAME_TAKEN = "Er bestaat al een Instelling met eenzelfde Naam."


def detail(slug: str) -> str:
    return reverse("members:institution-detail", kwargs={"slug": slug})


def edit(slug: str) -> str:
    return reverse("members:institution-edit", kwargs={"slug": slug})


def test_list_counts_active_members_only(member_client, member, institution, other_institution):
    UserFactory(institution=institution)
    UserFactory(institution=institution, is_active=False)
    UserFactory(institution=institution, anonymised_at=timezone.now(), is_active=False)
    UserFactory(institution=institution, anonymised_at=timezone.now())
    empty = InstitutionFactory(name="Zadkine", slug="zadkine")

    response = member_client.get(LIST)
    assert response.status_code == 200
    counts = {i.name: i.member_count for i in response.context["page_obj"]().object_list}
    assert counts == {"Albeda": 0, "Horizon College": 2, "Zadkine": 0}
    html = response.content.decode()
    row = (
        '<a href="{}">{}</a></td><td data-label="Soort">ROC</td><td data-label="Plaats">Utrecht</td>'
        '<td data-label="Omvang">Middel (7.000 tot 15.000 studenten)</td><td data-label="Leden">{}</td>'
    )
    assert row.format("/instellingen/horizon-college/", "Horizon College", 2) in html
    assert row.format(empty.get_absolute_url(), "Zadkine", 0) in html


def test_list_for_guests_redirects(client, institution):
    assert client.get(LIST).status_code == 302


def test_detail_shows_only_consented_fields(member_client, member, institution):
    colleague = UserFactory(
        full_name="Ahmed Collega",
        email="ahmed@horizon.example",
        phone="06 1111 2222",
        job_title="Datamanager",
        institution=institution,
    )
    UserFactory(
        full_name="Petra Privé",
        email="petra@horizon.example",
        phone="06 3333 4444",
        job_title="Architect",
        institution=institution,
    )
    UserFactory(full_name="Oud Lid", institution=institution, is_active=False)
    share(colleague, "email", "job_title")

    response = member_client.get(detail("horizon-college"))
    html = response.content.decode()
    assert [c.full_name for c in response.context["cards"]()] == ["Ahmed Collega", "Gerda Visser", "Petra Privé"]
    assert '<h2 id="leden-title">3 leden</h2>' in html
    assert '<a href="mailto:ahmed@horizon.example">ahmed@horizon.example</a>' in html
    assert '<p class="meta">Datamanager</p>' in html
    assert "06 1111 2222" not in html
    for hidden in ("petra@horizon.example", "06 3333 4444", "Architect", "gerda@horizon.example", "Oud Lid"):
        assert hidden not in html


@pytest.fixture
def form_data(institution):
    return {
        "name": "Horizon College",
        "short_name": "Horizon",
        "kind": "roc",
        "city": "Hoorn",
        "website": "https://www.horizoncollege.example",
        "institution_code": "25LH",
        "schac_home": "horizon.example",
        "size_band": "L",
    }


def test_steering_edits_and_it_is_audited(client_for, steering, institution, form_data):
    response = client_for(steering).post(edit("horizon-college"), form_data)
    assert response.status_code == 302
    assert response["Location"] == detail("horizon-college")
    institution.refresh_from_db()
    assert (
        institution.short_name,
        institution.city,
        institution.website,
        institution.institution_code,
        institution.schac_home,
        institution.size_band,
    ) == ("Horizon", "Hoorn", "https://www.horizoncollege.example", "25LH", "horizon.example", "L")
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.target_id) == ("institution.changed", steering, str(institution.pk))
    assert event.data == {
        "short_name": "Horizon",
        "city": "Hoorn",
        "website": "https://www.horizoncollege.example",
        "institution_code": "25LH",
        "schac_home": "horizon.example",
        "size_band": "L",
    }


def test_saving_without_changes_is_not_audited(client_for, steering, institution):
    data = {
        "name": "Horizon College",
        "short_name": "",
        "kind": "roc",
        "city": "Utrecht",
        "website": "",
        "institution_code": "",
        "schac_home": "",
        "size_band": "M",
    }
    assert client_for(steering).post(edit("horizon-college"), data).status_code == 302
    assert AuditEvent.objects.count() == 0


def _snapshot(institution) -> dict:
    return Institution.objects.filter(pk=institution.pk).values().get()


def test_member_gets_403_and_nothing_changes(client_for, member, institution, form_data):
    before = _snapshot(institution)
    client = client_for(member)
    assert client.get(edit("horizon-college")).status_code == 403
    assert client.post(edit("horizon-college"), form_data).status_code == 403
    assert _snapshot(institution) == before
    assert AuditEvent.objects.count() == 0


def test_duplicate_institution_code_is_refused(client_for, steering, institution, other_institution, form_data):
    other_institution.institution_code = "25LH"
    other_institution.save()
    before = _snapshot(institution)

    response = client_for(steering).post(edit("horizon-college"), form_data)
    assert response.status_code == 200
    assert response.context["form"].errors == {"institution_code": [MSG_CODE_TAKEN]}
    assert MSG_CODE_TAKEN in response.content.decode()
    assert _snapshot(institution) == before
    assert AuditEvent.objects.count() == 0


def test_empty_institution_codes_do_not_clash(client_for, steering, institution, other_institution, form_data):
    response = client_for(steering).post(edit("horizon-college"), {**form_data, "institution_code": ""})
    assert response.status_code == 302


def test_duplicate_name_is_refused(client_for, steering, institution, other_institution, form_data):
    before = _snapshot(institution)
    response = client_for(steering).post(edit("horizon-college"), {**form_data, "name": "Albeda"})
    assert response.context["form"].errors == {"name": [MSG_NAME_TAKEN]}
    assert _snapshot(institution) == before


def test_duplicate_surfconext_domain_is_refused_in_any_case(
    client_for, steering, institution, other_institution, form_data
):
    other_institution.schac_home = "horizon.example"
    other_institution.save()
    before = _snapshot(institution)
    response = client_for(steering).post(edit("horizon-college"), {**form_data, "schac_home": "Horizon.Example"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"schac_home": [MSG_DOMAIN_TAKEN]}
    assert _snapshot(institution) == before
    assert AuditEvent.objects.count() == 0


def test_keeping_own_code_is_fine(client_for, steering, institution, form_data):
    institution.institution_code = "25LH"
    institution.schac_home = "horizon.example"
    institution.save()
    response = client_for(steering).post(edit("horizon-college"), form_data)
    assert response.status_code == 302
