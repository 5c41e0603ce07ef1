"""Access-matrix rows for the comments endpoints (see tests/api/access.py).

The world's comment is Gerda Visser's ("member") on the published members-only report of the world's meeting.
The list needs ?target=...&target_id=..., which the matrix does not send: without them it is a 400 for
everyone (tests/api/test_comments.py covers the list itself).
"""

from koers.comments.models import Comment

ROLES = ["guest", "member", "other", "steering", "chair", "admin"]


def level(**statuses: int) -> dict[str, int]:
    default = statuses.pop("default", 200)
    return {role: statuses.get(role, default) for role in ROLES}


MATRIX: dict = {
    "api:comment-list GET": ("get", level(default=400), None),
    "api:comment-list POST": (
        "post",
        level(guest=401, default=201),
        lambda w: {"target": "meeting", "target_id": w["meeting"].pk, "body": "Mooi verslag"},
    ),
    "api:comment-detail GET": ("get", level(guest=401), None),
    "api:comment-detail PATCH": ("patch", level(guest=401, member=200, default=403), {"body": "Aangepast"}),
    "api:comment-detail DELETE": ("delete", level(guest=401, member=204, default=403), None),
    "api:comment-hide POST": ("post", level(guest=401, member=403, other=403), {"reason": "Kwetsend"}),
}


def extend_world(*, users: dict, kwargs: dict, objects: dict) -> None:
    """The world's comment (made by tests/test_access_matrix.py) is the one these rows act on."""
    comment = Comment.objects.get(pk=kwargs["comments:comment-edit"]["pk"])
    for name in ("api:comment-detail", "api:comment-hide"):
        kwargs[name] = {"pk": comment.pk}
