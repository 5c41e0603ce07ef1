"""Reading an uploaded spreadsheet into plain tables, safely: the file is checked before it is parsed.

A table is a dict that can be kept as JSON between the preview and the commit::

    {"name": "Projecten", "header_row": 3, "headers": ["Projectnaam", ...],
     "rows": [[4, ["Dashboard", ...]], ...], "warnings": [[7, "C", "..."]]}

Row numbers are the spreadsheet's own (the first row is 1, empty rows count). Cells are text: dates as
ISO dates, whole numbers without ".0". A workbook gives one table per worksheet that has any cells.
"""

import csv
import datetime
import io
import re
import unicodedata
import zipfile
from collections import Counter

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

from koers.core.spreadsheets import FORMULA_STARTS

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000  # data rows in all sheets together
MAX_COLUMNS = 60
HEADER_SEARCH_ROWS = 30  # the header is looked for among the first rows of a sheet
# The archive of an XLSX file, checked before anything is unpacked (a decompression bomb is refused here).
MAX_ARCHIVE_MEMBERS = 1000
MAX_UNCOMPRESSED = 60 * 1024 * 1024
MAX_RATIO = 100  # uncompressed size / compressed size of one member larger than RATIO_FROM
RATIO_FROM = 1024 * 1024
# The shared strings are read whole before the first row; 20,000 rows of text need far less than this.
MAX_SHARED_STRINGS = 20 * 1024 * 1024

MSG_TOO_LARGE = _("Het bestand is groter dan 5 MB. Splits het op of laat kolommen weg die Koers niet leest.")
MSG_WRONG_TYPE = _("Kies een Excel-bestand (.xlsx) of een CSV-bestand (.csv).")
MSG_UNREADABLE = _("Dit bestand kan Koers niet lezen. Sla het opnieuw op als .xlsx of .csv (UTF-8).")
MSG_EMPTY_FILE = _("Het bestand is leeg.")
MSG_EMPTY = _("Het bestand bevat geen projecten.")
MSG_TOO_MANY_ROWS = _("Het bestand bevat meer dan 20.000 rijen.")
MSG_XLS = _(
    "Dit is een bestand in het oude Excel-formaat (.xls). Open het in Excel en kies Opslaan als > "
    "Excel-werkmap (.xlsx), of sla het op als CSV."
)
MSG_ENCRYPTED = _(
    "Deze werkmap is met een wachtwoord beveiligd. Koers kan hem niet openen: haal het wachtwoord eraf "
    "(Bestand > Info > Werkmap beveiligen) en lees hem opnieuw in."
)
MSG_PROGRAM = _("Dit bestand is een programma, geen spreadsheet. Kies een Excel-bestand (.xlsx) of een CSV-bestand.")
MSG_BOMB = _(
    "Dit Excel-bestand pakt uit tot veel meer gegevens dan een projectoverzicht bevat en wordt daarom "
    "niet gelezen. Sla alleen het overzicht op in een nieuwe werkmap, of als CSV."
)
MSG_FORMULA_WITHOUT_VALUE = _(
    "Formule zonder opgeslagen uitkomst; de cel is als leeg gelezen. Open het bestand in Excel en sla het opnieuw op."
)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .xls files and of encrypted workbooks
PROGRAM_MAGIC = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa\xcf", b"#!")


