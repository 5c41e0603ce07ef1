"""Who may narrow national figures by kind and size of institution: koers.roadmap.selectors.
profile_filters_allowed, read by the national roadmap, the reference list and the reference-items API."""

import pytest
from django.contrib.auth.models import AnonymousUser

from koers.roadmap.selectors import profile_filters_allowed


@pytest.mark.parametrize(("role", "allowed"), [("guest", False), ("member", True), ("steering", True)])
def test_profile_filters_are_for_members_only(member, steering, role, allowed):
    user = {"guest": AnonymousUser(), "member": member, "steering": steering}[role]
    assert profile_filters_allowed(user=user) is allowed
