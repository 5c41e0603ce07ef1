"""Real-looking spreadsheets for the import tests, built in memory."""

import csv
import io
import re
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def csv_bytes(lines: list[list[str]], *, sep: str = ";", encoding: str = "utf-8", bom: bool = False) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=sep).writerows(lines)
    text = out.getvalue()
    return ("\ufeff" if bom else "").encode("utf-8") + text.encode(encoding)


def xlsx_bytes(sheets: dict[str, list[list]], *, merge: dict[str, list[str]] | None = None) -> bytes:
    """A workbook with one sheet per item; ``merge`` names the ranges to merge per sheet."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for cells in (merge or {}).get(title, []):
            sheet.merge_cells(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_cached_value(content: bytes, cell: str, value: str) -> bytes:
    """The workbook with a stored result for the formula in ``cell``, as Excel saves it (openpyxl saves none)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(
                    rf'<c r="{cell}"><f>(.*?)</f><v ?/>'.encode(),
                    rf'<c r="{cell}" t="str"><f>\1</f><v>{value}</v>'.encode(),
                    data,
                )
            target.writestr(item.filename, data)
    return out.getvalue()