def fold(text: str) -> str:
    """Lower case without accents, with single spaces: how two spellings of one name are compared."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return " ".join(text.casefold().split())


def key(text: str) -> str:
    """Only letters and digits of ``fold(text)``: "Thema('s)" and "thema's" have the same key."""
    return re.sub(r"[^a-z0-9<>]", "", fold(text))


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "ja" if value else "nee"
    text = str(value).strip()
    if text.startswith("'") and text[1:2] in FORMULA_STARTS:
        # Koers's own exports keep text that a spreadsheet would run as a formula inert with an apostrophe.
        text = text[1:]
    return text


def read_tables(upload) -> list[dict]:
    """Every table of the uploaded file; ValidationError with a Dutch message for a file Koers does not read."""
    if upload.size > MAX_BYTES:
        raise ValidationError(MSG_TOO_LARGE)
    content = upload.read()
    if not content:
        raise ValidationError(MSG_EMPTY_FILE)
    head = content[:8]
    if head.startswith(PROGRAM_MAGIC):
        raise ValidationError(MSG_PROGRAM)
    if head == OLE_MAGIC:
        # An encrypted XLSX is an OLE container with an "EncryptionInfo" stream; anything else is an .xls.
        raise ValidationError(MSG_ENCRYPTED if "EncryptionInfo".encode("utf-16-le") in content else MSG_XLS)
    name = (upload.name or "").lower()
    if name.endswith(".xls"):
        raise ValidationError(MSG_XLS)
    if name.endswith(".xlsx") or name.endswith(".xlsm"):
        tables = _read_xlsx(content)
    elif name.endswith((".csv", ".txt")):
        tables = [_read_csv(content)]
    else:
        raise ValidationError(MSG_WRONG_TYPE)
    tables = [t for t in tables if t["rows"] or t["headers"]]
    if not tables:
        raise ValidationError(MSG_EMPTY)
    return tables


# --- CSV ------------------------------------------------------------------------------------------------


def decode(content: bytes) -> str:
    """UTF-8 with or without BOM, else Windows-1252.

    Windows-1252 is what Dutch Excel writes as "CSV (gescheiden door lijstscheidingsteken)".
    """
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def delimiter(text: str) -> str:
    """``;``, tab or ``,``: the one that splits the first lines into the same number of cells most often."""
    sample = [line for line in text.splitlines()[:50] if line.strip()]
    best, best_score = ";", (0, 0)
    for candidate in (";", "\t", ","):
        counts = [len(row) for row in csv.reader(sample, delimiter=candidate)]
        width, times = Counter(counts).most_common(1)[0] if counts else (1, 0)
        score = (times if width > 1 else 0, width)
        if score > best_score:
            best, best_score = candidate, score
    return best


def _read_csv(content: bytes) -> dict:
    text = decode(content)
    rows = []
    for number, record in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter(text)), start=1):
        if number > MAX_ROWS + HEADER_SEARCH_ROWS:
            raise ValidationError(MSG_TOO_MANY_ROWS)
        cells = [cell_text(v) for v in record[:MAX_COLUMNS]]
        if any(cells):
            rows.append([number, cells])
    return _table("", rows, [])


# --- XLSX -----------------------------------------------------------------------------------------------


def check_archive(archive: zipfile.ZipFile) -> None:
    """Refuse a decompression bomb from the archive's directory alone, before anything is unpacked.

    zipfile never unpacks more than a member's declared size, so the declared sizes are safe to trust.
    """
    members = archive.infolist()
    if len(members) > MAX_ARCHIVE_MEMBERS:
        raise ValidationError(MSG_BOMB)
    if sum(m.file_size for m in members) > MAX_UNCOMPRESSED:
        raise ValidationError(MSG_BOMB)
    for member in members:
        if member.file_size > RATIO_FROM and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise ValidationError(MSG_BOMB)
        if member.filename.lower().endswith("sharedstrings.xml") and member.file_size > MAX_SHARED_STRINGS:
            raise ValidationError(MSG_BOMB)


class _Parser(WorkSheetParser):
    """openpyxl's streaming sheet parser, noting formulas that have no stored result."""

    def parse_cell(self, element):
        cell = super().parse_cell(element)
        if cell["value"] is None and element.find(FORMULA_TAG) is not None:
            cell["formula_without_value"] = True
        return cell


def _read_xlsx(content: bytes) -> list[dict]:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            check_archive(archive)
    except zipfile.BadZipFile as error:
        raise ValidationError(MSG_UNREADABLE) from error
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - any parser failure means the same to the member
        raise ValidationError(MSG_UNREADABLE) from error
    tables, total = [], 0
    try:
        for sheet in book.worksheets:
            table = _read_sheet(book, sheet, budget=MAX_ROWS + HEADER_SEARCH_ROWS - total)
            total += len(table["rows"])
            tables.append(table)
    except ValidationError:
        raise
    except Exception as error:  # noqa: BLE001
        raise ValidationError(MSG_UNREADABLE) from error
    finally:
        book.close()
    return tables


