"""XLSX writers side by side on the same rows (issue 13, item 4; not run by `make test`).

    python benchmarks/xlsx_writers.py [--rows 100000] [--site DIR]

Writes the same --rows entry-like rows (15 cells: 11 texts, 3 numbers, 1 date serial; some texts look
like formulas) with each writer that can be imported, each in a forked child (seconds, peak RSS), and
checks by reading the file back that formula-looking text stayed text. The floor is the CSV module
writing the same rows in the same run. Candidates not installed in the project (pyexcelerate) are
imported from --site, e.g. a folder made with `pip install --target DIR ...`.

Then the detail workbook of a report part (`write_detail_xlsx`: "Vấn đề" and "Cán bộ", title rows,
dd/mm/yyyy dates) on --rows entries shaped like the report's (every third with a finding), before
(XlsxWriter through XlsxSheet, the code it replaced) and now (rustpy-xlsxwriter). Each child builds
the lists, then times the workbook alone; its peak RSS includes the lists, measured alone as well.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HEADER = [
    "Mã đơn vị",
    "Tên đơn vị",
    "Loại danh sách",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Dân tộc thiểu số",
    "Chức danh quy hoạch",
    "Đối tượng",
    "Ngày nghỉ hưu",
    "Số tháng công tác còn lại",
    "Tuổi",
    "Cán bộ trẻ",
    "Đủ điều kiện",
    "Vấn đề",
]
FORMULA = '=HYPERLINK("http://example.invalid","bấm")'


def rows(count: int) -> Iterator[list[Any]]:
    """Entry-like rows; every 1000th name looks like a formula."""
    for n in range(count):
        yield [
            f"SC-{n // 60:05d}",
            f"Đảng bộ xã số {n // 60}",
            "Nhiệm kỳ kế tiếp",
            FORMULA if n % 1000 == 0 else f"Nguyễn Văn Số {n}",
            25000 + n % 9000,
            "Nam" if n % 2 else "Nữ",
            "Không",
            "Phó Bí thư Đảng ủy",
            1 + n % 2,
            50000 + n % 9000,
            n % 200,
            30 + n % 30,
            "Có" if n % 7 == 0 else "Không",
            "Có" if n % 3 else "Không",
            "" if n % 3 else "Không đủ tuổi tham gia trọn một nhiệm kỳ: còn 41 tháng công tác, cần 60.",
        ]


def write_xlsxwriter(path: Path, count: int) -> None:
    from apps.core.spreadsheets import xlsx_workbook

    book = xlsx_workbook(str(path))
    sheet = book.add_worksheet("Cán bộ")
    sheet.write_row(0, 0, HEADER)
    text, num = sheet.write_string, sheet.write_number
    for r, row in enumerate(rows(count), start=1):
        for c, value in enumerate(row):
            if isinstance(value, str):
                if value:
                    text(r, c, value)
            else:
                num(r, c, value)
    book.close()


def write_rustpy(path: Path, count: int) -> None:
    from rustpy_xlsxwriter import FastExcel

    records = (dict(zip(HEADER, row, strict=True)) for row in rows(count))
    FastExcel(str(path)).sheet("Cán bộ", records).save()


def write_pyexcelerate(path: Path, count: int) -> None:
    from pyexcelerate import Workbook

    book = Workbook()
    book.new_sheet("Cán bộ", data=[HEADER, *rows(count)])
    book.save(str(path))


def write_csv_floor(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        writer.writerows(rows(count))


def formula_stays_text(path: Path, sheet: str | None = None, row: int = 2) -> bool:
    """The formula-looking name of the first data row is a text cell, not a formula."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    cells = book[sheet] if sheet else book.worksheets[0]
    cell = next(cells.iter_rows(min_row=row, max_row=row))[3]
    ok = cell.value == FORMULA and cell.data_type == "s"
    book.close()
    return ok


DETAIL_HEADER = {
    "organization": "SC-T01",
    "organization_name": "Đảng bộ tỉnh số 1",
    "term": "2025-2030",
    "term_name": "Nhiệm kỳ 2025–2030",
    "generated_at": "2026-12-02T08:00:00+00:00",
}
DETAIL_FINDING = {
    "severity": "error",
    "code": "AGE_FULL_TERM",
    "message": "Còn 41 tháng công tác tính đến 01/06/2025, chưa đủ trọn nhiệm kỳ (cần 60 tháng, thiếu 19 tháng).",
}


def detail_lists(count: int) -> list[dict[str, Any]]:
    """`count` entries shaped like a report part's entries_detail, 60 to a list; every third one with a
    finding, every list with one; every 1000th name looks like a formula."""
    lists: list[dict[str, Any]] = []
    for n in range(count):
        if n % 60 == 0:
            lists.append(
                {
                    "organization": f"SC-{n // 60:05d}",
                    "organization_name": f"Đảng bộ xã số {n // 60}",
                    "kind": "next",
                    "findings": [{**DETAIL_FINDING, "severity": "warning", "code": "THIN_BENCH"}],
                    "entries_detail": [],
                }
            )
        lists[-1]["entries_detail"].append(
            {
                "full_name": FORMULA if n % 1000 == 0 else f"Nguyễn Văn Số {n}",
                "birth_date": f"{1960 + n % 40}-{1 + n % 12:02d}-{1 + n % 28:02d}",
                "sex": "M" if n % 2 else "F",
                "ethnic_minority": n % 5 == 0,
                "position": "PHO_BI_THU",
                "position_name": "Phó Bí thư Đảng ủy",
                "position_group": "committee",
                "target_group": 1 + n % 2,
                "retirement_date": f"{2025 + n % 40}-{1 + n % 12:02d}-28",
                "months_remaining": n % 200,
                "age": 30 + n % 30,
                "young": n % 7 == 0,
                "eligible": n % 3 != 0,
                "findings": [] if n % 3 else [DETAIL_FINDING],
            }
        )
    return lists


