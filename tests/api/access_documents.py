"""Access-matrix rows for the documents endpoint (see tests/api/access.py): a list for everyone, each caller
seeing what the pages show them (tests/documents covers which documents)."""

ROLES = ["guest", "member", "other", "steering", "chair", "admin"]


def level(**statuses: int) -> dict[str, int]:
    default = statuses.pop("default", 200)
    return {role: statuses.get(role, default) for role in ROLES}


MATRIX: dict = {
    "api:document-list GET": ("get", level(), None),
}


def extend_world(*, users: dict, kwargs: dict, objects: dict) -> None:
    """The world's documents come from tests/documents/access.py."""
