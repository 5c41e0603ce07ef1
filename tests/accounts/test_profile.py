"""A member edits their own profile, and only their own."""

import pytest
from django.urls import reverse

from koers.accounts.forms import MSG_UNKNOWN_INSTITUTION
from koers.accounts.models import User

from ..factories import ThemeFactory
from .helpers import messages_of

URL = reverse("accounts:profile")


@pytest.fixture
def themes(db):
    return ThemeFactory(name="Onderwijslogistiek"), ThemeFactory(name="Datagedreven werken"), ThemeFactory()


def snapshot(user) -> tuple:
    user = User.objects.get(pk=user.pk)
    return (
        user.email,
        user.full_name,
        user.job_title,
        user.phone,
        user.institution_id,
        user.language,
        sorted(user.expertise.values_list("pk", flat=True)),
    )


def test_profile_edit_saves_every_field(member_client, member, other_institution, themes):
    response = member_client.post(
        URL,
        {
            "full_name": " Gerda Visser-de Boer ",
            "job_title": "Senior informatiemanager",
            "phone": "06 1234 5678",
            "institution": other_institution.pk,
            "expertise": [themes[0].pk, themes[1].pk],
            "language": "en",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == URL
    assert messages_of(response) == ["Je profiel is opgeslagen."]
    assert snapshot(member) == (
        "gerda@horizon.example",
        "Gerda Visser-de Boer",
        "Senior informatiemanager",
        "06 1234 5678",
        other_institution.pk,
        "en",
        sorted([themes[0].pk, themes[1].pk]),
    )


def test_profile_edit_can_clear_optional_fields(member_client, member, themes):
    member.expertise.add(themes[0])
    member_client.post(
        URL, {"full_name": "Gerda Visser", "job_title": "", "phone": "", "institution": "", "language": "nl"}
    )
    assert snapshot(member) == ("gerda@horizon.example", "Gerda Visser", "", "", None, "nl", [])


def test_empty_name_is_refused(member_client, member, themes):
    before = snapshot(member)
    response = member_client.post(
        URL,
        {
            "full_name": "   ",
            "job_title": "Iets anders",
            "phone": "",
            "institution": member.institution_id,
            "expertise": [themes[0].pk],
            "language": "en",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"full_name": ["Dit veld is verplicht."]}
    assert snapshot(member) == before


def test_unknown_institution_is_refused(member_client, member):
    before = snapshot(member)
    response = member_client.post(URL, {"full_name": "Gerda", "institution": "999999", "language": "nl"})
    assert response.context["form"].errors == {"institution": [str(MSG_UNKNOWN_INSTITUTION)]}
    assert snapshot(member) == before


def test_unknown_language_is_refused(member_client, member):
    before = snapshot(member)
    response = member_client.post(URL, {"full_name": "Gerda", "language": "de"})
    assert list(response.context["form"].errors) == ["language"]
    assert snapshot(member) == before


def test_profile_only_ever_edits_the_signed_in_member(member_client, member, other_member, themes):
    other_before = snapshot(other_member)
    response = member_client.post(
        URL,
        {
            "full_name": "Nieuwe Naam",
            "job_title": "",
            "phone": "",
            "institution": "",
            "language": "nl",
            "expertise": [themes[2].pk],
            # Attempts to address another account are ignored.
            "pk": other_member.pk,
            "id": other_member.pk,
            "user": other_member.pk,
            "email": other_member.email,
        },
    )
    assert response.status_code == 302
    assert snapshot(other_member) == other_before
    assert snapshot(member) == ("gerda@horizon.example", "Nieuwe Naam", "", "", None, "nl", [themes[2].pk])


def test_profile_cannot_change_email_or_rights(member_client, member):
    member_client.post(
        URL,
        {
            "full_name": "Gerda Visser",
            "language": "nl",
            "email": "ander@horizon.example",
            "is_superuser": "on",
            "is_staff": "on",
            "is_active": "",
        },
    )
    member.refresh_from_db()
    assert (member.email, member.is_superuser, member.is_staff, member.is_active) == (
        "gerda@horizon.example",
        False,
        False,
        True,
    )


def test_guest_is_sent_to_sign_in(client, db):
    response = client.post(URL, {"full_name": "Iemand", "language": "nl"})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={URL}"


def test_choosing_another_institution_is_audited_and_told_to_the_steering_group(
    client, member, steering, other_institution
):
    from koers.core.models import AuditEvent
    from koers.notifications.models import Notification

    client.force_login(member)
    response = client.post(
        reverse("accounts:profile"),
        {
            "full_name": "Gerda Visser",
            "institution": other_institution.pk,
            "language": "nl",
            "job_title": "",
            "phone": "",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="member.institution_moved")
    assert (event.actor, event.data) == (member, {"from": "Horizon College", "to": "Albeda"})
    note = Notification.objects.get(user=steering)
    assert (note.subject, note.body) == (
        "Gerda Visser heeft een andere instelling gekozen",
        "Van Horizon College naar Albeda.",
    )
