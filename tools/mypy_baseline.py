"""Runs mypy over koers and holds its errors to a committed baseline that may only go down.

    python tools/mypy_baseline.py            # check (make lint)
    python tools/mypy_baseline.py --update   # rewrite the baseline after fixing errors

The baseline (tools/mypy-baseline.txt) lists today's errors, one a line as ``path: message  [code]`` without line
numbers, so that editing a file above an old error does not count as a change. The check fails when a file has more
errors than its baseline (and names the errors that are new), and when a file has fewer errors than its baseline
while the baseline still counts the old ones: then the fix is in and the baseline must come down with it.
"""

import argparse
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "tools" / "mypy-baseline.txt"
UPDATE = "python tools/mypy_baseline.py --update"
# path:line: error: message  [code]   (mypy's default one-line format; notes are context, not errors)
ERROR = re.compile(r"^(?P<path>[^:\s][^:]*):(?P<line>\d+): error: (?P<message>.*)$")


def run_mypy() -> list[tuple[str, int, str]]:
    """(path, line, message) of every error mypy reports with the settings in pyproject.toml."""
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-pretty", "--no-color-output", "--no-error-summary"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    # mypy exits 0 when clean, 1 when it found errors, 2 when it could not run (bad config, crash).
    if result.returncode not in (0, 1):
        sys.exit(f"mypy could not run (exit {result.returncode}):\n{result.stdout}{result.stderr}")
    errors = []
    for line in result.stdout.splitlines():
        if match := ERROR.match(line):
            errors.append((match["path"], int(match["line"]), match["message"].strip()))
    return errors


def read_baseline() -> Counter[tuple[str, str]]:
    if not BASELINE.exists():
        return Counter()
    entries = [line.split(": ", 1) for line in BASELINE.read_text().splitlines() if line and not line.startswith("#")]
    return Counter((path, message) for path, message in entries)


def write_baseline(errors: list[tuple[str, int, str]]) -> None:
    lines = sorted(f"{path}: {message}" for path, _line, message in errors)
    header = f"# mypy errors that are allowed to remain; this list may only get shorter. Regenerate: {UPDATE}\n"
    BASELINE.write_text(header + "".join(f"{line}\n" for line in lines))


def compare(errors: list[tuple[str, int, str]], baseline: Counter[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """(problems, files that went down): a problem is a file with more errors than its baseline, with its new errors."""
    current = Counter((path, message) for path, _line, message in errors)
    per_file_now = Counter(path for path, _line, _message in errors)
    per_file_before = Counter[str]()
    for (path, _message), count in baseline.items():
        per_file_before[path] += count
    problems = []
    for path in sorted(per_file_now):
        if per_file_now[path] <= per_file_before[path]:
            continue
        problems.append(f"{path}: {per_file_now[path]} errors, the baseline allows {per_file_before[path]}")
        new = {key for key in current if key[0] == path and current[key] > baseline[key]}
        # Name the errors whose message the baseline does not know; if only their number grew, name them all.
        for error_path, line, message in errors:
            if error_path == path and (error_path, message) in new:
                problems.append(f"  {path}:{line}: {message}")
    lowered = sorted(path for path in per_file_before if per_file_now[path] < per_file_before[path])
    return problems, lowered


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--update", action="store_true", help="rewrite the baseline with today's errors")
    args = parser.parse_args()

    errors = run_mypy()
    if args.update:
        write_baseline(errors)
        print(f"{BASELINE.relative_to(ROOT)}: {len(errors)} errors")
        return 0

    baseline = read_baseline()
    problems, lowered = compare(errors, baseline)
    if problems:
        print("mypy: new type errors (fix them; the baseline may only go down):")
        print("\n".join(problems))
        return 1
    if lowered:
        print(f"mypy: fewer errors than the baseline in {', '.join(lowered)}.")
        print(f"Well done: lower the baseline: run {UPDATE} and commit tools/mypy-baseline.txt")
        return 1
    print(f"mypy: {len(errors)} errors, as in the baseline")
    return 0


if __name__ == "__main__":
    sys.exit(main())
