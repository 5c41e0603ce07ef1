"""The import reads CSV as Dutch Excel saves it, and refuses hostile or foreign files before parsing them."""

import io
import zipfile
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from koers.portfolio import reading
from koers.portfolio.models import ImportBatch

from .import_files import csv_bytes, upload, xlsx_bytes

HEADER = ["Projectnaam", "Omschrijving", "Status", "Thema('s)", "Startdatum", "Einddatum"]
ROW = ["Café-rooster", "Één rooster voor álle locaties", "In uitvoering", "Data en AI", "1-9-2023", "sept 2024"]


def refusal(name: str, content: bytes) -> str:
    with pytest.raises(ValidationError) as raised:
        reading.read_tables(upload(name, content))
    [message] = raised.value.messages
    return message


@pytest.mark.parametrize(
    ("sep", "encoding", "bom"),
    [
        (";", "cp1252", False),
        (";", "utf-8", True),
        (";", "utf-8", False),
        (",", "utf-8", False),
        ("\t", "cp1252", False),
    ],
    ids=["excel-nl-cp1252", "utf8-bom", "utf8", "comma", "tab"],
)
def test_csv_in_the_encodings_and_separators_excel_saves(sep, encoding, bom):
    content = csv_bytes([["Projectoverzicht 2024"], [], HEADER, ROW], sep=sep, encoding=encoding, bom=bom)
    [table] = reading.read_tables(upload("overzicht.csv", content))
    assert table["header_row"] == 3
    assert table["headers"] == HEADER
    assert table["rows"] == [[4, ROW]]


def test_cp1252_is_not_mistaken_for_utf8():
    assert "Café".encode("cp1252") == b"Caf\xe9"
    assert reading.decode(b"Caf\xe9;\x80 50k") == "Café;€ 50k"
    assert reading.delimiter('"a;b",c,d\ne,f,g\n') == ","


def bomb(size: int = 5 * 1024 * 1024) -> bytes:
    """A small valid XLSX whose sheet XML unpacks to ``size`` bytes of whitespace-padded cells."""
    good = xlsx_bytes({"Projecten": [HEADER, ROW]})
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * size)
            target.writestr(item.filename, data)
    return out.getvalue()


def test_a_decompression_bomb_is_refused_from_the_archive_directory_before_parsing():
    content = bomb()
    assert len(content) < 50_000  # 5 MB of XML in a few kilobytes
    with mock.patch("koers.portfolio.reading.load_workbook", side_effect=AssertionError("parsed")):
        assert refusal("overzicht.xlsx", content) == str(reading.MSG_BOMB)


def test_the_archive_check_counts_members_and_total_size():
    def archive(*sizes, name="xl/worksheets/sheet{n}.xml"):
        infos = []
        for n, (size, compressed) in enumerate(sizes):
            info = zipfile.ZipInfo(name.format(n=n))
            info.file_size, info.compress_size = size, compressed
            infos.append(info)
        return mock.Mock(infolist=mock.Mock(return_value=infos))

    reading.check_archive(archive((2_000_000, 40_000), (500, 1)))  # ratio 50 and a tiny file: fine
    reading.check_archive(archive((15_000_000, 1_500_000), name="xl/sharedStrings.xml"))
    for refused in [
        archive(*[(10, 10)] * 1001),  # too many members
        archive(*[(20_000_000, 1_000_000)] * 4),  # 80 MB in all
        archive((2_000_000, 10_000)),  # ratio 200
        archive((25_000_000, 2_500_000), name="xl/sharedStrings.xml"),  # 25 MB of shared strings
    ]:
        with pytest.raises(ValidationError) as raised:
            reading.check_archive(refused)
        assert raised.value.messages == [str(reading.MSG_BOMB)]


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("overzicht.xlsx", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, reading.MSG_PROGRAM),
        ("overzicht.csv", b"\x7fELF\x02\x01\x01" + b"\x00" * 200, reading.MSG_PROGRAM),
        ("overzicht.xlsx", b"", reading.MSG_EMPTY_FILE),
        (
            "overzicht.xlsx",
            OLE + b"\x00" * 100 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 100,
            reading.MSG_ENCRYPTED,
        ),
        ("overzicht.xls", OLE + b"\x00" * 100 + "Workbook".encode("utf-16-le"), reading.MSG_XLS),
        ("overzicht.xlsx", OLE + b"\x00" * 100 + "Workbook".encode("utf-16-le"), reading.MSG_XLS),
        ("overzicht.xls", b"<html>Excel 2003</html>", reading.MSG_XLS),
        ("overzicht.xlsx", b"PK\x03\x04 kapot", reading.MSG_UNREADABLE),
        ("overzicht.ods", b"PK\x03\x04", reading.MSG_WRONG_TYPE),
    ],
    ids=["exe", "elf", "empty", "password", "xls", "xls-renamed", "xls-html", "broken-zip", "ods"],
)
def test_foreign_files_get_a_clear_dutch_message(name, content, message):
    assert refusal(name, content) == str(message)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_row_limit_stops_reading(fmt):
    rows = [HEADER, *[[f"Project {n}", *ROW[1:]] for n in range(60)]]
    content = csv_bytes(rows) if fmt == "csv" else xlsx_bytes({"Projecten": rows})
    with mock.patch.object(reading, "MAX_ROWS", 20), mock.patch.object(reading, "HEADER_SEARCH_ROWS", 5):
        assert refusal(f"overzicht.{fmt}", content) == str(reading.MSG_TOO_MANY_ROWS)
        with mock.patch.object(reading, "MAX_ROWS", 60):
            assert len(reading.read_tables(upload(f"overzicht.{fmt}", content))[0]["rows"]) == 60


def test_the_page_shows_the_refusal_and_keeps_nothing(client, member):
    client.force_login(member)
    response = client.post(reverse("portfolio:import-start"), {"file": upload("overzicht.xlsx", bomb())})
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [str(reading.MSG_BOMB)]
    assert ImportBatch.objects.count() == 0
