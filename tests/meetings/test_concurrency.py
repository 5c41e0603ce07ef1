"""Twenty members registering at once for ten places, against PostgreSQL: never more than ten registered."""

import threading

import pytest
from django.db import connection, connections

from koers.meetings.models import Registration
from koers.meetings.services import registration_create

from ..factories import UserFactory
from .conftest import make_meeting

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def test_simultaneous_registrations_never_exceed_the_capacity():
    meeting = make_meeting(capacity=10)
    members = [UserFactory() for _ in range(20)]
    barrier = threading.Barrier(len(members))
    errors = []

    def register(user):
        try:
            barrier.wait()
            registration_create(meeting=meeting, user=user)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(user,)) for user in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    counts = {status: meeting.registrations.filter(status=status).count() for status in Registration.Status.values}
    assert counts == {"aangemeld": 10, "wachtlijst": 10}
