"""The check that every import inside a function says why (tools/check_local_imports.py, run by make lint)."""

import textwrap

from tools.check_local_imports import main, unexplained_imports


def lines(source: str) -> list[int]:
    return sorted(set(unexplained_imports(textwrap.dedent(source))))


def test_top_level_imports_need_no_comment():
    assert lines("import os\nfrom pathlib import Path\n") == []


def test_an_import_in_a_function_without_a_comment_is_reported():
    source = """
        def f():
            import os
            return os
    """
    assert lines(source) == [3]


def test_a_comment_on_the_line_or_just_above_explains_it():
    source = """
        def f():
            import os  # heavy, only for this command
            # a cycle: the poll app imports this module
            from koers import polls
            return os, polls
    """
    assert lines(source) == []


def test_a_comment_two_lines_up_does_not_count():
    source = """
        def f():
            # why

            import os
            return os
    """
    assert lines(source) == [5]


def test_one_comment_covers_a_group_of_imports_that_follow_each_other():
    source = """
        def f():
            # the notifications app sits above this one
            from koers.notifications.models import Kind
            from koers.notifications.services import (
                notify,
            )
            x = 1
            import os
            return Kind, notify, x, os
    """
    assert lines(source) == [9]


def test_imports_in_methods_and_nested_functions_count():
    source = """
        class A:
            def f(self):
                def g():
                    import os
                    return os
                return g
    """
    assert lines(source) == [5]


def test_a_string_that_looks_like_a_comment_is_no_comment():
    source = """
        def f():
            x = "# not a comment"
            import os
            return x, os
    """
    assert lines(source) == [4]


def test_main_names_file_and_line_and_fails(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("tools.check_local_imports.ROOT", tmp_path)
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "ok.py").write_text("import os\n")
    (tmp_path / "app" / "bad.py").write_text("def f():\n    import os\n")
    (tmp_path / "app" / "migrations").mkdir()
    (tmp_path / "app" / "migrations" / "0001_initial.py").write_text("def f():\n    import os\n")

    assert main(["app"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "app/bad.py:2: import inside a function without a comment saying why (move it to the top, or say why)"
    ]


def test_main_passes_when_every_local_import_says_why(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("tools.check_local_imports.ROOT", tmp_path)
    (tmp_path / "ok.py").write_text("def f():\n    import os  # only here\n")

    assert main(["ok.py"]) == 0
    assert capsys.readouterr().out == ""


def test_a_group_may_have_sections_apart_as_sorted_imports_do():
    source = """
        def f():
            # Django is set up by main() first
            from django.db import transaction

            from koers.accounts.models import User
            return transaction, User
    """
    assert lines(source) == []
