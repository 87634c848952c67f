"""Hostile spreadsheets: time and peak memory of refusing each kind of zip bomb (not run by `make test`).

    DATABASE_URL=postgres://... python benchmarks/hostile_files.py [--scale 1.0] [--keep DIR]

Builds, in a temporary folder, .xlsx files of a few MB that unpack to about a gigabyte (the kinds the
probe of issue 14 used) and a few that stay below the size caps but break a row, column or cell cap:

  blank-rows     millions of empty <row/> elements (1 GB unpacked)
  wide-rows      rows of thousands of empty cells (1 GB unpacked)
  shared-strings a shared strings table of ~1 GB
  blank-rows-lean  250,000 blank rows that stay under the size and ratio caps (the row scan stops it)
  wide-row-lean    a row of 5,000 cells, compressible only 20x (the cell scan stops it)
  far-row          one cell on row 1,048,576 (the streaming row cap stops it)
  ods-repeated-*   one filled row (or cell) of an .ods repeated a million (16,384) times
  csv-wide         a 40 MB CSV line of commas
  csv-blank        a CSV of 1,000,000 empty lines

and reads each with `apps.core.spreadsheets.tabular_read` in its own child process (so its peak RSS is
its own, Django's baseline included), consuming every row. The floor is the same reading of a valid
10-row file in the same run. Goal per file: refused in <= 10 s with a peak RSS <= 300 MB. Exit 1 when a
file misses the goal or is not refused.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_SECONDS = 10.0
GOAL_MB = 300.0

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/></Relationships>'
)
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Mã</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>Tên</t></is></c></row>'
)
SHEET_TAIL = "</sheetData></worksheet>"
EMPTY_STRINGS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>'
)


def write_xlsx_parts(
    path: Path,
    sheet_body: Iterable[str],
    shared_strings: Iterable[str] = (EMPTY_STRINGS,),
    *,
    level: int = 9,
) -> Path:
    """A minimal .xlsx whose first sheet's rows (after a header row 'Mã', 'Tên') and shared strings part
    are streamed from the given pieces of XML."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(SHEET_HEAD.encode())
            for piece in sheet_body:
                part.write(piece.encode())
            part.write(SHEET_TAIL.encode())
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            for piece in shared_strings:
                part.write(piece.encode())
    return path


def blank_rows(count: int, start: int = 2, batch: int = 10_000) -> Iterable[str]:
    for first in range(start, start + count, batch):
        yield "".join(f'<row r="{n}"/>' for n in range(first, min(first + batch, start + count)))


