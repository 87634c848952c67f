"""Hostile files are refused early, by the package check, the sheet scan or the streaming caps (issue 14).

The files are small versions of the probe's zip bombs (benchmarks/hostile_files.py builds the 1 GB ones
and prints their time and memory); where a bomb must pass one check to meet the next, that cap is
lowered for the test.
"""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from apps.core import spreadsheets as tabular
from apps.core.spreadsheets import TabularError, tabular_read
from apps.organizations.models import Organization
from benchmarks.hostile_files import (
    big_shared_strings,
    blank_rows,
    far_row,
    lean_wide_row,
    ods_cell,
    ods_row,
    wide_rows,
    write_ods,
    write_xlsx_parts,
)
from tests.imports.samples import counts

SECONDS = 10  # the goal; each of these takes well under a second


def refusal(path: Path) -> str:
    started = time.perf_counter()
    with pytest.raises(TabularError) as raised:
        table = tabular_read(file=path)
        for _ in table.rows:
            pass
    assert time.perf_counter() - started < SECONDS
    return str(raised.value)


def test_blank_rows_count_toward_the_row_cap(tmp_path: Path) -> None:
    # 250,000 blank rows then one filled row: before, blank rows were skipped and the file accepted
    rows = [*blank_rows(250_000), '<row r="250002"><c t="inlineStr"><is><t>A</t></is></c></row>']
    path = write_xlsx_parts(tmp_path / "blank.xlsx", rows)
    assert refusal(path) == tabular.TOO_MANY_RECORDS.format(limit=tabular.MAX_ROWS)


def test_a_far_away_row_is_stopped_while_streaming(tmp_path: Path) -> None:
    # one cell on row 1,048,576: openpyxl makes up the blank rows between, the stream cap counts them
    path = write_xlsx_parts(tmp_path / "far.xlsx", far_row())
    assert refusal(path) == tabular.TOO_MANY_RECORDS.format(limit=tabular.MAX_ROWS)


def test_a_wide_row_is_refused_with_its_row(tmp_path: Path) -> None:
    path = write_xlsx_parts(tmp_path / "wide.xlsx", lean_wide_row(tabular.MAX_ROW_CELLS + 1))
    assert refusal(path) == "Dòng 2: " + tabular.TOO_MANY_COLUMNS.format(limit=tabular.MAX_COLUMNS)


def test_filled_cells_beyond_the_column_cap_are_refused(tmp_path: Path) -> None:
    cells = "".join(f'<c t="inlineStr"><is><t>v{n}</t></is></c>' for n in range(tabular.MAX_COLUMNS + 1))
    path = write_xlsx_parts(tmp_path / "cols.xlsx", [f'<row r="2">{cells}</row>'])
    assert refusal(path) == "Dòng 2: " + tabular.TOO_MANY_COLUMNS.format(limit=tabular.MAX_COLUMNS)


def test_a_huge_cell_is_refused(tmp_path: Path) -> None:
    text = "x" * (tabular.MAX_CELL_XML + 10)
    path = write_xlsx_parts(
        tmp_path / "cell.xlsx", [f'<row r="2"><c t="inlineStr"><is><t>{text}</t></is></c></row>']
    )
    assert refusal(path) == "Dòng 2: " + tabular.CELL_TOO_LONG_CSV.format(limit=tabular.MAX_CELL_CHARS)


def test_too_many_cells_in_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tabular, "MAX_CELLS", 10_000)
    path = write_xlsx_parts(tmp_path / "cells.xlsx", wide_rows(200, 60))
    assert refusal(path) == tabular.TOO_MANY_CELLS.format(limit=10_000)


def test_a_part_that_inflates_abnormally_is_refused(tmp_path: Path) -> None:
    # 16,384 empty cells a row compress ~1000 times: the probe's "very wide rows" bomb, small
    path = write_xlsx_parts(tmp_path / "ratio.xlsx", wide_rows(100, 16_384))
    assert refusal(path) == tabular.ABNORMAL_RATIO.format(
        name="ratio.xlsx", part="xl/worksheets/sheet1.xml", limit=tabular.MAX_RATIO
    )


