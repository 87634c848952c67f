"""Spreadsheets: reading the tables of imports, and writing .xlsx files.

Read: .csv (UTF-8, UTF-16 or Windows-1258; comma, semicolon or tab), and the first sheet of .xlsx
(openpyxl, streamed), .ods and .xls (python-calamine). Every read is bounded (issue 14): the package is
checked before it is parsed, the sheet scanned for its size, and rows streamed under hard caps.

Write: XlsxWriter (`xlsx_workbook`, `XlsxSheet`) for workbooks laid out cell by cell, and
rustpy-xlsxwriter (`write_xlsx_tables`, about eight times faster) for the large tables of a report's
detail workbooks. Both write a text that looks like a formula as text.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import IO, Any, BinaryIO

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from apps.core.text import to_nfc

MAX_ROWS = 200_000
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_CSV_FIELD = 131_072  # the csv module's own default limit, named here so the message can quote it
# Hard caps of bounded reading (issue 14): a hostile file stops at the first one it meets, in seconds.
MAX_RECORDS = MAX_ROWS + 1_000  # every row of the sheet, blank ones included, the header too
MAX_COLUMNS = 100  # cells a row may fill (a planning file has 13 columns, an organizations file 5)
MAX_ROW_CELLS = 1_024  # cell elements a row may hold in the archive, empty ones included
MAX_CELLS = 5_000_000  # cell elements of the whole sheet (200,000 rows x 25)
MAX_CELL_CHARS = 32_767  # Excel's own limit of one cell
MAX_CELL_XML = 256 * 1024  # bytes of one cell's XML (32,767 characters, escaped)
MAX_INFLATED_BYTES = 300 * 1024 * 1024  # all the parts of an .xlsx or .ods, unpacked
MAX_SHARED_STRINGS_BYTES = 48 * 1024 * 1024  # the shared strings part, unpacked (it is read into memory)
MAX_MEMBERS = 1_000  # parts of the package
MAX_RATIO = 100  # how many times a part may grow when unpacked (only parts above RATIO_FLOOR count)
RATIO_FLOOR = 1024 * 1024
MAX_CSV_SEPARATORS = 2_000  # separators on one line of a CSV file
SUPPORTED_SUFFIXES = (".csv", ".xlsx", ".xls", ".ods")

WRONG_TYPE = (
    "Tệp “{name}” không phải .csv, .xlsx, .xls hoặc .ods; hãy lưu bảng dưới dạng .xlsx hoặc .csv (UTF-8)."
)
FILE_NOT_FOUND = "Không tìm thấy tệp “{name}”."
UNREADABLE = "Không mở được tệp “{name}”: {detail}."
CORRUPT_XLSX = "Tệp “{name}” không đọc được như một tệp Excel .xlsx (tệp hỏng hoặc không đúng định dạng)."
CORRUPT_SHEET = "Tệp “{name}” không đọc được như một bảng tính {kind} (tệp hỏng hoặc không đúng định dạng)."
NOT_UTF8 = "Tệp CSV “{name}” không dùng mã UTF-8, UTF-16 hay Windows-1258; hãy lưu lại với kiểu “CSV UTF-8”."
CORRUPT_CSV = "Tệp CSV “{name}” không đọc được: {detail}."
EMPTY_FILE = "Tệp trống: không có dòng tiêu đề."
NO_DATA_ROWS = "Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào."
TOO_MANY_ROWS = "Tệp có hơn {limit} dòng dữ liệu; hãy chia thành nhiều tệp nhỏ hơn."
FILE_TOO_LARGE = "Tệp “{name}” lớn hơn {limit} MB; hãy chia thành nhiều tệp nhỏ hơn."
CELL_TOO_LONG_CSV = "Ô dài hơn {limit} ký tự; tệp không được nhập."
DUPLICATE_HEADER = "Cột “{header}” xuất hiện hai lần (cột {first} và cột {second})."
MISSING_COLUMN = "Thiếu cột bắt buộc “{header}”."
CELL_TOO_LONG = "Ô dài {length} ký tự, vượt giới hạn {limit} ký tự."
INFLATED_TOO_LARGE = (
    "Tệp “{name}” khi giải nén lớn hơn {limit} MB (có thể là tệp nén bất thường); tệp không được nhập."
)
ABNORMAL_RATIO = (
    "Tệp “{name}” có phần “{part}” nén bất thường (giải nén lớn gấp hơn {limit} lần); tệp không được nhập."
)
TOO_MANY_MEMBERS = "Tệp “{name}” chứa hơn {limit} thành phần; đây không phải một bảng tính thông thường."
SHARED_STRINGS_TOO_LARGE = (
    "Bảng chữ dùng chung của tệp “{name}” lớn hơn {limit} MB khi giải nén; tệp không được nhập."
)
TOO_MANY_RECORDS = (
    "Tệp có hơn {limit} dòng (kể cả dòng trống); hãy xoá các dòng trống thừa hoặc chia thành nhiều tệp."
)
TOO_MANY_COLUMNS = "Dòng có hơn {limit} cột; tệp không được nhập."
TOO_MANY_CELLS = "Trang tính có hơn {limit} ô; hãy chia thành nhiều tệp nhỏ hơn."

Cell = str | int | float | bool | dt.datetime | dt.date | dt.time | None


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem of an imported file; row 0 means the file as a whole."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.row and self.column:
            return f"Dòng {self.row}, cột {self.column}: {self.message}"
        if self.row:
            return f"Dòng {self.row}: {self.message}"
        return self.message


class TabularError(Exception):
    """The file cannot be read as a table; carries the row error to report."""

    def __init__(self, error: RowError) -> None:
        super().__init__(str(error))
        self.error = error


@dataclass(frozen=True, slots=True)
class Table:
    """A header row and the data rows below it, keyed by `header_key` of each header."""

    headers: list[str]  # as written in the file (NFC, trimmed), in file order
    rows: Iterator[tuple[int, dict[str, Cell]]]  # (row number Excel shows, header key -> raw value)
    header_row: int = 1

    @property
    def keys(self) -> dict[str, str]:
        """header key -> header as written."""
        return {header_key(h): h for h in self.headers if h}


def header_key(header: object) -> str:
    """The matching key of a header: NFC, trimmed, case-folded ('  Họ và TÊN ' -> 'họ và tên')."""
    return to_nfc(str(header or "")).casefold()


def is_blank(value: Cell) -> bool:
    """True for an empty cell (None or white space only)."""
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value: Cell) -> str:
    """A cell as text without evaluating it: integral numbers lose their '.0', dates become dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M:%S")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def resolve_columns(
    table: Table, columns: Mapping[str, Sequence[str]], required: Iterable[str]
) -> tuple[dict[str, str], list[RowError]]:
    """Map each canonical column to the file's header key, reporting missing required columns on row 1."""
    found: dict[str, str] = {}
    keys = table.keys
    for canonical, aliases in columns.items():
        for alias in (canonical, *aliases):
            if header_key(alias) in keys:
                found[canonical] = header_key(alias)
                break
    errors = [
        RowError(table.header_row, name, MISSING_COLUMN.format(header=name))
        for name in required
        if name not in found
    ]
    return found, errors


