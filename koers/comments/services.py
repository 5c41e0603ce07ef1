"""Comments on any object that says who may comment on it (`comments_open_for(user)`)."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import User
from koers.notifications.services import notify

from . import notices
from .models import Comment
from .registry import comment_url, open_for

MSG_EMPTY = _("Schrijf eerst een reactie.")
MSG_REPLY_LEVEL = _("Je kunt alleen op een reactie zelf antwoorden, niet op een antwoord.")
MSG_NOT_YOURS = _("Je kunt alleen je eigen reacties wijzigen of verwijderen.")
MSG_CLOSED = _("Reageren kan hier niet.")
MSG_HIDDEN = _("Op een verborgen reactie kun je niet antwoorden.")


def _targets_of(comment: Comment) -> models.Model:
    return comment.content_type.get_object_for_this_type(pk=comment.object_id)


def comment_add(*, target: models.Model, author: User, body: str, parent: Comment | None = None) -> Comment:
    """Add a comment or a reply; repliers in the thread and the author of the target hear of a reply."""
    body = body.strip()
    if not body:
        raise ValidationError(MSG_EMPTY)
    if not open_for(target, author):
        raise PermissionDenied(MSG_CLOSED)
    content_type = ContentType.objects.get_for_model(target)
    if parent is not None and (
        parent.parent_id is not None or parent.content_type_id != content_type.pk or parent.object_id != target.pk
    ):
        raise ValidationError(MSG_REPLY_LEVEL)
    if parent is not None and parent.hidden_at is not None:
        raise ValidationError(MSG_HIDDEN)
    with transaction.atomic():
        comment = Comment.objects.create(
            content_type=content_type, object_id=target.pk, parent=parent, author=author, body=body
        )
        if parent is not None:
            _tell_about_reply(comment, parent, target)
    return comment


def _tell_about_reply(comment: Comment, parent: Comment, target: models.Model) -> None:
    thread = [parent.author, *(reply.author for reply in parent.replies.select_related("author"))]
    owner = getattr(target, "comments_owner", None)
    people = {person.pk: person for person in [*thread, owner] if person is not None}
    people.pop(comment.author_id, None)  # not to the one who wrote it
    notify(
        recipients=people.values(),
        notice=notices.REPLY,
        params={"title": str(target), "text": comment.body[:500]},
        url=comment_url(target, comment.pk),
    )


def comment_edit(*, comment: Comment, author: User, body: str) -> Comment:
    if comment.author_id != author.pk or comment.hidden_at:
        raise PermissionDenied(MSG_NOT_YOURS)
    if not open_for(_targets_of(comment), author):
        raise PermissionDenied(MSG_CLOSED)
    body = body.strip()
    if not body:
        raise ValidationError(MSG_EMPTY)
    comment.body, comment.edited_at = body, timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    return comment


def comment_delete(*, comment: Comment, author: User) -> None:
    """Delete one's own comment. With replies it keeps its place, emptied, so the replies still make sense."""
    if comment.author_id != author.pk or comment.hidden_at:  # a hidden comment stays, as the moderation record
        raise PermissionDenied(MSG_NOT_YOURS)
    if comment.replies.exists():
        comment.body, comment.author, comment.edited_at = "", None, timezone.now()
        comment.save(update_fields=["body", "author", "edited_at"])
    else:
        comment.delete()


def comment_hide(*, comment: Comment, actor: User, reason: str) -> Comment:
    """The steering group hides an abusive comment; it keeps its place with a note."""
    comment.hidden_at, comment.hidden_by, comment.hidden_reason = timezone.now(), actor, reason.strip()[:200]
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    return comment
