"""The compliance report as an Excel workbook, streamed (XlsxWriter constant_memory).

Three sheets, filled in one pass over the report's lists so that the lists may come from a generator:
"Tổng hợp" (one row per list with its quota shares against the targets, then the totals), "Vấn đề"
(every finding, of lists and of entries, with its Vietnamese message) and "Cán bộ" (every entry with
its retirement date, months remaining and eligibility). Each sheet has a title row and a frozen,
filtered header row; dates are real dates shown dd/mm/yyyy. Every text is written as a string cell,
so a name starting with "=" is shown, never evaluated. A sheet that reaches Excel's row limit goes on
in a new sheet ("Cán bộ (2)").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any, BinaryIO

from django.utils import translation
from xlsxwriter.workbook import Workbook

from apps.core.spreadsheets import HEADER_FORMAT, XlsxSheet, excel_date, xlsx_workbook
from apps.organizations.models import Level, PositionGroup
from apps.planning.models import ListKind, ListStatus
from apps.reports.exporters.json_csv import FINDING_SEPARATOR, NO, SEX_LABELS, YES, dmy
from apps.reports.models import QUOTA_FIELDS
from apps.rules.models import QuotaCode

DATE_FORMAT = "dd/mm/yyyy"
TITLE_FORMAT = {"bold": True, "font_size": 13}
PERCENT_FORMAT = "0.00"
SEVERITY_LABELS = {"error": "Lỗi", "warning": "Cảnh báo"}
QUOTA_CODES = tuple(QuotaCode.values)
with translation.override("vi"):  # the workbook is Vietnamese whatever the interface language
    QUOTA_LABELS = {code.value: str(code.label) for code in QuotaCode}
OK_LABELS = {True: "Đạt", False: "Không đạt", None: "Không áp dụng"}
SCOPE_LIST, SCOPE_ENTRY = "Danh sách", "Cán bộ"

SUMMARY_SHEET, FINDINGS_SHEET, ENTRIES_SHEET = "Tổng hợp", "Vấn đề", "Cán bộ"
SUMMARY_COLUMNS: tuple[tuple[str, int], ...] = (
    ("STT", 6),
    ("Mã đơn vị", 14),
    ("Tên đơn vị", 30),
    ("Cấp", 10),
    ("Loại danh sách", 30),
    ("Trạng thái", 12),
    ("Ngày tính tuổi", 12),
    ("Bộ quy định", 13),
    ("Số người", 9),
    ("Số lượt quy hoạch", 10),
    ("Không đủ điều kiện", 10),
    ("Lỗi", 7),
    ("Cảnh báo", 9),
    *(
        (f"{QUOTA_LABELS[code]}: {what}", width)
        for code in QUOTA_CODES
        for what, width in (("số người", 10), ("tỷ lệ (%)", 10), ("chỉ tiêu (%)", 10), ("kết quả", 12))
    ),
)
FINDINGS_COLUMNS: tuple[tuple[str, int], ...] = (
    ("Mã đơn vị", 14),
    ("Tên đơn vị", 28),
    ("Loại danh sách", 26),
    ("Phạm vi", 10),
    ("Họ và tên", 24),
    ("Ngày sinh", 11),
    ("Chức danh", 24),
    ("Nhóm chức danh", 12),
    ("Mức độ", 9),
    ("Mã vấn đề", 20),
    ("Nội dung", 90),
)
ENTRY_COLUMNS: tuple[tuple[str, int], ...] = (
    ("Mã đơn vị", 14),
    ("Tên đơn vị", 28),
    ("Loại danh sách", 26),
    ("Họ và tên", 24),
    ("Ngày sinh", 11),
    ("Giới tính", 8),
    ("Dân tộc thiểu số", 9),
    ("Chức danh quy hoạch", 28),
    ("Đối tượng", 9),
    ("Ngày nghỉ hưu", 12),
    ("Số tháng công tác còn lại", 11),
    ("Tuổi", 6),
    ("Cán bộ trẻ", 7),
    ("Đủ điều kiện", 9),
    ("Vấn đề", 90),
)


def _labels() -> dict[str, dict[str, str]]:
    with translation.override("vi"):
        return {
            "kind": {c.value: str(c.label) for c in ListKind},
            "status": {c.value: str(c.label) for c in ListStatus},
            "level": {c.value: str(c.label) for c in Level},
            "group": {c.value: str(c.label) for c in PositionGroup},
        }


def _formats(book: Workbook) -> dict[str, Any]:
    return {
        "title": book.add_format(TITLE_FORMAT),
        "header": book.add_format(HEADER_FORMAT),
        "date": book.add_format({"num_format": DATE_FORMAT}),
        "percent": book.add_format({"num_format": PERCENT_FORMAT}),
        "total": book.add_format({"bold": True}),
        "total_percent": book.add_format({"bold": True, "num_format": PERCENT_FORMAT}),
    }


def _scope_title(report: dict[str, Any], what: str, labels: dict[str, dict[str, str]]) -> str:
    scope = f"{what} — {report.get('organization_name') or report['organization']} — {report.get('term_name') or report['term']}"
    if report.get("kind"):
        scope += f" — {labels['kind'].get(report['kind'], report['kind'])}"
    generated = report.get("generated_at")
    if generated:
        by = f" theo yêu cầu của {report['requested_by']}" if report.get("requested_by") else ""
        scope += f" (lập ngày {dmy(generated[:10])}{by})"
    return scope


# The columns of SUMMARY_COLUMNS holding a share in percent: each quota's actual and target share.
PERCENT_COLUMNS = frozenset(
    col for col, (header, _width) in enumerate(SUMMARY_COLUMNS) if header.endswith("(%)")
)


def summary_row(number: int, lst: dict[str, Any], labels: dict[str, dict[str, str]]) -> tuple[Any, ...]:
    """The row (SUMMARY_COLUMNS) of one list: its figures and its quotas; None leaves a cell blank."""
    level = lst.get("level", "")
    cells: list[Any] = [
        number,
        lst["organization"],
        lst.get("organization_name", ""),
        labels["level"].get(level, level),
        labels["kind"].get(lst["kind"], lst["kind"]),
        labels["status"].get(lst["status"], lst["status"]),
        dt.date.fromisoformat(lst["reference_date"]),
        lst["rule_set"],
        lst["people"],
        lst["entries"],
        lst.get("ineligible", 0),
        lst.get("errors", 0),
        lst.get("warnings", 0),
    ]
    quotas = {q["code"]: q for q in lst.get("quotas", ())}
    for code in QUOTA_CODES:
        quota = quotas.get(code)
        if quota is None:
            cells += (None, None, None, None)
        else:
            cells += (quota["count"], quota["actual"], quota["target"], OK_LABELS[quota["ok"]])
    return tuple(cells)


def _write_summary_row(
    sheet: XlsxSheet, number: int, lst: dict[str, Any], labels: dict[str, dict[str, str]], fmt: dict[str, Any]
) -> None:
    ws, row = sheet.sheet, sheet.next_row()
    for col, value in enumerate(summary_row(number, lst, labels)):
        if value is None:
            continue
        if isinstance(value, str):
            ws.write_string(row, col, value)
        elif isinstance(value, dt.date):
            ws.write_number(row, col, excel_date(value), fmt["date"])
        else:
            ws.write_number(row, col, value, fmt["percent"] if col in PERCENT_COLUMNS else None)


def _write_totals(sheet: XlsxSheet, report: dict[str, Any], fmt: dict[str, Any]) -> None:
    totals = report.get("totals") or {}
    if not totals:
        return
    ws = sheet.sheet
    row = sheet.row + 2  # one blank row: the totals stay outside the filtered range
    if row >= sheet.max_rows:
        return
    ws.write_string(row, 1, "Tổng cộng", fmt["total"])
    ws.write_string(row, 2, f"{totals.get('lists', 0)} danh sách", fmt["total"])
    for col, key in ((8, "people"), (9, "entries"), (10, "ineligible"), (11, "errors"), (12, "warnings")):
        ws.write_number(row, col, totals.get(key, 0), fmt["total"])
    people = totals.get("people", 0)
    col = 13
    for code in QUOTA_CODES:
        count = totals.get(QUOTA_FIELDS[code], 0)
        ws.write_number(row, col, count, fmt["total"])
        if people:
            ws.write_number(row, col + 1, round(100 * count / people, 2), fmt["total_percent"])
        col += 4


def list_head(lst: dict[str, Any], labels: dict[str, dict[str, str]]) -> tuple[str, str, str]:
    """The columns that name a list on each row of "Vấn đề" and "Cán bộ": code, name, kind of list."""
    return lst["organization"], lst.get("organization_name", ""), labels["kind"].get(lst["kind"], lst["kind"])


def list_finding_rows(
    head: tuple[str, str, str], lst: dict[str, Any], labels: dict[str, dict[str, str]]
) -> Iterator[tuple[Any, ...]]:
    """The rows (FINDINGS_COLUMNS) of the list's own findings; None leaves a cell blank."""
    groups, severities = labels["group"], SEVERITY_LABELS
    for f in lst.get("findings", ()):
        group = f.get("position_group")
        yield (
            *head,
            SCOPE_LIST,
            None,
            None,
            f.get("position") or None,
            groups.get(group, group) if group else None,
            severities.get(f["severity"], f["severity"]),
            f["code"],
            f["message"],
        )