def tabular_read(*, file: IO[bytes] | str | os.PathLike[str], filename: str | None = None) -> Table:
    """Open a .csv or .xlsx file as a Table; raise TabularError with a Vietnamese message on bad files."""
    if isinstance(file, str | os.PathLike):
        name = filename or os.fspath(file)
    else:  # an uploaded file knows its name
        name = filename or str(getattr(file, "name", "") or "")
    display = Path(str(name)).name
    suffix = Path(str(name)).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise TabularError(RowError(0, "", WRONG_TYPE.format(name=display)))
    if isinstance(file, str | os.PathLike):
        try:
            with open(file, "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        except FileNotFoundError:
            raise TabularError(RowError(0, "", FILE_NOT_FOUND.format(name=display))) from None
        except OSError as exc:
            raise TabularError(
                RowError(0, "", UNREADABLE.format(name=display, detail=exc.strerror))
            ) from None
    else:
        data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        raise TabularError(RowError(0, "", FILE_TOO_LARGE.format(name=display, limit=limit)))
    if suffix == ".csv":
        records = _csv_records(data, display)
    elif suffix == ".xlsx":
        records = _xlsx_records(data, display)
    else:
        records = _calamine_records(data, display, suffix)
    return _table(records)


def tabular_check(*, file: str | os.PathLike[str], filename: str | None = None) -> RowError | None:
    """The first reason a file cannot be read as a table (package, sheet scan, header), None when it can.

    Does the bounded, file-only part of reading (no rows are parsed, no database is read): what a web
    upload runs on the bounded worker pool before the import itself.
    """
    try:
        table = tabular_read(file=file, filename=filename)
    except TabularError as exc:
        return exc.error
    close = getattr(table.rows, "close", None)
    if close is not None:
        close()
    return None


def decode_csv(data: bytes) -> str | None:
    """The text of a CSV file in NFC, from UTF-8, UTF-16 (Excel's "Unicode Text") or Windows-1258
    (Vietnamese Windows); None when it is none of them."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings: tuple[str, ...] = ("utf-16",)
    elif len(data) >= 4 and data[1:4:2] == b"\x00\x00" and data[0:4:2] != b"\x00\x00":
        encodings = ("utf-16-le",)  # UTF-16 without its byte-order mark: every other byte is zero
    elif len(data) >= 4 and data[0:4:2] == b"\x00\x00" and data[1:4:2] != b"\x00\x00":
        encodings = ("utf-16-be",)
    else:
        encodings = ("utf-8-sig", "cp1258")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            return None
        # cp1258 writes tone marks as combining characters: NFC makes "Nguyễn" one form whatever the source
        return unicodedata.normalize("NFC", text)
    return None


def _csv_records(data: bytes, display: str) -> Iterator[list[Cell]]:
    text = decode_csv(data)
    if text is None:
        raise TabularError(RowError(0, "", NOT_UTF8.format(name=display)))
    first_line = text.split("\n", 1)[0]
    # Excel in Vietnamese locales may save with semicolons, "Unicode Text" with tabs: the header row tells
    delimiter = max((",", ";", "\t"), key=first_line.count)
    for number, line in enumerate(text.splitlines(), start=1):
        if line.count(delimiter) > MAX_CSV_SEPARATORS:
            raise TabularError(RowError(number, "", TOO_MANY_COLUMNS.format(limit=MAX_COLUMNS)))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def records() -> Iterator[list[Cell]]:
        try:
            for record in reader:
                yield list(record)
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise TabularError(
                    RowError(reader.line_num, "", CELL_TOO_LONG_CSV.format(limit=MAX_CSV_FIELD))
                ) from None
            raise TabularError(
                RowError(reader.line_num, "", CORRUPT_CSV.format(name=display, detail=exc))
            ) from None

    return bounded(records())


def check_archive(data: bytes, display: str) -> zipfile.ZipFile:
    """Open an .xlsx/.ods package after checking it unpacks to a sane size: members, total, ratio.

    The sizes are the ones the package declares; zipfile never unpacks more than a member declares (a
    part that lies is cut short and fails its checksum), so the check holds for what is read later.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise TabularError(RowError(0, "", CORRUPT_XLSX.format(name=display))) from None
    if len(members) > MAX_MEMBERS:
        raise TabularError(RowError(0, "", TOO_MANY_MEMBERS.format(name=display, limit=MAX_MEMBERS)))
    total = 0
    for member in members:
        total += member.file_size
        if total > MAX_INFLATED_BYTES:
            limit = MAX_INFLATED_BYTES // (1024 * 1024)
            raise TabularError(RowError(0, "", INFLATED_TOO_LARGE.format(name=display, limit=limit)))
        if member.file_size > RATIO_FLOOR and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            message = ABNORMAL_RATIO.format(name=display, part=member.filename, limit=MAX_RATIO)
            raise TabularError(RowError(0, "", message))
        if member.filename.lower().endswith("sharedstrings.xml") and (
            member.file_size > MAX_SHARED_STRINGS_BYTES
        ):
            limit = MAX_SHARED_STRINGS_BYTES // (1024 * 1024)
            raise TabularError(RowError(0, "", SHARED_STRINGS_TOO_LARGE.format(name=display, limit=limit)))
    return archive


# a row or cell element of SpreadsheetML, with or without a namespace prefix; the end of the sheet data
_SHEET_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c|/sheetData)(?=[\s/>])")
_SCAN_CHUNK = 1024 * 1024


