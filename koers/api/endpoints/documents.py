"""The document library: what the caller may see (the same selector as the pages), with the download address
of each document's newest version."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, serializers

from koers.documents import selectors
from koers.documents.forms import LibraryFilterForm
from koers.documents.models import Document, DocumentVersion

from ..base import KoersViewSet
from ..permissions import PUBLIC


class DocumentVersionOut(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text=_("Downloadadres van deze versie."))

    class Meta:
        model = DocumentVersion
        fields = ["number", "name", "size", "content_type", "uploaded_at", "note", "url"]

    def get_url(self, version: DocumentVersion) -> str:
        return self.context["request"].build_absolute_uri(version.get_absolute_url())


class DocumentOut(serializers.ModelSerializer):
    themes = serializers.SlugRelatedField[Any](slug_field="slug", many=True, read_only=True)
    audience = serializers.ChoiceField(choices=Document.Audience.choices, read_only=True)
    belongs_to = serializers.SerializerMethodField(
        help_text=_("Waar het document bij hoort: bijeenkomst (een agendapunt) of advies; null voor een los document.")
    )
    belongs_to_id = serializers.IntegerField(source="object_id", allow_null=True, read_only=True)
    current = serializers.SerializerMethodField(help_text=_("De nieuwste versie: wat een download geeft."))
    url = serializers.SerializerMethodField(help_text=_("De pagina van het document op de site."))

    class Meta:
        model = Document
        fields = [
            "id",
            "title",
            "description",
            "themes",
            "audience",
            "belongs_to",
            "belongs_to_id",
            "created_at",
            "updated_at",
            "current",
            "url",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=["bijeenkomst", "advies"], allow_null=True))
    def get_belongs_to(self, document: Document) -> str | None:
        if document.content_type is None:
            return None
        return "advies" if document.content_type.model == "advice" else "bijeenkomst"

    @extend_schema_field(DocumentVersionOut(allow_null=True))
    def get_current(self, document: Document) -> dict[str, Any] | None:
        version = selectors.current_version(document)
        return DocumentVersionOut(version, context=self.context).data if version is not None else None

    def get_url(self, document: Document) -> str:
        return self.context["request"].build_absolute_uri(document.get_absolute_url())


class DocumentViewSet(mixins.ListModelMixin, KoersViewSet):
    """The documents the caller may see, newest change first: public ones for everyone, members-only ones for
    members, and those of a meeting or advice for whoever may see that meeting or advice (as on the site)."""

    perms = {"GET": PUBLIC}
    serializer_class = DocumentOut
    filter_form = LibraryFilterForm

    def get_queryset(self) -> QuerySet[Document]:
        filters = self.filters()
        return selectors.library(
            user=self.request.user,
            theme=filters.get("theme"),
            kind=filters.get("kind", ""),
            query=filters.get("q", ""),
        )


ROUTES = [("documents", DocumentViewSet, "document")]
