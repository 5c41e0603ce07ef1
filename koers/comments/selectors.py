from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch

from .models import Comment


def comments_for(*, target) -> list[Comment]:
    """The comments on an object with their replies, in two queries (plus the content type, cached)."""
    content_type = ContentType.objects.get_for_model(target)
    replies = Comment.objects.select_related("author", "author__institution").order_by("created_at", "id")
    return list(
        Comment.objects.filter(content_type=content_type, object_id=target.pk, parent=None)
        .select_related("author", "author__institution")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("created_at", "id")
    )


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