def scan_sheet(stream: IO[bytes]) -> None:
    """Count the rows and cells of a worksheet part without parsing it; raise at the first cap passed.

    A byte scan at C speed: rows (blank ones too), cell elements per row and in all, and the bytes of
    one cell. It is what keeps a sheet of a million blank rows, or of very wide rows, from being parsed.
    """
    rows = cells = row_cells = 0
    carry = b""
    offset = 0  # position in the stream of the start of `buffer`
    last_cell: int | None = None  # position of the last cell element's start, while inside a row
    while True:
        chunk = stream.read(_SCAN_CHUNK)
        buffer = carry + chunk
        keep = 0 if not chunk else min(len(buffer), 64)
        limit = len(buffer) - keep
        for match in _SHEET_TAG.finditer(buffer, 0, len(buffer)):
            if match.start() >= limit:
                break
            position = offset + match.start()
            if last_cell is not None and position - last_cell > MAX_CELL_XML:
                raise TabularError(RowError(rows, "", CELL_TOO_LONG_CSV.format(limit=MAX_CELL_CHARS)))
            tag = match.group(1)
            if tag == b"c":
                row_cells += 1
                cells += 1
                last_cell = position
                if row_cells > MAX_ROW_CELLS:
                    raise TabularError(RowError(rows, "", TOO_MANY_COLUMNS.format(limit=MAX_COLUMNS)))
                if cells > MAX_CELLS:
                    raise TabularError(RowError(0, "", TOO_MANY_CELLS.format(limit=MAX_CELLS)))
            elif tag == b"row":
                rows += 1
                row_cells = 0
                last_cell = None
                if rows > MAX_RECORDS:
                    raise TabularError(RowError(0, "", TOO_MANY_RECORDS.format(limit=MAX_ROWS)))
            else:
                return
        if not chunk:
            if last_cell is not None and offset + len(buffer) - last_cell > MAX_CELL_XML:
                raise TabularError(RowError(rows, "", CELL_TOO_LONG_CSV.format(limit=MAX_CELL_CHARS)))
            return
        carry = buffer[limit:]
        offset += limit


