"""The example files of docs/deployment.md (deploy/) fit Koers: the environment file names only settings Koers
reads and passes Django's deployment check, and the units and the proxy pass what the settings expect."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
# Read by others than koers/settings.py: the web unit (KOERS_BIND), gunicorn (FORWARDED_ALLOW_IPS).
READ_ELSEWHERE = {"KOERS_BIND", "FORWARDED_ALLOW_IPS", "DATABASE_URL"}


def example_environment() -> dict[str, str]:
    """The settings koers.env.example sets (not those left commented out)."""
    pairs = {}
    for line in (DEPLOY / "koers.env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            pairs[name] = value
    return pairs


def test_the_environment_file_names_only_settings_koers_reads():
    text = (DEPLOY / "koers.env.example").read_text()
    named = set(re.findall(r"^#? ?([A-Z][A-Z_]+)=", text, re.M))
    read = set(re.findall(r"\b(KOERS_[A-Z_]+)\b", (ROOT / "koers" / "settings.py").read_text()))
    assert named - read - READ_ELSEWHERE == set()
    assert {"KOERS_SECRET_KEY", "KOERS_REDIS_URL", "KOERS_BEHIND_PROXY", "KOERS_MEDIA_ROOT"} <= named


def test_koers_passes_the_deployment_check_with_the_example_settings():
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("KOERS_") and k != "DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**inherited, **example_environment()},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_the_units_start_koers_with_the_environment_file():
    web = (DEPLOY / "koers-web.service").read_text()
    worker = (DEPLOY / "koers-worker.service").read_text()
    assert "EnvironmentFile=/etc/koers/koers.env" in web
    assert "EnvironmentFile=/etc/koers/koers.env" in worker
    assert re.search(
        r"^ExecStart=.*gunicorn --config /srv/koers/deploy/gunicorn\.conf\.py --bind \$\{KOERS_BIND\} ", web, re.M
    )
    assert re.search(r"^ExecStart=.* manage\.py db_worker$", worker, re.M)


def test_the_proxy_tells_koers_the_scheme_and_the_visitor():
    nginx = (DEPLOY / "nginx-koers.conf").read_text()
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in nginx
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in nginx
    assert len(re.findall(r"^\s+server 10\.0\.0\.\d+:8000 ", nginx, re.M)) == 2
