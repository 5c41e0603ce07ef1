"""Which objects carry comments, who reads a thread, and how a hidden or deleted comment is shown: the rules the
pages and the API both read from koers.comments.selectors."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from koers.advice.models import Status
from koers.comments import selectors
from koers.comments.models import Comment
from koers.meetings.models import Meeting

from ..advice.conftest import make_advice
from ..factories import UserFactory
from ..meetings.conftest import make_meeting

ROLES = ["guest", "member", "writer", "steering"]
Shown = selectors.ShownComment
MEMBERS, EVERYONE = Meeting.ReportAudience.MEMBERS, Meeting.ReportAudience.EVERYONE


@pytest.fixture
def users(member, other_member, steering):
    # other_member writes the advice in these tests (its working group's lead).
    return {"guest": AnonymousUser(), "member": member, "writer": other_member, "steering": steering}


def _report(status=Meeting.Status.PUBLISHED, audience=None) -> Meeting:
    published = {"report_published_at": timezone.now(), "report_audience": audience} if audience else {}
    return make_meeting(status=status, **published)


@pytest.mark.parametrize(
    ("status", "audience", "expected"),
    [
        (Meeting.Status.PUBLISHED, None, {"guest": False, "member": False, "writer": False, "steering": False}),
        (Meeting.Status.PUBLISHED, MEMBERS, {"guest": False, "member": True, "writer": True, "steering": True}),
        (Meeting.Status.PUBLISHED, EVERYONE, {"guest": True, "member": True, "writer": True, "steering": True}),
        (Meeting.Status.CONCEPT, EVERYONE, {"guest": False, "member": False, "writer": False, "steering": False}),
    ],
)
def test_a_meeting_thread_is_read_under_its_published_report(users, status, audience, expected):
    meeting = _report(status, audience)
    assert {role: selectors.comments_visible(target=meeting, user=users[role]) for role in ROLES} == expected


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (Status.DRAFT, {"guest": False, "member": False, "writer": True, "steering": True}),
        (Status.CONSULTATION, {"guest": False, "member": True, "writer": True, "steering": True}),
        # Public text, but the comments were written inside the network: never for guests.
        (Status.OFFERED, {"guest": False, "member": True, "writer": True, "steering": True}),
    ],
)
def test_an_advice_thread_is_for_members_who_may_read_its_text(users, steering, other_member, status, expected):
    advice = make_advice(actor=steering, lead=other_member, status=status)
    assert {role: selectors.comments_visible(target=advice, user=users[role]) for role in ROLES} == expected


def test_other_objects_carry_no_thread(member, institution):
    assert selectors.comments_visible(target=institution, user=member) is False


def test_comment_target_finds_only_commentable_objects_that_exist(steering, institution):
    meeting, advice = make_meeting(), make_advice(actor=steering)
    assert selectors.COMMENTABLE == {"meetings.meeting", "advice.advice"}
    assert selectors.comment_target(label="meetings.meeting", object_id=meeting.pk) == meeting
    assert selectors.comment_target(label="advice.advice", object_id=advice.pk) == advice
    assert selectors.comment_target(label="meetings.meeting", object_id=meeting.pk + 1000) is None
    assert selectors.comment_target(label="members.institution", object_id=institution.pk) is None


def test_comment_target_of_a_comment_is_none_once_its_target_is_deleted(member):
    meeting = _report(audience=MEMBERS)
    comment = Comment.objects.create(
        content_type=ContentType.objects.get_for_model(meeting), object_id=meeting.pk, author=member, body="Goed"
    )
    assert selectors.comment_target_of(comment) == meeting
    meeting.delete()
    assert selectors.comment_target_of(comment) is None


@pytest.mark.parametrize(
    ("body", "hidden", "expected"),
    [
        ("Goed verslag", False, Shown(hidden=False, deleted=False, body="Goed verslag", hidden_reason="")),
        ("Scheldwoord", True, Shown(hidden=True, deleted=False, body="", hidden_reason="Toon")),
        ("", False, Shown(hidden=False, deleted=True, body="", hidden_reason="")),
        # Hidden and then emptied stays hidden: the moderation record keeps its place and reason.
        ("", True, Shown(hidden=True, deleted=False, body="", hidden_reason="Toon")),
    ],
)
def test_comment_shown(body, hidden, expected):
    comment = Comment(body=body, hidden_at=timezone.now() if hidden else None, hidden_reason="Toon")
    assert selectors.comment_shown(comment) == expected


def test_a_hidden_reason_without_hiding_is_not_shown():
    assert selectors.comment_shown(Comment(body="Goed", hidden_reason="Oud")).hidden_reason == ""


def test_thread_context_is_only_the_flag_for_who_may_not_read_the_thread(member, steering):
    meeting = _report(audience=MEMBERS)
    top = Comment.objects.create(
        content_type=ContentType.objects.get_for_model(meeting), object_id=meeting.pk, author=member, body="Goed"
    )
    Comment.objects.create(content_type=top.content_type, object_id=meeting.pk, author=steering, body="", parent=top)
    assert selectors.thread_context(target=meeting, user=AnonymousUser()) == {"show_comments": False}
    context = selectors.thread_context(target=meeting, user=member)
    assert (context["show_comments"], context["thread"].count, context["can_comment"]) == (True, 2, True)
    assert [c.shown.body for c in context["thread"].comments] == ["Goed"]
    assert [r.shown.deleted for r in context["thread"].comments[0].replies.all()] == [True]


def test_an_inactive_member_reads_no_members_thread(db):
    meeting = _report(audience=MEMBERS)
    assert selectors.comments_visible(target=meeting, user=UserFactory(is_active=False)) is False
