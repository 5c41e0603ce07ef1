"""Real-looking spreadsheets for the import tests, built in memory."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def csv_bytes(lines: list[list[str]], *, sep: str = ";", encoding: str = "utf-8", bom: bool = False) -> bytes:
    text = "\r\n".join(sep.join(cells) for cells in lines) + "\r\n"
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
