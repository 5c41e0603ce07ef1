"""Comments on a published report: one level of replies, own edits, hiding, reply notifications."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from koers.comments.models import Comment
from koers.comments.registry import comment_url
from koers.comments.selectors import COMMENTS_PER_PAGE, thread_context, thread_page_of
from koers.comments.services import (
    MSG_REPLY_LEVEL,
    comment_add,
    comment_delete,
    comment_edit,
    comment_hide,
)
from koers.notifications.models import Frequency, Notification, NotificationPreference

from ..factories import UserFactory
from ..meetings.conftest import make_meeting


def test_one_level_of_replies_and_the_thread_hears_of_a_reply(report, member, other_member, steering):
    first = comment_add(target=report, author=member, body="Mooi verslag")
    NotificationPreference.objects.create(user=steering, kind="comments", frequency=Frequency.OFF)
    reply = comment_add(target=report, author=other_member, body="Eens", parent=first)
    with pytest.raises(ValidationError) as error:
        comment_add(target=report, author=member, body="Op een antwoord", parent=reply)
    assert error.value.messages == [str(MSG_REPLY_LEVEL)]
    told = set(Notification.objects.filter(kind="comments").values_list("user", "subject"))
    assert told == {
        (member.pk, "Nieuw antwoord bij Najaarsbijeenkomst"),
        (steering.pk, "Nieuw antwoord bij Najaarsbijeenkomst"),
    }
    context = thread_context(target=report, user=member)
    thread = context["thread"]
    assert thread.count == 2 and [c.body for c in thread.comments] == ["Mooi verslag"]


def test_no_comments_before_the_report_is_published(db, member):
    meeting = make_meeting(days=-5)
    with pytest.raises(PermissionDenied):
        comment_add(target=meeting, author=member, body="Te vroeg")
    assert not Comment.objects.exists()


def test_only_the_author_edits_or_deletes_and_a_comment_with_replies_keeps_its_place(report, member, other_member):
    first = comment_add(target=report, author=member, body="Eerste")
    comment_add(target=report, author=other_member, body="Antwoord", parent=first)
    with pytest.raises(PermissionDenied):
        comment_edit(comment=first, author=other_member, body="Gekaapt")
    comment_edit(comment=first, author=member, body="Eerste, aangevuld")
    comment_delete(comment=first, author=member)
    first.refresh_from_db()
    assert (first.body, first.author, Comment.objects.count()) == ("", None, 2)
    lone = comment_add(target=report, author=member, body="Los")
    comment_delete(comment=lone, author=member)
    assert not Comment.objects.filter(pk=lone.pk).exists()


def test_the_steering_group_hides_an_abusive_comment_which_keeps_its_place(client, report, member, steering):
    comment = comment_add(target=report, author=member, body="Scheldwoorden")
    comment_hide(comment=comment, actor=steering, reason="Kwetsend")
    client.force_login(member)
    page = client.get(reverse("meetings:report", args=[report.pk])).content.decode()
    assert "Deze reactie is verborgen door de regiegroep. Reden: Kwetsend" in page and "Scheldwoorden" not in page


def test_comments_through_the_page_are_escaped(client, report, member):
    client.force_login(member)
    content_type = ContentType.objects.get_for_model(report).pk
    url = reverse("comments:comment-add", args=[content_type, report.pk])
    response = client.post(url, {"body": "<script>alert(1)</script>Hallo"})
    comment = Comment.objects.get()
    assert response["Location"] == f"/bijeenkomsten/{report.pk}/verslag/?reactie={comment.pk}#comment-{comment.pk}"
    page = client.get(response["Location"]).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Hallo" in page and "<script>alert(1)" not in page
    assert client.post(url, {"body": "   "}).status_code == 302
    assert Comment.objects.count() == 1


def test_someone_elses_comment_cannot_be_edited_through_the_page(client, report, member, other_member):
    comment = comment_add(target=report, author=member, body="Van mij")
    client.force_login(other_member)
    assert client.post(reverse("comments:comment-edit", args=[comment.pk]), {"body": "Niet van jou"}).status_code == 403
    comment.refresh_from_db()
    assert comment.body == "Van mij"


@pytest.mark.parametrize("count", [1, 3])
def test_report_page_query_count(client, django_assert_num_queries, report, member, count):
    for n in range(count):
        top = comment_add(target=report, author=UserFactory(), body=f"Reactie {n}")
        for _ in range(count):
            comment_add(target=report, author=UserFactory(), body="Antwoord", parent=top)
    client.force_login(member)
    with django_assert_num_queries(9):  # the replies' authors are read apart (comments.selectors.with_replies)
        response = client.get(reverse("meetings:report", args=[report.pk]))
    assert response.content.decode().count('<article class="comment') == count + count * count


def test_no_replies_to_a_hidden_comment_and_a_bad_parent_is_refused(client, report, member, other_member, steering):
    comment = comment_add(target=report, author=member, body="Kwetsend")
    comment_hide(comment=comment, actor=steering, reason="")
    with pytest.raises(ValidationError):
        comment_add(target=report, author=other_member, body="Reactie", parent=comment)
    client.force_login(other_member)
    content_type = ContentType.objects.get_for_model(report).pk
    response = client.post(
        reverse("comments:comment-add", args=[content_type, report.pk]), {"body": "x", "parent": "abc"}
    )
    assert response.status_code == 302
    assert Comment.objects.count() == 1
    with pytest.raises(PermissionDenied):
        comment_delete(comment=comment, author=member)  # the moderation record stays


def test_a_long_thread_has_pages_and_a_link_to_a_comment_opens_its_page(client, report, member):
    author = UserFactory()
    first = [comment_add(target=report, author=author, body=f"Reactie {n}") for n in range(COMMENTS_PER_PAGE + 1)]
    last = first[-1]
    reply = comment_add(target=report, author=member, body="Antwoord op de laatste", parent=last)
    client.force_login(member)
    url = reverse("meetings:report", args=[report.pk])
    page = client.get(url).content.decode()
    assert page.count('<article class="comment"') == COMMENTS_PER_PAGE  # the oldest page, without the next comment
    assert f'id="comment-{first[0].pk}"' in page and f'id="comment-{last.pk}"' not in page
    assert f"Reacties ({COMMENTS_PER_PAGE + 2})" in page  # every comment and reply counts
    assert '<li aria-current="page">Pagina 1 van 2</li>' in page
    assert '<a href="?reacties=2#comments" rel="next">Volgende</a>' in page
    second = client.get(url, {"reacties": 2}).content.decode()
    assert second.count('<article class="comment') == 2  # the 51st and its reply
    assert '<a href="?reacties=1#comments" rel="prev">Vorige</a>' in second
    # A link to a comment or a reply (in a notification, after posting) opens the page that holds it.
    assert comment_url(report, reply.pk) == f"{url}?reactie={reply.pk}#comment-{reply.pk}"
    for comment in (last, reply):
        shown = client.get(url, {"reactie": comment.pk}).content.decode()
        assert f'id="comment-{comment.pk}"' in shown and "Pagina 2 van 2" in shown
    shown = client.get(url, {"reactie": first[1].pk}).content.decode()
    assert f'id="comment-{first[1].pk}"' in shown and "Pagina 1 van 2" in shown
    # A comment elsewhere or unknown opens the first page; a page number wins over a comment.
    assert "Pagina 1 van 2" in client.get(url, {"reactie": 999999}).content.decode()
    assert "Pagina 1 van 2" in client.get(url, {"reactie": last.pk, "reacties": 1}).content.decode()
    assert thread_page_of(target=report, comment_id=999999) is None
