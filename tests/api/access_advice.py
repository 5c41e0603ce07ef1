"""Access-matrix rows for the advice endpoints (see tests/api/access.py).

The world's advice is in consultation and "other" (Hans Bos) leads its working group; follow-up rows use a
second advice of theirs that is being carried out. The test signs in with a session, so guests get 401.
"""

from django.utils import timezone

from koers.advice.models import Status

from ..advice.conftest import make_advice

ROLES = ["guest", "member", "other", "steering", "chair", "admin"]


def level(**statuses: int) -> dict[str, int]:
    default = statuses.pop("default", 200)
    return {role: statuses.get(role, default) for role in ROLES}


WRITERS = level(guest=401, member=403)  # the steering group, and the lead of the working group

MATRIX: dict = {
    "api:advice-list GET": ("get", level(), None),
    "api:advice-list POST": (
        "post",
        level(guest=401, member=403, other=403, default=201),
        lambda w: {
            "title": "Nieuw advies",
            "themes": [w["theme"].slug],
            "question": "Hoe verder?",
            "target_year": 2027,
            "target_quarter": 3,
        },
    ),
    "api:advice-detail GET": ("get", level(), None),
    "api:advice-detail PATCH": ("patch", WRITERS, {"title": "Nieuwe titel", "target_year": 2027, "target_quarter": 3}),
    "api:advice-transition POST": ("post", WRITERS, {"to": "concept", "note": "Terug"}),
    "api:advice-text PUT": ("put", WRITERS, {"summary": "Kort", "body": "Anders", "base_version": 2}),
    "api:advice-follow-ups GET": ("get", level(), None),
    "api:advice-follow-ups POST": (
        "post",
        level(guest=401, member=403, default=201),
        lambda w: {
            "date": timezone.localdate().isoformat(),
            "text": "Koppeling live",
            "done_by": "SURF",
            "progress": 40,
            "status": "op_schema",
        },
    ),
    "api:advice-follow POST": ("post", level(guest=401), {"following": True}),
}


def extend_world(*, users: dict, kwargs: dict, objects: dict) -> None:
    """Reuses the advice of tests/advice/access.py (in consultation) and adds one being carried out."""
    advice = objects["advice"]
    carried_out = make_advice(
        actor=users["steering"],
        title="Advies in uitvoering",
        lead=users["other"],
        status=Status.IN_PROGRESS,
        themes=[objects["theme"]],
    )
    for name in ("api:advice-detail", "api:advice-transition", "api:advice-text", "api:advice-follow"):
        kwargs[name] = {"pk": advice.pk}
    kwargs["api:advice-follow-ups"] = {"pk": carried_out.pk}
    objects["advice_carried_out"] = carried_out
