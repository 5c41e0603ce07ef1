"""Foundation benchmark: the member directory and notify() with a national-scale member base.

Builds a throw-away SQLite database (or uses DATABASE_URL), fills it with 110 institutions and 3,000
members with consents and expertise, then measures through Django's test client:
- the directory page (first page, a name search, an expertise filter): p50/p95 latency and queries;
- notify() to all 3,000 members;
- a 5,000-row portfolio import: reading the file, checking every row, and the commit;
- tallying a poll with 1,000,000 answers.
Results go to bench/results/foundation.json and foundation.md.
"""

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
MEMBERS = 3000
INSTITUTIONS = 110
ROUNDS = 30

if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koers.settings")
os.environ["KOERS_TESTING"] = "true"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

settings.ALLOWED_HOSTS = ["testserver"]
settings.DEBUG = True  # to count queries
settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def build() -> None:
    from koers.accounts.models import User
    from koers.members.models import Consent, Institution, SharedField
    from koers.themes.models import Theme

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))
    start = Institution.objects.count()
    Institution.objects.bulk_create(
        Institution(name=f"Benchcollege {n}", slug=f"benchcollege-{n}") for n in range(INSTITUTIONS - start)
    )
    institutions = list(Institution.objects.all())
    themes = list(Theme.objects.all())
    users = User.objects.bulk_create(
        User(
            email=f"bench{n}@bench.example",
            full_name=f"Bench Lid {n:05d}",
            job_title="Informatiemanager",
            institution=institutions[n % len(institutions)],
            password="!",
        )
        for n in range(MEMBERS)
    )
    now = timezone.now()
    Consent.objects.bulk_create(
        Consent(user=u, field=f, text_version="2026-11", granted_at=now)
        for i, u in enumerate(users)
        for f in SharedField.values[: 1 + i % 4]
    )
    through = User.expertise.through
    through.objects.bulk_create(through(user_id=u.pk, theme_id=themes[i % len(themes)].pk) for i, u in enumerate(users))


def measure(client: Client, url: str) -> dict:
    timings, queries = [], 0
    for _ in range(ROUNDS):
        reset_queries()
        began = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(connection.queries)
    timings.sort()
    return {
        "url": url,
        "rounds": ROUNDS,
        "p50_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[int(0.95 * (len(timings) - 1))], 2),
        "queries": queries,
    }


def measure_import() -> dict:
    import csv
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile

    from koers.members.models import Institution
    from koers.portfolio import importing
    from koers.portfolio.services import import_commit, import_preview
    from koers.themes.models import Theme

    names = list(Theme.objects.values_list("name", flat=True))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(importing.COLUMNS)
    for n in range(5000):
        writer.writerow(
            [
                f"Bench project {n:05d}",
                "Omschrijving",
                "lopend",
                f"{names[n % len(names)]}; {names[0]}",
                "operationeel",
                "ict",
                "2026-01-01",
                "2027-01-01",
                "50k-250k",
            ]
        )
    upload = SimpleUploadedFile("bench.csv", out.getvalue().encode("utf-8"))
    institution = Institution.objects.get(slug="benchcollege-0")
    began = time.perf_counter()
    batch = import_preview(actor=None, institution=institution, upload=upload)
    read_ms = (time.perf_counter() - began) * 1000
    began = time.perf_counter()
    rows = importing.check(institution=institution, rows=batch.rows)
    check_ms = (time.perf_counter() - began) * 1000
    assert sum(r.action == "new" for r in rows) == 5000
    began = time.perf_counter()
    assert import_commit(batch=batch) == (5000, 0)
    commit_ms = (time.perf_counter() - began) * 1000
    return {"read": round(read_ms), "check": round(check_ms), "commit": round(commit_ms)}