def _first_sheet_part(archive: zipfile.ZipFile) -> str:
    """The package path of the first worksheet, found the way openpyxl finds it (without reading it)."""
    from openpyxl.packaging.manifest import Manifest
    from openpyxl.reader.excel import _find_workbook_part
    from openpyxl.reader.workbook import WorkbookParser
    from openpyxl.xml.constants import ARC_CONTENT_TYPES
    from openpyxl.xml.functions import fromstring

    package = Manifest.from_tree(fromstring(archive.read(ARC_CONTENT_TYPES)))
    parser = WorkbookParser(archive, _find_workbook_part(package).PartName[1:])
    parser.parse()
    _sheet, rel = next(iter(parser.find_sheets()))
    return str(rel.target)


def _xlsx_records(data: bytes, display: str) -> Iterator[list[Cell]]:
    from openpyxl import load_workbook

    corrupt = TabularError(RowError(0, "", CORRUPT_XLSX.format(name=display)))
    archive = check_archive(data, display)
    try:
        # before openpyxl opens the sheet (it parses a sheet without a recorded size just to size it)
        with archive.open(_first_sheet_part(archive)) as part:
            scan_sheet(part)
        # data_only: a formula cell gives its cached value, never a formula that something evaluates
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # writers often record a wrong sheet size; read what is there
    except TabularError:
        raise
    except Exception:  # zipfile, KeyError, XML errors...: openpyxl raises many kinds on a damaged package
        raise corrupt from None

    def records() -> Iterator[list[Cell]]:
        try:
            for values in sheet.iter_rows(values_only=True):
                yield list(values)
        except TabularError:
            raise
        except Exception:  # a broken sheet part shows up only while streaming
            raise corrupt from None
        finally:
            workbook.close()

    return bounded(records())


# ODS (content.xml): rows and cells, with their repeat counts; the end of the first table
_ODS_TAG = re.compile(
    rb"<table:(table-row|table-cell|covered-table-cell)\b([^>]{0,4096}?)(/?)>|(</table:table-row>)|(</table:table>)"
)
_ODS_KEEP = 8192  # bytes kept between chunks: more than any tag the pattern matches
_ODS_REPEAT = re.compile(rb'number-(?:rows|columns)-repeated="(\d+)"')


