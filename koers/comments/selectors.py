from collections.abc import Iterable
from dataclasses import dataclass
from typing import NotRequired, TypedDict

from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page, Paginator
from django.db.models import Count, Model, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils.functional import cached_property

from koers.accounts.models import User
from koers.core import derived

from . import registry
from .models import Comment

# The models whose pages carry comments: the apps that own them register them (koers.comments.registry).
COMMENTABLE = registry.COMMENTABLE

# A page shows this many comments (each with its replies), oldest first; a link to a comment (``?reactie=``, see
# registry.comment_url) opens the page that holds it, another page is asked for with ``?reacties=``.
COMMENTS_PER_PAGE = 25
PAGE_PARAM = "reacties"
COMMENT_PARAM = registry.COMMENT_PARAM


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
    """Comments with their authors and their replies (prefetched), oldest first.

    The replies' authors are read by their ids in a query of their own: joined to the replies, PostgreSQL read
    every member to hash them (3.5 of the 4 ms the replies took, at national scale)."""
    authors = Prefetch("author", queryset=User.objects.select_related("institution"))
    replies = Comment.objects.prefetch_related(authors).order_by("created_at", "id")
    return (
        Comment.objects.select_related("author", "author__institution")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("created_at", "id")
    )


def thread(*, target: Model) -> QuerySet[Comment]:
    """The comments on an object (not the replies, which come with them)."""
    content_type = ContentType.objects.get_for_model(target)
    return with_replies().filter(content_type=content_type, object_id=target.pk, parent=None)


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
    thread: NotRequired["Thread"]
    content_type_id: NotRequired[int]
    can_comment: NotRequired[bool]
    can_hide: NotRequired[bool]


def thread_page_of(*, target: Model, comment_id: int) -> int | None:
    """The page of ``target``'s thread that holds this comment or reply; None when it is not on that thread."""
    content_type = ContentType.objects.get_for_model(target)
    on_target = Comment.objects.filter(content_type=content_type, object_id=target.pk)
    # The comment that opens its thread (the comment itself, or the one a reply answers) and when it was written.
    first = (
        on_target.filter(pk=comment_id)
        .values_list(Coalesce("parent_id", "pk"), Coalesce("parent__created_at", "created_at"))
        .first()
    )
    if first is None:
        return None
    first_id, written = first
    before = on_target.filter(parent=None).filter(Q(created_at__lt=written) | Q(created_at=written, pk__lt=first_id))
    return before.count() // COMMENTS_PER_PAGE + 1


class _Pages(Paginator[Comment]):
    """A thread's pages, of comments counted beforehand (with the count of all comments, in one query)."""

    def __init__(self, comments: QuerySet[Comment], per_page: int, count: int):
        super().__init__(comments, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


def thread_params(request: HttpRequest) -> dict[str, str | None]:
    """The page of comments a request asks for (``page`` and ``comment`` of thread_context)."""
    return {"page": request.GET.get(PAGE_PARAM), "comment": request.GET.get(COMMENT_PARAM)}


class Thread:
    """One page of a thread: its comments with their replies (each with ``shown``), the page and the number of
    comments, replies included. Read from the database when first asked for: a page that finds its thread kept
    in the shared cache (comments/thread.html) asks for none of it."""

    def __init__(self, *, target: Model, content_type: ContentType, page: str | None, comment: str | None):
        self.target = target
        self.content_type = content_type
        self.number = page
        self.comment = comment

    @cached_property
    def _read(self) -> tuple[int, Page[Comment], list[Comment]]:
        number: int | str | None = self.number
        if not number and self.comment and self.comment.isdigit():
            number = thread_page_of(target=self.target, comment_id=int(self.comment))
        # How many comments there are with their replies, and without them (the pages), in one query.
        counts = Comment.objects.filter(content_type=self.content_type, object_id=self.target.pk).aggregate(
            all=Count("pk"), threads=Count("pk", filter=Q(parent=None))
        )
        page = _Pages(thread(target=self.target), COMMENTS_PER_PAGE, counts["threads"]).get_page(number)
        comments = list(page.object_list)
        for shown in comments:
            shown.shown = comment_shown(shown)
            for reply in shown.replies.all():
                reply.shown = comment_shown(reply)
        return counts["all"], page, comments

    @property
    def count(self) -> int:
        return self._read[0]

    @property
    def page(self) -> Page[Comment]:
        return self._read[1]

    @property
    def comments(self) -> list[Comment]:
        return self._read[2]


def thread_query(request: HttpRequest) -> object:
    """The request's query string as part of a kept thread's key (``derived.query_key``): only a page number. A
    link to a comment (``?reactie=``) is worked out for its visitor alone (``UNKEPT``), as is anything else:
    comment ids are many, and each would be another kept copy of the same page."""
    return derived.query_key(request, page_params=(PAGE_PARAM,))


def thread_context(
    *, target: Model, user: User | AnonymousUser, page: str | None = None, comment: str | None = None
) -> ThreadContext:
    """What the comments section of a page needs (templates include comments/thread.html when
    ``show_comments``): nothing but that flag for someone who may not read the thread.

    One page of comments (``thread``): ``page`` (the first when it is wrong), or without it the page that holds
    ``comment`` (a comment's id, as a link to it gives), or the first."""
    if not comments_visible(target=target, user=user):
        return {"show_comments": False}
    content_type = ContentType.objects.get_for_model(target)
    return {
        "show_comments": True,
        "target": target,
        "thread": Thread(target=target, content_type=content_type, page=page, comment=comment),
        "content_type_id": content_type.pk,
        "can_comment": user.is_authenticated and registry.open_for(target, user),
        "can_hide": user.has_perm("comments.hide_comment"),
    }


def written_by(*, user: User | AnonymousUser, comment_ids: Iterable[int]) -> set[int]:
    """Which of these comments ``user`` wrote (and so may change)."""
    if not isinstance(user, User):
        return set()
    return set(Comment.objects.filter(pk__in=list(comment_ids), author=user).values_list("pk", flat=True))


def comments_visible(*, target: Model, user: User | AnonymousUser) -> bool:
    """Whether the page of ``target`` shows its comments to ``user``; the API answers the same.

    The app that owns the model says who reads its threads (in its AppConfig.ready()); an object of any other
    model carries no comments.
    """
    visible = registry.visibility_rule(target._meta.label_lower)
    return visible is not None and visible(target, user)
