from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, QuerySet

from .models import Comment


def with_replies() -> QuerySet:
    """Comments with their authors and their replies (prefetched), oldest first."""
    replies = Comment.objects.select_related("author", "author__institution").order_by("created_at", "id")
    return (
        Comment.objects.select_related("author", "author__institution")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("created_at", "id")
    )


def thread(*, target) -> QuerySet:
    """The comments on an object (not the replies, which come with them)."""
    content_type = ContentType.objects.get_for_model(target)
    return with_replies().filter(content_type=content_type, object_id=target.pk, parent=None)


def comments_for(*, target) -> list[Comment]:
    """The comments on an object with their replies, in two queries (plus the content type, cached)."""
    return list(thread(target=target))


def comment_count(comments: list[Comment]) -> int:
    return sum(1 + len(comment.replies.all()) for comment in comments)


def thread_context(*, target, user) -> dict:
    """What the comments section of a page needs (templates include comments/thread.html with it)."""
    comments = comments_for(target=target)
    return {
        "target": target,
        "comments": comments,
        "comment_count": comment_count(comments),
        "content_type_id": ContentType.objects.get_for_model(target).pk,
        "can_comment": user.is_authenticated and target.comments_open_for(user),
        "can_hide": user.has_perm("comments.hide_comment"),
    }


def comments_visible(*, target, user) -> bool:
    """Whether the page of ``target`` shows its comments to ``user``; the API answers the same.

    A meeting's comments are under its published report, for whoever may read that report (everyone when it
    is public). An advice's comments are written in the network's consultation: members who may read its
    text see them, guests never, also once the text is public.
    """
    label = target._meta.label_lower
    if label == "meetings.meeting":
        return target.report_is_published and (target.report_is_public or user.has_perm("meetings.view_meeting"))
    if label == "advice.advice":
        return user.is_authenticated and user.has_perm("advice.read_text", target)
    return False