def entry_finding_rows(
    head: tuple[str, str, str], lst: dict[str, Any], labels: dict[str, dict[str, str]]
) -> Iterator[tuple[Any, ...]]:
    """The rows (FINDINGS_COLUMNS) of the findings of the list's entries, in entry order."""
    groups, severities, day = labels["group"], SEVERITY_LABELS, dt.date.fromisoformat
    for entry in lst.get("entries_detail", ()):
        if not entry["findings"]:
            continue
        full_name, birth = entry["full_name"], day(entry["birth_date"])
        position = entry.get("position_name") or entry["position"]
        group = entry.get("position_group")
        group_label = groups.get(group, group) if group else None
        for f in entry["findings"]:
            yield (
                *head,
                SCOPE_ENTRY,
                full_name,
                birth,
                position,
                group_label,
                severities.get(f["severity"], f["severity"]),
                f["code"],
                f["message"],
            )


def entry_rows(
    head: tuple[str, str, str], lst: dict[str, Any], labels: dict[str, dict[str, str]]
) -> Iterator[tuple[Any, ...]]:
    """The rows (ENTRY_COLUMNS) of the list's entries: the hot loop of a large report."""
    sexes, separator, day = SEX_LABELS, FINDING_SEPARATOR, dt.date.fromisoformat
    code, name, kind = head
    for entry in lst.get("entries_detail", ()):
        findings = entry["findings"]
        yield (
            code,
            name,
            kind,
            entry["full_name"],
            day(entry["birth_date"]),
            sexes.get(entry["sex"], entry["sex"]),
            YES if entry.get("ethnic_minority") else NO,
            entry.get("position_name") or entry["position"],
            entry["target_group"],
            day(entry["retirement_date"]),
            entry["months_remaining"],
            entry["age"],
            YES if entry["young"] else NO,
            YES if entry["eligible"] else NO,
            separator.join([f["message"] for f in findings]) if findings else None,
        )


