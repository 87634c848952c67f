"""Real import files for the tests: .csv through the csv module, .xlsx through XlsxWriter."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import xlsxwriter

from apps.core.spreadsheets import XlsxSheet, cell_text, xlsx_workbook


def write_csv(
    path: Path, headers: Sequence[str], rows: Sequence[Mapping[str, Any]], *, bom: bool = False
) -> Path:
    """A UTF-8 CSV file (with a BOM when asked, as Excel saves it)."""
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        for row in rows:
            writer.writerow(["" if row.get(h) is None else str(row.get(h)) for h in headers])
    return path


def write_xlsx(path: Path, headers: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> Path:
    """An .xlsx file: text as text cells (never formulas), numbers as numbers, dates as date cells."""
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False})
    sheet = workbook.add_worksheet("Danh sách")
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for col, header in enumerate(headers):
        sheet.write_string(0, col, header)
    for r, row in enumerate(rows, start=1):
        for col, header in enumerate(headers):
            value = row.get(header)
            if value is None:
                continue
            if isinstance(value, dt.date):
                stamp = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
                sheet.write_datetime(r, col, stamp, date_format)
            elif isinstance(value, int | float) and not isinstance(value, bool):
                sheet.write_number(r, col, value)
            else:
                sheet.write_string(r, col, str(value))
    workbook.close()
    return path


def write(path: Path, headers: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> Path:
    """Write by the file's suffix."""
    if path.suffix == ".xlsx":
        return write_xlsx(path, headers, rows)
    return write_csv(path, headers, rows)


def write_table(
    *, file: IO[bytes], filename: str, headers: Sequence[str], rows: Iterable[Mapping[str, Any]]
) -> None:
    """Rows as .xlsx through the product's writer (every cell text, as the export writes) or as .csv with a BOM."""
    if filename.endswith(".csv"):
        stream = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
        writer = csv.writer(stream)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([cell_text(row.get(h)) for h in headers])
        stream.flush()
        stream.detach()
        return
    book = xlsx_workbook(file, in_memory=True)
    sheet = XlsxSheet(book, "Sheet1", [(h, 20) for h in headers])
    for row in rows:
        sheet.write_texts(row.get(h) for h in headers)
    sheet.close()
    book.close()
