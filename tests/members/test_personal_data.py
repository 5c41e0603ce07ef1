"""Members' part of the personal data: positions held."""

import datetime

from django.utils import timezone

from koers.members import personal_data
from koers.members.models import Position


def test_deleted_member_holds_no_position_from_now_on(client, steering):
    future = Position.objects.create(
        user=steering, kind="secretary", start_date=timezone.localdate() + datetime.timedelta(days=10)
    )
    personal_data.erase(user=steering)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    assert list(Position.objects.filter(user=steering).values_list("kind", "end_date")) == [
        ("steering_member", yesterday)
    ]
    assert not Position.objects.filter(pk=future.pk).exists()
    assert Position.objects.current().filter(user=steering).count() == 0
