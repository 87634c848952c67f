"""XLSX writers side by side on the same rows (issue 13, item 4; not run by `make test`).

    python benchmarks/xlsx_writers.py [--rows 100000] [--site DIR]

Writes the same --rows entry-like rows (15 cells: 11 texts, 3 numbers, 1 date serial; some texts look
like formulas) with each writer that can be imported, each in a forked child (seconds, peak RSS), and
checks by reading the file back that formula-looking text stayed text. The floor is the CSV module
writing the same rows in the same run. Candidates not installed in the project (rustpy-xlsxwriter,
pyexcelerate) are imported from --site, e.g. a folder made with `pip install --target DIR ...`.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
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


def formula_stays_text(path: Path) -> bool:
    """The formula-looking name of row 2 is a text cell, not a formula."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    sheet = book.worksheets[0]
    cell = next(sheet.iter_rows(min_row=2, max_row=2))[3]
    ok = cell.value == FORMULA and cell.data_type == "s"
    book.close()
    return ok


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
    return 0


if __name__ == "__main__":
    sys.exit(main())
