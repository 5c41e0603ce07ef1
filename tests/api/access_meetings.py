"""Access-matrix rows for the meetings API (see tests/api/access.py).

The world's meeting (in 30 days, its report published for members) serves the list, the meeting and the
report. Registering and cancelling use a meeting of their own, where "member" and "steering" have already
registered: they cannot register twice (409, a conflict with their registration) but can cancel (204); the
others the other way round (cancelling without a registration is a 409 too).
"""

from koers.meetings.services import registration_create

from ..meetings.conftest import make_meeting

ROLES = ["guest", "member", "other", "steering", "chair", "admin"]


def level(**statuses: int) -> dict[str, int]:
    default = statuses.pop("default", 200)
    return {role: statuses.get(role, default) for role in ROLES}


STEERING = level(guest=401, member=403, other=403)

MATRIX: dict = {
    "api:meeting-list GET": ("get", level(guest=401), None),
    "api:meeting-detail GET": ("get", level(guest=401), None),
    "api:meeting-report GET": ("get", level(guest=401), None),  # for members; a public one is tested apart
    "api:meeting-registration POST": (
        "post",
        level(guest=401, member=409, steering=409, default=201),
        {"note": "Vegetarisch"},
    ),
    "api:meeting-registration DELETE": ("delete", level(guest=401, member=204, steering=204, default=409), None),
    "api:meeting-registrations GET": ("get", STEERING, None),
}


def extend_world(*, users: dict, kwargs: dict, objects: dict) -> None:
    meeting = objects["meeting"]
    for name in ("api:meeting-detail", "api:meeting-report", "api:meeting-registrations"):
        kwargs[name] = {"pk": meeting.pk}
    own = make_meeting(title="Najaarsbijeenkomst", days=40, capacity=10)
    for role in ("member", "steering"):
        registration_create(meeting=own, user=users[role])
    kwargs["api:meeting-registration"] = {"pk": own.pk}