def _stream_matches(stream: IO[bytes], pattern: re.Pattern[bytes], keep: int) -> Iterator[re.Match[bytes]]:
    """The matches of `pattern` in a stream read by chunks (matches are shorter than `keep` bytes)."""
    carry = b""
    while True:
        chunk = stream.read(_SCAN_CHUNK)
        buffer = carry + chunk
        limit = len(buffer) - (min(len(buffer), keep) if chunk else 0)
        for match in pattern.finditer(buffer):
            if match.start() >= limit:
                break
            yield match
        if not chunk:
            return
        carry = buffer[limit:]


def scan_ods(stream: IO[bytes]) -> None:
    """The extent of the first table of an ODS content part, repeats counted, without parsing it.

    A reader holds the table as a rectangle from its first cell to its last filled one: its rows, its
    columns and their product are capped. Trailing blank rows and cells (LibreOffice writes a million
    of them as one repeated row) do not count; a repeated filled row or cell counts as many times.
    """
    row = col = last_row = last_col = 0
    row_repeat, filled_row = 1, False
    for elements, match in enumerate(_stream_matches(stream, _ODS_TAG, _ODS_KEEP), start=1):
        if elements > MAX_CELLS:
            raise TabularError(RowError(0, "", TOO_MANY_CELLS.format(limit=MAX_CELLS)))
        tag, attrs, closed, row_end, table_end = match.groups()
        if table_end:
            break
        if row_end:
            if filled_row:
                last_row = row + row_repeat
            row += row_repeat
        else:
            repeat = _ODS_REPEAT.search(attrs)
            count = int(repeat.group(1)) if repeat else 1
            if tag == b"table-row":
                row_repeat, filled_row, col = count, False, 0
                if closed:  # an empty row element
                    row += count
            else:
                if not closed or b"office:value-type" in attrs:
                    filled_row = True
                    last_col = max(last_col, col + count)
                col += count
        if last_col > MAX_COLUMNS:
            raise TabularError(RowError(row + 1, "", TOO_MANY_COLUMNS.format(limit=MAX_COLUMNS)))
        if last_row > MAX_RECORDS:
            raise TabularError(RowError(0, "", TOO_MANY_RECORDS.format(limit=MAX_ROWS)))
        if last_row * max(last_col, 1) > MAX_CELLS:
            raise TabularError(RowError(0, "", TOO_MANY_CELLS.format(limit=MAX_CELLS)))


def _calamine_cell(value: Any) -> Cell:
    """A calamine value as a cell: '' is an empty cell, a duration its text."""
    if value == "":
        return None
    if isinstance(value, dt.timedelta):
        return str(value)
    return value  # type: ignore[no-any-return]


def _calamine_records(data: bytes, display: str, suffix: str) -> Iterator[list[Cell]]:
    """The first sheet of an .ods or .xls file, read by python-calamine (Rust), within the same caps.

    An .ods is a package like an .xlsx: its parts are checked and its table scanned before it is read.
    An .xls is bounded by its format (65,536 rows, 256 columns) and the file size cap.
    """
    import python_calamine

    kind = suffix.lstrip(".")
    corrupt = TabularError(RowError(0, "", CORRUPT_SHEET.format(name=display, kind=suffix)))
    try:
        if kind == "ods":
            archive = check_archive(data, display)
            with archive.open("content.xml") as part:
                scan_ods(part)
        workbook = python_calamine.load_workbook(io.BytesIO(data))
        sheet = workbook.get_sheet_by_index(0)
    except TabularError:
        raise
    except Exception:  # calamine, zip and XML errors of a damaged file
        raise corrupt from None
    if sheet.total_height > MAX_RECORDS:
        raise TabularError(RowError(0, "", TOO_MANY_RECORDS.format(limit=MAX_ROWS)))

    def records() -> Iterator[list[Cell]]:
        try:
            # calamine starts at the first used row: give the rows above as blank, so numbers stay Excel's
            for _ in range(sheet.start[0] if sheet.start else 0):
                yield []
            lead: list[Cell] = [None] * (sheet.start[1] if sheet.start else 0)
            for values in sheet.iter_rows():
                yield [*lead, *(_calamine_cell(value) for value in values)]
        except TabularError:
            raise
        except Exception:
            raise corrupt from None

    return bounded(records())


