"""``manage.py load_scale``: national-scale data on top of the demo, exact, repeatable and idempotent.

Run at scale 0.01 (floors keep every step busy), which gives these totals on top of the demo data.
"""

import datetime
import hashlib
import io
import re

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from koers.accounts.models import User
from koers.devdata.scale import FULL, NATIONAL_SURVEY, counts, targets
from koers.members.models import Consent, ConsentEvent, Institution
from koers.polls.models import Ballot, Participation, Poll
from koers.polls.selectors import results
from koers.roadmap.models import Ambition
from koers.roadmap.selectors import heatmap

SCALE = 0.01
EXPECTED = {
    "institutions": 60,
    "themes": 15,  # the demo's: 300 ambitions need no more than 60 × 15 pairs
    "members": 100,
    "positions": 15,
    "membership_requests": 3,
    "ambitions": 300,
    "plan_items": 15,
    "reference_items": 12,
    "projects": 200,
    "meetings": 10,
    "topics": 3,
    "calls": 3,
    "polls": 12,
    "answers": 10_000,
    "advice": 20,
    "comments": 500,
    "notifications": 60,
}
BIG_POLL = NATIONAL_SURVEY
KOERS_APPS = {
    "accounts",
    "members",
    "themes",
    "portfolio",
    "roadmap",
    "polls",
    "meetings",
    "comments",
    "advice",
    "notifications",
    "governance",
    "core",
    "api",
}


def load(scale: float = SCALE) -> str:
    out = io.StringIO()
    call_command("load_scale", scale=scale, stdout=out)
    return out.getvalue()


def every_table() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in KOERS_APPS
    }


def test_targets_at_full_scale_are_the_national_numbers():
    full = targets(1.0)
    assert {key: full[key] for key in ("institutions", "members", "projects", "ambitions", "polls")} == {
        "institutions": 110,
        "members": 3000,
        "projects": 20_000,
        "ambitions": 5000,
        "polls": 300,
    }
    assert (full["answers"], full["meetings"], full["advice"], full["comments"]) == (1_000_000, 200, 500, 50_000)
    # One ambition per institution and theme: 5,000 of them need enough themes.
    assert full["themes"] * full["institutions"] >= full["ambitions"]
    assert targets(50)["institutions"] == 110


def test_small_scale_loads_exact_counts_and_a_second_run_changes_nothing(db, client):
    output = load()
    assert "National-scale data loaded" in output
    assert counts() == EXPECTED
    assert all(EXPECTED[key] == max(targets(SCALE)[key], 15 if key == "themes" else 0) for key in FULL)
    # The demo accounts came first and still sign in.
    assert User.objects.get(email="lid@koers.example").check_password("koers-demo-2026")
    assert Institution.objects.filter(institution_code__startswith="XX").count() == 60

    before = every_table()
    again = load()
    assert "already loaded" in again
    assert every_table() == before


def test_a_larger_scale_tops_up_to_its_own_targets(db):
    load()
    output = load(0.02)
    assert "National-scale data loaded" in output
    wanted = targets(0.02)
    assert counts() == {**wanted, "themes": max(wanted["themes"], 15)}
    assert counts()["answers"] == 20_000
    # As many polls at both scales: the national survey got the missing answers, from more respondents.
    poll = Poll.objects.get(title=BIG_POLL)
    ballots = Ballot.objects.filter(poll=poll).count()
    assert ballots > 2000
    assert results(poll=poll).respondents == Participation.objects.filter(poll=poll).count() == ballots
    assert "already loaded" in load(0.02)


def test_pages_show_the_generated_data(db, client):
    load()
    member = User.objects.get(email="lid@koers.example")
    client.force_login(member)

    # The national heatmap counts every ambition, and so does its page.
    heat = heatmap()
    assert sum(heat.counts.values()) == Ambition.objects.count() == 300
    page = client.get(reverse("roadmap:national")).content.decode()
    # The table (the phone's list per theme repeats the same cells below it).
    table = page[page.index("<table") : page.index("</table>")]
    shown = [int(n) for n in re.findall(r'aria-label="(\d+) instelling(?:en)?, ', table)]
    assert sum(shown) == 300

    # The national survey: 2,000 ballots (200,000 × 0.01) of four answers on average, one per participation.
    poll = Poll.objects.get(title=BIG_POLL)
    assert poll.is_closed and poll.anonymous
    tally = results(poll=poll)
    assert tally.respondents == Ballot.objects.filter(poll=poll).count() == 2000
    assert Participation.objects.filter(poll=poll).count() == 2000
    assert sum(option.count for option in tally.questions[0].options) == 2000
    page = client.get(reverse("polls:poll-results", args=[poll.pk])).content.decode()
    assert f"2000 respondenten uit {tally.institutions} instellingen" in page
    listing = client.get(reverse("polls:poll-list")).content.decode()
    row = re.search(rf"{re.escape(BIG_POLL)}</a>.*?</tr>", listing, re.S).group()
    assert re.search(r'<td data-label="Respondenten">([^<]*)</td>', row).group(1) == "2000"

    for name in [
        "portfolio:project-list",
        "portfolio:coverage",
        "meetings:meeting-list",
        "advice:advice-list",
        "members:directory",
        "roadmap:reference-list",
        "roadmap:plan",
        "dashboard:home",
    ]:
        assert client.get(reverse(name)).status_code == 200, name


