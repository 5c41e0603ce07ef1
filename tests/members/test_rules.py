"""The is_steering / is_chair predicates follow the dates of a position's term."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from koers.accounts.models import User
from koers.members.models import Position
from koers.members.rules import is_admin, is_chair, is_member, is_steering

TODAY = timezone.localdate()


def day(offset: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=offset)


def fresh(user):
    """The predicates cache per user object (one request); a fresh object sees the database."""
    return User.objects.get(pk=user.pk)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (0, None, True),  # starts today
        (-30, None, True),  # open-ended
        (-30, 0, True),  # ends today: still in office
        (-30, 30, True),
        (1, None, False),  # starts tomorrow
        (10, 40, False),  # future term
        (-60, -1, False),  # ended yesterday
    ],
)
@pytest.mark.parametrize("kind", ["steering_member", "secretary", "chair"])
def test_predicates_follow_the_dates(member, kind, start, end, expected):
    end_date = day(end) if end is not None else None
    Position.objects.create(user=member, kind=kind, start_date=day(start), end_date=end_date)
    user = fresh(member)
    assert is_steering(user) is expected
    assert is_chair(user) is (expected and kind == "chair")


def test_member_without_position(member):
    user = fresh(member)
    assert (is_member(user), is_steering(user), is_chair(user), is_admin(user)) == (True, False, False, False)


def test_inactive_holder_is_neither(member):
    Position.objects.create(user=member, kind="chair", start_date=day(-1))
    member.is_active = False
    member.save()
    user = fresh(member)
    assert (is_member(user), is_steering(user), is_chair(user)) == (False, False, False)


def test_guest_is_nothing(db):
    guest = AnonymousUser()
    assert (is_member(guest), is_steering(guest), is_chair(guest), is_admin(guest)) == (False, False, False, False)


def test_permissions(member, steering, chair, admin_user):
    expectations = {
        "members.view_directory": (True, True, True, True),
        "members.change_institution": (False, True, True, True),
        "members.review_membership": (False, True, True, True),
        "members.manage_positions": (False, False, True, True),
    }
    for perm, expected in expectations.items():
        assert tuple(fresh(u).has_perm(perm) for u in (member, steering, chair, admin_user)) == expected, perm


def test_change_profile_only_for_self(member, other_member):
    assert fresh(member).has_perm("members.change_profile", member) is True
    assert fresh(member).has_perm("members.change_profile", other_member) is False