def bounded(records: Iterator[list[Cell]]) -> Iterator[list[Cell]]:
    """Rows within the caps: at most MAX_RECORDS rows (blank ones counted), MAX_COLUMNS filled cells per
    row (blank cells beyond are dropped) and MAX_CELL_CHARS characters per cell."""
    for number, record in enumerate(records, start=1):
        if number > MAX_RECORDS:
            raise TabularError(RowError(0, "", TOO_MANY_RECORDS.format(limit=MAX_ROWS)))
        if len(record) > MAX_COLUMNS:
            if any(not is_blank(value) for value in record[MAX_COLUMNS:]):
                raise TabularError(RowError(number, "", TOO_MANY_COLUMNS.format(limit=MAX_COLUMNS)))
            del record[MAX_COLUMNS:]
        for value in record:
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                raise TabularError(RowError(number, "", CELL_TOO_LONG_CSV.format(limit=MAX_CELL_CHARS)))
        yield record


def _table(records: Iterator[list[Cell]]) -> Table:
    number = 0
    header: list[Cell] | None = None
    for number, record in enumerate(records, start=1):  # noqa: B007 - the number is used below
        if any(not is_blank(value) for value in record):
            header = record
            break
    if header is None:
        raise TabularError(RowError(1, "", EMPTY_FILE))
    headers = [to_nfc(cell_text(value)) for value in header]
    seen: dict[str, int] = {}
    for index, text in enumerate(headers):
        if not text:
            continue
        key = header_key(text)
        if key in seen:
            raise TabularError(
                RowError(
                    number,
                    text,
                    DUPLICATE_HEADER.format(header=text, first=seen[key] + 1, second=index + 1),
                )
            )
        seen[key] = index
    header_row = number

    def rows() -> Iterator[tuple[int, dict[str, Cell]]]:
        count = 0
        for row_number, record in enumerate(records, start=header_row + 1):
            if all(is_blank(value) for value in record):
                continue
            count += 1
            if count > MAX_ROWS:
                raise TabularError(RowError(0, "", TOO_MANY_ROWS.format(limit=MAX_ROWS)))
            yield row_number, {key: record[i] if i < len(record) else None for key, i in seen.items()}

    return Table(headers=headers, rows=rows(), header_row=header_row)


def check_length(value: str, limit: int, row: int, column: str) -> RowError | None:
    """A row error when `value` is longer than `limit` characters."""
    if len(value) > limit:
        return RowError(row, column, CELL_TOO_LONG.format(length=len(value), limit=limit))
    return None


