"""The detail workbook of a large report (chi-tiet_<CODE>.xlsx), written by rustpy-xlsxwriter: the cells
of the JSON report, the same as the XlsxWriter workbook's "Vấn đề" and "Cán bộ" sheets."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from apps.core import spreadsheets
from apps.core.spreadsheets import XlsxTable, write_xlsx_tables
from apps.organizations.models import Level, Organization, Term
from apps.planning.models import ListKind
from apps.reports.exporters.xlsx import ENTRY_COLUMNS, FINDINGS_COLUMNS, write_xlsx
from apps.reports.exporters.xlsx_split import write_detail_xlsx
from apps.reports.selectors import compliance_report_build

from .builders import org, person, plan, plan_list

FORMULA_NAMES = ('=HYPERLINK("http://x.vn","Bấm")', "+84 Hùng", "-Lan", "@Mai", "=1+1")
KIND_LABELS = {"current": "Nhiệm kỳ hiện tại (rà soát, bổ sung)", "next": "Nhiệm kỳ kế tiếp (xây dựng)"}
GROUP_LABELS = {"committee": "Cấp ủy", "leadership": "Lãnh đạo", "management": "Quản lý"}
SEVERITIES = {"error": "Lỗi", "warning": "Cảnh báo"}
WHO = "Huyện thử"


@pytest.fixture
def report(db: None) -> dict[str, Any]:
    """A province and a district: an ineligible man (entry findings), unmet quotas (list findings),
    women and men, an ethnic minority official, names that look like formulas."""
    province = Organization.objects.create(code="QN", name="Tỉnh Quảng Ngãi", level=Level.PROVINCE)
    district = org("D", Level.DISTRICT, province)
    pl = plan_list(district, ListKind.NEXT, dt.date(2025, 6, 1))
    plan(pl, person("Nguyễn Văn An", dt.date(1966, 3, 15), "M", district), "PHO_BI_THU")
    plan(pl, person("Nguyễn Thị Hằng", dt.date(1985, 7, 2), "F", district, ethnic_minority=True), "UV_BCH")
    for n, name in enumerate(FORMULA_NAMES):
        plan(pl, person(name, dt.date(1980 + n, 1, 20), "M" if n % 2 else "F", district), "UV_BCH")
    own = plan_list(province, ListKind.CURRENT, dt.date(2026, 1, 1))
    plan(own, person("Trần Thị Bình", dt.date(1979, 9, 9), "F", province), "UV_BCH")
    built = compliance_report_build(organization=province, term=Term.objects.get(code="2025-2030"))
    entries = [e for lst in built["lists"] for e in lst["entries_detail"]]
    assert any(lst["findings"] for lst in built["lists"]), "the fixture needs list findings"
    assert any(e["findings"] for e in entries), "the fixture needs entry findings"
    return built


def detail_bytes(report: dict[str, Any]) -> bytes:
    stream = io.BytesIO()
    write_detail_xlsx(report, WHO, report["lists"], stream)
    return stream.getvalue()


def detail_book(report: dict[str, Any]) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(detail_bytes(report)))


def day(iso: str) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(iso), dt.time())


def yes(value: Any) -> str:
    return "Có" if value else "Không"


def data_rows(book: openpyxl.Workbook, sheet: str) -> list[tuple[Any, ...]]:
    """The rows under the title and header of a sheet and of its continuations ("Cán bộ (2)"...)."""
    names = [sheet] + [n for n in book.sheetnames if n.startswith(f"{sheet} (")]
    return [row for name in names for row in book[name].iter_rows(min_row=3, values_only=True)]


def expected_entries(report: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (
            lst["organization"],
            lst["organization_name"],
            KIND_LABELS[lst["kind"]],
            e["full_name"],
            day(e["birth_date"]),
            {"M": "Nam", "F": "Nữ"}[e["sex"]],
            yes(e["ethnic_minority"]),
            e["position_name"],
            e["target_group"],
            day(e["retirement_date"]),
            e["months_remaining"],
            e["age"],
            yes(e["young"]),
            yes(e["eligible"]),
            "; ".join(f["message"] for f in e["findings"]) or None,
        )
        for lst in report["lists"]
        for e in lst["entries_detail"]
    ]


def expected_findings(report: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Per list, its own findings, then those of its entries."""
    rows: list[tuple[Any, ...]] = []
    for lst in report["lists"]:
        head = (lst["organization"], lst["organization_name"], KIND_LABELS[lst["kind"]])
        for f in lst["findings"]:
            group = GROUP_LABELS.get(f.get("position_group") or "")
            who = ("Danh sách", None, None, f.get("position") or None, group)
            rows.append((*head, *who, SEVERITIES[f["severity"]], f["code"], f["message"]))
        for e in lst["entries_detail"]:
            group = GROUP_LABELS.get(e["position_group"])
            who = ("Cán bộ", e["full_name"], day(e["birth_date"]), e["position_name"], group)
            for f in e["findings"]:
                rows.append((*head, *who, SEVERITIES[f["severity"]], f["code"], f["message"]))
    return rows


