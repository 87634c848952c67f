"""A large compliance report in Excel as a ZIP: one summary workbook and one detail workbook per child.

Above the detail threshold (settings.REPORT_XLSX_DETAIL_THRESHOLD entry rows) a single workbook would
reach Excel's row limit and be unusable, so the report's .xlsx file is a ZIP holding:

- `tong-hop.xlsx`: "Theo đơn vị" (one row per child organization, with the name of its detail file),
  "Tổng cộng" (the report's totals, a figure a row), "Tổng hợp" (one row per list with its quotas),
  "Vấn đề của danh sách" (the findings of the lists) and "Chỉ tiêu khác" (the other measures);
- `chi-tiet_<CODE>.xlsx` per child organization (and one for the root's own lists): "Vấn đề" (the
  findings of its lists and entries) and "Cán bộ" (its entries).

No sheet exceeds Excel's row limit (it goes on in "Cán bộ (2)"). Both kinds of workbook are written by
write_xlsx_tables (rustpy-xlsxwriter), with the cells of the single workbook's rows (xlsx.summary_row,
list_finding_rows, entry_rows...): the detail workbooks by the parts of the report, in parallel, the
summary workbook by the join.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, BinaryIO

from apps.core.spreadsheets import XlsxTable, write_xlsx_tables
from apps.reports.exporters.xlsx import (
    DATE_FORMAT,
    ENTRIES_SHEET,
    ENTRY_COLUMNS,
    FINDINGS_COLUMNS,
    FINDINGS_SHEET,
    MEASURE_COLUMNS,
    MEASURES_SHEET,
    PERCENT_COLUMNS,
    PERCENT_FORMAT,
    QUOTA_CODES,
    QUOTA_LABELS,
    SUMMARY_COLUMNS,
    SUMMARY_SHEET,
    TITLE_FORMAT,
    _labels,
    _scope_title,
    entry_finding_rows,
    entry_rows,
    list_finding_rows,
    list_head,
    measure_rows,
    measures_title,
    summary_row,
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


TOTALS_SHEET = "Tổng cộng"
TOTALS_COLUMNS: tuple[tuple[str, int], ...] = (("Chỉ tiêu", 60), ("Số", 14), ("Tỷ lệ (%)", 12))


def totals_rows(totals: dict[str, Any]) -> list[tuple[Any, ...]]:
    """The report's totals (TOTALS_COLUMNS), a figure a row; the quotas' shares of the people."""
    people = totals.get("people", 0)
    rows: list[tuple[Any, ...]] = [
        (label, totals.get(key, 0), None)
        for label, key in (
            ("Số danh sách", "lists"),
            ("Số người (cộng theo danh sách)", "people"),
            ("Số người khác nhau", "distinct_people"),
            ("Số lượt quy hoạch", "entries"),
            ("Không đủ điều kiện", "ineligible"),
            ("Lỗi", "errors"),
            ("Cảnh báo", "warnings"),
        )
    ]
    for code in QUOTA_CODES:
        count = totals.get(QUOTA_FIELDS[code], 0)
        share = round(100 * count / people, 2) if people else None
        rows.append((f"{QUOTA_LABELS[code]}: số người", count, share))
    return rows


def write_summary_xlsx(
    report: dict[str, Any],
    children: list[dict[str, Any]],
    stream: BinaryIO,
    *,
    lists: Callable[[], Iterable[dict[str, Any]]],
    list_count: int,
    finding_count: int,
) -> None:
    """The summary workbook, by write_xlsx_tables: by child organization, the totals, one row per list
    with its quotas, the lists' findings, and the other measures.

    `lists()` gives the lists without entries_detail in report order (called twice: the list rows,
    then their findings), `list_count` and `finding_count` how many lists and list findings there
    are; `children` holds per child organization its code, name, detail file and the sums of its
    lists. The totals have a sheet of their own, outside the lists' filtered rows.
    """
    labels = _labels()

    def title(what: str) -> str:
        return _scope_title(report, what, labels)

    tables = [
        XlsxTable(
            BY_CHILD_SHEET,
            BY_CHILD_COLUMNS,
            [
                (
                    number,
                    child["organization"],
                    child["organization_name"],
                    *(
                        child[key]
                        for key in ("lists", "people", "entries", "ineligible", "errors", "warnings")
                    ),
                    *(child[QUOTA_FIELDS[code]] for code in QUOTA_CODES),
                    child["file"],
                )
                for number, child in enumerate(children, start=1)
            ],
            len(children),
            title=title("Tổng hợp theo đơn vị trực thuộc"),
        ),
        XlsxTable(
            TOTALS_SHEET,
            TOTALS_COLUMNS,
            totals_rows(report.get("totals") or {}),
            len(QUOTA_CODES) + 7,
            title=title("Tổng cộng"),
            num_formats={2: PERCENT_FORMAT},
        ),
        XlsxTable(
            SUMMARY_SHEET,
            SUMMARY_COLUMNS,
            (summary_row(number, lst, labels) for number, lst in enumerate(lists(), start=1)),
            list_count,
            title=title("Tổng hợp theo danh sách quy hoạch"),
            num_formats={6: DATE_FORMAT, **dict.fromkeys(PERCENT_COLUMNS, PERCENT_FORMAT)},
        ),
        XlsxTable(
            LIST_FINDINGS_SHEET,
            FINDINGS_COLUMNS,
            (row for lst in lists() for row in list_finding_rows(list_head(lst, labels), lst, labels)),
            finding_count,
            title=title("Các vấn đề của danh sách"),
            num_formats={5: DATE_FORMAT},
        ),
    ]
    measures = report.get("measures")
    if measures:
        rows = measure_rows(measures)
        tables.append(
            XlsxTable(MEASURES_SHEET, MEASURE_COLUMNS, rows, len(rows), title=title(measures_title(measures)))
        )
    write_xlsx_tables(stream, tables, title_format=TITLE_FORMAT)


def write_zip(stream: BinaryIO, members: Iterable[tuple[str, Path]]) -> None:
    """A ZIP of these files under these names (stored: an .xlsx is compressed already)."""
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        for name, path in members:
            archive.write(path, arcname=name)
