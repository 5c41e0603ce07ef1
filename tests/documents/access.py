"""Access-matrix rows and world objects for the document library; merged into tests/test_access_matrix.py."""

from django.core.files.uploadedfile import SimpleUploadedFile

from koers.documents.services import document_create

ROLES = ["guest", "member", "other", "steering", "chair", "admin"]


def level(**statuses: int) -> dict[str, int]:
    default = statuses.pop("default", 200)
    return {role: statuses.get(role, default) for role in ROLES}


# The world's document is for members only and was uploaded by "other" (Hans Bos): he and the steering group
# (the chair and an administrator too) change it; a member only reads it.
CHANGERS = level(guest=302, member=403)

MATRIX: dict = {
    "documents:library": ("get", level(), None),
    "documents:document-create": (
        "get",
        level(guest=302),
        lambda w: {"title": "Nieuw", "audience": "leden", "file": SimpleUploadedFile("n.pdf", b"%PDF-1.4")},
    ),
    "documents:document-detail": ("get", level(guest=302), None),
    "documents:download": ("get", level(guest=302), None),
    "documents:version-download": ("get", level(guest=302), None),
    "documents:version-upload": ("get", CHANGERS, lambda w: {"file": SimpleUploadedFile("v.pdf", b"%PDF-1.4")}),
    "documents:document-edit": ("get", CHANGERS, {"title": "Anders", "audience": "leden"}),
    "documents:document-delete": ("get", CHANGERS, {}),
}


def extend_world(*, users: dict, kwargs: dict, objects: dict) -> None:
    document = document_create(
        actor=users["other"],
        title="Jaarplan",
        audience="leden",
        upload=SimpleUploadedFile("jaarplan.pdf", b"%PDF-1.4"),
    )
    for name in MATRIX:
        if name not in ("documents:library", "documents:document-create"):
            kwargs[name] = {"pk": document.pk}
    kwargs["documents:version-download"] = {"pk": document.pk, "number": 1}
    objects["document"] = document
