"""Who may do what. Every permission a view requires is defined here or in another app's rules.py."""

import rules

from .models import Position
from .viewer import viewer


@rules.predicate
def is_member(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


@rules.predicate
def is_admin(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


def _current_kinds(user) -> frozenset[str]:
    # Read with the other facts every page needs, once per request (.viewer).
    return viewer(user).position_kinds


@rules.predicate
def is_steering(user) -> bool:
    """Steering group: anyone holding a current position (member, chair, secretary)."""
    return is_member(user) and bool(_current_kinds(user))


@rules.predicate
def is_chair(user) -> bool:
    return is_member(user) and Position.Kind.CHAIR in _current_kinds(user)


@rules.predicate
def is_self(user, other) -> bool:
    return other is not None and user.pk == other.pk


steering_or_admin = is_steering | is_admin

rules.add_perm("members.view_directory", is_member)
rules.add_perm("members.view_institution", is_member)
rules.add_perm("members.change_institution", steering_or_admin)
rules.add_perm("members.manage_positions", is_chair | is_admin)
rules.add_perm("members.review_membership", steering_or_admin)
rules.add_perm("members.view_audit_log", steering_or_admin)
rules.add_perm("members.change_profile", is_member & is_self)