MEASURE_COLUMNS = (
    ("Chỉ tiêu", 60),
    ("Số người", 10),
    ("Tổng số", 10),
    ("Tỷ lệ (%)", 10),
    ("Chỉ tiêu (%)", 12),
    ("Đạt", 8),
)


def measure_rows(measures: dict[str, Any]) -> list[tuple[str, ...]]:
    """R8 (MEASURE_COLUMNS, all text): the other measures, the three age bands and the head posts held
    long in one place; "" leaves a cell blank."""
    ok_text = {True: "Đạt", False: "Chưa đạt", None: ""}
    rows: list[tuple[str, ...]] = [
        (
            item["label"],
            str(item["count"]),
            str(item["total"]),
            "" if item["actual"] is None else f"{item['actual']:.2f}".replace(".", ","),
            "Chưa đặt chỉ tiêu" if item["target"] is None else f"{item['target']:g}".replace(".", ","),
            ok_text[item["ok"]],
        )
        for item in measures["items"]
    ]
    rows += [
        (
            f"Cơ cấu độ tuổi (cán bộ trong quy hoạch): {band['label']}",
            str(band["count"]),
            "",
            "",
            "Chưa đặt chỉ tiêu",
            "",
        )
        for band in measures["age_bands"]
    ]
    rows.append(
        (
            "Chức vụ người đứng đầu giữ ở một nơi quá hai nhiệm kỳ, cần xem xét luân chuyển",
            str(measures.get("long_held_count", len(measures["long_held"]))),
            "",
            "",
            "Chưa đặt chỉ tiêu",
            "",
        )
    )
    rows += [
        (
            f"Giữ chức vụ người đứng đầu từ {row['since'][8:10]}/{row['since'][5:7]}/{row['since'][:4]}, cần luân chuyển: {row['full_name']} — {row['position']}, {row['organization']}",
            "",
            "",
            "",
            "",
            "",
        )
        for row in measures["long_held"]
    ]
    return rows