def test_generated_members_have_proof_of_their_consents(db):
    load()
    generated = User.objects.exclude(email__endswith="@koers.example")
    assert generated.count() == 100 - User.objects.filter(email__endswith="@koers.example").count()
    assert not generated.filter(institution__isnull=True).exists()
    consents = set(Consent.objects.filter(user__in=generated).values_list("user_id", "field", "text_version"))
    proof = set(
        ConsentEvent.objects.filter(user__in=generated, granted=True).values_list("user_id", "field", "text_version")
    )
    assert consents and consents == proof


def test_dates_are_relative_to_today(db):
    load()
    poll = Poll.objects.get(title=BIG_POLL)
    assert timezone.localdate(poll.closes_at) == timezone.localdate() - datetime.timedelta(days=20)
    assert not Poll.objects.filter(opens_at__gte=models.F("closes_at")).exists()
    assert Poll.objects.filter(opens_at__lte=timezone.now(), closes_at__gt=timezone.now()).exists()  # some are open


@pytest.mark.django_db(transaction=True)
def test_two_runs_on_empty_databases_give_the_same_content():
    first = fingerprint_of_a_run()
    call_command("flush", interactive=False, verbosity=0)
    second = fingerprint_of_a_run()
    assert first == second
    assert len(first) > 30 and first["polls.Answer"] != fingerprint_rows([])


def test_refuses_to_run_in_production(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        load()
    assert User.objects.count() == 0


# Fingerprints ---------------------------------------------------------------------------------------------


def fingerprint_of_a_run() -> dict[str, str]:
    """Load the demo, then the scale data; a hash per table of what load_scale added."""
    call_command("load_demo", stdout=io.StringIO())
    tables = [m for m in apps.get_models(include_auto_created=True) if m._meta.app_label in KOERS_APPS]
    demo = {model: set(model.objects.values_list("pk", flat=True)) for model in tables}
    load()
    today = timezone.localdate()
    ranks: dict = {}

    def rank(model, pk):
        if model not in ranks:
            ranks[model] = {p: n for n, p in enumerate(model.objects.order_by("pk").values_list("pk", flat=True))}
        return ranks[model].get(pk)

    types = {ct.pk: ct.model_class() for ct in ContentType.objects.all()}
    result = {}
    for model in tables:
        fields = [f for f in model._meta.concrete_fields if not isinstance(f, models.DateTimeField)]
        fields = [f for f in fields if not (f.primary_key and not isinstance(f, models.UUIDField))]
        fields = [f for f in fields if (model._meta.label, f.name) != ("notifications.Notification", "url")]
        rows = []
        new = model.objects.exclude(pk__in=demo[model]).order_by("pk")
        for obj in new.values(*[f.attname for f in fields]):
            row = []
            for f in fields:
                value = obj[f.attname]
                if value is None:
                    pass
                elif f.is_relation and f.related_model is ContentType:
                    value = types[value]._meta.label
                elif f.is_relation and not isinstance(f.target_field, models.UUIDField):
                    value = ("rank", rank(f.related_model, value))
                elif isinstance(f, models.DateField):
                    value = (value - today).days
                elif isinstance(f, models.UUIDField):
                    value = str(value)
                elif f.name == "object_id":  # a comment's target, by its place in its table
                    value = ("rank", rank(types[obj["content_type_id"]], value))
                elif f.name == "unit_key":  # "u:<member>" or "i:<institution>" of a participation
                    kind, _, key = value.partition(":")
                    if key.isdigit():
                        value = (kind, rank(User if kind == "u" else Institution, int(key)))
                row.append(repr(value))
            rows.append(row)
        result[model._meta.label] = fingerprint_rows(rows)
    return result


def fingerprint_rows(rows: list) -> str:
    digest = hashlib.sha256()
    for row in rows:
        digest.update("\x1f".join(row).encode())
        digest.update(b"\x1e")
    return f"{len(rows)}:{digest.hexdigest()}"
