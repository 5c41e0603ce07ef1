"""CSV and XLSX files for download: one way to write them, one way to serve them."""

import csv
import io

from django.http import Http404, HttpResponse
from openpyxl import Workbook

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _inert(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe, so it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _safe(rows):
    return ([_inert(value) for value in row] for row in rows)


def csv_bytes(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(_safe(rows))  # Dutch spreadsheet programs expect semicolons
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM so Excel reads UTF-8


def xlsx_bytes(rows, *, title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in _safe(rows):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def workbook_bytes(sheets) -> bytes:
    """A workbook of several sheets: ``sheets`` is a list of (title, rows)."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title=str(title)[:31])
        for row in _safe(rows):
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def spreadsheet_response(rows, *, fmt: str, title: str, filename: str) -> HttpResponse:
    """``rows`` (heading first) as a CSV or XLSX download; any other format is 404."""
    if fmt not in CONTENT_TYPES:
        raise Http404
    content = csv_bytes(rows) if fmt == "csv" else xlsx_bytes(rows, title=title)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
