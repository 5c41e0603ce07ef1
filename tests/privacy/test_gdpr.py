"""Personal data: members download everything Koers holds about them, and can erase their account."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from koers.accounts.models import Invitation, MembershipRequest, User
from koers.accounts.services import invitation_create, membership_request_approve, membership_request_submit
from koers.core.models import AuditEvent
from koers.members.models import Consent, ConsentEvent, Position
from koers.members.selectors import institutions_with_counts
from koers.members.services import CONSENT_TEXT_VERSION, consent_set, position_start
from koers.notifications.models import Notification, NotificationPreference
from koers.privacy.forms import MSG_WRONG_PASSWORD

from ..accounts.helpers import sign_in, signed_in_pk
from ..factories import PASSWORD, ThemeFactory
from ..notifications.helpers import tell

EXPORT = reverse("privacy:data-export")
DELETE = reverse("privacy:account-delete")
TODAY = timezone.localdate()


@pytest.fixture
def rich_member(member, chair, institution):
    """A member with something in every corner: expertise, consents and their history, a position, a request."""
    member.job_title = "Senior informatiemanager"
    member.phone = "06 1234 5678"
    member.new_until = datetime.date(2027, 3, 1)
    member.save()
    member.expertise.add(ThemeFactory(name="Onderwijslogistiek"), ThemeFactory(name="Datagedreven werken"))
    consent_set(user=member, field="email", granted=True)
    consent_set(user=member, field="phone", granted=True)
    consent_set(user=member, field="phone", granted=False)
    position_start(
        actor=chair,
        user=member,
        kind="secretary",
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2025, 12, 31),
    )
    MembershipRequest.objects.create(
        full_name="Gerda Visser",
        email="gerda@horizon.example",
        institution=institution,
        job_title="IM",
        motivation="Ik wil meedoen.",
        status=MembershipRequest.Status.APPROVED,
        user=member,
    )
    NotificationPreference.objects.create(user=member, kind="polls", frequency="weekly")
    tell(recipients=[member], kind="polls", subject="Nieuwe peiling", body="Stem mee", url="/peilingen/1/")
    return member


def test_export_by_get_shows_page_without_audit(member_client):
    response = member_client.get(EXPORT)
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="data.exported").count() == 0


def test_export_returns_json_attachment_with_exact_values(client_for, rich_member):
    rich_member.language = "en"
    rich_member.save()
    response = client_for(rich_member).post(EXPORT)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == f'attachment; filename="koers-mijn-gegevens-{TODAY:%Y-%m-%d}.json"'
    data = json.loads(response.content)
    member = User.objects.get(pk=rich_member.pk)
    assert data["format"] == "koers-personal-data/1"
    assert data["profile"] == {
        "email": "gerda@horizon.example",
        "full_name": "Gerda Visser",
        "job_title": "Senior informatiemanager",
        "phone": "06 1234 5678",
        "institution": "Horizon College",
        "expertise": ["Datagedreven werken", "Onderwijslogistiek"],
        "language": "en",
        "date_joined": member.date_joined.isoformat(),
        "new_until": "2027-03-01",
        "last_login": member.last_login.isoformat(),
    }
    email_consent = Consent.objects.get(user=member)
    assert data["consents"] == [
        {"field": "email", "text_version": CONSENT_TEXT_VERSION, "granted_at": email_consent.granted_at.isoformat()}
    ]
    assert [(c["field"], c["granted"], c["text_version"]) for c in data["consent_history"]] == [
        ("email", True, CONSENT_TEXT_VERSION),
        ("phone", True, CONSENT_TEXT_VERSION),
        ("phone", False, CONSENT_TEXT_VERSION),
    ]
    assert data["positions"] == [
        {"kind": "secretary", "institution": "Horizon College", "start_date": "2025-01-01", "end_date": "2025-12-31"}
    ]
    assert [(r["full_name"], r["status"], r["motivation"]) for r in data["membership_requests"]] == [
        ("Gerda Visser", "approved", "Ik wil meedoen.")
    ]
    assert data["notification_preferences"] == {"polls": "weekly"}
    assert [(n["subject"], n["body"], n["url"]) for n in data["notifications"]] == [
        ("Nieuwe peiling", "Stem mee", "/peilingen/1/")
    ]
    assert [a["action"] for a in data["audit_events_by_you"]] == [
        "consent.granted",
        "consent.granted",
        "consent.withdrawn",
    ]

    event = AuditEvent.objects.get(action="data.exported")
    assert (event.actor, event.target_type, event.target_id) == (member, "accounts.user", str(member.pk))


def test_export_contains_nothing_of_other_members(client_for, member, other_member):
    consent_set(user=other_member, field="email", granted=True)
    data = json.loads(client_for(member).post(EXPORT).content)
    assert "hans@albeda.example" not in json.dumps(data)
    assert data["consents"] == [] and data["consent_history"] == [] and data["positions"] == []


def test_export_for_guests_redirects(client, db):
    response = client.post(EXPORT)
    assert response.status_code == 302
    assert AuditEvent.objects.count() == 0


def _everything() -> tuple:
    return (
        list(User.objects.order_by("pk").values()),
        list(Consent.objects.order_by("pk").values()),
        list(ConsentEvent.objects.order_by("pk").values()),
        list(Notification.objects.order_by("pk").values()),
        list(Position.objects.order_by("pk").values()),
        list(AuditEvent.objects.order_by("pk").values()),
        list(MembershipRequest.objects.order_by("pk").values()),
    )


def test_delete_with_wrong_password_changes_nothing(client_for, rich_member):
    client = client_for(rich_member)
    before = _everything()
    response = client.post(DELETE, {"password": "fout-wachtwoord"})
    assert response.status_code == 400
    assert response.context["form"].errors == {"password": [str(MSG_WRONG_PASSWORD)]}
    assert str(MSG_WRONG_PASSWORD) in response.content.decode()
    assert _everything() == before
    assert signed_in_pk(client) == str(rich_member.pk)


def test_delete_without_password_changes_nothing(client_for, rich_member):
    client = client_for(rich_member)
    before = _everything()
    response = client.post(DELETE, {"password": ""})
    assert response.status_code == 400
    assert response.context["form"].errors == {"password": ["Dit veld is verplicht."]}
    assert _everything() == before


def test_delete_anonymises_the_member(client_for, rich_member, institution, other_member):
    pk = rich_member.pk
    Invitation.objects.create(user=rich_member, token_hash="x" * 64, expires_at=timezone.now())
    other_before = User.objects.filter(pk=other_member.pk).values().get()
    client = client_for(rich_member)

    response = client.post(DELETE, {"password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:home")
    assert signed_in_pk(client) is None

    user = User.objects.get(pk=pk)
    assert (user.full_name, user.email, user.phone, user.job_title) == (
        "Verwijderd lid",
        f"verwijderd-{pk}@koers.invalid",
        "",
        "",
    )
    assert (user.is_active, user.is_staff, user.is_superuser) == (False, False, False)
    assert user.has_usable_password() is False
    assert user.anonymised_at is not None
    assert list(user.expertise.all()) == []
    assert Consent.objects.filter(user=user).count() == 0
    assert ConsentEvent.objects.filter(user=user).count() == 0
    assert Notification.objects.filter(user=user).count() == 0
    assert NotificationPreference.objects.filter(user=user).count() == 0
    assert Invitation.objects.filter(user=user).count() == 0
    request = MembershipRequest.objects.get(user=user)
    assert (request.full_name, request.email, request.motivation) == (
        "Verwijderd lid",
        f"verwijderd-{pk}@koers.invalid",
        "",
    )

    # What keeps institution-level figures right stays.
    assert user.institution == institution
    position = Position.objects.get(user=user)
    assert (position.kind, position.institution, position.start_date) == (
        "secretary",
        institution,
        datetime.date(2025, 1, 1),
    )
    assert User.objects.filter(pk=other_member.pk).values().get() == other_before

    event = AuditEvent.objects.get(action="account.deleted")
    assert (event.actor, event.target_id, event.target_repr) == (user, str(pk), "Verwijderd lid")

    # The member cannot sign in any more, with the old or the new address.
    for email in ("gerda@horizon.example", f"verwijderd-{pk}@koers.invalid"):
        sign_in(client, email, PASSWORD)
        assert signed_in_pk(client) is None


def test_delete_removes_the_name_from_the_whole_audit_trail(client_for, rich_member, steering, institution):
    """Events about the member's position and membership request named them too."""
    application = membership_request_submit(
        full_name="Fatima el Amrani",
        email="fatima@davinci.example",
        institution=institution,
        job_title="IM",
    )
    fatima = membership_request_approve(actor=steering, membership_request=application)
    fatima.set_password(PASSWORD)
    fatima.save()
    position_start(actor=steering, user=fatima, kind="steering_member", start_date=TODAY)
    invitation_create(user=fatima)
    assert AuditEvent.objects.filter(target_repr__contains="Fatima").count() == 3

    client_for(fatima).post(DELETE, {"password": PASSWORD})

    assert AuditEvent.objects.filter(target_repr__icontains="fatima").count() == 0
    assert AuditEvent.objects.filter(target_repr__icontains="davinci").count() == 0
    assert AuditEvent.objects.filter(target_repr__contains="Verwijderd lid").count() == 4
    # Other members' events (three consents, one position) are untouched.
    assert AuditEvent.objects.filter(target_repr__contains="Gerda Visser").count() == 4


def test_delete_ends_the_members_other_sessions(client_for, member):
    elsewhere = client_for(member)
    assert elsewhere.get(reverse("accounts:profile")).status_code == 200
    client_for(member).post(DELETE, {"password": PASSWORD})
    response = elsewhere.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_anonymised_name_does_not_depend_on_the_member_language(client_for, member):
    member.language = "en"
    member.save()
    client_for(member).post(DELETE, {"password": PASSWORD})
    member.refresh_from_db()
    assert member.full_name == "Verwijderd lid"
    assert AuditEvent.objects.get(action="account.deleted").target_repr == "Verwijderd lid"


def test_deleted_member_keeps_counting_nowhere_but_positions_stay(client_for, rich_member, institution):
    client_for(rich_member).post(DELETE, {"password": PASSWORD})
    counts = {i.name: i.member_count for i in institutions_with_counts()}
    assert counts["Horizon College"] == 0
    assert Position.objects.filter(institution=institution, kind="secretary").count() == 1
    assert User.objects.filter(institution=institution).count() == 1


def test_get_shows_the_form(member_client):
    response = member_client.get(DELETE)
    assert response.status_code == 200
    assert "Mijn account definitief verwijderen" in response.content.decode()
