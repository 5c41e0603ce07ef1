"""Access-matrix rows for the institutions, themes and projects endpoints, the API's own pages and the token
pages (see tests/api/access.py).

The matrix signs in with a session. The world's project "Dashboard" belongs to Horizon College, the
institution of "member" (Gerda Visser) and of "steering"; "other" (Hans Bos) and "chair" are of Albeda;
"admin" has no institution. Each write row sends a valid body, so that a denied request that still wrote
something would be caught.
"""

import datetime

from django.utils import timezone

from koers.api.services import token_create

ROLES = ["guest", "member", "other", "steering", "chair", "admin"]


def level(**statuses: int) -> dict[str, int]:
    default = statuses.pop("default", 200)
    return {role: statuses.get(role, default) for role in ROLES}


PUBLIC = level()
MEMBERS = level(guest=401)
# Members change their own institution's projects; the steering group (chair included) and admin any.
OWN_INSTITUTION = level(guest=401, other=403)


def project_data(objects: dict, **extra) -> dict:
    data = {"title": "Nieuw project", "status": "idee", "horizon": "strategisch", "domain": "ict"}
    return data | {"themes": [objects["theme"].slug]} | extra


MATRIX: dict = {
    "api:institution-list GET": ("get", MEMBERS, None),
    "api:member-list GET": ("get", MEMBERS, None),
    "api:institution-detail GET": ("get", MEMBERS, None),
    "api:theme-list GET": ("get", PUBLIC, None),
    "api:search-list GET": ("get", PUBLIC, None),
    "api:theme-detail GET": ("get", PUBLIC, None),
    "api:project-list GET": ("get", MEMBERS, None),
    "api:project-list POST": (
        "post",
        level(guest=401, other=403, default=201),
        lambda w: project_data(w, institution=w["member"].institution.slug),
    ),
    "api:project-detail GET": ("get", MEMBERS, None),
    "api:project-detail PUT": ("put", OWN_INSTITUTION, lambda w: project_data(w, title="Ander project")),
    "api:project-detail PATCH": ("patch", OWN_INSTITUTION, {"title": "Anders", "status": "afgerond"}),
    "api:project-detail DELETE": ("delete", level(guest=401, other=403, default=204), None),
    "api:schema": ("get", PUBLIC, None),
    "api:docs": ("get", PUBLIC, None),
    "api:not-found": ("get", level(default=404), None),
    "tokens:token-list": ("get", level(guest=302), None),
    # Only the token's owner sees it; to anyone else it does not exist.
    "tokens:token-revoke": ("get", level(guest=302, default=404, member=200), None),
}


def extend_world(*, users: dict, kwargs: dict, objects: dict) -> None:
    """Point the rows at the world's institution, theme and project, and give the member a token."""
    token, _raw = token_create(
        user=users["member"],
        name="Matrix",
        scope="read-write",
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    kwargs |= {
        "api:institution-detail": kwargs["members:institution-detail"],
        "api:theme-detail": kwargs["themes:theme-detail"],
        "api:project-detail": kwargs["portfolio:project-detail"],
        "api:not-found": {"rest": "v1/bestaat-niet/"},
        "tokens:token-revoke": {"pk": token.pk},
    }
