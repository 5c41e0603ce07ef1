"""Access-matrix rows and world objects for these URLs; merged into tests/test_access_matrix.py."""

ROLES = ["guest", "member", "other", "steering", "chair", "admin"]
PUBLIC = dict.fromkeys(ROLES, 200)

# Open data is for everyone, signed in or not.
MATRIX: dict = {
    "opendata:index": ("get", PUBLIC, None),
    "opendata:download": ("get", PUBLIC, None),
}


def extend_world(*, users: dict, kwargs: dict, objects: dict) -> None:
    """Add the objects these rows need to the shared world."""
    kwargs["opendata:download"] = {"dataset": "advice", "fmt": "csv"}