def test_the_detail_workbook_has_the_cells_of_the_json_report(report: dict[str, Any]) -> None:
    book = detail_book(report)
    assert book.sheetnames == ["Vấn đề", "Cán bộ"]
    stamp = dt.date.fromisoformat(report["generated_at"][:10]).strftime("%d/%m/%Y")
    scope = f"Tỉnh Quảng Ngãi — {report['term_name']} (lập ngày {stamp})"
    for name, what, columns in (
        ("Cán bộ", "Cán bộ trong quy hoạch", ENTRY_COLUMNS),
        ("Vấn đề", "Các vấn đề phát hiện", FINDINGS_COLUMNS),
    ):
        sheet = book[name]
        assert sheet["A1"].value == f"{WHO}: {what} — {scope}"
        assert sheet["A1"].font.b and sheet["A1"].font.sz == 13
        assert [c.value for c in sheet[2]] == [header for header, _width in columns]
        assert all(c.font.b and c.fill.fgColor.rgb == "FFDDE6F0" for c in sheet[2])
        assert sheet.freeze_panes == "A3"  # the title and the header stay in view
        assert sheet.auto_filter.ref.startswith(f"A2:{get_column_letter(len(columns))}")
        for col, (_header, width) in enumerate(columns, start=1):
            assert round(sheet.column_dimensions[get_column_letter(col)].width) == width + 1
    entries = expected_entries(report)
    assert data_rows(book, "Cán bộ") == entries
    assert data_rows(book, "Vấn đề") == expected_findings(report)
    rows = list(book["Cán bộ"].iter_rows(min_row=3))
    for row in rows:  # dates are real dates shown dd/mm/yyyy; numbers are numbers
        for cell in (row[4], row[9]):
            assert cell.is_date and cell.number_format == "dd/mm/yyyy"
        assert all(cell.data_type == "n" for cell in (row[8], row[10], row[11]))
    assert any(e[-1] for e in entries) and any(e[-1] is None for e in entries)  # messages, blank when none


def test_the_detail_sheets_are_the_single_workbooks_sheets(report: dict[str, Any]) -> None:
    stream = io.BytesIO()
    write_xlsx(report, stream)
    single = openpyxl.load_workbook(io.BytesIO(stream.getvalue()))
    detail = detail_book(report)
    for name in ("Vấn đề", "Cán bộ"):
        assert data_rows(detail, name) == data_rows(single, name)
        assert [c.value for c in detail[name][2]] == [c.value for c in single[name][2]]


def test_formula_looking_names_stay_text(report: dict[str, Any]) -> None:
    data = detail_bytes(report)
    book = openpyxl.load_workbook(io.BytesIO(data))
    names = [
        c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value in FORMULA_NAMES
    ]
    assert {c.value for c in names if c.parent.title == "Cán bộ"} == set(FORMULA_NAMES)
    assert all(c.data_type == "s" for c in names)  # read back as the text, not as a formula
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.namelist():
            if member.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(member)  # no formula anywhere


