"""The interface is Dutch by default with a complete English translation."""

from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parents[1] / "koers" / "locale" / "en" / "LC_MESSAGES"


def test_english_catalogue_is_complete():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert po.percent_translated() == 100


def test_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    mo = polib.mofile(str(CATALOGUE / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in mo}
    source = {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in po.translated_entries()}
    assert {k: v for k, v in compiled.items() if k[1]} == source


def test_catalogue_has_every_string_in_the_code(tmp_path):
    """Extract the strings afresh (as `make messages` does) and compare with the committed catalogue."""
    import os
    import shutil
    import subprocess
    import sys

    import pytest

    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext (xgettext) is not installed")
    root = CATALOGUE.parents[3]
    shutil.copytree(root / "koers", tmp_path / "koers", ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copy(root / "manage.py", tmp_path / "manage.py")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    subprocess.run(
        [sys.executable, "../manage.py", "makemessages", "-l", "en", "--no-obsolete"],
        cwd=tmp_path / "koers",
        env=env,
        check=True,
        capture_output=True,
    )
    fresh = polib.pofile(str(tmp_path / "koers" / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    committed = polib.pofile(str(CATALOGUE / "django.po"))
    assert sorted({e.msgid for e in fresh} - {e.msgid for e in committed}) == []
