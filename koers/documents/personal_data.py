"""What documents holds about a person: the documents and versions they uploaded.

Called by koers.privacy for the data download and the erasure of an account.
"""

from typing import Any

from koers.accounts.models import User

from .models import Document, DocumentVersion

# Documents stay after an erasure: the network's presentations and reports are not the uploader's own; the
# account that uploaded them then names nobody.
USER_FIELDS = (
    "documents.Document.owner",
    "documents.DocumentVersion.uploaded_by",
)


def export(*, user: User) -> dict[str, Any]:
    return {
        "documents": [
            {"title": d.title, "created_at": d.created_at.isoformat()}
            for d in Document.objects.filter(owner=user).order_by("created_at", "id")
        ],
        "document_versions": [
            {"document": v.document.title, "version": v.number, "file": v.name, "at": v.uploaded_at.isoformat()}
            for v in DocumentVersion.objects.filter(uploaded_by=user).select_related("document").order_by("id")
        ],
    }


def erase(*, user: User) -> None:
    """Nothing to erase: the documents stay with the network, under an account that names nobody."""
