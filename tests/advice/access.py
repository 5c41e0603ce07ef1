"""Access-matrix rows and world objects for the advice URLs; merged into tests/test_access_matrix.py."""

from django.core.files.uploadedfile import SimpleUploadedFile

from koers.advice.models import Status
from koers.advice.services import attachment_add

from .conftest import make_advice

ROLES = ["guest", "member", "other", "steering", "chair", "admin"]


def level(**statuses: int) -> dict[str, int]:
    default = statuses.pop("default", 200)
    return {role: statuses.get(role, default) for role in ROLES}


# The world's advice is in consultation, and "other" (Hans Bos) leads its working group.
WRITERS = level(guest=302, member=403)
ADVICE_DATA = {"title": "Nieuwe titel", "question": "Waarom?", "target_year": 2027, "target_quarter": 3}

MATRIX: dict = {
    "advice:advice-list": ("get", level(guest=302), None),
    "advice:advice-create": (
        "get",
        level(guest=302, member=403, other=403),
        lambda w: {**ADVICE_DATA, "themes": [w["theme"].pk]},
    ),
    "advice:transparency": ("get", level(), None),
    "advice:transparency-export": ("get", level(), None),
    "advice:advice-detail": ("get", level(), None),
    "advice:advice-edit": ("get", WRITERS, lambda w: {**ADVICE_DATA, "themes": [w["theme"].pk]}),
    "advice:advice-text": ("get", WRITERS, {"summary": "Kort", "body": "Anders", "base_version": 2}),
    "advice:advice-versions": ("get", level(guest=302), None),
    "advice:advice-transition": ("get", WRITERS, {"to": "concept", "note": "Terug"}),
    "advice:working-group": (
        "get",
        level(guest=302, member=403, other=403),
        lambda w: {"action": "invite", "user": w["member"].pk},
    ),
    "advice:working-group-remove": ("post", level(guest=302, member=403, other=403, default=302), {}),
    # In consultation the page sends those allowed back to the advice: follow-up starts at the decision.
    "advice:follow-up-add": (
        "get",
        level(guest=302, member=403, default=302),
        {"date": "2026-01-01", "text": "Gedaan", "done_by": "SURF", "progress": 10, "status": "op_schema"},
    ),
    "advice:follow": ("post", level(default=302), {"following": "1"}),
    "advice:attachment-upload": (
        "post",
        level(guest=302, member=403, default=302),
        lambda w: {"file": SimpleUploadedFile("bijlage.pdf", b"%PDF-1.4")},
    ),
    "advice:attachment": ("get", level(guest=302), None),
    "advice:attachment-delete": ("get", WRITERS, {}),
}


def extend_world(*, users: dict, kwargs: dict, objects: dict) -> None:
    """Create the objects the advice rows need and add their URL kwargs and form data objects."""
    advice = make_advice(
        actor=users["steering"], lead=users["other"], status=Status.CONSULTATION, themes=[objects["theme"]]
    )
    attachment = attachment_add(
        actor=users["other"], advice=advice, upload=SimpleUploadedFile("notitie.pdf", b"%PDF-1.4")
    )
    # An attachment from before the document library: its old address leads to the version it became.
    attachment.versions.update(legacy="advice.attachment:42")
    for name in MATRIX:
        if name.startswith("advice:advice-") and name not in ("advice:advice-list", "advice:advice-create"):
            kwargs[name] = {"pk": advice.pk}
    kwargs |= {
        "advice:transparency-export": {"fmt": "csv"},
        "advice:working-group": {"pk": advice.pk},
        "advice:working-group-remove": {"pk": advice.pk, "user": users["other"].pk},
        "advice:follow-up-add": {"pk": advice.pk},
        "advice:follow": {"pk": advice.pk},
        "advice:attachment-upload": {"pk": advice.pk},
        "advice:attachment": {"pk": 42},
        "advice:attachment-delete": {"pk": attachment.pk},
    }
    objects["advice"] = advice
