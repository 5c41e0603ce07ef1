"""The mypy baseline (tools/mypy_baseline.py, run by make lint): errors may only go down."""

import sys
from collections import Counter

import pytest

from tools import mypy_baseline

OLD = [
    ("koers/a.py", 3, 'Missing type parameters for generic type "dict"  [type-arg]'),
    ("koers/a.py", 9, "Function is missing a type annotation  [no-untyped-def]"),
    ("koers/b.py", 1, "Function is missing a type annotation  [no-untyped-def]"),
]


@pytest.fixture
def baseline(tmp_path, monkeypatch):
    path = tmp_path / "mypy-baseline.txt"
    monkeypatch.setattr(mypy_baseline, "ROOT", tmp_path)
    monkeypatch.setattr(mypy_baseline, "BASELINE", path)
    return path


def run(monkeypatch, errors, *args):
    monkeypatch.setattr(mypy_baseline, "run_mypy", lambda: errors)
    monkeypatch.setattr(sys, "argv", ["mypy_baseline.py", *args])
    return mypy_baseline.main()


def test_update_writes_one_line_per_error_without_line_numbers(baseline, monkeypatch):
    assert run(monkeypatch, OLD, "--update") == 0
    assert baseline.read_text().splitlines()[1:] == [
        "koers/a.py: Function is missing a type annotation  [no-untyped-def]",
        'koers/a.py: Missing type parameters for generic type "dict"  [type-arg]',
        "koers/b.py: Function is missing a type annotation  [no-untyped-def]",
    ]
    assert baseline.read_text().startswith("# ")
    assert mypy_baseline.read_baseline() == Counter((path, message) for path, _line, message in OLD)


def test_the_same_errors_on_other_lines_pass(baseline, monkeypatch, capsys):
    run(monkeypatch, OLD, "--update")
    moved = [(path, line + 10, message) for path, line, message in OLD]
    assert run(monkeypatch, moved) == 0
    assert capsys.readouterr().out.endswith("mypy: 3 errors, as in the baseline\n")


def test_a_new_error_fails_and_is_named(baseline, monkeypatch, capsys):
    run(monkeypatch, OLD, "--update")
    capsys.readouterr()
    new = ("koers/b.py", 7, 'Item "None" of "Poll | None" has no attribute "pk"  [union-attr]')
    assert run(monkeypatch, [*OLD, new]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "mypy: new type errors (fix them; the baseline may only go down):",
        "koers/b.py: 2 errors, the baseline allows 1",
        '  koers/b.py:7: Item "None" of "Poll | None" has no attribute "pk"  [union-attr]',
    ]


def test_an_error_in_a_file_without_errors_fails(baseline, monkeypatch, capsys):
    run(monkeypatch, OLD, "--update")
    capsys.readouterr()
    assert run(monkeypatch, [*OLD, ("koers/c.py", 2, 'Name "x" is not defined  [name-defined]')]) == 1
    assert "koers/c.py: 1 errors, the baseline allows 0" in capsys.readouterr().out


def test_fewer_errors_fail_until_the_baseline_is_lowered(baseline, monkeypatch, capsys):
    run(monkeypatch, OLD, "--update")
    capsys.readouterr()
    fixed = OLD[1:]
    assert run(monkeypatch, fixed) == 1
    out = capsys.readouterr().out
    assert "fewer errors than the baseline in koers/a.py" in out
    assert "lower the baseline: run python tools/mypy_baseline.py --update" in out

    assert run(monkeypatch, fixed, "--update") == 0
    assert run(monkeypatch, fixed) == 0


def test_a_file_that_trades_one_error_for_another_of_the_same_count_passes(baseline, monkeypatch):
    # The count per file is the rule; a changed message in a file that did not get worse is no new error.
    run(monkeypatch, OLD, "--update")
    traded = [*OLD[:2], ("koers/b.py", 1, "Function is missing a return type annotation  [no-untyped-def]")]
    assert run(monkeypatch, traded) == 0


def test_mypy_lines_are_read_as_errors_and_notes_are_skipped(monkeypatch):
    output = (
        'koers/a.py:3: error: Missing type parameters for generic type "dict"  [type-arg]\n'
        "koers/a.py:3: note: See https://mypy.readthedocs.io\n"
        "Found 1 error in 1 file\n"
    )

    class Result:
        returncode = 1
        stdout = output
        stderr = ""

    monkeypatch.setattr(mypy_baseline.subprocess, "run", lambda *args, **kwargs: Result())
    assert mypy_baseline.run_mypy() == [
        ("koers/a.py", 3, 'Missing type parameters for generic type "dict"  [type-arg]')
    ]


def test_a_mypy_that_cannot_run_fails_loudly(monkeypatch):
    class Result:
        returncode = 2
        stdout = "pyproject.toml: error: bad config\n"
        stderr = ""

    monkeypatch.setattr(mypy_baseline.subprocess, "run", lambda *args, **kwargs: Result())
    with pytest.raises(SystemExit, match="mypy could not run"):
        mypy_baseline.run_mypy()
