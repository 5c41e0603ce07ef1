"""Fails on an import inside a function that does not say why.

    python tools/check_local_imports.py [PATH ...]   # default: koers tools bench manage.py

An import belongs at the top of its module, where a reader sees what the module depends on (and import-linter
checks it). Inside a function it is allowed when there is a reason (an import cycle, a heavy or optional package,
a module that needs Django's app registry ready), and the reason must be written down: a comment on the import's
line or on the line directly above it. Imports that follow each other (one block, blank lines between its
sections allowed) share the comment above the first. Ruff's PLC0415 finds these imports but cannot ask for the
comment.

Migrations are skipped: Django writes them, and they reach models through ``apps.get_model``, never by import.
"""

import ast
import sys
import tokenize
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATHS = ["koers", "tools", "bench", "manage.py"]
SKIPPED_PARTS = {"migrations", ".venv", "node_modules", "__pycache__"}


def comment_lines(source: str) -> set[int]:
    """Numbers of the lines that carry a comment."""
    lines = set()
    readline = iter(source.splitlines(keepends=True)).__next__
    for token in tokenize.generate_tokens(readline):
        if token.type == tokenize.COMMENT:
            lines.add(token.start[0])
    return lines


def unexplained_imports(source: str) -> Iterator[int]:
    """Line numbers of imports inside a function body with no comment on their line or the line above.

    Imports that follow each other (blank lines between them allowed, as between the sections of a sorted import
    block) form a group, and one comment above the group covers all of it."""
    tree = ast.parse(source)
    commented = comment_lines(source)
    blank = {number for number, line in enumerate(source.splitlines(), start=1) if not line.strip()}
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        imports = [node for node in ast.walk(function) if isinstance(node, ast.Import | ast.ImportFrom)]
        ends = {_last_line(node): node for node in imports}
        for node in imports:
            first = node
            while not _has_comment(first, commented):
                above = first.lineno - 1
                while above in blank:
                    above -= 1
                if above not in ends:
                    break
                first = ends[above]
            if not _has_comment(node, commented) and first.lineno - 1 not in commented:
                yield node.lineno


def _last_line(node: ast.stmt) -> int:
    return node.end_lineno or node.lineno


def _has_comment(node: ast.stmt, commented: set[int]) -> bool:
    """Whether a comment sits on one of the statement's lines (an import in brackets spans several)."""
    return any(line in commented for line in range(node.lineno, _last_line(node) + 1))


def python_files(paths: list[str]) -> Iterator[Path]:
    for name in paths:
        path = ROOT / name
        candidates = [path] if path.is_file() else sorted(path.rglob("*.py"))
        for candidate in candidates:
            if not SKIPPED_PARTS & set(candidate.relative_to(ROOT).parts):
                yield candidate


def main(paths: list[str]) -> int:
    found = set()  # a nested function is walked twice: once inside its outer function
    for path in python_files(paths or DEFAULT_PATHS):
        for line in unexplained_imports(path.read_text()):
            found.add((str(path.relative_to(ROOT)), line))
    for name, line in sorted(found):
        print(f"{name}:{line}: import inside a function without a comment saying why (move it to the top, or say why)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
