"""A large compliance report in Excel as a ZIP: one summary workbook and one detail workbook per child.

Above the detail threshold (settings.REPORT_XLSX_DETAIL_THRESHOLD entry rows) a single workbook would
reach Excel's row limit and be unusable, so the report's .xlsx file is a ZIP holding:

- `tong-hop.xlsx`: "Theo đơn vị" (one row per child organization, with the name of its detail file),
  "Tổng hợp" (one row per list with its quotas, then the totals), "Vấn đề của danh sách" (the findings
  of the lists) and the other measures;
- `chi-tiet_<CODE>.xlsx` per child organization (and one for the root's own lists): "Vấn đề" (the
  findings of its lists and entries) and "Cán bộ" (its entries).

No sheet exceeds Excel's row limit (it goes on in "Cán bộ (2)"). The summary workbook is written by
XlsxSheet (XlsxWriter); the detail workbooks, which hold nearly all the cells, by write_xlsx_tables
(rustpy-xlsxwriter), with the same cells, by the parts of the report, in parallel.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO

from apps.core.spreadsheets import XlsxSheet, XlsxTable, write_xlsx_tables, xlsx_workbook
from apps.reports.exporters.xlsx import (
    DATE_FORMAT,
    ENTRIES_SHEET,
    ENTRY_COLUMNS,
    FINDINGS_COLUMNS,
    FINDINGS_SHEET,
    QUOTA_CODES,
    SUMMARY_COLUMNS,
    SUMMARY_SHEET,
    TITLE_FORMAT,
    _formats,
    _labels,
    _scope_title,
    _write_measures,
    _write_summary_row,
    _write_totals,
    entry_finding_rows,
    entry_rows,
    list_finding_rows,
    list_head,
)
from apps.reports.models import QUOTA_FIELDS

SUMMARY_BOOK = "tong-hop.xlsx"
BY_CHILD_SHEET = "Theo đơn vị"
LIST_FINDINGS_SHEET = "Vấn đề của danh sách"
BY_CHILD_COLUMNS: tuple[tuple[str, int], ...] = (
    ("STT", 6),
    ("Mã đơn vị", 14),
    ("Tên đơn vị", 30),
    ("Số danh sách", 10),
    ("Số người", 10),
    ("Số lượt quy hoạch", 11),
    ("Không đủ điều kiện", 11),
    ("Lỗi", 8),
    ("Cảnh báo", 9),
    *((f"{code}: số người", 11) for code in ("Cán bộ trẻ", "Cán bộ nữ", "Cán bộ dân tộc thiểu số")),
    ("Tệp chi tiết", 30),
)


def detail_book_name(organization_code: str) -> str:
    """The name of a child's detail workbook inside the ZIP (letters, digits, - and _ only)."""
    return f"chi-tiet_{re.sub(r'[^A-Za-z0-9_-]+', '-', organization_code)}.xlsx"


def write_detail_xlsx(
    header: dict[str, Any], organization_name: str, lists: Iterable[dict[str, Any]], stream: BinaryIO
) -> None:
    """One child's detail workbook: the findings of its lists and entries, and its entries.

    The cells of write_xlsx's "Vấn đề" and "Cán bộ" sheets, written by rustpy-xlsxwriter (the bulk of a
    large report's cells: about eight times faster than XlsxWriter). The lists are read twice.
    """
    labels = _labels()
    lists = list(lists)
    heads = [list_head(lst, labels) for lst in lists]
    what = f"{organization_name}: "
    details = [lst.get("entries_detail", ()) for lst in lists]
    findings = sum(len(lst.get("findings", ())) for lst in lists) + sum(
        len(entry["findings"]) for entries in details for entry in entries
    )
    write_xlsx_tables(
        stream,
        [
            XlsxTable(
                FINDINGS_SHEET,
                FINDINGS_COLUMNS,
                (
                    row
                    for head, lst in zip(heads, lists, strict=True)
                    for rows in (list_finding_rows(head, lst, labels), entry_finding_rows(head, lst, labels))
                    for row in rows
                ),
                findings,
                title=_scope_title(header, what + "Các vấn đề phát hiện", labels),
                num_formats={5: DATE_FORMAT},
            ),
            XlsxTable(
                ENTRIES_SHEET,
                ENTRY_COLUMNS,
                (
                    row
                    for head, lst in zip(heads, lists, strict=True)
                    for row in entry_rows(head, lst, labels)
                ),
                sum(len(entries) for entries in details),
                title=_scope_title(header, what + "Cán bộ trong quy hoạch", labels),
                num_formats={4: DATE_FORMAT, 9: DATE_FORMAT},
            ),
        ],
        title_format=TITLE_FORMAT,
    )


def write_summary_xlsx(report: dict[str, Any], children: list[dict[str, Any]], stream: BinaryIO) -> None:
    """The summary workbook: by child organization, by list with quotas, the list findings, the measures.

    `report["lists"]` may be a generator of lists without entries_detail; `children` holds per child
    organization its code, name, detail file and the sums of its lists (filled as lists are read).
    """
    labels = _labels()
    book = xlsx_workbook(stream)
    book.set_properties(
        {"title": _scope_title(report, "Báo cáo tuân thủ quy hoạch cán bộ (tổng hợp)", labels)}
    )
    fmt = _formats(book)

    def new_sheet(name: str, what: str, columns: tuple[tuple[str, int], ...]) -> XlsxSheet:
        return XlsxSheet(
            book,
            name,
            columns,
            title=_scope_title(report, what, labels),
            header_format=fmt["header"],
            title_format=fmt["title"],
        )

    by_child = new_sheet(BY_CHILD_SHEET, "Tổng hợp theo đơn vị trực thuộc", BY_CHILD_COLUMNS)
    summary = new_sheet(SUMMARY_SHEET, "Tổng hợp theo danh sách quy hoạch", SUMMARY_COLUMNS)
    findings = new_sheet(LIST_FINDINGS_SHEET, "Các vấn đề của danh sách", FINDINGS_COLUMNS)
    for number, lst in enumerate(report["lists"], start=1):
        _write_summary_row(summary, number, lst, labels, fmt)
        findings.write_rows(list_finding_rows(list_head(lst, labels), lst, labels))
    for number, child in enumerate(children, start=1):
        ws, row = by_child.sheet, by_child.next_row()
        ws.write_number(row, 0, number)
        ws.write_string(row, 1, child["organization"])
        ws.write_string(row, 2, child["organization_name"])
        for col, key in enumerate(
            ("lists", "people", "entries", "ineligible", "errors", "warnings"), start=3
        ):
            ws.write_number(row, col, child[key])
        for col, code in enumerate(QUOTA_CODES, start=9):
            ws.write_number(row, col, child[QUOTA_FIELDS[code]])
        ws.write_string(row, 12, child["file"])
    for sheet in (by_child, summary, findings):
        sheet.close()
    _write_measures(new_sheet, report.get("measures"))
    _write_totals(summary, report, fmt)
    book.close()


def write_zip(stream: BinaryIO, members: Iterable[tuple[str, Path]]) -> None:
    """A ZIP of these files under these names (stored: an .xlsx is compressed already)."""
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        for name, path in members:
            archive.write(path, arcname=name)
