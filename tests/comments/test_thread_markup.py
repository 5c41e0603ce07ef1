"""The markup of a thread, which comments/templatetags/comments.py writes in Python: every state of a comment, exactly,
in both languages, and the pages that show a thread."""

import re

from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.test import RequestFactory
from django.utils import timezone
from django.utils.translation import override

from koers.comments.models import Comment
from koers.comments.selectors import thread_context
from koers.comments.services import comment_add, comment_delete, comment_edit, comment_hide
from koers.core.templatetags.dates import date

from ..factories import InstitutionFactory, UserFactory

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="\w+"')


def render(report, user, language="nl") -> str:
    request = RequestFactory().get("/")
    request.user = user
    get_token(request)
    with override(language):
        context = thread_context(target=report, user=user)
        html = get_template("comments/thread.html").render({**context, "user": user}, request=request)
    return CSRF.sub('name="csrfmiddlewaretoken" value="TOKEN"', html)


def article(html: str, comment: Comment) -> str:
    start = html.index(f'id="comment-{comment.pk}"')
    start = html.rindex("<article", 0, start)
    return html[start : html.index("</article>", start) + len("</article>")]


def when(comment: Comment, language="nl") -> str:
    with override(language):
        return date(timezone.localtime(comment.created_at), "j F Y H:i")


def test_a_comment_with_its_author_institution_text_and_the_readers_own_links(report, member, other_member):
    college = InstitutionFactory(name="ROC <Noord> & Co")
    other_member.institution = college
    other_member.save()
    theirs = comment_add(target=report, author=other_member, body="Mooi <b>verslag</b>\nregel twee")
    mine = comment_add(target=report, author=member, body="Eens")
    html = render(report, member)
    assert article(html, theirs) == (
        f'<article class="comment" id="comment-{theirs.pk}">\n'
        f'  <p class="meta"><strong><a href="/leden/{other_member.pk}/">{other_member.full_name}</a></strong> '
        f"(ROC &lt;Noord&gt; &amp; Co) · {when(theirs)}</p>\n"
        "  \n"
        "    <p>Mooi &lt;b&gt;verslag&lt;/b&gt;<br>regel twee</p>\n"
        '    <div class="actions">\n'
        "      \n"
        "      \n"
        "    </div>\n"
        "  \n"
        "</article>"
    )
    own = article(html, mine)
    edit, delete = f"/reacties/{mine.pk}/bewerken/", f"/reacties/{mine.pk}/verwijderen/"
    assert f'<a href="{edit}">Wijzigen</a> <a href="{delete}">Verwijderen</a>' in own
    assert f'<details class="reply-form"><summary>Antwoord<span class="visually-hidden"> op {member.full_name}' in html


def test_edited_hidden_deleted_and_authorless_comments_and_a_reply(report, member, other_member, steering):
    edited = comment_add(target=report, author=other_member, body="Niet eens")
    comment_edit(comment=edited, author=other_member, body="Toch eens")
    hidden = comment_add(target=report, author=member, body="Weg ermee")
    comment_hide(comment=hidden, actor=steering, reason='Off-topic <script> & "zo"')
    asked = comment_add(target=report, author=member, body="Vraag")
    reply = comment_add(target=report, author=other_member, body="Antwoord", parent=asked)
    comment_delete(comment=asked, author=member)  # it has a reply: it keeps its place, emptied
    orphan = comment_add(target=report, author=UserFactory(), body="Van iemand die weg is")
    Comment.objects.filter(pk=orphan.pk).update(author=None)
    html = render(report, other_member)
    assert f"· {when(edited)} · gewijzigd</p>" in article(html, edited)
    assert (
        '<p class="hidden-comment"><em>Deze reactie is verborgen door de regiegroep. '
        "Reden: Off-topic &lt;script&gt; &amp; &quot;zo&quot;</em></p>"
    ) in article(html, hidden)
    assert "<p><em>Deze reactie is verwijderd.</em></p>" in article(html, asked)
    assert article(html, reply).startswith(f'<article class="comment reply" id="comment-{reply.pk}">')
    assert f'<p class="meta"><strong>Verwijderde reactie</strong> · {when(orphan)}</p>' in article(html, orphan)
    assert '<span class="visually-hidden"> op verwijderde reactie</span>' in html
    # No reply form under a hidden comment; one under every other thread.
    assert html.count('<details class="reply-form">') == 3
    assert f'name="parent" value="{hidden.pk}"' not in html


def test_the_steering_group_gets_a_form_to_hide_each_comment(report, member, steering):
    comment = comment_add(target=report, author=member, body="Mooi")
    html = render(report, steering)
    assert (
        f'<form method="post" action="/reacties/{comment.pk}/verbergen/" class="inline-form">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="TOKEN">'
        f'<label for="hide-{comment.pk}" class="visually-hidden">Reden om te verbergen</label>'
        f'<input id="hide-{comment.pk}" name="reason" placeholder="Reden" maxlength="200">'
        '<button type="submit" class="secondary">Verbergen</button></form>'
    ) in article(html, comment)
    assert "verbergen" not in render(report, member)


def test_english(report, member, other_member, steering):
    edited = comment_add(target=report, author=other_member, body="Niet eens")
    comment_edit(comment=edited, author=other_member, body="Toch eens")
    hidden = comment_add(target=report, author=member, body="Weg ermee")
    comment_hide(comment=hidden, actor=steering, reason="Dubbel")
    html = render(report, steering, "en")
    assert f"· {when(edited, 'en')} · edited</p>" in article(html, edited)
    assert "<em>This comment has been hidden by the steering group. Reason: Dubbel</em></p>" in article(html, hidden)
    assert ">Hide</button>" in article(html, edited)
    assert '<summary>Answer<span class="visually-hidden"> to ' in html
