"""A page of a thread is kept in the shared cache (comments/thread.html) per page and per reader's rights, and
worked out again as soon as a comment, its author or the author's institution changes; each reader still gets
their own CSRF token and the links to their own comments."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from koers.comments.models import Comment
from koers.comments.selectors import COMMENTS_PER_PAGE
from koers.comments.services import comment_add, comment_delete, comment_edit, comment_hide

pytestmark = pytest.mark.django_db

THREAD = re.compile(r'<section id="comments".*?</section>', re.S)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="(\w+)"')


def report_comments(report):
    return Comment.objects.filter(object_id=report.pk, content_type__model="meeting")


def page(client: Client, report, **query) -> tuple[str, int]:
    """The report page's comments section and the number of queries the page took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/bijeenkomsten/{report.pk}/verslag/", query)
    assert response.status_code == 200
    return THREAD.search(response.content.decode())[0], len(queries)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_thread_page_is_kept_and_read_without_its_queries(report, member, other_member):
    comment_add(target=report, author=other_member, body="Mooi verslag")
    client = signed_in(member)
    first, asked = page(client, report)
    again, asked_again = page(client, report)
    assert TOKEN.sub("", again) == TOKEN.sub("", first)
    # The counts, the comments and their replies are not read again.
    assert asked - asked_again == 3
    assert "Mooi verslag" in again


def test_each_reader_gets_their_own_token_and_links(report, member, other_member):
    mine = comment_add(target=report, author=member, body="Eens")
    theirs = comment_add(target=report, author=other_member, body="Oneens")
    edit_mine = f'href="/reacties/{mine.pk}/bewerken/"'
    edit_theirs = f'href="/reacties/{theirs.pk}/bewerken/"'
    as_member, _ = page(signed_in(member), report)
    reader = Client(enforce_csrf_checks=True)
    reader.force_login(other_member)
    as_other, _ = page(reader, report)
    assert (edit_mine in as_member, edit_theirs in as_member) == (True, False)
    assert (edit_mine in as_other, edit_theirs in as_other) == (False, True)
    assert "<!--koers:" not in as_member + as_other
    # The token in the kept thread's reply form is the reader's own: a reply with it is accepted.
    token = TOKEN.search(as_other)[1]
    add_url = re.search(r'<form method="post" action="([^"]+)"><input type="hidden" name="csrf', as_other)[1]
    response = reader.post(add_url, {"csrfmiddlewaretoken": token, "body": "Antwoord", "parent": mine.pk})
    assert response.status_code == 302
    assert [r.body for r in mine.replies.all()] == ["Antwoord"]


def test_the_steering_group_keeps_its_own_thread_with_forms_to_hide(report, member, steering):
    comment_add(target=report, author=member, body="Eens")
    as_member, _ = page(signed_in(member), report)
    as_steering, _ = page(signed_in(steering), report)
    assert (as_member.count("Verbergen</button>"), as_steering.count("Verbergen</button>")) == (0, 1)
    assert as_member.count("Antwoord plaatsen") == as_steering.count("Antwoord plaatsen") == 1


def test_a_change_to_a_comment_its_author_or_their_institution_shows_at_once(report, member, other_member, steering):
    comment = comment_add(target=report, author=other_member, body="Mooi verslag")
    client = signed_in(member)
    page(client, report)
    comment_add(target=report, author=other_member, body="Nog iets", parent=comment)
    assert "Nog iets" in page(client, report)[0]
    comment_edit(comment=comment, author=other_member, body="Heel mooi verslag")
    assert "Heel mooi verslag" in page(client, report)[0]
    other_member.full_name = "Gerda de Vries"
    other_member.save()
    assert page(client, report)[0].count("Gerda de Vries</a></strong>") == 2  # the comment and the reply
    other_member.institution.name = "Horizon College Alkmaar"
    other_member.institution.save()
    assert page(client, report)[0].count("(Horizon College Alkmaar)") == 2
    comment_hide(comment=comment, actor=steering, reason="Buiten het onderwerp")
    shown = page(client, report)[0]
    assert ("Heel mooi verslag" in shown, "Reden: Buiten het onderwerp" in shown) == (False, True)
    reply = comment.replies.get()
    comment_delete(comment=reply, author=other_member)
    assert "Nog iets" not in page(client, report)[0]


def test_each_page_is_kept_apart_and_other_query_strings_are_not_kept(report, member, other_member):
    for number in range(COMMENTS_PER_PAGE + 1):
        comment_add(target=report, author=other_member, body=f"Reactie {number}")
    client = signed_in(member)
    first = page(client, report)[0]
    second, asked = page(client, report, reacties=2)
    assert ("Reactie 0<" in first, "Reactie 25<" in first) == (True, False)
    assert ("Reactie 0<" in second, "Reactie 25<" in second) == (False, True)
    kept, asked_again = page(client, report, reacties=2)
    assert (TOKEN.sub("", kept), asked_again) == (TOKEN.sub("", second), asked - 3)
    # Anything else in the query string: worked out for this reader alone, every time.
    odd = page(client, report, reacties=2, x="1")
    assert page(client, report, reacties=2, x="1")[1] == odd[1] == asked
    # A link to a comment opens the page that holds it, worked out for its visitor alone: ids are many.
    latest = report_comments(report).get(body="Reactie 25")
    linked, asked_linked = page(client, report, reactie=latest.pk)
    assert ("Reactie 25<" in linked, "Reactie 0<" in linked) == (True, False)
    assert page(client, report, reactie=latest.pk)[1] == asked_linked > asked
