"""Uploaded files (meeting and advice attachments): size and type limits, and serving them."""

from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _

from .models import StoredFile

if TYPE_CHECKING:  # only the type: core imports no app, and accounts holds the User model
    from koers.accounts.models import User

Stored = TypeVar("Stored", bound=StoredFile)

MSG_FILE_TOO_LARGE = _("Het bestand is groter dan 20 MB.")
MSG_FILE_TYPE = _(
    "Dit soort bestand kan niet. Kies een PDF, PowerPoint, Word, Excel of afbeelding (PNG, JPG, GIF, WebP)."
)

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
# Allowed files, by extension and by the first bytes of their content, so a renamed program is refused too.
ATTACHMENT_TYPES = {
    ".pdf": ("application/pdf", (b"%PDF",)),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", (b"PK\x03\x04",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".gif": ("image/gif", (b"GIF87a", b"GIF89a")),
    ".webp": ("image/webp", (b"RIFF",)),
}


def check_upload(upload) -> str:
    """The content type of an allowed upload, or a ValidationError saying why not."""
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(MSG_FILE_TOO_LARGE)
    name = upload.name.lower()
    extension = name[name.rfind(".") :] if "." in name else ""
    if extension not in ATTACHMENT_TYPES:
        raise ValidationError(MSG_FILE_TYPE)
    content_type, signatures = ATTACHMENT_TYPES[extension]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in signatures):
        raise ValidationError(MSG_FILE_TYPE)
    if extension == ".webp" and head[8:12] != b"WEBP":
        raise ValidationError(MSG_FILE_TYPE)
    return content_type


def _short_name(name: str, limit: int = 200) -> str:
    """A file name within ``limit`` characters that keeps its extension."""
    if len(name) <= limit:
        return name
    stem, dot, extension = name.rpartition(".")
    return f"{stem[: limit - len(extension) - 1]}.{extension}" if dot and len(extension) < 10 else name[:limit]


def store_upload(attachment: Stored, upload: UploadedFile, *, actor: "User") -> Stored:
    """Check ``upload`` and save it as ``attachment`` (an unsaved StoredFile with its owner set). Call inside a
    transaction: a refused upload raises ValidationError and stores nothing."""
    attachment.content_type = check_upload(upload)
    name = upload.name or ""  # for the type checker: check_upload has read the name already
    attachment.name, attachment.size, attachment.uploaded_by = _short_name(name), upload.size or 0, actor
    attachment.file.save(name, upload, save=False)
    attachment.save()
    return attachment


def delete_stored(attachment) -> None:
    """Delete the row now and its file once the transaction commits (a rolled-back delete keeps the file)."""
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))


def file_download(attachment) -> FileResponse:
    """Serve a stored attachment (with ``file``, ``name`` and ``content_type``) as a download."""
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(handle, as_attachment=True, filename=attachment.name, content_type=attachment.content_type)
