"""The XLSX and PDF forms of the compliance report, and the command writing them."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command

from apps.core import spreadsheets
from apps.core.spreadsheets import XLSX_OPTIONS
from apps.organizations.models import Level, Organization, Term
from apps.planning.models import ListKind
from apps.reports import exporters
from apps.reports.documents.format import document_date
from apps.reports.exporters import pdf as pdf_exporter
from apps.reports.exporters.pdf import (
    PDF_ROW_LIMIT,
    number,
    pdf_context,
    render_pdf,
    render_pdf_html,
    write_pdf,
)
from apps.reports.exporters.xlsx import ENTRIES_SHEET, FINDINGS_SHEET, SUMMARY_SHEET, write_xlsx
from apps.reports.selectors import compliance_report_build

from .builders import org, person, plan, plan_list

FORMULA_NAMES = ('=HYPERLINK("http://x.vn","Bấm")', "+84 Hùng", "-Lan", "@Mai", "=1+1")


@pytest.fixture
def report(db: None) -> dict[str, Any]:
    """A province with a district: a next list with an ineligible man, women, a formula-like name."""
    province = Organization.objects.create(
        code="QN", name="Tỉnh Quảng Ngãi", level=Level.PROVINCE, place="Quảng Ngãi"
    )
    district = org("D", Level.DISTRICT, province)
    pl = plan_list(district, ListKind.NEXT, dt.date(2025, 6, 1))
    plan(pl, person("Nguyễn Văn An", dt.date(1968, 3, 15), "M", district), "PHO_BI_THU")
    plan(pl, person("Nguyễn Thị Hằng", dt.date(1985, 7, 2), "F", district), "UV_BCH")
    plan(pl, person(FORMULA_NAMES[0], dt.date(1990, 1, 20), "M", district), "UV_BCH")
    own = plan_list(province, ListKind.CURRENT, dt.date(2026, 1, 1))
    plan(own, person("Trần Thị Bình", dt.date(1979, 9, 9), "F", province), "UV_BCH")
    return compliance_report_build(organization=province, term=Term.objects.get(code="2025-2030"))


def xlsx_book(report: dict[str, Any], **kwargs: Any) -> openpyxl.Workbook:
    stream = io.BytesIO()
    write_xlsx(report, stream, **kwargs)
    stream.seek(0)
    return openpyxl.load_workbook(stream)


def entries_of(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for lst in report["lists"] for e in lst["entries_detail"]]


# --- XLSX ---------------------------------------------------------------------------------------------


def test_xlsx_is_written_in_streaming_mode() -> None:
    assert XLSX_OPTIONS["constant_memory"] is True
    assert XLSX_OPTIONS["strings_to_formulas"] is False


def test_xlsx_has_the_three_sheets_with_frozen_filtered_headers(report: dict[str, Any]) -> None:
    book = xlsx_book(report)
    # issue 9: a fourth sheet holds the R8 measures
    assert book.sheetnames == [SUMMARY_SHEET, FINDINGS_SHEET, ENTRIES_SHEET, "Chỉ tiêu khác"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A3"  # the title and header rows stay in view
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A2:")
        assert sheet["A1"].value.endswith(
            "(lập ngày " + dt.date.fromisoformat(report["generated_at"][:10]).strftime("%d/%m/%Y") + ")"
        )


def test_xlsx_entries_sheet_has_every_entry_with_dates(report: dict[str, Any]) -> None:
    sheet = xlsx_book(report)[ENTRIES_SHEET]
    header = [c.value for c in sheet[2]]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == len(entries_of(report)) == 4
    by_name = {row[header.index("Họ và tên")]: dict(zip(header, row, strict=True)) for row in rows}
    an = by_name["Nguyễn Văn An"]
    assert an["Ngày sinh"] == dt.datetime(1968, 3, 15)
    assert an["Ngày nghỉ hưu"] == dt.datetime(2030, 3, 31)
    assert an["Số tháng công tác còn lại"] == 57
    assert an["Đủ điều kiện"] == "Không"
    assert "57 tháng" in an["Vấn đề"]
    assert by_name["Nguyễn Thị Hằng"]["Giới tính"] == "Nữ"
    date_cells = [sheet.cell(row=r, column=header.index("Ngày nghỉ hưu") + 1) for r in range(3, 7)]
    assert {c.number_format for c in date_cells} == {"dd/mm/yyyy"}
    assert all(c.is_date for c in date_cells)


def test_xlsx_text_is_never_a_formula(report: dict[str, Any]) -> None:
    for name in FORMULA_NAMES[1:]:
        report["lists"][0]["entries_detail"][0]["full_name"] = name
        stream = io.BytesIO()
        write_xlsx(report, stream)
        sheet_xml = zipfile.ZipFile(stream).read("xl/worksheets/sheet3.xml").decode()
        assert "<f>" not in sheet_xml
        stream.seek(0)
        sheet = openpyxl.load_workbook(stream)[ENTRIES_SHEET]
        names = [row[3] for row in sheet.iter_rows(min_row=3, values_only=True)]
        assert name in names
        cell = next(c for c in sheet["D"] if c.value == name)
        assert cell.data_type == "s"


def test_xlsx_findings_sheet_has_every_finding_in_vietnamese(report: dict[str, Any]) -> None:
    sheet = xlsx_book(report)[FINDINGS_SHEET]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    expected = sum(
        len(lst["findings"]) + sum(len(e["findings"]) for e in lst["entries_detail"])
        for lst in report["lists"]
    )
    assert len(rows) == expected > 0
    codes = {row[9] for row in rows}
    assert {"AGE_FULL_TERM", "THIN_BENCH"} <= codes
    age = next(row for row in rows if row[9] == "AGE_FULL_TERM")
    assert (age[3], age[4], age[8]) == ("Cán bộ", "Nguyễn Văn An", "Lỗi")
    assert re.search(r"còn 57 tháng|57 tháng", age[10], re.IGNORECASE)
    assert all(row[10] for row in rows)


def test_xlsx_summary_has_quota_shares_against_targets(report: dict[str, Any]) -> None:
    sheet = xlsx_book(report)[SUMMARY_SHEET]
    header = [c.value for c in sheet[2]]
    rows = [
        dict(zip(header, row, strict=True))
        for row in sheet.iter_rows(min_row=3, max_row=2 + len(report["lists"]), values_only=True)
    ]
    lists = {lst["organization"]: lst for lst in report["lists"]}
    district = next(r for r in rows if r["Mã đơn vị"] == "D")
    women = next(q for q in lists["D"]["quotas"] if q["code"] == "QUOTA_WOMEN")
    assert district["Cán bộ nữ: số người"] == women["count"]
    assert district["Cán bộ nữ: tỷ lệ (%)"] == women["actual"]
    assert district["Cán bộ nữ: chỉ tiêu (%)"] == women["target"]
    assert district["Cán bộ nữ: kết quả"] == ("Đạt" if women["ok"] else "Không đạt")
    assert district["Ngày tính tuổi"] == dt.datetime(2025, 6, 1)
    totals = [row for row in sheet.iter_rows(min_row=3, values_only=True) if row[1] == "Tổng cộng"]
    assert totals and totals[0][9] == report["totals"]["entries"]


def test_xlsx_continues_on_a_new_sheet_at_the_row_limit(
    report: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(spreadsheets, "EXCEL_MAX_ROWS", 4)  # title + header + 2 rows per sheet
    book = xlsx_book(report)
    assert f"{ENTRIES_SHEET} (2)" in book.sheetnames
    parts = [name for name in book.sheetnames if name.startswith(ENTRIES_SHEET)]
    rows = sum(book[name].max_row - 2 for name in parts)
    assert rows == len(entries_of(report))


def test_xlsx_reads_the_lists_once(report: dict[str, Any]) -> None:
    lists = report["lists"]
    streamed = {**report, "lists": (lst for lst in lists)}  # a generator: one pass only
    assert len(list(xlsx_book(streamed)[ENTRIES_SHEET].iter_rows(min_row=3))) == len(entries_of(report))


# --- PDF ----------------------------------------------------------------------------------------------


def test_pdf_is_an_official_document(report: dict[str, Any]) -> None:
    html = render_pdf_html(report)
    generated = dt.date.fromisoformat(report["generated_at"][:10])
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in html
    assert "ĐẢNG BỘ TỈNH QUẢNG NGÃI" in html and "BAN TỔ CHỨC" in html
    assert re.search(r'class="place-date">Quảng Ngãi, ngày \d{2} tháng \d{2} năm \d{4}<', html)
    assert document_date(generated) in html
    assert "BÁO CÁO" in html and "nhiệm kỳ 2025–2030" in html
    assert "Nguyễn Văn An" in html  # ineligible: listed with the reason
    assert "<script" not in html and "style=" not in html
    # the Party's format (issue 11): no colon after "Số", the board signs as its head
    assert "Số\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0-BC/BTC<" in html and "Số:" not in html
    assert 'class="title">TRƯỞNG BAN<' in html and "T/M" not in html


def test_pdf_date_line_format() -> None:
    assert document_date(dt.date(2026, 3, 5)) == "ngày 05 tháng 03 năm 2026"
    assert number(1234567) == "1.234.567" and number(16.666, 2) == "16,67"


def test_pdf_embeds_its_fonts_and_numbers_pages(report: dict[str, Any]) -> None:
    stream = io.BytesIO()
    write_pdf(report, stream)
    assert stream.getvalue().startswith(b"%PDF-") and stream.getvalue().rstrip().endswith(b"%%EOF")
    document = render_pdf(report)
    data = document.write_pdf(uncompressed_pdf=True)
    # the vendored Noto Serif subsets are embedded (TrueType outlines), not a system font
    assert b"/FontFile2" in data
    families = {font.family for font in document.fonts.values()}
    assert families == {"Report Serif Latin", "Report Serif Vietnamese"}
    # the page numbers are in the stylesheet every PDF shares (the Party's document format, issue 11)
    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "party_document.css").read_text()
    assert 'content: "Trang " counter(page) "/" counter(pages)' in css
    assert len(document.pages) >= 2


def test_pdf_refuses_remote_resources() -> None:
    fetch = pdf_exporter._local_fetcher(pdf_exporter._static_root())
    with pytest.raises(ValueError):
        fetch.fetch("http://example.com/x.css")
    with pytest.raises(ValueError):
        fetch.fetch("file:///etc/passwd")


def synthetic(lists: int, entries_per_list: int = 0) -> dict[str, Any]:
    """A report of many small lists, built without the database (the root is unknown to it)."""
    entry = {
        "full_name": "Nguyễn Văn An",
        "birth_date": "1968-03-15",
        "sex": "M",
        "position": "PHO_BI_THU",
        "position_name": "Phó Bí thư",
        "target_group": 1,
        "retirement_date": "2030-03-31",
        "months_remaining": 57,
        "age": 57,
        "young": False,
        "eligible": False,
        "findings": [{"code": "AGE_FULL_TERM", "severity": "error", "message": "Còn 57 tháng."}],
    }
    return {
        "organization": "NOWHERE",
        "organization_name": "Tỉnh Thử",
        "term": "2025-2030",
        "term_name": "Nhiệm kỳ 2025–2030",
        "kind": None,
        "generated_at": "2026-11-21T10:00:00+07:00",
        "lists": [
            {
                "organization": f"X{i}",
                "organization_name": f"Xã {i}",
                "kind": "next",
                "status": "draft",
                "reference_date": "2025-06-01",
                "rule_set": "HD16-2022",
                "people": 1,
                "entries": entries_per_list,
                "ineligible": entries_per_list,
                "errors": entries_per_list,
                "warnings": 1,
                "quotas": [],
                "findings": [{"code": "THIN_BENCH", "severity": "warning", "message": "Chỉ có 1 người."}],
                "entries_detail": [entry] * entries_per_list,
            }
            for i in range(lists)
        ],
        "totals": {"lists": lists, "people": lists, "entries": lists * entries_per_list},
    }


@pytest.mark.django_db
def test_pdf_leaves_long_tables_to_the_xlsx() -> None:
    context = pdf_context(synthetic(PDF_ROW_LIMIT + 1, 1))
    assert context["lists"].too_long and context["list_findings"].too_long and context["ineligible"].too_long
    assert len(context["lists"].rows) == PDF_ROW_LIMIT
    html = render_pdf_html(synthetic(PDF_ROW_LIMIT + 1, 1))
    assert html.count("vượt quá 1.000 dòng") == 3
    assert "Bảng này có 1.001 dòng" in html and "tệp Excel" in html
    within = pdf_context(synthetic(PDF_ROW_LIMIT, 1))
    assert not within["lists"].too_long and len(within["lists"].rows) == PDF_ROW_LIMIT


@pytest.mark.django_db
def test_pdf_of_a_summary_without_entries_points_to_the_xlsx() -> None:
    report = synthetic(3, 2)
    for lst in report["lists"]:
        del lst["entries_detail"]
    html = render_pdf_html(report)
    assert "Xem trang tính “Cán bộ” trong tệp Excel" in html


# --- Registry and command ----------------------------------------------------------------------------


def test_every_format_has_a_writer() -> None:
    assert set(exporters.WRITERS) == set(exporters.FORMATS)


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
def test_command_writes_xlsx_and_pdf(report: dict[str, Any], tmp_path: Path, fmt: str) -> None:
    output = tmp_path / f"report.{fmt}"
    out = io.StringIO()
    call_command(
        "compliance_report",
        "--org",
        "QN",
        "--term",
        "2025-2030",
        "--format",
        fmt,
        "--output",
        str(output),
        stdout=out,
    )
    assert output.exists() and "Đã ghi báo cáo" in out.getvalue()
    if fmt == "xlsx":
        assert openpyxl.load_workbook(output).sheetnames[:3] == [SUMMARY_SHEET, FINDINGS_SHEET, ENTRIES_SHEET]
    else:
        assert output.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in tmp_path.iterdir()] == [output.name]  # no temporary file left