MEASURES_SHEET = "Chỉ tiêu khác"


def measures_title(measures: dict[str, Any]) -> str:
    return f"Các chỉ tiêu khác (bộ quy tắc {measures['rule_set']})"


def _write_measures(new_sheet: Any, measures: dict[str, Any] | None) -> None:
    """R8: the other measures, the head posts held long in one place and the three age bands."""
    if not measures:
        return
    sheet = new_sheet(MEASURES_SHEET, measures_title(measures), MEASURE_COLUMNS)
    for row in measure_rows(measures):
        sheet.write_texts(row)
    sheet.close()


def write_xlsx(report: dict[str, Any], stream: BinaryIO) -> None:
    """The report as an .xlsx workbook written to a binary stream, in one pass over report["lists"]."""
    labels = _labels()
    book = xlsx_workbook(stream)
    book.set_properties({"title": _scope_title(report, "Báo cáo tuân thủ quy hoạch cán bộ", labels)})
    fmt = _formats(book)

    def new_sheet(name: str, what: str, columns: tuple[tuple[str, int], ...]) -> XlsxSheet:
        title = _scope_title(report, what, labels)
        return XlsxSheet(
            book, name, columns, title=title, header_format=fmt["header"], title_format=fmt["title"]
        )

    summary = new_sheet(SUMMARY_SHEET, "Tổng hợp theo danh sách quy hoạch", SUMMARY_COLUMNS)
    findings = new_sheet(FINDINGS_SHEET, "Các vấn đề phát hiện", FINDINGS_COLUMNS)
    entries = new_sheet(ENTRIES_SHEET, "Cán bộ trong quy hoạch", ENTRY_COLUMNS)
    date = fmt["date"]
    for number, lst in enumerate(report["lists"], start=1):
        head = list_head(lst, labels)
        _write_summary_row(summary, number, lst, labels, fmt)
        findings.write_rows(list_finding_rows(head, lst, labels), date)
        findings.write_rows(entry_finding_rows(head, lst, labels), date)
        entries.write_rows(entry_rows(head, lst, labels), date)
    for sheet in (summary, findings, entries):
        sheet.close()
    _write_measures(new_sheet, report.get("measures"))
    _write_totals(summary, report, fmt)
    book.close()