def test_the_unpacked_total_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tabular, "MAX_INFLATED_BYTES", 1024 * 1024)
    path = write_xlsx_parts(tmp_path / "total.xlsx", lean_wide_row(60_000))
    assert refusal(path) == tabular.INFLATED_TOO_LARGE.format(name="total.xlsx", limit=1)


def test_a_huge_shared_strings_table_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tabular, "MAX_SHARED_STRINGS_BYTES", 1024 * 1024)
    monkeypatch.setattr(tabular, "MAX_RATIO", 10**6)  # the table of one repeated string also inflates a lot
    path = write_xlsx_parts(tmp_path / "sst.xlsx", [], big_shared_strings(20_000, 100))
    assert refusal(path) == tabular.SHARED_STRINGS_TOO_LARGE.format(name="sst.xlsx", limit=1)


def test_too_many_parts(tmp_path: Path) -> None:
    path = tmp_path / "parts.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for n in range(tabular.MAX_MEMBERS + 1):
            archive.writestr(f"x/{n}.xml", "")
    assert refusal(path) == tabular.TOO_MANY_MEMBERS.format(name="parts.xlsx", limit=tabular.MAX_MEMBERS)


def test_csv_blank_lines_and_wide_lines(tmp_path: Path) -> None:
    blank = tmp_path / "blank.csv"
    blank.write_bytes(b"Ma,Ten\n" + b"\n" * (tabular.MAX_RECORDS + 1) + b"A,B\n")
    assert refusal(blank) == tabular.TOO_MANY_RECORDS.format(limit=tabular.MAX_ROWS)
    wide = tmp_path / "wide.csv"
    wide.write_bytes(b"Ma,Ten\nA,B\n" + b"," * (tabular.MAX_CSV_SEPARATORS + 1) + b"\n")
    assert refusal(wide) == "Dòng 3: " + tabular.TOO_MANY_COLUMNS.format(limit=tabular.MAX_COLUMNS)


def test_a_normal_sheet_still_reads(tmp_path: Path) -> None:
    rows = (
        '<row r="2"><c t="inlineStr"><is><t>A</t></is></c><c t="inlineStr"><is><t>Xã Một</t></is></c></row>'
    )
    table = tabular_read(file=write_xlsx_parts(tmp_path / "ok.xlsx", [rows]))
    assert list(table.rows) == [(2, {"mã": "A", "tên": "Xã Một"})]


@pytest.mark.django_db
def test_the_import_command_refuses_a_bomb_with_status_1(
    tmp_path: Path, tree: dict[str, Organization]
) -> None:
    path = write_xlsx_parts(tmp_path / "ds.xlsx", blank_rows(250_000))
    before = counts()
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(
            "import_planning",
            str(path),
            "--org",
            "HUYEN_A",
            "--term",
            "2025-2030",
            "--kind",
            "next",
            stderr=err,
        )
    assert raised.value.returncode == 1
    assert err.getvalue().strip() == tabular.TOO_MANY_RECORDS.format(limit=tabular.MAX_ROWS)
    assert counts() == before


def test_ods_repeats_are_counted(tmp_path: Path) -> None:
    rows = write_ods(tmp_path / "rows.ods", ods_row(ods_cell("x"), 1_048_000))
    assert refusal(rows) == tabular.TOO_MANY_RECORDS.format(limit=tabular.MAX_ROWS)
    cells = write_ods(tmp_path / "cells.ods", ods_row(ods_cell("x", 16_384)))
    assert refusal(cells) == "Dòng 2: " + tabular.TOO_MANY_COLUMNS.format(limit=tabular.MAX_COLUMNS)
    # LibreOffice's own tail of a million blank rows is no content
    tail = ods_row(ods_cell("A") + ods_cell("B")) + '<table:table-row table:number-rows-repeated="1048572">'
    tail += '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
    table = tabular_read(file=write_ods(tmp_path / "ok.ods", tail))
    assert list(table.rows) == [(2, {"mã": "A", "tên": "B"})]
