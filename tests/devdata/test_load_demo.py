"""``manage.py load_demo``: the real institutions and themes and fictional people, idempotent."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from koers.accounts.models import MembershipRequest, User
from koers.advice.models import Advice
from koers.members.models import Consent, Institution, Position
from koers.polls.models import Poll
from koers.themes.models import Agenda, Theme


def _snapshot():
    return {
        "institutions": list(Institution.objects.order_by("pk").values_list("slug", "institution_code", "schac_home")),
        "themes": list(Theme.objects.order_by("pk").values_list("slug", "agenda__slug")),
        "related": sorted(Theme.related.through.objects.values_list("from_theme__slug", "to_theme__slug")),
        "users": list(User.objects.order_by("pk").values_list("email", "full_name", "institution__slug", "new_until")),
        "positions": list(Position.objects.order_by("pk").values_list("user__email", "kind", "start_date", "end_date")),
        "consents": Consent.objects.count(),
        "requests": MembershipRequest.objects.count(),
        "agendas": Agenda.objects.count(),
    }


def test_demo_data_loads_and_is_idempotent(db):
    call_command("load_demo", stdout=io.StringIO())
    first = _snapshot()
    call_command("load_demo", stdout=io.StringIO())
    assert _snapshot() == first
    assert len(first["institutions"]) == 53
    assert len(first["themes"]) == 15
    assert first["agendas"] == 2
    assert all(code.startswith("XX") for _, code, _ in first["institutions"])
    assert ("data-ondersteund-onderwijs", "data-en-ai") in first["related"]
    chair = User.objects.get(email="voorzitter@koers.example")
    assert chair.positions.get(kind="chair").end_date is not None  # the chair is stepping down
    assert Position.objects.former().filter(kind="chair").count() == 1
    assert User.objects.get(email="nieuw@koers.example").is_new is True
    assert User.objects.get(email="lid@koers.example").is_new is False
    assert User.objects.get(email="beheer@koers.example").is_superuser is True
    assert first["requests"] == 1


def test_demo_data_refuses_to_load_in_production(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("load_demo", stdout=io.StringIO())
    assert User.objects.count() == 0


def test_theme_descriptions_with_commas_load_whole(db):
    call_command("load_demo", stdout=io.StringIO())
    assert Theme.objects.get(slug="onderwijslogistiek-en-flexibilisering").description == (
        "Processen en systemen (aanmelden, roosteren, resultaten) die flexibele leerroutes mogelijk maken"
    )


def test_the_ooapi_poll_closes_before_its_advice_goes_to_the_advisory_board(db):
    # The poll set the priorities the advice follows, so the story only holds if it closed first.
    call_command("load_demo", stdout=io.StringIO())
    poll = Poll.objects.get(title="OOAPI als uitwisselstandaard voor het mbo")
    advice = Advice.objects.get(title="Collectief gebruik van OOAPI in het mbo")
    offered = advice.status_changes.get(to_status="aangeboden").at
    assert list(advice.polls.all()) == [poll]
    assert poll.closes_at < offered
    assert poll.outcome_at is not None and poll.closes_at < poll.outcome_at < offered
