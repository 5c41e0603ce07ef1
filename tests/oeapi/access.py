"""Access-matrix rows and world objects for these URLs; merged into tests/test_access_matrix.py."""

from koers.oeapi.organisations import NETWORK_ID

ROLES = ["guest", "member", "other", "steering", "chair", "admin"]
PUBLIC = dict.fromkeys(ROLES, 200)

# The Open Education API is open data: everyone reads it, signed in or not, and nothing can be written.
MATRIX: dict = {
    "oeapi:organisation-list": ("get", PUBLIC, None),
    "oeapi:organisation-detail": ("get", PUBLIC, None),
}


def extend_world(*, users: dict, kwargs: dict, objects: dict) -> None:
    """Add the objects these rows need to the shared world."""
    kwargs["oeapi:organisation-detail"] = {"organisation_id": str(NETWORK_ID)}
