from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.accounts.http import AuthenticatedHttpRequest
from koers.core.access import requires

from . import selectors, services
from .forms import CommentForm, HideForm
from .models import Comment
from .registry import comment_url, comments_url, open_for


def _target(content_type_id: int, object_id: int) -> Model:
    content_type = get_object_or_404(ContentType, pk=content_type_id)
    target = selectors.comment_target(label=f"{content_type.app_label}.{content_type.model}", object_id=object_id)
    if target is None:
        raise Http404
    return target


def _back(target: Model, comment: Comment | None = None) -> HttpResponse:
    return redirect(comment_url(target, comment.pk) if comment else f"{comments_url(target)}#comments")


@require_POST
@requires("comments.add_comment")
def comment_add(request: AuthenticatedHttpRequest, content_type_id: int, object_id: int) -> HttpResponse:
    target = _target(content_type_id, object_id)
    if not open_for(target, request.user):
        raise PermissionDenied
    parent = None
    if request.POST.get("parent"):
        if not request.POST["parent"].isdigit():
            messages.error(request, services.MSG_REPLY_LEVEL)
            return _back(target)
        parent = get_object_or_404(Comment, pk=request.POST["parent"])
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, services.MSG_EMPTY)
        return _back(target, parent)
    try:
        comment = services.comment_add(
            target=target, author=request.user, body=form.cleaned_data["body"], parent=parent
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(target, parent)
    messages.success(request, _("Je reactie is geplaatst."))
    return _back(target, comment)


@requires("comments.add_comment")
def comment_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment, pk=pk)
    target = _target(comment.content_type_id, comment.object_id)
    if comment.author_id != request.user.pk or comment.hidden_at or not open_for(target, request.user):
        raise PermissionDenied
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        services.comment_edit(comment=comment, author=request.user, body=form.cleaned_data["body"])
        messages.success(request, _("Je reactie is gewijzigd."))
        return _back(target, comment)
    context = {"form": form, "comment": comment, "cancel_url": comment_url(target, comment.pk)}
    return render(request, "comments/comment_form.html", context, status=400 if form.errors else 200)


@requires("comments.add_comment")
def comment_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment, pk=pk)
    if comment.author_id != request.user.pk or comment.hidden_at:
        raise PermissionDenied
    target = _target(comment.content_type_id, comment.object_id)
    if request.method == "POST":
        services.comment_delete(comment=comment, author=request.user)
        messages.success(request, _("Je reactie is verwijderd."))
        return _back(target)
    context = {
        "title": _("Reactie verwijderen"),
        "question": _("Weet je zeker dat je je reactie wilt verwijderen?"),
        "confirm": _("Ja, verwijder mijn reactie"),
        "cancel_url": comment_url(target, comment.pk),
    }
    return render(request, "core/confirm_delete.html", context)


@require_POST
@requires("comments.hide_comment")
def comment_hide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment, pk=pk)
    target = _target(comment.content_type_id, comment.object_id)
    form = HideForm(request.POST)
    form.is_valid()
    services.comment_hide(comment=comment, actor=request.user, reason=form.cleaned_data.get("reason", ""))
    messages.success(request, _("De reactie is verborgen."))
    return _back(target, comment)
