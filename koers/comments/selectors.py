from dataclasses import dataclass
from typing import NotRequired, TypedDict

from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Prefetch, QuerySet

from koers.accounts.models import User

from . import registry
from .models import Comment

# The models whose pages carry comments: the apps that own them register them (koers.comments.registry).
COMMENTABLE = registry.COMMENTABLE


def comment_target(*, label: str, object_id: int) -> Model | None:
    """The object a thread is on, named by its model's label ("advice.advice"); None for a model that carries
    no comments or an object that no longer exists."""
    if label not in COMMENTABLE:
        return None
    # The stubs type a model's default manager over Any: the objects it finds are of that model.
    target: Model | None = apps.get_model(label)._default_manager.filter(pk=object_id).first()
    return target


def comment_target_of(comment: Comment) -> Model | None:
    """The meeting or advice a comment is on; None once it has been deleted."""
    content_type = ContentType.objects.get_for_id(comment.content_type_id)
    return comment_target(label=f"{content_type.app_label}.{content_type.model}", object_id=comment.object_id)


def with_replies() -> QuerySet[Comment]:
    """Comments with their authors and their replies (prefetched), oldest first."""
    replies = Comment.objects.select_related("author", "author__institution").order_by("created_at", "id")
    return (
        Comment.objects.select_related("author", "author__institution")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("created_at", "id")
    )


def thread(*, target: Model) -> QuerySet[Comment]:
    """The comments on an object (not the replies, which come with them)."""
    content_type = ContentType.objects.get_for_model(target)
    return with_replies().filter(content_type=content_type, object_id=target.pk, parent=None)


def comments_for(*, target: Model) -> list[Comment]:
    """The comments on an object with their replies, in two queries (plus the content type, cached)."""
    return list(thread(target=target))


def comment_count(comments: list[Comment]) -> int:
    return sum(1 + len(comment.replies.all()) for comment in comments)


@dataclass(frozen=True)
class ShownComment:
    """A comment as a thread shows it: a hidden one keeps its place with the steering group's reason, a deleted
    one (emptied because it has replies, its author gone) its place with neither text nor name."""

    hidden: bool
    deleted: bool
    body: str  # empty when hidden or deleted
    hidden_reason: str  # empty unless hidden


def comment_shown(comment: Comment) -> ShownComment:
    hidden = comment.hidden_at is not None
    return ShownComment(
        hidden=hidden,
        deleted=not hidden and not comment.body,
        body="" if hidden else comment.body,
        hidden_reason=comment.hidden_reason if hidden else "",
    )


class ThreadContext(TypedDict):
    """The comments section's part of a page's context; only the flag when the thread is not shown."""

    show_comments: bool
    target: NotRequired[Model]
    comments: NotRequired[list[Comment]]
    comment_count: NotRequired[int]
    content_type_id: NotRequired[int]
    can_comment: NotRequired[bool]
    can_hide: NotRequired[bool]


def thread_context(*, target: Model, user: User | AnonymousUser) -> ThreadContext:
    """What the comments section of a page needs (templates include comments/thread.html when
    ``show_comments``): nothing but that flag for someone who may not read the thread."""
    if not comments_visible(target=target, user=user):
        return {"show_comments": False}
    comments = comments_for(target=target)
    for comment in comments:
        comment.shown = comment_shown(comment)
        for reply in comment.replies.all():
            reply.shown = comment_shown(reply)
    return {
        "show_comments": True,
        "target": target,
        "comments": comments,
        "comment_count": comment_count(comments),
        "content_type_id": ContentType.objects.get_for_model(target).pk,
        "can_comment": user.is_authenticated and registry.open_for(target, user),
        "can_hide": user.has_perm("comments.hide_comment"),
    }


def comments_visible(*, target: Model, user: User | AnonymousUser) -> bool:
    """Whether the page of ``target`` shows its comments to ``user``; the API answers the same.

    The app that owns the model says who reads its threads (in its AppConfig.ready()); an object of any other
    model carries no comments.
    """
    visible = registry.visibility_rule(target._meta.label_lower)
    return visible is not None and visible(target, user)
