"""A comment as a thread shows it, written in Python: a thread page shows 25 comments with their replies, and a
template per comment (an include, a dozen tags and filters) cost about 0.1 ms each, a quarter of an advice's page.

``{% comment_article comment %}`` (``reply=True`` for a reply) writes the article; ``{% reply_form comment %}``
the form that answers it. The markup is the one comments/thread.html had per comment; tests/comments/
test_thread_markup.py holds it to that, in both languages and for every state of a comment.

A page of a thread is the same for every reader with the same rights, and is kept in the shared cache
(``{% cached_until %}`` in comments/thread.html), but for two things: the CSRF token of its forms and the links
"Wijzigen" and "Verwijderen" of the reader's own comments. The tags write a mark in their place
(``koers.core.reader``), and ``{% for_reader %}`` around the kept part puts in the reader's token and links.
"""

from collections.abc import Sequence

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from koers.comments import selectors
from koers.comments.models import Comment
from koers.core import reader
from koers.core.links import url_for
from koers.core.templatetags.dates import date_shown
from koers.core.templatetags.koers import member_link

register = template.Library()


def _meta(context: template.Context, comment: Comment) -> str:
    author = comment.author
    if author is not None:
        who = f"<strong>{conditional_escape(member_link(context, author))}</strong>"
        if author.institution:
            who += f" ({conditional_escape(author.institution.name)})"
    else:
        who = f"<strong>{conditional_escape(gettext('Verwijderde reactie'))}</strong>"
    when = conditional_escape(date_shown(comment.created_at, "j F Y H:i"))
    edited = f" · {conditional_escape(gettext('gewijzigd'))}" if comment.edited_at and comment.body else ""
    return f'  <p class="meta">{who} · {when}{edited}</p>\n'


def _body(context: template.Context, comment: Comment) -> str:
    shown = comment.shown  # set by thread_context
    if shown.hidden:
        reason = ""
        if shown.hidden_reason:
            reason = " " + gettext("Reden: %(reason)s") % {"reason": conditional_escape(shown.hidden_reason)}
        hidden = conditional_escape(gettext("Deze reactie is verborgen door de regiegroep."))
        return f'\n    <p class="hidden-comment"><em>{hidden}{reason}</em></p>\n  '
    if shown.deleted:
        return f"\n    <p><em>{conditional_escape(gettext('Deze reactie is verwijderd.'))}</em></p>\n  "
    own = reader.mark("own", comment.pk, comment.author_id) if comment.author_id else ""
    hide = ""
    if context.get("can_hide"):
        hide = format_html(
            '<form method="post" action="{}" class="inline-form">{}<label for="hide-{}" class="visually-hidden">{}'
            '</label><input id="hide-{}" name="reason" placeholder="{}" maxlength="200"><button type="submit" '
            'class="secondary">{}</button></form>',
            url_for("comments:comment-hide", comment.pk),
            mark_safe(reader.mark("csrf")),  # noqa: S308 - a mark, numbers only
            comment.pk,
            gettext("Reden om te verbergen"),
            comment.pk,
            gettext("Reden"),
            gettext("Verbergen"),
        )
    return (
        f"\n    <p>{linebreaksbr(shown.body, autoescape=True)}</p>\n"
        f'    <div class="actions">\n      {own}\n      {hide}\n    </div>\n  '
    )


@register.simple_tag(takes_context=True)
def comment_article(context: template.Context, comment: Comment, reply: bool = False) -> SafeString:
    classes = "comment reply" if reply else "comment"
    head = f'<article class="{classes}" id="comment-{comment.pk}">\n'
    return mark_safe(f"{head}{_meta(context, comment)}  {_body(context, comment)}\n</article>\n")  # noqa: S308


@register.simple_tag(takes_context=True)
def reply_form(context: template.Context, comment: Comment, add_url: str) -> SafeString:
    """The answer to a comment, folded away (``<details>``) until asked for."""
    name = comment.author.full_name if comment.author is not None else ""
    to = gettext("op %(name)s") % {"name": conditional_escape(name or gettext("verwijderde reactie"))}
    return format_html(
        '<details class="reply-form"><summary>{}<span class="visually-hidden"> {}</span></summary>\n'
        '          <form method="post" action="{}">{}<input type="hidden" name="parent" value="{}">\n'
        '            <label for="reply-{}">{}</label><textarea id="reply-{}" name="body" rows="3" maxlength="5000" '
        "required></textarea>\n"
        '            <button type="submit">{}</button></form>\n'
        "        </details>",
        gettext("Antwoord"),
        mark_safe(to),  # noqa: S308 - the name is escaped above
        add_url,
        mark_safe(reader.mark("csrf")),  # noqa: S308 - a mark, numbers only
        comment.pk,
        comment.pk,
        gettext("Je antwoord"),
        comment.pk,
        gettext("Antwoord plaatsen"),
    )


def _own_links(context: template.Context, marks: Sequence[tuple[int, ...]]) -> dict[tuple[int, ...], str]:
    """The links "Wijzigen" and "Verwijderen" of the reader's own comments (marked with the comment's and its
    author's ids)."""
    user = context.get("user")
    reader_id = user.pk if user is not None else None
    return {
        (comment_id, author_id): format_html(
            '<a href="{}">{}</a> <a href="{}">{}</a>',
            url_for("comments:comment-edit", comment_id),
            gettext("Wijzigen"),
            url_for("comments:comment-delete", comment_id),
            gettext("Verwijderen"),
        )
        for comment_id, author_id in marks
        if reader_id is not None and author_id == reader_id
    }


reader.register("own", _own_links)


@register.simple_tag(takes_context=True)
def thread_query(context: template.Context) -> object:
    """The part of a kept thread's key that the request's query string gives (``selectors.thread_query``)."""
    return selectors.thread_query(context["request"])
