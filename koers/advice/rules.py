"""Who may do what with an advice: the steering group runs the process, the working group writes, its lead steers it."""

import rules

from koers.members.rules import is_member, steering_or_admin

from .models import Status

# From consultation on, members read the text; once offered to the Adviesraad, everyone does.
MEMBER_TEXT_STATUSES = (Status.CONSULTATION, Status.OFFERED, Status.DECIDED, Status.IN_PROGRESS, Status.DONE)
PUBLIC_TEXT_STATUSES = (Status.OFFERED, Status.DECIDED, Status.IN_PROGRESS, Status.DONE)
WRITING_STATUSES = (Status.IDEA, Status.WORKING_GROUP, Status.DRAFT, Status.CONSULTATION)
# The working group writes the text until the advice is offered to the Adviesraad.
TEXT_OPEN = WRITING_STATUSES
FOLLOW_UP_OPEN = (Status.DECIDED, Status.IN_PROGRESS)

LEAD = "lead"  # the working-group lead, or the steering group
STEERING = "steering"

# (from, to): who may take the step. Everything not listed is refused.
TRANSITIONS: dict[tuple[str, str], str] = {
    (Status.IDEA, Status.WORKING_GROUP): STEERING,
    (Status.WORKING_GROUP, Status.DRAFT): LEAD,
    (Status.DRAFT, Status.CONSULTATION): LEAD,
    (Status.CONSULTATION, Status.DRAFT): LEAD,
    (Status.CONSULTATION, Status.OFFERED): STEERING,
    (Status.OFFERED, Status.DRAFT): STEERING,  # the Adviesraad sends it back for more work
    (Status.OFFERED, Status.DECIDED): STEERING,
    (Status.DECIDED, Status.IN_PROGRESS): STEERING,
    (Status.DECIDED, Status.DONE): STEERING,
    (Status.IN_PROGRESS, Status.DONE): STEERING,
    **{
        (before, Status.WITHDRAWN): STEERING
        for before in (Status.IDEA, Status.WORKING_GROUP, Status.DRAFT, Status.CONSULTATION, Status.OFFERED)
    },
}


def is_step_back(before: str, to: str) -> bool:
    """A step to an earlier status (the Status choices run in lifecycle order): taken only on purpose."""
    order = list(Status)
    return to != Status.WITHDRAWN and order.index(Status(to)) < order.index(Status(before))


def step_order(before: str, to: str) -> tuple[int, int]:
    """Where a step is offered: the next steps first, then a step back, withdrawing last."""
    group = 2 if to == Status.WITHDRAWN else 1 if is_step_back(before, to) else 0
    return (group, list(Status).index(Status(to)))


def keep_roles(advice, members) -> None:
    """Remember the working group read for the page (``members``: its WorkingGroupMember rows), so that the
    rules below ask nothing more about it."""
    advice._koers_roles = {member.user_id: member.is_lead for member in members}


def _roles(user, advice) -> dict[int, bool]:
    """{member id: is lead} of the working group, read once per advice object."""
    roles = getattr(advice, "_koers_roles", None)
    if roles is None:
        roles = dict(advice.working_group.values_list("user_id", "is_lead"))
        advice._koers_roles = roles
    return roles


@rules.predicate
def in_working_group(user, advice) -> bool:
    return advice is not None and is_member(user) and user.pk in _roles(user, advice)


@rules.predicate
def is_lead(user, advice) -> bool:
    return advice is not None and is_member(user) and _roles(user, advice).get(user.pk, False)


@rules.predicate
def is_writing(user, advice) -> bool:
    """Before it goes to the Adviesraad; after that only the steering group changes the advice's details."""
    return advice is not None and advice.status in WRITING_STATUSES


@rules.predicate
def may_read_text(user, advice) -> bool:
    if advice is None:
        return False
    if advice.status in PUBLIC_TEXT_STATUSES:
        return True
    if advice.status in MEMBER_TEXT_STATUSES and is_member(user):
        return True
    return steering_or_admin(user) or in_working_group(user, advice)


rules.add_perm("advice.view_advice", is_member)
rules.add_perm("advice.manage_advice", steering_or_admin)
rules.add_perm("advice.change_advice", steering_or_admin | (is_lead & is_writing))
rules.add_perm("advice.edit_text", steering_or_admin | in_working_group)
rules.add_perm("advice.read_text", may_read_text)
rules.add_perm("advice.add_follow_up", steering_or_admin | is_lead)


def may_take_step(user, advice, who: str) -> bool:
    """Whether ``user`` is ``who`` (LEAD or STEERING, a step's role in TRANSITIONS) for this advice."""
    if steering_or_admin(user):
        return True
    return who == LEAD and is_lead(user, advice)
