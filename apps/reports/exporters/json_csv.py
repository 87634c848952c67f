"""JSON and CSV forms of the compliance report (contracts §6)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from django.utils import translation

from apps.planning.models import ListKind, ListStatus

# Spreadsheets run a cell that starts with one of these as a formula (CSV injection): such text is
# prefixed with a quote so that it is shown, not run.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
YES, NO = "Có", "Không"
SEX_LABELS = {"M": "Nam", "F": "Nữ"}
FINDING_SEPARATOR = "; "

CSV_HEADER = (
    "Mã đơn vị",
    "Tên đơn vị",
    "Nhiệm kỳ",
    "Loại danh sách",
    "Trạng thái",
    "Ngày tính tuổi",
    "Bộ quy định",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Dân tộc thiểu số",
    "Mã chức danh",
    "Chức danh quy hoạch",
    "Đối tượng",
    "Ngày nghỉ hưu",
    "Số tháng công tác còn lại",
    "Tuổi",
    "Cán bộ trẻ",
    "Đủ điều kiện",
    "Vấn đề",
)


def write_json(report: dict[str, Any], stream: BinaryIO) -> None:
    """The report as UTF-8 JSON, Vietnamese letters unescaped, indented by 2."""
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="\n")
    json.dump(report, text, ensure_ascii=False, indent=2)
    text.write("\n")
    text.flush()
    text.detach()  # the caller owns and closes the binary stream


def safe_cell(value: object) -> object:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def dmy(iso: str | None) -> str:
    """An ISO date (yyyy-mm-dd) as dd/mm/yyyy; empty for None."""
    # slicing, not strptime/strftime: a national report has three dates on each of a million rows
    return "" if not iso else f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}"


def _labels() -> tuple[dict[str, str], dict[str, str]]:
    with translation.override("vi"):
        return (
            {kind.value: str(kind.label) for kind in ListKind},
            {status.value: str(status.label) for status in ListStatus},
        )


def csv_rows(report: dict[str, Any]) -> Iterator[tuple[object, ...]]:
    """One row per entry of every list: the list's columns, then the entry's (CSV_HEADER order)."""
    kinds, statuses = _labels()
    for lst in report["lists"]:
        head = (
            lst["organization"],
            lst.get("organization_name", ""),
            lst["term"],
            kinds.get(lst["kind"], lst["kind"]),
            statuses.get(lst["status"], lst["status"]),
            dmy(lst["reference_date"]),
            lst["rule_set"],
        )
        for entry in lst.get("entries_detail", ()):
            yield head + (
                entry["full_name"],
                dmy(entry["birth_date"]),
                SEX_LABELS.get(entry["sex"], entry["sex"]),
                YES if entry.get("ethnic_minority") else NO,
                entry["position"],
                entry.get("position_name", entry["position"]),
                entry["target_group"],
                dmy(entry["retirement_date"]),
                entry["months_remaining"],
                entry["age"],
                YES if entry["young"] else NO,
                YES if entry["eligible"] else NO,
                FINDING_SEPARATOR.join(f["message"] for f in entry["findings"]),
            )


def write_csv(report: dict[str, Any], stream: BinaryIO) -> None:
    """The report as CSV in UTF-8 with a BOM (so Excel reads Vietnamese), one row per entry."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow(CSV_HEADER)
    writer.writerows([safe_cell(value) for value in row] for row in csv_rows(report))
    text.flush()
    text.detach()
