"""Reading and writing the tabular files of imports and exports (.csv in UTF-8, .xlsx first sheet)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from apps.people.text import to_nfc

MAX_ROWS = 200_000
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_CSV_FIELD = 131_072  # the csv module's own default limit, named here so the message can quote it
SUPPORTED_SUFFIXES = (".csv", ".xlsx")

WRONG_TYPE = "Tệp “{name}” không phải .csv hoặc .xlsx; hãy lưu bảng dưới dạng .xlsx hoặc .csv (UTF-8)."
FILE_NOT_FOUND = "Không tìm thấy tệp “{name}”."
UNREADABLE = "Không mở được tệp “{name}”: {detail}."
CORRUPT_XLSX = "Tệp “{name}” không đọc được như một tệp Excel .xlsx (tệp hỏng hoặc không đúng định dạng)."
NOT_UTF8 = "Tệp CSV “{name}” không dùng mã UTF-8; hãy lưu lại với kiểu “CSV UTF-8”."
CORRUPT_CSV = "Tệp CSV “{name}” không đọc được: {detail}."
EMPTY_FILE = "Tệp trống: không có dòng tiêu đề."
NO_DATA_ROWS = "Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào."
TOO_MANY_ROWS = "Tệp có hơn {limit} dòng dữ liệu; hãy chia thành nhiều tệp nhỏ hơn."
FILE_TOO_LARGE = "Tệp “{name}” lớn hơn {limit} MB; hãy chia thành nhiều tệp nhỏ hơn."
CELL_TOO_LONG_CSV = "Ô dài hơn {limit} ký tự; tệp không được nhập."
DUPLICATE_HEADER = "Cột “{header}” xuất hiện hai lần (cột {first} và cột {second})."
MISSING_COLUMN = "Thiếu cột bắt buộc “{header}”."
CELL_TOO_LONG = "Ô dài {length} ký tự, vượt giới hạn {limit} ký tự."

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
    records = _csv_records(data, display) if suffix == ".csv" else _xlsx_records(data, display)
    return _table(records)


def _csv_records(data: bytes, display: str) -> Iterator[list[Cell]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TabularError(RowError(0, "", NOT_UTF8.format(name=display))) from None
    if "\x00" in text:
        raise TabularError(RowError(0, "", NOT_UTF8.format(name=display)))
    first_line = text.split("\n", 1)[0]
    # Excel in Vietnamese locales may save with semicolons; the header row tells which one was used
    delimiter = max((",", ";", "\t"), key=first_line.count)
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

    return records()


def _xlsx_records(data: bytes, display: str) -> Iterator[list[Cell]]:
    from openpyxl import load_workbook

    corrupt = TabularError(RowError(0, "", CORRUPT_XLSX.format(name=display)))
    try:
        # data_only: a formula cell gives its cached value, never a formula that something evaluates
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # writers often record a wrong sheet size; read what is there
    except Exception:  # zipfile, KeyError, XML errors...: openpyxl raises many kinds on a damaged package
        raise corrupt from None

    def records() -> Iterator[list[Cell]]:
        try:
            for values in sheet.iter_rows(values_only=True):
                yield list(values)
        except Exception:  # a broken sheet part shows up only while streaming
            raise corrupt from None
        finally:
            workbook.close()

    return records()


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


def tabular_write(
    *, file: IO[bytes], filename: str, headers: Sequence[str], rows: Iterable[Mapping[str, Any]]
) -> None:
    """Write rows as .xlsx (every text cell stored as text, never as a formula) or .csv (UTF-8 with BOM)."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        stream = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
        writer = csv.writer(stream)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([cell_text(row.get(h)) for h in headers])
        stream.flush()
        stream.detach()
        return
    if suffix != ".xlsx":
        raise TabularError(RowError(0, "", WRONG_TYPE.format(name=Path(filename).name)))
    import xlsxwriter

    workbook = xlsxwriter.Workbook(file, {"in_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet()
    bold = workbook.add_format({"bold": True})
    for col, header in enumerate(headers):
        sheet.write_string(0, col, header, bold)
    for row_index, row in enumerate(rows, start=1):
        for col, header in enumerate(headers):
            value = row.get(header)
            if value is None or value == "":
                continue
            sheet.write_string(row_index, col, cell_text(value))
    workbook.close()
