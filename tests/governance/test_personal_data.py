"""Governance's part of the personal data: nominations."""

import datetime

from django.utils import timezone

from koers.governance import personal_data
from koers.governance.models import Nomination, Vacancy


def test_nominations_are_exported_and_open_candidacies_end_on_erasure(steering, member):
    vacancy = Vacancy.objects.create(
        kind="chair",
        title="Voorzitter regiegroep",
        profile="Verbinder",
        nominations_open_until=timezone.localdate() + datetime.timedelta(days=10),
        term_start=timezone.localdate() + datetime.timedelta(days=60),
    )
    Nomination.objects.create(
        vacancy=vacancy,
        nominee=member,
        nominated_by=member,
        motivation="Ik wil dit",
        status="aanvaard",
        decided_at=timezone.now(),
    )
    data = personal_data.export(user=member)
    assert [(n["vacancy"], n["status"], n["motivation"]) for n in data["nominations"]] == [
        ("Voorzitter regiegroep", "aanvaard", "Ik wil dit")
    ]
    personal_data.erase(user=member)
    assert Nomination.objects.values_list("status", "motivation").get() == ("ingetrokken", "")
