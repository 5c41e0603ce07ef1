"""Which models carry comments, and who reads the thread on one of their objects.

Comments sit below the apps whose objects carry them (meetings, advice): each of those apps registers its model
here from its AppConfig.ready(), with the rule of who reads a thread, so that comments never imports them.
"""

from collections.abc import Callable, KeysView
from typing import Any, Protocol, TypeVar, runtime_checkable

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model

from koers.accounts.models import User

M = TypeVar("M", bound=Model)


@runtime_checkable
class Commentable(Protocol):
    """What a model that carries comments answers itself: who may comment now, and the page of the thread."""

    def comments_open_for(self, user: User | AnonymousUser) -> bool: ...

    def get_comments_url(self) -> str: ...


# Who reads the thread on an object: called only with an object of the model it was registered for.
Visible = Callable[[Any, User | AnonymousUser], bool]

_visible: dict[str, Visible] = {}
# The labels ("advice.advice") of the models that carry comments: a live view, complete once the apps are ready.
COMMENTABLE: KeysView[str] = _visible.keys()


def register_commentable(model: type[M], *, visible: Callable[[M, User | AnonymousUser], bool]) -> None:
    """Let the objects of ``model`` carry comments, read by whom ``visible(target, user)`` allows.

    A model registers once: a second registration would silently replace the first's rule. It answers the
    rest itself (``Commentable``)."""
    label = model._meta.label_lower
    if label in _visible:
        raise ValueError(f"{label} already carries comments")
    if not issubclass(model, Commentable):
        raise TypeError(f"{label} does not say who may comment on it (comments_open_for, get_comments_url)")
    _visible[label] = visible


def visibility_rule(label: str) -> Visible | None:
    """Who reads a thread on an object of the model ``label``; None when that model carries no comments."""
    return _visible.get(label)


def open_for(target: Model, user: User | AnonymousUser) -> bool:
    """Whether ``user`` may comment on ``target`` now; never on an object of a model without comments."""
    return isinstance(target, Commentable) and target.comments_open_for(user)


def comments_url(target: Model) -> str:
    """The page that shows the thread on ``target``."""
    if not isinstance(target, Commentable):
        raise TypeError(f"{target._meta.label_lower} carries no comments")
    return target.get_comments_url()


# The parameter of a link to one comment (see comment_url).
COMMENT_PARAM = "reactie"


def comment_url(target: Model, comment_id: int) -> str:
    """The address of one comment or reply: the page of the thread that holds it, scrolled to it (the thread's
    page finds which page of comments that is, see selectors.thread_context)."""
    return f"{comments_url(target)}?{COMMENT_PARAM}={comment_id}#comment-{comment_id}"