def write_detail_before(header: dict[str, Any], name: str, lists: list[dict[str, Any]], stream: Any) -> None:
    """The same cells as write_detail_xlsx, written as before rustpy-xlsxwriter: XlsxWriter constant_memory
    via XlsxSheet (as the single workbook still is)."""
    from apps.core.spreadsheets import XlsxSheet, xlsx_workbook
    from apps.reports.exporters import xlsx

    labels = xlsx._labels()
    book = xlsx_workbook(stream)
    fmt = xlsx._formats(book)

    def new_sheet(sheet: str, what: str, columns: tuple[tuple[str, int], ...]) -> XlsxSheet:
        title = xlsx._scope_title(header, f"{name}: {what}", labels)
        return XlsxSheet(
            book, sheet, columns, title=title, header_format=fmt["header"], title_format=fmt["title"]
        )

    book.set_properties({"title": xlsx._scope_title(header, f"{name}: Chi tiết báo cáo tuân thủ", labels)})
    findings = new_sheet(xlsx.FINDINGS_SHEET, "Các vấn đề phát hiện", xlsx.FINDINGS_COLUMNS)
    entries = new_sheet(xlsx.ENTRIES_SHEET, "Cán bộ trong quy hoạch", xlsx.ENTRY_COLUMNS)
    for lst in lists:
        head = xlsx.list_head(lst, labels)
        findings.write_rows(xlsx.list_finding_rows(head, lst, labels), fmt["date"])
        findings.write_rows(xlsx.entry_finding_rows(head, lst, labels), fmt["date"])
        entries.write_rows(xlsx.entry_rows(head, lst, labels), fmt["date"])
    findings.close()
    entries.close()
    book.close()


def detail_step(writer: Callable[..., None] | None, path: Path, count: int) -> float:
    """Build the lists, then time `writer` alone on them (None: the lists only)."""
    lists = detail_lists(count)
    started = time.perf_counter()
    if writer is not None:
        with path.open("wb") as stream:
            writer(DETAIL_HEADER, "Đảng bộ tỉnh số 1", lists, stream)
    return time.perf_counter() - started


def detail_rows(count: int, folder: Path) -> None:
    from apps.reports.exporters.xlsx_split import write_detail_xlsx
    from benchmarks.evaluate import in_child

    findings = sum(1 for n in range(count) if n % 3 == 0) + -(-count // 60)
    print(f"\nwrite_detail_xlsx: {count:,} entry rows x 15 cells + {findings:,} finding rows x 11 cells")
    print(f"{'workbook':<38}{'seconds':>9}{'x now':>7}{'peak RSS MB':>13}{'MB':>7}  formula stays text")
    outcomes: dict[str, tuple[dict[str, Any], Path]] = {}
    for name, writer in (
        ("the lists alone (no workbook)", None),
        ("before: XlsxWriter via XlsxSheet", write_detail_before),
        ("now: rustpy-xlsxwriter", write_detail_xlsx),
    ):
        path = folder / f"detail-{len(outcomes)}.xlsx"
        outcome = in_child(lambda writer=writer, path=path: detail_step(writer, path, count))
        outcomes[name] = (outcome, path)
    now = outcomes["now: rustpy-xlsxwriter"][0]["result"]
    for name, (outcome, path) in outcomes.items():
        seconds = outcome["result"]
        if not path.exists():
            print(f"{name:<38}{'':>9}{'':>7}{outcome['rss']:>13.0f}")
            continue
        text = "yes" if formula_stays_text(path, sheet="Cán bộ", row=3) else "NO"
        print(
            f"{name:<38}{seconds:>9.2f}{seconds / now:>7.1f}{outcome['rss']:>13.0f}"
            f"{path.stat().st_size / 2**20:>7.1f}  {text}"
        )
        path.unlink()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--site", help="folder holding candidate writers not installed in the project")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    if args.site:
        sys.path.append(args.site)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadreplan.settings")
    import django

    django.setup()
    from benchmarks.evaluate import in_child

    writers: dict[str, Callable[[Path, int], None]] = {
        "csv module (floor)": write_csv_floor,
        "XlsxWriter constant_memory (today)": write_xlsxwriter,
        "rustpy-xlsxwriter": write_rustpy,
        "pyexcelerate": write_pyexcelerate,
    }
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{args.rows:,} rows x {len(HEADER)} cells   ({os.cpu_count()} CPU, load {load})")
    print(f"{'writer':<38}{'seconds':>9}{'x CSV':>7}{'peak RSS MB':>13}{'MB':>7}  formula stays text")
    floor = None
    with tempfile.TemporaryDirectory() as folder:
        for name, writer in writers.items():
            path = Path(folder) / f"{len(name)}.{'csv' if 'csv' in name else 'xlsx'}"
            try:
                outcome = in_child(lambda writer=writer, path=path: writer(path, args.rows))
            except RuntimeError as exc:
                print(f"{name:<38}  not available: {exc}")
                continue
            floor = floor or outcome["seconds"]
            text = "-" if path.suffix == ".csv" else ("yes" if formula_stays_text(path) else "NO")
            print(
                f"{name:<38}{outcome['seconds']:>9.2f}{outcome['seconds'] / floor:>7.1f}"
                f"{outcome['rss']:>13.0f}{path.stat().st_size / 2**20:>7.1f}  {text}"
            )
            path.unlink()
        detail_rows(args.rows, Path(folder))
    return 0


if __name__ == "__main__":
    sys.exit(main())
