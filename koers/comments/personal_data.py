"""What comments holds about a person: the comments they wrote.

Called by koers.privacy for the data download and the erasure of an account.
"""

from typing import Any

from .models import Comment

# Comments stay after an erasure, written by an account that then names nobody; so does who hid one.
USER_FIELDS = (
    "comments.Comment.author",
    "comments.Comment.hidden_by",
)


def export(*, user) -> dict[str, Any]:
    return {
        "comments": [
            {
                "body": c.body,
                "at": c.created_at.isoformat(),
                "edited_at": c.edited_at.isoformat() if c.edited_at else None,
            }
            for c in Comment.objects.filter(author=user).order_by("created_at")
        ],
    }


def erase(*, user) -> None:
    """Nothing to erase: what was said stays, as the delete page promises, under an account that names nobody."""
