"""Access-matrix rows and world objects for the governance URLs; merged into tests/test_access_matrix.py."""

MATRIX: dict = {}


def extend_world(*, users: dict, kwargs: dict, objects: dict) -> None:
    """Create the objects the governance rows need and add their URL kwargs and form data objects."""