def _read_sheet(book, sheet, *, budget: int) -> dict:
    # The streaming parser of openpyxl's read-only mode, used directly: it gives each row's own number and,
    # after the last row, the sheet's merged ranges (which the read-only worksheet does not offer).
    cells: dict[int, dict[int, str]] = {}
    warnings = []
    with sheet._get_source() as source:  # noqa: SLF001 - the read-only sheet's XML stream
        parser = _Parser(
            source,
            sheet._shared_strings,  # noqa: SLF001
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,  # noqa: SLF001
            timedelta_formats=book._timedelta_formats,  # noqa: SLF001
        )
        for number, row in parser.parse():
            values = {}
            for cell in row:
                if cell["column"] > MAX_COLUMNS:
                    continue
                if cell.get("formula_without_value"):
                    warnings.append([number, get_column_letter(cell["column"]), str(MSG_FORMULA_WITHOUT_VALUE)])
                text = cell_text(cell["value"])
                if text:
                    values[cell["column"]] = text
            if values:
                if len(cells) >= budget:
                    raise ValidationError(MSG_TOO_MANY_ROWS)
                cells[number] = values
        merged = parser.merged_cells.mergeCell if parser.merged_cells else []
    for merge in merged:
        # A merged range keeps its value in the top-left cell only; every cell of the range gets it.
        min_col, min_row, max_col, max_row = range_boundaries(merge.ref)
        value = cells.get(min_row, {}).get(min_col, "")
        if not value:
            continue
        for r in range(min_row, min(max_row, min_row + MAX_ROWS) + 1):
            for c in range(min_col, min(max_col, MAX_COLUMNS) + 1):
                cells.setdefault(r, {})[c] = value
    rows = []
    for number in sorted(cells):
        values = cells[number]
        rows.append([number, [values.get(c, "") for c in range(1, max(values) + 1)]])
    return _table(sheet.title, rows, warnings)


# --- The table: where its header is -------------------------------------------------------------------

# The names under which a college's overview holds each of Koers's columns (compared by key(): case,
# accents, spaces and punctuation ignored). The first name of each is the column of Koers's template.
HEADER_SYNONYMS = {
    "titel": ["titel", "projectnaam", "naam", "project", "projecttitel", "naam project", "onderwerp", "title"],
    "omschrijving": ["omschrijving", "toelichting", "beschrijving", "projectomschrijving", "samenvatting", "doel"],
    "status": ["status", "fase", "stand van zaken", "voortgang", "projectstatus"],
    "thema's": ["thema's", "thema", "thema('s)", "themas", "strategisch thema", "thema's koers"],
    "perspectief": ["perspectief", "horizon", "strategisch of operationeel", "niveau"],
    "domein": ["domein", "ict of business", "soort"],
    "begindatum": ["begindatum", "startdatum", "start", "begin", "aanvang", "vanaf", "startmoment"],
    "einddatum": ["einddatum", "eind", "einde", "tot", "opleverdatum", "deadline", "eindmoment"],
    "budget": ["budget", "budgetklasse", "begroting", "kosten"],
    "contactpersoon": [
        "contactpersoon",
        "contact",
        "eigenaar",
        "projectleider",
        "trekker",
        "verantwoordelijke",
        "e-mail",
        "e-mailadres",
    ],
    "partners": ["partners", "partnerinstellingen", "samenwerkingspartners", "partner", "samen met"],
}
FIELD_OF_HEADER = {key(name): field for field, names in HEADER_SYNONYMS.items() for name in names}


def header_score(cells: list[str]) -> int:
    """How many cells of a row are names of Koers's columns."""
    return sum(1 for cell in cells if cell and key(cell) in FIELD_OF_HEADER)


def _table(name: str, rows: list, warnings: list) -> dict:
    """Split the non-empty rows of a sheet into its header (title rows above it skipped) and its data rows."""
    index = 0
    candidates = rows[:HEADER_SEARCH_ROWS]
    scored = [(header_score(cells), i) for i, (_number, cells) in enumerate(candidates)]
    known = [(score, i) for score, i in scored if score >= 2]
    if known:
        index = known[0][1]
    elif candidates:
        # No known names: the first row as wide as most rows (a title row above it has one cell).
        widest = Counter(sum(1 for c in cells if c) for _n, cells in candidates).most_common(1)[0][0]
        index = next(i for i, (_n, cells) in enumerate(candidates) if sum(1 for c in cells if c) >= widest)
    if not rows:
        return {"name": name, "header_row": 0, "headers": [], "rows": [], "warnings": warnings}
    header_row, headers = rows[index]
    data = rows[index + 1 :]
    if len(data) > MAX_ROWS:
        raise ValidationError(MSG_TOO_MANY_ROWS)
    return {
        "name": name,
        "header_row": header_row,
        "headers": headers,
        "rows": data,
        "warnings": [w for w in warnings if w[0] > header_row],
    }
