"""Comments on a meeting's report and on an advice in consultation, one level of replies, through
koers.comments.services: members write and change their own, the steering group hides abuse. Each thread is
shown to whom its page shows it."""

from typing import Any

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response

from koers.comments import selectors, services
from koers.comments.forms import CommentForm, HideForm
from koers.comments.models import Comment

from ..base import KoersViewSet
from ..permissions import PUBLIC
from ..serializers import StrictInput, service_reasons

# "meeting" -> "meetings.meeting", "advice" -> "advice.advice": the models whose pages carry comments.
TARGETS = {label.split(".")[1]: label for label in sorted(selectors.COMMENTABLE)}
MAX_ID = 2**63 - 1


def _max_length(form: type[forms.Form], name: str) -> int:
    """The limit of the page's text field, so that the API refuses what the page refuses."""
    field = form.base_fields[name]
    assert isinstance(field, forms.CharField) and field.max_length is not None, f"{form.__name__}.{name} has no limit"
    return field.max_length


MAX_BODY = _max_length(CommentForm, "body")
MAX_REASON = _max_length(HideForm, "reason")

MSG_NO_TARGET = _("Er is geen bijeenkomst of advies met dit nummer.")
TARGET_HELP = _("Waarop de reactie staat: meeting (het verslag van een bijeenkomst) of advice (een advies).")
TARGET_ID_HELP = _("Het nummer van de bijeenkomst of het advies.")


def _target(kind: str, pk: int) -> Model | None:
    return selectors.comment_target(label=TARGETS[kind], object_id=pk)


def _target_of(comment: Comment) -> Model:
    """The meeting or advice a comment is on; one deleted since is a 404, as on the pages."""
    target = selectors.comment_target_of(comment)
    if target is None:
        raise exceptions.NotFound()
    return target


class CommentFilterForm(forms.Form):
    target = forms.ChoiceField(label=TARGET_HELP, choices=[(name, name) for name in TARGETS])
    target_id = forms.IntegerField(label=TARGET_ID_HELP, min_value=1, max_value=MAX_ID)


class CommentAuthorOut(serializers.Serializer):
    name = serializers.CharField(source="full_name")
    institution = serializers.CharField(source="institution.name", allow_null=True)


class CommentReplyOut(serializers.ModelSerializer):
    """A comment as the page shows it: a hidden one keeps its place with the reason, a deleted one its place."""

    target = serializers.SerializerMethodField()
    target_id = serializers.IntegerField(source="object_id")
    author = serializers.SerializerMethodField(help_text=_("Null als de reactie is verwijderd."))
    body = serializers.SerializerMethodField(help_text=_("Leeg als de reactie verborgen of verwijderd is."))
    edited_at = serializers.SerializerMethodField()
    hidden = serializers.SerializerMethodField()
    hidden_reason = serializers.SerializerMethodField()
    deleted = serializers.SerializerMethodField()
    mine = serializers.SerializerMethodField(help_text=_("Of jij de reactie schreef (en dus mag wijzigen)."))

    class Meta:
        model = Comment
        fields = [
            "id",
            "target",
            "target_id",
            "parent",
            "author",
            "body",
            "created_at",
            "edited_at",
            "hidden",
            "hidden_reason",
            "deleted",
            "mine",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=sorted(TARGETS)))
    def get_target(self, comment: Comment) -> str:
        return ContentType.objects.get_for_id(comment.content_type_id).model

    @extend_schema_field(CommentAuthorOut(allow_null=True))
    def get_author(self, comment: Comment) -> dict[str, Any] | None:
        # CommentAuthorOut's fields, written out: a serializer per comment cost more than the rest of the comment.
        author = comment.author
        if author is None:
            return None
        return {"name": author.full_name, "institution": author.institution.name if author.institution else None}

    def to_representation(self, comment: Comment) -> dict[str, Any]:
        self._shown = selectors.comment_shown(comment)
        return super().to_representation(comment)

    def get_body(self, comment: Comment) -> str:
        return self._shown.body

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_edited_at(self, comment: Comment) -> str | None:
        if comment.edited_at is None or comment.hidden_at or not comment.body:
            return None
        return serializers.DateTimeField().to_representation(comment.edited_at)

    def get_hidden(self, comment: Comment) -> bool:
        return self._shown.hidden

    def get_hidden_reason(self, comment: Comment) -> str:
        return self._shown.hidden_reason

    def get_deleted(self, comment: Comment) -> bool:
        return self._shown.deleted

    def get_mine(self, comment: Comment) -> bool:
        user = self.context["request"].user
        return user.is_authenticated and comment.author_id == user.pk


class CommentOut(CommentReplyOut):
    replies = serializers.SerializerMethodField(help_text=_("Antwoorden, oudste eerst (alleen bij een reactie zelf)."))

    class Meta(CommentReplyOut.Meta):
        fields = [*CommentReplyOut.Meta.fields, "replies"]

    @extend_schema_field(CommentReplyOut(many=True))
    def get_replies(self, comment: Comment) -> list[dict[str, Any]]:
        if comment.parent_id is not None:
            return []
        # One serializer for the replies of every comment on the page, not a new one (with copies of all its
        # fields) per comment.
        replies = self.__dict__.get("_replies")
        if replies is None:
            replies = self.__dict__["_replies"] = CommentReplyOut(context=self.context)
        return [replies.to_representation(reply) for reply in comment.replies.all()]


