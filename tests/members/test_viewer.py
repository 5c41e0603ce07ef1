"""The facts every page needs about the signed-in member: one query, read afresh on every request."""

import datetime

from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from koers.accounts.backends import MemberBackend
from koers.accounts.models import User
from koers.members.models import Position
from koers.members.viewer import Viewer, read, signed_in, viewer

from ..factories import UserFactory, make_steering
from ..notifications.helpers import tell

DAY = datetime.timedelta(days=1)


def test_one_query_reads_positions_unread_count_and_permissions(member, django_assert_num_queries):
    make_steering(member, kind=Position.Kind.CHAIR)
    make_steering(member, kind=Position.Kind.SECRETARY)
    tell(recipients=[member, UserFactory()], kind="meetings", subject="Eén")
    tell(recipients=[member], kind="meetings", subject="Twee")
    user = User.objects.get(pk=member.pk)
    with django_assert_num_queries(1):
        facts = viewer(user)
        assert viewer(user) is facts  # kept for the request
        assert user.has_perm("members.review_membership") is True  # the role rules ask the same facts
        assert user.has_perm("auth.change_group") is False  # the model backend asks nothing more
    assert facts == Viewer(
        position_kinds=frozenset({Position.Kind.CHAIR, Position.Kind.SECRETARY}), unread=2, model_permissions=False
    )


def test_only_current_positions_count(member):
    today = timezone.localdate()
    Position.objects.create(user=member, kind=Position.Kind.CHAIR, start_date=today - 9 * DAY, end_date=today - DAY)
    Position.objects.create(user=member, kind=Position.Kind.SECRETARY, start_date=today + DAY)
    Position.objects.create(user=member, kind=Position.Kind.STEERING_MEMBER, start_date=today, end_date=today)
    assert read(user_id=member.pk).position_kinds == {Position.Kind.STEERING_MEMBER}
    assert read(user_id=member.pk, on=today - 2 * DAY).position_kinds == {Position.Kind.CHAIR}
    assert read(user_id=member.pk, on=today + DAY).position_kinds == {Position.Kind.SECRETARY}


def test_a_member_with_django_permissions_keeps_them(member, django_assert_num_queries):
    group = Group.objects.create(name="Redactie")
    group.permissions.add(Permission.objects.get(codename="change_group"))
    member.groups.add(group)
    user = User.objects.get(pk=member.pk)
    assert viewer(user).model_permissions is True
    with django_assert_num_queries(2):  # the model backend reads them as usual
        assert user.has_perm("auth.change_group") is True
    other = UserFactory()
    other.user_permissions.add(Permission.objects.get(codename="view_group"))
    assert read(user_id=other.pk).model_permissions is True
    assert read(user_id=UserFactory().pk).model_permissions is False


def test_the_header_count_is_fresh_on_every_request(member_client, member):
    url = reverse("notifications:list")
    assert 'class="utrecht-badge-counter counter">' not in member_client.get(url).content.decode()
    tell(recipients=[member], kind="meetings", subject="Nieuw")
    tell(recipients=[member], kind="meetings", subject="Nog een")
    page = member_client.get(url).content.decode()
    assert page.count('<span class="utrecht-badge-counter counter">2<span class="visually-hidden">') == 4  # 2 menus
    member_client.post(reverse("notifications:mark-read"))
    assert 'class="utrecht-badge-counter counter">' not in member_client.get(url).content.decode()


def test_a_new_position_counts_on_the_next_request(client, member):
    client.force_login(member)
    url = reverse("accounts:membership-request-list")
    assert client.get(url).status_code == 403
    make_steering(member)
    assert client.get(url).status_code == 200


def test_a_session_reads_its_member_and_the_facts_in_one_query(member, django_assert_num_queries):
    make_steering(member, kind=Position.Kind.SECRETARY)
    tell(recipients=[member], kind="meetings", subject="Eén")
    member.last_login = timezone.now() - DAY
    member.save()
    with django_assert_num_queries(1):
        user = signed_in(member.pk)
        assert viewer(user) == Viewer(
            position_kinds=frozenset({Position.Kind.SECRETARY}), unread=1, model_permissions=False
        )
        assert user.has_perm("members.review_membership") is True
    assert signed_in(member.pk + 10_000) is None
    as_django_reads = User.objects.get(pk=member.pk)
    for field in User._meta.concrete_fields:
        assert getattr(user, field.attname) == getattr(as_django_reads, field.attname), field.name
    assert user.last_login.tzinfo is not None  # a moment in time, also on SQLite
    assert user._state.adding is False and user._state.db == "default"


def test_the_backend_lets_no_deactivated_member_back_in(member):
    backend = MemberBackend()
    assert backend.get_user(member.pk).pk == member.pk
    member.is_active = False
    member.save()
    assert backend.get_user(member.pk) is None


def test_a_page_asks_for_the_member_once(member_client, member, django_assert_num_queries):
    url = reverse("core:accessibility")
    member_client.get(url)
    with django_assert_num_queries(2):  # the session (from the database in the tests), the member with their facts
        assert member_client.get(url).status_code == 200
