"""Access-matrix rows for the ambitions, plan items, reference items and adoptions endpoints (see
tests/api/access.py).

The matrix signs in with a session. "member" (Gerda Visser) and "steering" are of Horizon College, "other"
(Hans Bos) and "chair" of Albeda; "admin" has no institution and names Horizon College in its writes. The
world's ambition is Horizon College's; its plan item "Verkennen" and reference item "ooapi" come from the
world itself. Each write row sends a valid body, so that a denied request that still wrote something would
be caught.
"""

from koers.roadmap.services import ambition_save

from ..factories import ThemeFactory

ROLES = ["guest", "member", "other", "steering", "chair", "admin"]


def level(**statuses: int) -> dict[str, int]:
    default = statuses.pop("default", 200)
    return {role: statuses.get(role, default) for role in ROLES}


PUBLIC = level()
MEMBERS = level(guest=401)
# Ambitions and adoption: members change their own institution's; the steering group and admin any.
OWN_INSTITUTION = level(guest=401, other=403)
# The multi-year plan and the reference list are kept by the steering group.
STEERING = level(guest=401, member=403, other=403)
STEERING_CREATES = level(guest=401, member=403, other=403, default=201)
STEERING_DELETES = level(guest=401, member=403, other=403, default=204)


def horizon(objects: dict) -> str:
    return objects["member"].institution.slug


MATRIX: dict = {
    "api:ambition-list GET": ("get", MEMBERS, None),
    # A theme without an ambition yet: 201 for everyone allowed.
    "api:ambition-list POST": (
        "post",
        level(guest=401, other=403, default=201),
        lambda w: {"institution": horizon(w), "theme": w["theme"].slug, "start_year": 2028, "level": "borgen"},
    ),
    "api:ambition-detail GET": ("get", MEMBERS, None),
    "api:ambition-detail PATCH": ("patch", OWN_INSTITUTION, {"start_year": 2030, "readiness": "kunnen"}),
    "api:ambition-detail DELETE": ("delete", level(guest=401, other=403, default=204), None),
    "api:plan-item-list GET": ("get", MEMBERS, None),
    "api:plan-item-list POST": (
        "post",
        STEERING_CREATES,
        lambda w: {"title": "Nieuw onderdeel", "theme": w["theme"].slug, "year": 2029, "position": 1},
    ),
    "api:plan-item-detail GET": ("get", MEMBERS, None),
    "api:plan-item-detail PATCH": ("patch", STEERING, {"title": "Anders", "position": 2, "status": "gepland"}),
    "api:plan-item-detail DELETE": ("delete", STEERING_DELETES, None),
    "api:reference-item-list GET": ("get", PUBLIC, None),
    "api:reference-item-list POST": (
        "post",
        STEERING_CREATES,
        lambda w: {"name": "Nieuw item", "kind": "standaard", "recommendation": "aanbevolen", "rationale": "Omdat."},
    ),
    "api:reference-item-detail GET": ("get", PUBLIC, None),
    "api:reference-item-detail PATCH": ("patch", STEERING, {"recommendation": "afgeraden", "rationale": "Toch niet."}),
    "api:reference-item-detail DELETE": ("delete", STEERING_DELETES, None),
    "api:adoption-list GET": ("get", MEMBERS, None),
    "api:adoption-list POST": (
        "post",
        OWN_INSTITUTION,
        lambda w: {"institution": horizon(w), "item": w["reference"].slug, "state": "gepland", "note": "In 2027."},
    ),
}


def extend_world(*, users: dict, kwargs: dict, objects: dict) -> None:
    """Give Horizon College an ambition (on a theme of its own) and point the rows at the world's objects."""
    ambition = ambition_save(
        actor=users["member"],
        institution=users["member"].institution,
        theme=ThemeFactory(),
        data={"start_year": 2027, "start_half": 1, "level": "orienteren", "readiness": "willen", "note": ""},
    )
    kwargs |= {
        "api:ambition-detail": {"pk": ambition.pk},
        "api:plan-item-detail": kwargs["roadmap:plan-item"],
        "api:reference-item-detail": kwargs["roadmap:reference-item"],
    }
