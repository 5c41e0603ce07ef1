"""Hostile spreadsheets against the portfolio import: how fast and how lean each is refused.

For each file — a decompression bomb (a valid XLSX of a few hundred kilobytes whose sheet unpacks to
120 MB), a workbook with thousands of archive members, one with 40 MB of shared strings compressed only
tenfold (without the cap on shared strings it keeps a worker busy for some 17 s), and for comparison an
honest 20,000-row overview — a fresh Python process reads it with the import's reader
(``koers.portfolio.reading``) and reports the wall time and the growth of the process's peak memory
(resident set) during the read over what it held before.

Target (issue 18): a bomb is refused in under a second without the worker's memory growing past 100 MB.
The run fails when a target is missed. Results: bench/results/import-bomb.json and .md.

    python bench/import_bomb.py
"""

import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
BOMB_BYTES = 120 * 1024 * 1024
MAX_SECONDS = 1.0
MAX_GROWTH_MB = 100


def workbook(rows: int) -> bytes:
    from openpyxl import Workbook  # the parent needs no Django; openpyxl comes with Koers's dependencies

    book = Workbook()
    sheet = book.active
    sheet.append(["Projectnaam", "Omschrijving", "Status", "Thema's", "Startdatum", "Einddatum"])
    for n in range(rows):
        sheet.append([f"Project {n:05d}", "Omschrijving", "lopend", "Data en AI", "2026-01-01", "2027-01-01"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def bomb() -> bytes:
    """One sheet whose XML holds 120 MB of padding: deflate packs it into a few hundred kilobytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook(1))) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                target.writestr(item.filename, source.read(item))
                continue
            head, tail = source.read(item).split(b"<sheetData>")
            with target.open(item.filename, "w", force_zip64=True) as sheet:
                sheet.write(head + b"<sheetData>")
                chunk = b"<row r='1'><c r='A1' t='inlineStr'><is><t>x</t></is></c></row>" * 16384
                for _ in range(BOMB_BYTES // len(chunk)):
                    sheet.write(chunk)
                sheet.write(tail)
    return out.getvalue()


def shared_strings() -> bytes:
    """1.8 million short strings (40 MB) compressed ten times only: under the ratio, over the shared strings' cap."""
    out = io.BytesIO()
    types = (
        b'<Override PartName="/xl/sharedStrings.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    )
    relation = (
        b'<Relationship Id="rIdSS" Target="sharedStrings.xml" '
        b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
    )
    with zipfile.ZipFile(io.BytesIO(workbook(1))) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", types + b"</Types>")
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", relation + b"</Relationships>")
            target.writestr(item.filename, data)
        strings = b"".join(b"<si><t>%d</t></si>" % n for n in range(1_800_000))
        main = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        target.writestr("xl/sharedStrings.xml", b'<?xml version="1.0"?>' + main + strings + b"</sst>")
    return out.getvalue()


def many_members() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook(1))) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, source.read(item))
        for n in range(5000):
            target.writestr(f"xl/media/image{n}.xml", b"<x/>")
    return out.getvalue()


def memory_kb(field: str) -> int:
    """The process's resident set now (VmRSS) or at its peak (VmHWM), from /proc (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def reset_peak() -> None:
    """Start the peak (VmHWM) afresh from the current resident set, so it measures the read alone."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass  # without it the peak may include start-up, which only makes the growth look smaller


def child(path: str) -> None:
    """Read one file as the import does; print seconds, memory growth and the outcome as JSON."""
    import django  # the child alone loads Django: its memory is measured from this baseline

    django.setup()
    from django.core.exceptions import ValidationError  # after django.setup(), like every Django import here
    from django.core.files.uploadedfile import SimpleUploadedFile  # after django.setup()

    from koers.portfolio import reading  # after django.setup(): the app's models load only then

    content = Path(path).read_bytes()
    reset_peak()
    before = memory_kb("VmRSS")
    began = time.perf_counter()
    try:
        tables = reading.read_tables(SimpleUploadedFile("overzicht.xlsx", content))
        outcome = f"read: {sum(len(t['rows']) for t in tables)} rows"
    except ValidationError as error:
        outcome = "refused: " + " ".join(error.messages)
    seconds = time.perf_counter() - began
    growth = (memory_kb("VmHWM") - before) / 1024
    print(json.dumps({"seconds": round(seconds, 3), "growth_mb": round(growth, 1), "outcome": outcome}))


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
        return 0
    files = {
        "decompression bomb (120 MB unpacked)": (bomb(), True),
        "5,000 archive members": (many_members(), True),
        "1.8 million shared strings (40 MB unpacked)": (shared_strings(), True),
        "honest overview, 20,000 rows": (workbook(20_000), False),
    }
    results, failed = [], False
    with tempfile.TemporaryDirectory() as workdir:
        for name, (content, hostile) in files.items():
            path = Path(workdir) / "file.xlsx"
            path.write_bytes(content)
            env = os.environ | {"DJANGO_SETTINGS_MODULE": "koers.settings", "PYTHONPATH": str(ROOT)}
            output = subprocess.run(
                [sys.executable, __file__, "--child", str(path)], capture_output=True, text=True, cwd=ROOT, env=env
            )
            if output.returncode:
                print(output.stderr, file=sys.stderr)
                return 1
            row = {"file": name, "size_kb": round(len(content) / 1024), **json.loads(output.stdout.splitlines()[-1])}
            row["target"] = "—"
            if hostile:
                met = row["outcome"].startswith("refused") and row["seconds"] < MAX_SECONDS
                met = met and row["growth_mb"] < MAX_GROWTH_MB
                row["target"] = "met" if met else "miss"
                failed |= not met
            results.append(row)
            print(f"{name}: {row}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "import-bomb.json").write_text(json.dumps(results, indent=2) + "\n")
    lines = [
        "# Hostile spreadsheets against the import",
        "",
        "Made by `python bench/import_bomb.py`. Each file is read by the import's reader in a fresh process;"
        f" memory is the growth of its peak resident set during the read. Target for a hostile file: refused"
        f" in under {MAX_SECONDS:g} s with less than {MAX_GROWTH_MB} MB growth.",
        "",
        "| file | size | seconds | memory growth | outcome | target |",
        "|---|---:|---:|---:|---|---|",
    ]
    for row in results:
        lines.append(
            f"| {row['file']} | {row['size_kb']:,} KB | {row['seconds']} | {row['growth_mb']} MB |"
            f" {row['outcome']} | {row['target']} |"
        )
    (RESULTS / "import-bomb.md").write_text("\n".join(lines) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