class CommentIn(StrictInput):
    target = serializers.ChoiceField(choices=sorted(TARGETS), help_text=TARGET_HELP)
    target_id = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    body = serializers.CharField(max_length=MAX_BODY, error_messages={"blank": services.MSG_EMPTY})
    # A declared field, not an attribute: the serializer's metaclass takes it out of the class, so it does not
    # replace Field.parent (the serializer a field is bound to), which the stubs see it overriding.
    parent = serializers.PrimaryKeyRelatedField(  # type: ignore[assignment]
        queryset=Comment.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Antwoord op deze reactie (op dezelfde bijeenkomst of hetzelfde advies)."),
    )


class CommentEditIn(StrictInput):
    body = serializers.CharField(max_length=MAX_BODY, error_messages={"blank": services.MSG_EMPTY})


class CommentHideIn(StrictInput):
    reason = serializers.CharField(max_length=MAX_REASON, required=False, allow_blank=True, default="")


class CommentViewSet(KoersViewSet):
    """Comments and their replies. Reading follows the page that shows them: a public meeting report's to
    everyone, a members' report's and an advice's to members. Members write (where the page lets them), change
    and delete their own; the steering group hides abuse."""

    perms = {"GET": PUBLIC, "*": "comments.add_comment"}
    serializer_class = CommentOut
    input_serializer_class = {"create": CommentIn, "partial_update": CommentEditIn, "hide": CommentHideIn}
    filter_form = CommentFilterForm

    # A thread is the same for everyone who may read it (checked before it is read) but for which comments are the
    # caller's own (``mine``, set per caller): kept until a comment, its author or their institution changes.
    kept_topics = ("comments", "members", "institutions")
    kept_actions = ("list",)

    def for_reader(self, rows: list[dict]) -> None:
        comments = [*rows, *(reply for row in rows for reply in row["replies"])]
        mine = selectors.written_by(user=self.request.user, comment_ids=[comment["id"] for comment in comments])
        for comment in comments:
            comment["mine"] = comment["id"] in mine

    def get_queryset(self) -> QuerySet[Comment]:
        return selectors.with_replies()

    def _comment(self) -> Comment:
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def _check_visible(self, target: Model) -> None:
        if selectors.comments_visible(target=target, user=self.request.user):
            return
        if not self.request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        raise exceptions.PermissionDenied()

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "target",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                required=True,
                enum=sorted(TARGETS),
                description=str(TARGET_HELP),
            ),
            OpenApiParameter(
                "target_id", OpenApiTypes.INT, OpenApiParameter.QUERY, required=True, description=str(TARGET_ID_HELP)
            ),
        ]
    )
    def list(self, request: Request) -> Response:
        """The thread of one meeting report or advice (target and target_id are required), oldest first."""
        filters = self.filters()
        target = _target(filters["target"], filters["target_id"])
        if target is None:
            raise exceptions.NotFound(MSG_NO_TARGET)
        self._check_visible(target)
        return self.paged(selectors.thread(target=target))

    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        comment = self._comment()
        self._check_visible(_target_of(comment))
        return self.output(comment)

    def create(self, request: Request) -> Response:
        """A comment, or with parent a reply, where the page lets members comment: a published meeting report,
        an advice in consultation."""
        data = self.input()
        target = _target(data["target"], data["target_id"])
        if target is None:
            raise exceptions.ValidationError({"target_id": [MSG_NO_TARGET]})
        with service_reasons():
            comment = services.comment_add(
                target=target, author=self.signed_in_user(), body=data["body"], parent=data.get("parent")
            )
        return self.output(self._get(comment.pk), status_code=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        """Change your own comment, while the thread is open."""
        comment = self._comment()
        _target_of(comment)
        data = self.input()
        with service_reasons():
            services.comment_edit(comment=comment, author=self.signed_in_user(), body=data["body"])
        return self.output(self._get(comment.pk))

    def destroy(self, request: Request, pk: str | None = None) -> Response:
        """Delete your own comment; with replies it keeps its place, emptied."""
        comment = self._comment()
        _target_of(comment)
        with service_reasons():
            services.comment_delete(comment=comment, author=self.signed_in_user())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["post"])
    def hide(self, request: Request, pk: str | None = None) -> Response:
        """Hide an abusive comment (steering group); it keeps its place with the reason."""
        user = self.signed_in_user()
        if not user.has_perm("comments.hide_comment"):
            raise exceptions.PermissionDenied()
        comment = self._comment()
        _target_of(comment)
        services.comment_hide(comment=comment, actor=user, reason=self.input()["reason"])
        return self.output(self._get(comment.pk))

    def _get(self, pk: int) -> Comment:
        return self.get_queryset().get(pk=pk)


ROUTES = [("comments", CommentViewSet, "comment")]