def bare_blank_rows(count: int, batch: int = 100_000) -> Iterable[str]:
    # rows without a number compress ~1000 times: the probe's 3-4 MB file of a gigabyte of blank rows
    piece = "<row/>" * batch
    for _ in range(count // batch):
        yield piece


def wide_rows(rows: int, cells: int) -> Iterable[str]:
    row_cells = "<c/>" * cells
    for n in range(2, rows + 2):
        yield f'<row r="{n}">{row_cells}</row>'


def lean_wide_row(cells: int, seed: int = 14) -> Iterable[str]:
    # random short numbers: the part compresses a few times, not a hundred
    rng = random.Random(seed)
    yield '<row r="2">' + "".join(f"<c><v>{rng.randrange(10**6)}</v></c>" for _ in range(cells)) + "</row>"


def big_shared_strings(count: int, length: int) -> Iterable[str]:
    yield (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    )
    text = "x" * length
    piece = f"<si><t>{text}</t></si>" * 100
    for _ in range(count // 100):
        yield piece
    yield "</sst>"


def far_row() -> Iterable[str]:
    yield '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'


def bombs(scale: float) -> dict[str, Callable[[Path], Path]]:
    """name -> writer of one hostile file into a folder (scale 1.0: the probe's ~1 GB unpacked)."""
    return {
        "blank-rows": lambda d: write_xlsx_parts(
            d / "blank-rows.xlsx", bare_blank_rows(int(170_000_000 * scale))
        ),
        "wide-rows": lambda d: write_xlsx_parts(d / "wide-rows.xlsx", wide_rows(int(16_000 * scale), 16_384)),
        "shared-strings": lambda d: write_xlsx_parts(
            d / "shared-strings.xlsx", [], big_shared_strings(int(1_000_000 * scale), 1_000)
        ),
        "blank-rows-lean": lambda d: write_xlsx_parts(d / "blank-rows-lean.xlsx", blank_rows(250_000)),
        "wide-row-lean": lambda d: write_xlsx_parts(d / "wide-row-lean.xlsx", lean_wide_row(5_000)),
        "far-row": lambda d: write_xlsx_parts(d / "far-row.xlsx", far_row()),
        "ods-repeated-rows": lambda d: write_ods(d / "ods-rows.ods", ods_row(ods_cell("x"), 1_048_000)),
        "ods-repeated-cells": lambda d: write_ods(d / "ods-cells.ods", ods_row(ods_cell("x", 16_384), 1_000)),
        "csv-wide": lambda d: _write(d / "csv-wide.csv", b"Ma,Ten\n" + b"," * (40 * 1024 * 1024)),
        "csv-blank": lambda d: _write(d / "csv-blank.csv", b"Ma,Ten\n" + b"\n" * 1_000_000),
    }


ODS_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
    '<table:table table:name="Sheet1"><table:table-row>'
    '<table:table-cell office:value-type="string"><text:p>Mã</text:p></table:table-cell>'
    '<table:table-cell office:value-type="string"><text:p>Tên</text:p></table:table-cell></table:table-row>'
)
ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" manifest:version="1.2" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)
ODS_TAIL = "</table:table></office:spreadsheet></office:body></office:document-content>"


def write_ods(path: Path, rows_xml: str) -> Path:
    """A minimal .ods whose first table has a header row, then `rows_xml`."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", ODS_MANIFEST)
        archive.writestr("content.xml", ODS_HEAD + rows_xml + ODS_TAIL)
    return path


def ods_cell(text: str, repeat: int = 1) -> str:
    attribute = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return (
        f'<table:table-cell office:value-type="string"{attribute}><text:p>{text}</text:p></table:table-cell>'
    )


def ods_row(cells: str, repeat: int = 1) -> str:
    attribute = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{attribute}>{cells}</table:table-row>"


def floor_file(folder: Path) -> Path:
    """A valid 10-row .xlsx: reading it is the floor (openpyxl's import and start included)."""
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>X{n}</t></is></c>'
        f'<c r="B{n}" t="inlineStr"><is><t>Xã {n}</t></is></c></row>'
        for n in range(2, 12)
    )
    return write_xlsx_parts(folder / "floor.xlsx", [rows])


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


CHILD = """
import os, resource, sys, time
sys.path.insert(0, {root!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadreplan.settings")
import django
django.setup()
from apps.core.spreadsheets import TabularError, tabular_read
started = time.perf_counter()
outcome = "read"
try:
    table = tabular_read(file={path!r})
    rows = sum(1 for _ in table.rows)
    outcome = f"read {{rows}} rows"
except TabularError as exc:
    outcome = "refused: " + str(exc)
except MemoryError:
    outcome = "MemoryError"
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{{seconds:.3f}}\\t{{peak:.1f}}\\t{{outcome}}")
"""


def measure(path: Path, timeout: float) -> tuple[float, float, str]:
    """(seconds reading, peak RSS in MB, outcome) of reading `path` in a fresh child process."""
    code = CHILD.format(root=str(ROOT), path=str(path))
    try:
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return timeout, float("nan"), f"still running after {timeout:.0f} s"
    if done.returncode != 0:
        return float("nan"), float("nan"), "crashed: " + done.stderr.strip().splitlines()[-1]
    seconds, peak, outcome = done.stdout.strip().splitlines()[-1].split("\t", 2)
    return float(seconds), float(peak), outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="size of the 1 GB bombs (default 1.0)")
    parser.add_argument("--keep", type=Path, help="write the files into this folder and keep them")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a child is killed")
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="hostile-"))
    folder.mkdir(parents=True, exist_ok=True)

    floor_s, floor_mb, floor_outcome = measure(floor_file(folder), args.timeout)
    print(f"floor (valid 10-row .xlsx): {floor_s:.3f} s, {floor_mb:.0f} MB peak RSS ({floor_outcome})")
    print(f"goal per file: refused in <= {GOAL_SECONDS:.0f} s, peak RSS <= {GOAL_MB:.0f} MB")
    header = (
        f"{'file':<16} {'size MB':>8} {'unpacked MB':>11} {'s':>7} {'x floor':>8} {'MB':>6} {'x floor':>8}"
    )
    print(header + "  goal  outcome")
    failed = 0
    for name, write in bombs(args.scale).items():
        path = write(folder)
        size = path.stat().st_size / 2**20
        unpacked = size
        if path.suffix in (".xlsx", ".ods"):
            with zipfile.ZipFile(path) as archive:
                unpacked = sum(m.file_size for m in archive.infolist()) / 2**20
        seconds, peak, outcome = measure(path, args.timeout)
        met = outcome.startswith("refused") and seconds <= GOAL_SECONDS and peak <= GOAL_MB
        failed += not met
        print(
            f"{name:<16} {size:>8.1f} {unpacked:>11.0f} {seconds:>7.2f} {seconds / floor_s:>8.1f} "
            f"{peak:>6.0f} {peak / floor_mb:>8.2f}  {'met ' if met else 'MISS'}  {outcome[:90]}"
        )
        if not args.keep:
            path.unlink()
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
