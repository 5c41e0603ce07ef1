"""What the API holds about a person: their access tokens (not in the download: only their hashes are kept).

Called by koers.privacy for the data download and the erasure of an account.
"""

from typing import Any

from .models import AccessToken

USER_FIELDS = ("api.AccessToken.user",)


def export(*, user) -> dict[str, Any]:
    return {}


def erase(*, user) -> None:
    AccessToken.objects.filter(user=user).delete()
