"""Reads for documents. Who may see a document is decided here, in one place, for the pages and the API.

A public document is for everyone, a members-only one for members; a document that belongs to a meeting's agenda
item or an advice is, on top of that, only for whoever may see the documents of that object: the rule its app
registered (registry.py).
"""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Prefetch, Q, QuerySet

from koers.accounts.models import User
from koers.members.rules import is_member

from . import registry
from .models import Document, DocumentVersion


def _of_label(label: str) -> Q:
    """Documents of objects of the model ``label``, by a join: no content type is looked up first, so a page
    makes the same queries whether the content type cache is warm or not."""
    app_label, model = label.split(".")
    return Q(content_type__app_label=app_label, content_type__model=model)


def _of_model(model: type[Model] | Model) -> Q:
    return _of_label(model._meta.label_lower)


def _audience(user: User | AnonymousUser) -> Q:
    return Q() if is_member(user) else Q(audience=Document.Audience.PUBLIC)


def _belongs(user: User | AnonymousUser) -> Q:
    """Library documents, and those of objects whose documents ``user`` may see (one subquery per owner kind)."""
    allowed = Q(content_type__isnull=True)
    for owner in registry.owners():
        objects = owner.visible_objects(user).values("pk")
        allowed |= _of_label(owner.label) & Q(object_id__in=objects)
    return allowed


def documents_visible_to(user: User | AnonymousUser) -> QuerySet[Document]:
    """Every document ``user`` may see, newest change first."""
    return Document.objects.filter(_audience(user) & _belongs(user))


def visible_ids(user: User | AnonymousUser, ids: Iterable[int]) -> set[int]:
    """Which of the documents ``ids`` ``user`` may see, in one query (for search and the activity feed)."""
    return set(documents_visible_to(user).filter(pk__in=list(ids)).values_list("pk", flat=True))


def document_visible(user: User | AnonymousUser, document: Document) -> bool:
    """Whether ``user`` may see ``document`` and download its versions."""
    if document.audience != Document.Audience.PUBLIC and not is_member(user):
        return False
    if document.content_type_id is None:
        return True
    content_type = ContentType.objects.get_for_id(document.content_type_id)
    owner = registry.owner(f"{content_type.app_label}.{content_type.model}")
    if owner is None:
        return False
    return owner.visible_objects(user).filter(pk=document.object_id).exists()


def with_versions(documents: QuerySet[Document]) -> QuerySet[Document]:
    """Documents with their themes and versions (newest first), in three queries."""
    return documents.select_related("owner", "content_type").prefetch_related(
        "themes", Prefetch("versions", queryset=DocumentVersion.objects.select_related("uploaded_by"))
    )


def library(*, user: User | AnonymousUser, theme: Any = None, kind: str = "", query: str = "") -> QuerySet[Document]:
    """The library's list: what ``user`` may see, filtered by a theme, a kind of owner ("geen": library
    documents) and words in the title."""
    documents = documents_visible_to(user)
    if theme is not None:
        documents = documents.filter(themes=theme)
    if kind == "geen":
        documents = documents.filter(content_type__isnull=True)
    elif kind and (owner := registry.owner_of_kind(kind)) is not None:
        documents = documents.filter(_of_label(owner.label))
    for word in query.split():
        documents = documents.filter(title__icontains=word)
    return with_versions(documents)


def current_version(document: Document) -> DocumentVersion | None:
    """The newest version: what a download gives (read from the prefetched versions when there are any)."""
    versions = list(document.versions.all())
    return max(versions, key=lambda v: v.number, default=None)


def documents_of(*, target: Model, user: User | AnonymousUser) -> list[Document]:
    """The documents of a meeting's agenda item or an advice that ``user`` may see, oldest first."""
    documents = documents_visible_to(user).filter(_of_model(target), object_id=target.pk)
    return list(with_versions(documents).order_by("created_at", "id"))


def files_of(*, target: Model, user: User | AnonymousUser) -> list[DocumentVersion]:
    """The newest file of each document of ``target`` that ``user`` may see, oldest document first, in two
    queries."""
    documents = documents_visible_to(user).filter(_of_model(target), object_id=target.pk)
    documents = documents.prefetch_related("versions").order_by("created_at", "id")
    return [version for version in map(current_version, documents) if version is not None]


def documents_of_many(*, targets: list[Model], user: User | AnonymousUser) -> dict[int, list[Document]]:
    """{object id: its documents ``user`` may see} with their versions, for objects of one model (an agenda),
    in two queries."""
    if not targets:
        return {}
    documents = documents_visible_to(user).filter(
        _of_model(targets[0]), object_id__in=[target.pk for target in targets]
    )
    found: dict[int, list[Document]] = {target.pk: [] for target in targets}
    # An agenda shows each document's newest file: the versions, not the themes or the uploader.
    for document in documents.prefetch_related("versions").order_by("created_at", "id"):
        found[document.object_id or 0].append(document)
    return found


def target_of(document: Document) -> Model | None:
    """What the document belongs to; None for a library document or an object that is gone."""
    if document.content_type_id is None:
        return None
    content_type = ContentType.objects.get_for_id(document.content_type_id)
    target: Model | None = content_type.model_class()._default_manager.filter(pk=document.object_id).first()  # type: ignore[union-attr]
    return target


def owner_kind_name(document: Document) -> str:
    if document.content_type_id is None:
        return ""
    content_type = ContentType.objects.get_for_id(document.content_type_id)
    owner = registry.owner(f"{content_type.app_label}.{content_type.model}")
    return str(owner.name) if owner else ""


def version_by_legacy(legacy: str) -> DocumentVersion | None:
    """The version that was the attachment ``legacy`` ("meetings.attachment:12")."""
    return DocumentVersion.objects.select_related("document").filter(legacy=legacy).first()