def test_a_small_row_limit_continues_both_sheets(report: dict[str, Any], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(spreadsheets, "EXCEL_MAX_ROWS", 4)  # title + header + 2 rows per sheet
    book = detail_book(report)
    entries, findings = expected_entries(report), expected_findings(report)
    parts = {name: -(-len(rows) // 2) for name, rows in (("Vấn đề", findings), ("Cán bộ", entries))}
    assert parts["Cán bộ"] >= 3
    assert book.sheetnames == [
        name if n == 1 else f"{name} ({n})"
        for name in ("Vấn đề", "Cán bộ")
        for n in range(1, parts[name] + 1)
    ]
    assert data_rows(book, "Cán bộ") == entries and data_rows(book, "Vấn đề") == findings
    for sheet in book.worksheets:
        assert sheet.max_row <= 4 and sheet.freeze_panes == "A3"
        assert sheet["A2"].value == "Mã đơn vị" and str(sheet["A1"].value).startswith(WHO)


def test_a_part_without_entries_or_findings_has_its_headers() -> None:
    header = {"organization": "X", "organization_name": "Xã X", "term": "2025-2030", "term_name": "2025–2030"}
    lists = [{"organization": "X", "kind": ListKind.NEXT, "findings": [], "entries_detail": []}]
    stream = io.BytesIO()
    write_detail_xlsx(header, "Xã X", lists, stream)
    book = openpyxl.load_workbook(io.BytesIO(stream.getvalue()))
    assert book.sheetnames == ["Vấn đề", "Cán bộ"]
    for sheet, columns in ((book["Vấn đề"], FINDINGS_COLUMNS), (book["Cán bộ"], ENTRY_COLUMNS)):
        assert sheet.max_row == 2 and sheet.freeze_panes == "A3"
        assert [c.value for c in sheet[2]] == [header for header, _width in columns]


def test_a_table_must_have_the_rows_it_counts() -> None:
    columns = (("A", 10), ("B", 10))
    with pytest.raises(ValueError, match="not the 1 rows"):
        write_xlsx_tables(io.BytesIO(), [XlsxTable("T", columns, [("a", 1), ("b", 2)], 1, title="T")])
    with pytest.raises(ValueError, match="not the 3 rows"):
        write_xlsx_tables(io.BytesIO(), [XlsxTable("T", columns, [("a", 1), ("b", 2)], 3)])


def test_a_header_row_is_as_tall_as_its_longest_wrapped_header() -> None:
    """Both writers set the header row's height (LibreOffice does not size it and draws the wrapped
    headers over the first rows): one line for short headers, more for one that wraps."""
    from apps.core.spreadsheets import XlsxSheet, header_height, xlsx_workbook

    short = (("STT", 6), ("Mã đơn vị", 14))
    wrapped = (*short, ("Cán bộ dân tộc thiểu số: chỉ tiêu (%)", 10))
    assert header_height(short) == spreadsheets.LINE_POINTS
    assert (
        header_height(wrapped) == 4 * spreadsheets.LINE_POINTS
    )  # Cán bộ dân / tộc thiểu / số: chỉ / tiêu (%)

    rust = io.BytesIO()
    write_xlsx_tables(rust, [XlsxTable("A", wrapped, [(1, "x", 2.5)], 1, title="Tiêu đề")])
    books = [openpyxl.load_workbook(rust)["A"]]
    python = io.BytesIO()
    book = xlsx_workbook(python)
    sheet = XlsxSheet(book, "A", wrapped, title="Tiêu đề")
    sheet.write_rows([(1, "x", 2.5)])
    sheet.close()
    book.close()
    books.append(openpyxl.load_workbook(python)["A"])
    for ws in books:
        assert ws.row_dimensions[2].height == 4 * spreadsheets.LINE_POINTS
        assert ws["C2"].value.startswith("Cán bộ dân") and ws["C3"].value == 2.5
