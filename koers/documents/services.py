"""Every change to documents: upload, new version, edit, delete. The upload checks are the ones meeting and
advice attachments always had (koers.core.uploads): type by extension and first bytes, at most 20 MB."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, Model

from koers.accounts.models import User
from koers.activity.kinds import Kind
from koers.activity.models import Audience
from koers.activity.services import activity_withdraw, record_activity
from koers.core.audit import audit_record
from koers.core.uploads import delete_stored, store_upload
from koers.themes.models import Theme

from .audit import DocumentAction
from .models import Document, DocumentVersion


def document_create(
    *,
    actor: User,
    title: str,
    upload: UploadedFile,
    description: str = "",
    audience: str = Document.Audience.MEMBERS,
    themes: Iterable[Theme] = (),
    target: Model | None = None,
    note: str = "",
) -> Document:
    """A new document with its first version; refused (ValidationError, nothing stored) when the file is."""
    with transaction.atomic():
        document = Document.objects.create(
            title=title,
            description=description,
            audience=audience,
            owner=actor,
            content_type=ContentType.objects.get_for_model(target) if target is not None else None,
            object_id=target.pk if target is not None else None,
        )
        document.themes.set(list(themes))
        version = store_upload(DocumentVersion(document=document, number=1, note=note), upload, actor=actor)
        audit_record(actor=actor, action=DocumentAction.DOCUMENT_UPLOADED, target=document, data={"file": version.name})
        # In the feed: a public library document for everyone, any other for whoever the documents rule lets in.
        public = document.audience == Document.Audience.PUBLIC and target is None
        record_activity(
            kind=Kind.DOCUMENT_ADDED,
            target=document,
            audience=Audience.PUBLIC if public else Audience.RESTRICTED,
            themes=document.themes.all(),
            actor=actor,
        )
    return document


def version_add(*, actor: User, document: Document, upload: UploadedFile, note: str = "") -> DocumentVersion:
    """A new version, the one a download gives from now on; the older ones stay."""
    with transaction.atomic():
        Document.objects.select_for_update().filter(pk=document.pk).first()
        number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = store_upload(DocumentVersion(document=document, number=number, note=note), upload, actor=actor)
        document.save(update_fields=["updated_at"])
        audit_record(
            actor=actor,
            action=DocumentAction.VERSION_UPLOADED,
            target=document,
            data={"version": number, "file": version.name},
        )
    return version


def document_update(
    *, actor: User, document: Document, title: str, description: str, audience: str, themes: Iterable[Theme]
) -> Document:
    with transaction.atomic():
        document.title, document.description, document.audience = title, description, audience
        document.save()
        document.themes.set(list(themes))
        audit_record(actor=actor, action=DocumentAction.DOCUMENT_CHANGED, target=document)
    return document


def document_delete(*, actor: User | None, document: Document) -> None:
    """Delete the document with every version; the files go once the transaction commits."""
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=DocumentAction.DOCUMENT_DELETED,
            target=document,
            data={"files": [v.name for v in document.versions.all()]},
        )
        for version in document.versions.all():
            delete_stored(version)
        activity_withdraw(kind=Kind.DOCUMENT_ADDED, target=document)
        document.delete()


def documents_delete_for(*, actor: User | None, target: Model) -> None:
    """Delete the documents of an object that goes (an agenda item), with their files once committed."""
    content_type = ContentType.objects.get_for_model(target)
    for document in Document.objects.filter(content_type=content_type, object_id=target.pk):
        document_delete(actor=actor, document=document)