# --- writing -------------------------------------------------------------------------------------------

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_OPTIONS = {
    "constant_memory": True,  # rows are flushed to disk as they are written: memory stays flat
    # cell text is data: never a formula, URL or number
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}
EXCEL_MAX_ROWS = 1_048_576  # Excel's rows per sheet
HEADER_FORMAT = {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDE6F0", "border": 1}
LINE_POINTS = 15.0  # the height of one line of 11-point text


def header_height(columns: Iterable[tuple[str, float]]) -> float:
    """The height (points) of a header row whose headers wrap in their columns: a line for about every
    column width unit of bold text (a word is not cut), the longest header deciding. Set explicitly,
    because neither writer sizes the row and LibreOffice then draws the wrapped lines over the data."""
    lines = 1
    for header, width in columns:
        room, line, count = max(int(width * 1.1), 1), 0, 1
        for word in header.split():
            if line and line + 1 + len(word) > room:
                count, line = count + 1, len(word)
            else:
                line += len(word) + (1 if line else 0)
        lines = max(lines, count)
    return LINE_POINTS * lines


EXCEL_EPOCH = dt.date(1899, 12, 30).toordinal()


def excel_date(day: dt.date | str) -> int:
    """A date (or ISO date text) as Excel's serial day number (dates from 1 March 1900 on)."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return day.toordinal() - EXCEL_EPOCH


def xlsx_workbook(stream: IO[bytes] | Any, **options: Any) -> Workbook:
    """A streaming workbook whose text cells are always text (never formulas, links or numbers)."""
    return xlsxwriter.Workbook(stream, {**XLSX_OPTIONS, **options})


class XlsxSheet:
    """A table on one or more worksheets, with an optional title row above a frozen, filtered header row.

    A new worksheet ("Name (2)") begins when Excel's row limit is reached, so any number of rows fits.
    """

    def __init__(
        self,
        book: Workbook,
        name: str,
        columns: Sequence[tuple[str, int]],
        *,
        title: str | None = None,
        header_format: Any = None,
        title_format: Any = None,
        column_format: Any = None,
        max_rows: int | None = None,
    ) -> None:
        self.book, self.name, self.columns, self.title = book, name, tuple(columns), title
        self.header_format = header_format if header_format is not None else book.add_format(HEADER_FORMAT)
        self.title_format, self.column_format = title_format, column_format
        self.max_rows = EXCEL_MAX_ROWS if max_rows is None else max_rows
        self.header_row = 0 if title is None else 1
        self.parts = 0
        self.sheet: Worksheet
        self.row = 0
        self._begin()

    def _begin(self) -> None:
        self.parts += 1
        name = self.name if self.parts == 1 else f"{self.name} ({self.parts})"
        sheet = self.sheet = self.book.add_worksheet(name)
        for col, (_header, width) in enumerate(self.columns):
            sheet.set_column(col, col, width, self.column_format)
        if self.title is not None:
            sheet.write_string(0, 0, self.title, self.title_format)
        sheet.set_row(self.header_row, header_height(self.columns))
        for col, (header, _width) in enumerate(self.columns):
            sheet.write_string(self.header_row, col, header, self.header_format)
        sheet.freeze_panes(self.header_row + 1, 0)
        self.row = self.header_row

    def next_row(self) -> int:
        """The index of a new data row (on a new worksheet when this one is full)."""
        if self.row + 1 >= self.max_rows:
            self.close()
            self._begin()
        self.row += 1
        return self.row

    def write_texts(self, values: Iterable[Any]) -> int:
        """A new row of text cells (empty values left blank); returns its index."""
        row = self.next_row()
        for col, value in enumerate(values):
            if value is not None and value != "":
                self.sheet.write_string(row, col, cell_text(value))
        return row

    def write_rows(self, rows: Iterable[Sequence[Any]], date_format: Any = None) -> None:
        """New rows of typed cells: text as text, numbers as numbers, dates as dates in `date_format`;
        None or "" leaves a cell blank (the same rows write_xlsx_tables takes)."""
        for values in rows:
            row = self.next_row()
            ws = self.sheet
            for col, value in enumerate(values):
                if value is None or value == "":
                    continue
                if isinstance(value, str):
                    ws.write_string(row, col, value)
                elif isinstance(value, dt.date):
                    ws.write_number(row, col, excel_date(value), date_format)
                else:
                    ws.write_number(row, col, value)

    def close(self) -> None:
        """Put the filter on the header row over the rows written."""
        self.sheet.autofilter(self.header_row, 0, max(self.row, self.header_row), len(self.columns) - 1)


@dataclass(frozen=True, slots=True)
class XlsxTable:
    """A table for write_xlsx_tables: its rows in column order, how many there are, and its layout."""

    name: str
    columns: Sequence[tuple[str, int]]  # (header, width); the headers of a table are distinct
    rows: Iterable[Sequence[Any]]  # str, int, float, datetime.date; None or "" leaves a cell blank
    count: int  # the number of rows, known beforehand: it decides the sheets of the table
    title: str | None = None  # row 1, merged across the columns, above the header
    num_formats: Mapping[int, str] = field(default_factory=dict)  # column index -> Excel number format


def _rust_format(spec: Mapping[str, Any]) -> Any:
    """A rustpy-xlsxwriter Format from an XlsxWriter format dict (the keys the project's formats use)."""
    from rustpy_xlsxwriter import Format

    fmt = Format()
    for key, value in spec.items():
        if key == "bold" and value:
            fmt.set_bold()
        elif key == "text_wrap" and value:
            fmt.set_text_wrap()
        elif key == "font_size":
            fmt.set_font_size(value)
        elif key == "valign":
            fmt.set_align(value)  # "top": the same vertical alignment as XlsxWriter's
        elif key == "bg_color":
            fmt.set_background_color(value)
        elif key == "border" and value == 1:
            fmt.set_border("thin")
        elif key == "num_format":
            fmt.set_num_format(value)
        else:
            raise ValueError(f"format key not supported for rustpy-xlsxwriter: {key}={value!r}")
    return fmt


def _records(
    keys: tuple[str, ...], rows: Iterable[Sequence[Any]], seen: list[int]
) -> Iterator[dict[str, Any]]:
    """The rows as the writer takes them (dicts by header); how many there were is added to `seen`."""
    count = 0
    for count, row in enumerate(rows, start=1):  # noqa: B007 - the count is used below
        yield dict(zip(keys, row, strict=True))
    seen.append(count)


def write_xlsx_tables(
    stream: BinaryIO | str | os.PathLike[str],
    tables: Sequence[XlsxTable],
    *,
    title_format: Mapping[str, Any] | None = None,
    header_format: Mapping[str, Any] = HEADER_FORMAT,
) -> None:
    """Write tables to a workbook with rustpy-xlsxwriter (Rust), laid out as XlsxSheet lays them out.

    Each table has its title row, a frozen and filtered header row, its column widths and number
    formats, and goes on in "Name (2)"... past Excel's row limit. Text cells are inline strings, never
    formulas. The rows are streamed (the writer's constant-memory mode): the sheets are written in
    order, each taking the next rows of its table, so a table's `count` must be exact.
    """
    from rustpy_xlsxwriter import write_worksheets

    sheets: list[tuple[str, Iterable[dict[str, Any]]]] = []
    header_rows: dict[str, int] = {}
    freeze: dict[str, dict[str, int]] = {}
    widths: dict[str, Any] = {}
    column_formats: dict[str, Any] = {}
    merges: dict[str, Any] = {}
    heights: dict[str, dict[int, float]] = {}
    header_formats: dict[str, Any] = {}
    title_fmt = _rust_format(title_format or {})
    header_fmt = _rust_format(header_format)
    written: list[tuple[XlsxTable, Iterator[Sequence[Any]], list[int]]] = []
    for table in tables:
        keys = tuple(header for header, _width in table.columns)
        if len(set(keys)) != len(keys):
            raise ValueError(f"{table.name}: the headers of a table must be distinct")
        if table.title is not None and len(keys) < 2:
            raise ValueError(f"{table.name}: a title is merged across two columns or more")
        header_row = 0 if table.title is None else 1
        per_sheet = EXCEL_MAX_ROWS - header_row - 1
        rows = iter(table.rows)
        seen: list[int] = []
        written.append((table, rows, seen))
        formats = {keys[col]: _rust_format({"num_format": fmt}) for col, fmt in table.num_formats.items()}
        parts = max(1, -(-table.count // per_sheet))
        for part in range(1, parts + 1):
            name = table.name if part == 1 else f"{table.name} ({part})"
            if table.count:
                records: Iterable[dict[str, Any]] = _records(keys, islice(rows, per_sheet), seen)
            else:  # a blank record: the writer writes the header of a sheet from its first record
                records = [dict.fromkeys(keys)]
            sheets.append((name, records))
            header_formats[name] = header_fmt
            header_rows[name] = header_row
            heights[name] = {header_row: header_height(table.columns)}
            freeze[name] = {"row": header_row + 1, "col": 0}
            widths[name] = [width for _header, width in table.columns]
            if formats:
                column_formats[name] = formats
            if table.title is not None:
                merges[name] = [(0, 0, 0, len(keys) - 1, table.title, title_fmt)]
    write_worksheets(
        sheets,
        stream,
        freeze_panes=freeze,
        column_widths=widths,
        column_formats=column_formats or None,
        header_format=header_formats,
        header_row=header_rows,
        merge_ranges=merges or None,
        row_heights=heights,
        autofilter=dict.fromkeys(header_rows, True),
    )
    for table, rows, seen in written:  # a wrong count would have cut the table short or left a sheet empty
        if sum(seen) != table.count or next(rows, None) is not None:
            raise ValueError(f"{table.name}: not the {table.count} rows it was said to have")