def measure_tally() -> dict:
    """A survey with 250,000 ballots of four answers each: one choice, two choices and a scale value."""
    import datetime
    import random
    import uuid

    from koers.polls.models import Answer, Ballot
    from koers.polls.selectors import results
    from koers.polls.services import poll_create, poll_publish, question_save

    now = timezone.now()
    poll = poll_create(
        actor=None,
        data={
            "title": "Bench: een miljoen antwoorden",
            "kind": "enquete",
            "visibility": "altijd",
            "opens_at": now - datetime.timedelta(days=1),
            "closes_at": now + datetime.timedelta(days=1),
        },
    )
    single = question_save(
        poll=poll, question=None, data={"text": "Eén", "kind": "een"}, options=["A", "B", "C", "D", "E"]
    )
    multiple = question_save(
        poll=poll, question=None, data={"text": "Meer", "kind": "meer"}, options=["P", "Q", "R", "S"]
    )
    scale = question_save(poll=poll, question=None, data={"text": "Schaal", "kind": "schaal"}, options=[])
    poll_publish(actor=None, poll=poll)
    ones, mores = list(single.options.all()), list(multiple.options.all())
    rng = random.Random(1)
    began = time.perf_counter()
    for _ in range(25):  # 25 batches of 10,000 ballots
        ballots = [Ballot(id=uuid.uuid4(), poll=poll) for _ in range(10_000)]
        Ballot.objects.bulk_create(ballots, batch_size=5_000)
        answers = []
        for ballot in ballots:
            answers.append(Answer(ballot=ballot, question=single, option=rng.choice(ones)))
            answers.extend(Answer(ballot=ballot, question=multiple, option=o) for o in rng.sample(mores, 2))
            answers.append(Answer(ballot=ballot, question=scale, value=rng.randint(1, 5)))
        Answer.objects.bulk_create(answers, batch_size=5_000)
    fill_seconds = round(time.perf_counter() - began, 1)
    answers = Answer.objects.filter(ballot__poll=poll).count()
    timings = []
    for _ in range(3):
        began = time.perf_counter()
        tally = results(poll=poll)
        timings.append((time.perf_counter() - began) * 1000)
    assert tally.respondents == 250_000 and sum(o.count for o in tally.questions[0].options) == 250_000
    return {"answers": answers, "fill_seconds": fill_seconds, "tally_ms": round(statistics.median(timings))}


def main() -> None:
    from koers.accounts.models import User
    from koers.notifications.services import notify

    began = time.perf_counter()
    build()
    build_seconds = round(time.perf_counter() - began, 2)
    client = Client()
    client.force_login(User.objects.get(email="lid@koers.example"))
    pages = [
        measure(client, url)
        for url in [
            "/leden/",
            "/leden/?q=lid+0042",
            "/leden/?theme=data-en-ai",
            "/instellingen/",
            "/",
            "/regiegroep/",
        ]
    ]
    recipients = list(User.objects.filter(email__endswith="@bench.example"))
    began = time.perf_counter()
    notify(recipients=recipients, kind="meetings", subject="Bench")
    notify_ms = round((time.perf_counter() - began) * 1000, 1)
    import_ms = measure_import()
    tally = measure_tally()
    result = {
        "tally": tally,
        "import_5000_rows_ms": import_ms,
        "database": connection.vendor,
        "members": User.objects.count(),
        "build_seconds": build_seconds,
        "pages": pages,
        "notify_3000_ms": notify_ms,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "foundation.json").write_text(json.dumps(result, indent=2) + "\n")
    lines = [
        f"# Foundation benchmark ({connection.vendor}, {result['members']} members)",
        "",
        "| page | p50 ms | p95 ms | queries |",
        "|---|---|---|---|",
    ]
    lines += [f"| `{p['url']}` | {p['p50_ms']} | {p['p95_ms']} | {p['queries']} |" for p in pages]
    lines += ["", f"notify() to 3,000 members: {notify_ms} ms", ""]
    lines += [
        f"5,000-row import: read {import_ms['read']} ms, check {import_ms['check']} ms, "
        f"commit {import_ms['commit']} ms (target: under 10,000 ms in all)",
        "",
        f"Tally of a poll with {tally['answers']:,} answers: {tally['tally_ms']} ms (target: under 1,000 ms); "
        f"inserting them took {tally['fill_seconds']} s",
        "",
    ]
    (RESULTS / "foundation.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
