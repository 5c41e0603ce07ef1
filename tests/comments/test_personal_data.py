"""Comments' part of the personal data: the comments a person wrote are in the download and stay on erasure."""

from django.utils import timezone

from koers.comments import personal_data
from koers.comments.models import Comment
from koers.comments.services import comment_add, comment_edit
from koers.meetings.models import Meeting

from ..meetings.conftest import make_meeting


def test_own_comments_are_exported_and_stay_on_erasure(member, other_member, steering):
    report = make_meeting(days=-5, status=Meeting.Status.PAST, created_by=steering)
    Meeting.objects.filter(pk=report.pk).update(report="Verslag", report_published_at=timezone.now())
    report.refresh_from_db()
    first = comment_add(target=report, author=member, body="Mooi verslag")
    second = comment_edit(comment=comment_add(target=report, author=member, body="Eens"), author=member, body="Eens!")
    comment_add(target=report, author=other_member, body="Van Hans")

    assert personal_data.export(user=member) == {
        "comments": [
            {"body": "Mooi verslag", "at": first.created_at.isoformat(), "edited_at": None},
            {"body": "Eens!", "at": second.created_at.isoformat(), "edited_at": second.edited_at.isoformat()},
        ]
    }
    personal_data.erase(user=member)
    assert list(Comment.objects.order_by("pk").values_list("author", "body")) == [
        (member.pk, "Mooi verslag"),
        (member.pk, "Eens!"),
        (other_member.pk, "Van Hans"),
    ]
