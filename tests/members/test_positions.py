"""Positions in the steering group: appointed and ended by the chair or an administrator, kept as history."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from koers.core.models import AuditEvent
from koers.members.models import MSG_END_BEFORE_START, Position
from koers.members.services import MSG_CHAIR_OVERLAP, MSG_POSITION_ALREADY_ENDED, MSG_POSITION_OVERLAP

from ..factories import UserFactory

TODAY = timezone.localdate()
ADD = reverse("members:position-add")


def day(offset: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=offset)


def end_url(position) -> str:
    return reverse("members:position-end", kwargs={"pk": position.pk})


def rows() -> list[tuple]:
    return list(Position.objects.order_by("id").values_list("user_id", "kind", "start_date", "end_date"))


@pytest.fixture
def manager(request, chair, admin_user):
    return {"chair": chair, "admin": admin_user}[request.param]


@pytest.mark.parametrize("manager", ["chair", "admin"], indirect=True)
def test_position_start_via_view(client_for, manager, member, institution):
    before = rows()
    response = client_for(manager).post(
        ADD,
        {
            "user": member.pk,
            "kind": "secretary",
            "start_date": day(0).isoformat(),
            "note": "Notulen",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("members:steering-group")
    position = Position.objects.get(user=member)
    assert (position.kind, position.institution, position.start_date, position.end_date, position.note) == (
        "secretary",
        institution,
        day(0),
        None,
        "Notulen",
    )
    assert rows() == [*before, (member.pk, "secretary", day(0), None)]
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.target_id, event.data) == (
        "position.started",
        manager,
        str(position.pk),
        {"user": member.pk, "kind": "secretary", "start_date": day(0).isoformat(), "end_date": None},
    )


@pytest.mark.parametrize("manager", ["chair", "admin"], indirect=True)
def test_position_end_via_view(client_for, manager, steering):
    position = steering.positions.get()
    response = client_for(manager).post(end_url(position), {"end_date": day(0).isoformat()})

    assert response.status_code == 302
    position.refresh_from_db()
    assert position.end_date == day(0)
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.target_id, event.data) == (
        "position.ended",
        manager,
        str(position.pk),
        {"end_date": day(0).isoformat(), "previous_end_date": None},
    )


def test_steering_member_without_chair_gets_403_and_nothing_written(client_for, steering, member):
    client = client_for(steering)
    before = rows()
    assert client.get(ADD).status_code == 403
    assert client.post(ADD, {"user": member.pk, "kind": "chair", "start_date": day(0).isoformat()}).status_code == 403
    position = steering.positions.get()
    assert client.post(end_url(position), {"end_date": day(0).isoformat()}).status_code == 403
    assert rows() == before
    assert AuditEvent.objects.count() == 0


def test_ordinary_member_gets_403(client_for, member, steering):
    before = rows()
    response = client_for(member).post(ADD, {"user": member.pk, "kind": "chair", "start_date": day(0).isoformat()})
    assert response.status_code == 403
    assert rows() == before


def test_second_overlapping_chair_is_refused(client_for, chair, member):
    before = rows()
    response = client_for(chair).post(ADD, {"user": member.pk, "kind": "chair", "start_date": day(10).isoformat()})
    assert response.status_code == 400
    assert response.context["form"].errors == {"start_date": [str(MSG_CHAIR_OVERLAP)]}
    assert rows() == before
    assert AuditEvent.objects.count() == 0


def test_next_chair_after_the_current_term_is_allowed(client_for, chair, member):
    chair_position = chair.positions.get()
    client = client_for(chair)
    client.post(end_url(chair_position), {"end_date": day(30).isoformat()})
    response = client.post(ADD, {"user": member.pk, "kind": "chair", "start_date": day(31).isoformat()})
    assert response.status_code == 302
    assert Position.objects.filter(kind="chair").count() == 2


def test_same_person_same_position_twice_is_refused(client_for, chair, steering):
    before = rows()
    response = client_for(chair).post(
        ADD,
        {
            "user": steering.pk,
            "kind": "steering_member",
            "start_date": day(1).isoformat(),
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {"start_date": [str(MSG_POSITION_OVERLAP)]}
    assert rows() == before


def test_start_with_end_before_start_is_refused(client_for, chair, member):
    before = rows()
    response = client_for(chair).post(
        ADD,
        {
            "user": member.pk,
            "kind": "steering_member",
            "start_date": day(0).isoformat(),
            "end_date": day(-1).isoformat(),
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {"end_date": [str(MSG_END_BEFORE_START)]}
    assert str(MSG_END_BEFORE_START) in response.content.decode()
    assert rows() == before
    assert AuditEvent.objects.count() == 0


def test_end_before_start_is_refused(client_for, chair, steering):
    position = steering.positions.get()
    response = client_for(chair).post(end_url(position), {"end_date": (position.start_date - datetime.timedelta(1))})
    assert response.status_code == 400
    assert response.context["form"].errors == {"end_date": [str(MSG_END_BEFORE_START)]}
    position.refresh_from_db()
    assert position.end_date is None
    assert AuditEvent.objects.count() == 0


def test_ending_an_ended_position_is_refused(client_for, chair, member):
    position = Position.objects.create(user=member, kind="steering_member", start_date=day(-400), end_date=day(-30))
    response = client_for(chair).post(end_url(position), {"end_date": day(0).isoformat()})
    assert response.status_code == 400
    assert response.context["form"].errors == {"end_date": [str(MSG_POSITION_ALREADY_ENDED)]}
    position.refresh_from_db()
    assert position.end_date == day(-30)


def test_moving_a_chair_term_end_into_the_next_chair_term_is_refused(client_for, chair, member):
    chair_position = chair.positions.get()
    client = client_for(chair)
    client.post(end_url(chair_position), {"end_date": day(30).isoformat()})
    client.post(ADD, {"user": member.pk, "kind": "chair", "start_date": day(31).isoformat()})
    audits = AuditEvent.objects.count()

    response = client.post(end_url(chair_position), {"end_date": day(60).isoformat()})
    assert response.status_code == 400
    assert response.context["form"].errors == {"end_date": [str(MSG_CHAIR_OVERLAP)]}
    chair_position.refresh_from_db()
    assert chair_position.end_date == day(30)
    assert AuditEvent.objects.count() == audits


def test_inactive_member_cannot_be_chosen(client_for, chair):
    gone = UserFactory(is_active=False)
    before = rows()
    response = client_for(chair).post(ADD, {"user": gone.pk, "kind": "secretary", "start_date": day(0).isoformat()})
    assert response.status_code == 400
    assert response.context["form"].errors == {"user": ["Kies een actief lid uit de lijst."]}
    assert rows() == before


def _between(html: str, start: str, end: str | None) -> str:
    tail = html.split(start, 1)[1]
    return tail.split(end, 1)[0] if end else tail


@pytest.fixture
def history(institution, other_institution):
    current = UserFactory(full_name="Nina Nu", institution=institution)
    Position.objects.create(user=current, kind="steering_member", institution=institution, start_date=day(-100))
    ending_today = UserFactory(full_name="Tom Vandaag", institution=institution)
    Position.objects.create(
        user=ending_today, kind="secretary", institution=institution, start_date=day(-100), end_date=day(0)
    )
    former = UserFactory(full_name="Eva Eerder", institution=institution)
    Position.objects.create(
        user=former, kind="chair", institution=institution, start_date=day(-800), end_date=day(-400)
    )
    upcoming = UserFactory(full_name="Bram Binnenkort", institution=other_institution)
    Position.objects.create(user=upcoming, kind="steering_member", institution=other_institution, start_date=day(5))


def test_steering_group_page_shows_current_and_former(member_client, history):
    html = member_client.get(reverse("members:steering-group")).content.decode()
    now = _between(html, "<h2>Nu</h2>", "<h2>Binnenkort</h2>")
    soon = _between(html, "<h2>Binnenkort</h2>", "<h2>Eerder</h2>")
    before = _between(html, "<h2>Eerder</h2>", None)
    assert "Nina Nu" in now and "Tom Vandaag" in now
    assert "Eva Eerder" not in now and "Bram Binnenkort" not in now
    assert "Bram Binnenkort" in soon
    assert "Eva Eerder" in before
    assert "Nina Nu" not in before and "Tom Vandaag" not in before


def test_steering_group_page_shows_end_links_only_to_managers(client_for, member, chair, history):
    assert "Termijn beëindigen" not in client_for(member).get(reverse("members:steering-group")).content.decode()
    html = client_for(chair).get(reverse("members:steering-group")).content.decode()
    # Open terms (Nina, Bram, the chair herself) can be ended; Tom's last day can still be moved; not Eva's.
    assert html.count(">Termijn beëindigen</a>") == 3
    assert html.count(">Einddatum wijzigen</a>") == 1
    assert "Termijn beëindigen: Nina Nu" in html and "Einddatum wijzigen: Tom Vandaag" in html


def test_institution_page_shows_current_and_former(member_client, history):
    html = member_client.get(reverse("members:institution-detail", kwargs={"slug": "horizon-college"})).content.decode()
    current = _between(html, '<h2 id="functies-title">Functies in het netwerk</h2>', "<h3>Eerder</h3>")
    former = _between(html, "<h3>Eerder</h3>", "<h2>")
    assert "Nina Nu" in current and "Tom Vandaag" in current
    assert "Eva Eerder" not in current
    assert "Eva Eerder" in former
    assert "Nina Nu" not in former
    assert "Bram Binnenkort" not in html


def test_position_keeps_the_institution_held_for(client_for, chair, member, institution, other_institution):
    client_for(chair).post(ADD, {"user": member.pk, "kind": "secretary", "start_date": day(0).isoformat()})
    member.institution = other_institution
    member.save()
    assert Position.objects.get(user=member).institution == institution


def test_chair_hands_over_to_a_successor_on_the_same_day(client, chair, member):
    import datetime

    from django.utils import timezone

    from koers.core.models import AuditEvent
    from koers.members.models import Position

    today = timezone.localdate()
    client.force_login(chair)
    response = client.post(
        reverse("members:position-add"),
        {"user": member.pk, "kind": "chair", "start_date": today.isoformat(), "hand_over": "on"},
    )
    assert response.status_code == 302
    old = Position.objects.get(user=chair, kind="chair")
    new = Position.objects.get(user=member, kind="chair")
    assert old.end_date == today - datetime.timedelta(days=1)
    assert (new.start_date, new.end_date) == (today, None)
    assert list(Position.objects.current().filter(kind="chair").values_list("user_id", flat=True)) == [member.pk]
    assert sorted(AuditEvent.objects.values_list("action", flat=True)) == ["position.ended", "position.started"]


def test_without_hand_over_a_second_chair_is_refused_with_the_way_out(client, chair, member):
    from django.utils import timezone

    from koers.members.models import Position
    from koers.members.services import MSG_CHAIR_OVERLAP

    client.force_login(chair)
    response = client.post(
        reverse("members:position-add"),
        {"user": member.pk, "kind": "chair", "start_date": timezone.localdate().isoformat()},
    )
    assert response.status_code == 400
    assert str(MSG_CHAIR_OVERLAP) in response.content.decode()
    assert Position.objects.filter(kind="chair").count() == 1
