import io
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import redis
from django.db import OperationalError
from django.urls import reverse
from django.utils import translation

from koers.core.markdown import render_markdown
from koers.core.templatetags.koers import euro
from koers.members.audit import MemberAction
from koers.privacy.audit import PrivacyAction

ROOT = Path(__file__).resolve().parents[2]


def test_healthz_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_healthz_reports_unreachable_database(client, db):
    with mock.patch("koers.core.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}


def test_healthz_reports_an_unreachable_cache(client, db):
    with mock.patch("koers.core.views.cache.get", side_effect=redis.ConnectionError("Connection refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "cache": "unreachable"}


def test_healthz_live_answers_without_the_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(0), mock.patch("koers.core.views.connection.cursor", side_effect=OperationalError):
        response = client.get("/healthz/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_markdown_is_sanitised():
    html = render_markdown("**vet** <script>alert(1)</script> [link](javascript:alert(1)) [ok](https://mbo.example)")
    assert "<strong>vet</strong>" in html
    assert "<script" not in html
    assert "javascript:" not in html
    assert '<a href="https://mbo.example" rel="noopener noreferrer nofollow">ok</a>' in html


def test_audit_log_lists_and_filters(client, steering, member):
    from koers.core.audit import audit_record

    audit_record(actor=member, action=PrivacyAction.DATA_EXPORTED, target=member)
    audit_record(actor=steering, action=MemberAction.POSITION_STARTED, target=steering)
    client.force_login(steering)
    page = client.get(reverse("core:audit-log"), {"action": "data.exported"}).content.decode()
    assert "Persoonsgegevens gedownload" in page
    assert "<td>Functie toegekend</td>" not in page


def _django(args: list[str], **env: str) -> subprocess.CompletedProcess:
    skip = {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if not k.startswith("KOERS_") and k not in skip}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_production_refuses_to_start_without_secret_key():
    result = _django(["check"], KOERS_DEBUG="false", KOERS_ALLOWED_HOSTS="koers.example")
    assert result.returncode == 1
    assert "KOERS_SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _django(["check"], KOERS_DEBUG="false", KOERS_SECRET_KEY="k" * 60)
    assert result.returncode == 1
    assert "KOERS_ALLOWED_HOSTS must name" in result.stderr


def test_bad_boolean_setting_is_refused():
    result = _django(["check"], KOERS_DEBUG="misschien")
    assert result.returncode == 1
    assert "KOERS_DEBUG must be true or false" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = _django(
        ["check", "--deploy", "--fail-level", "WARNING"],
        KOERS_DEBUG="false",
        KOERS_SECRET_KEY="x9!" * 20 + "Kq",
        KOERS_ALLOWED_HOSTS="koers.example",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_error_pages_are_in_dutch(client, member):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()
    client.force_login(member)
    response = client.get(reverse("core:audit-log"))
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()


def test_strict_content_security_policy(client, db):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_language_choice_is_kept_in_the_members_profile(client, member):
    client.force_login(member)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/leden/"})
    assert response.status_code == 302 and response["Location"] == "/leden/"
    member.refresh_from_db()
    assert member.language == "en"


def test_members_language_is_used_without_a_browser_choice(client, member):
    member.language = "en"
    member.save()
    client.force_login(member)
    assert client.get("/").headers["Content-Language"] == "en"
    client.cookies["django_language"] = "nl"
    assert client.get("/").headers["Content-Language"] == "nl"


def test_guest_language_switch_changes_nothing_stored(client, member):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.language == "nl"


def test_dutch_is_the_default_whatever_the_browser_prefers(client, db):
    response = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert response.headers["Content-Language"] == "nl"
    client.cookies["django_language"] = "en"
    assert client.get("/").headers["Content-Language"] == "en"


def test_spreadsheet_text_that_looks_like_a_formula_stays_text():

    from openpyxl import load_workbook

    from koers.core.spreadsheets import csv_bytes, xlsx_bytes

    rows = [["Naam", "Antwoord"], ["Gerda", '=HYPERLINK("https://elders.example")'], ["Hans", -3], ["Kees", "-3"]]
    assert csv_bytes(rows).decode("utf-8-sig").splitlines()[1:] == [
        'Gerda;"\'=HYPERLINK(""https://elders.example"")"',
        "Hans;-3",
        "Kees;'-3",
    ]
    sheet = load_workbook(io.BytesIO(xlsx_bytes(rows, title="x"))).active
    assert [c.value for c in sheet["B"]] == ["Antwoord", '\'=HYPERLINK("https://elders.example")', -3, "'-3"]
    assert sheet["B2"].data_type == "s"


def test_the_language_switch_names_each_language_in_that_language(client, db):
    for chosen in ("nl", "en"):
        client.cookies["django_language"] = chosen
        page = client.get("/").content.decode()
        assert '<option value="nl" lang="nl"' in page and ">Nederlands</option>" in page
        assert ">English</option>" in page and "Engels" not in page and "Dutch" not in page


def test_euro_amounts_follow_the_active_language():
    with translation.override("nl"):
        assert euro(350000) == "€ 350.000"
        assert euro(1250) == "€ 1.250"
        assert euro(0) == "€ 0"
    with translation.override("en"):
        assert euro(350000) == "€ 350,000"
    assert euro(None) == ""
