"""What each reader sees of an advice and may do with it, per status: koers.advice.selectors.advice_access, which
the advice page's parts and buttons and the API's fields and ``allowed`` both read."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from koers.advice import selectors
from koers.advice.models import Advice, Decision, FollowUp, Status
from koers.advice.services import working_group_invite

from ..factories import UserFactory
from .conftest import make_advice

S = Status
ROLES = ["guest", "member", "writer", "lead", "steering", "admin"]

# Per status: who reads the text beyond the working group and the steering group.
PUBLIC_TEXT = {S.OFFERED, S.DECIDED, S.IN_PROGRESS, S.DONE}
MEMBER_TEXT = {S.CONSULTATION, *PUBLIC_TEXT}
WRITING = {S.IDEA, S.WORKING_GROUP, S.DRAFT, S.CONSULTATION}
FOLLOWING_UP = {S.DECIDED, S.IN_PROGRESS}
# The next steps first, then a step back, withdrawing last: the order the status form offers them in.
STEERING_STEPS = {
    S.IDEA: [S.WORKING_GROUP, S.WITHDRAWN],
    S.WORKING_GROUP: [S.DRAFT, S.WITHDRAWN],
    S.DRAFT: [S.CONSULTATION, S.WITHDRAWN],
    S.CONSULTATION: [S.OFFERED, S.DRAFT, S.WITHDRAWN],
    S.OFFERED: [S.DECIDED, S.DRAFT, S.WITHDRAWN],
    S.DECIDED: [S.IN_PROGRESS, S.DONE],
    S.IN_PROGRESS: [S.DONE],
    S.DONE: [],
    S.WITHDRAWN: [],
}
LEAD_STEPS = {S.WORKING_GROUP: [S.DRAFT], S.DRAFT: [S.CONSULTATION], S.CONSULTATION: [S.DRAFT]}


def expected(role: str, status: str) -> selectors.AdviceAccess:
    steering = role in ("steering", "admin")
    in_group = role in ("writer", "lead") or steering
    return selectors.AdviceAccess(
        members=role != "guest",
        read_text=status in PUBLIC_TEXT or (role != "guest" and status in MEMBER_TEXT) or in_group,
        change=steering or (role == "lead" and status in WRITING),
        edit_text=in_group and status in WRITING,
        add_follow_up=(steering or role == "lead") and status in FOLLOWING_UP,
        transitions=STEERING_STEPS[status] if steering else LEAD_STEPS.get(status, []) if role == "lead" else [],
    )


@pytest.fixture
def users(member, other_member, steering, admin_user):
    writer = UserFactory(full_name="Wim Schrijver")
    return {
        "guest": AnonymousUser(),
        "member": member,
        "writer": writer,
        "lead": other_member,
        "steering": steering,
        "admin": admin_user,
    }


@pytest.mark.parametrize("status", list(Status))
def test_advice_access_per_role_and_status(users, steering, other_member, status):
    advice = make_advice(actor=steering, lead=other_member, status=Status.WORKING_GROUP)
    working_group_invite(actor=steering, advice=advice, user=users["writer"])
    decided = status in (S.DECIDED, S.IN_PROGRESS, S.DONE)
    Advice.objects.filter(pk=advice.pk).update(
        status=status,
        decision=Decision.ADOPTED if decided else "",
        decision_rationale="Past in de sectoragenda." if decided else "",
        decision_date=timezone.localdate() if decided else None,
    )
    got = {role: selectors.advice_access(advice=Advice.objects.get(pk=advice.pk), user=users[role]) for role in ROLES}
    assert got == {role: expected(role, status) for role in ROLES}


def test_an_inactive_member_is_a_guest_to_an_advice(steering):
    advice = make_advice(actor=steering, status=Status.CONSULTATION)
    access = selectors.advice_access(advice=advice, user=UserFactory(is_active=False))
    assert (access.members, access.read_text, access.transitions) == (False, False, [])


def test_transitions_offered_depend_on_the_role(steering, member, other_member):
    advice = make_advice(actor=steering, lead=other_member, status=Status.CONSULTATION)
    assert selectors.transitions_for(actor=member, advice=advice) == []
    assert selectors.transitions_for(actor=other_member, advice=advice) == [Status.DRAFT]
    assert selectors.transitions_for(actor=steering, advice=advice) == [Status.OFFERED, Status.DRAFT, Status.WITHDRAWN]


def test_follow_ups_newest_first_by_status_and_since(steering):
    advice = make_advice(actor=steering, status=Status.IN_PROGRESS)
    today = timezone.localdate()
    for days, status in ((3, "op_schema"), (1, "vertraagd"), (2, "op_schema")):
        FollowUp.objects.create(
            advice=advice, date=today - datetime.timedelta(days=days), text="Stap", progress=10, status=status
        )

    def ages(entries) -> list[int]:
        return [(today - entry.date).days for entry in entries]

    assert ages(selectors.follow_ups(advice=advice)) == [1, 2, 3]
    assert ages(selectors.follow_ups(advice=advice, status="op_schema")) == [2, 3]
    assert ages(selectors.follow_ups(advice=advice, since=today - datetime.timedelta(days=2))) == [1, 2]
