"""Access-matrix rows and world objects for these URLs; merged into tests/test_access_matrix.py.

The test suite runs without KOERS_OIDC_CLIENT_ID, so SURFconext sign-in is off and both URLs answer 404
for everyone. With it switched on, who may use them is tested in tests/accounts/test_oidc.py
(test_access_when_enabled_*).
"""

OFF = {role: 404 for role in ["guest", "member", "other", "steering", "chair", "admin"]}

MATRIX: dict = {
    "accounts:surfconext-start": ("get", OFF, None),
    "accounts:surfconext-callback": ("get", OFF, None),
}


def extend_world(*, users: dict, kwargs: dict, objects: dict) -> None:
    """Add the objects these rows need to the shared world (none: both URLs take no arguments)."""
