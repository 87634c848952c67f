"""JSON and CSV forms of the compliance report (contracts §6)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import orjson
from django.utils import translation

from apps.planning.models import ListKind, ListStatus

# Spreadsheets run a cell that starts with one of these as a formula (CSV injection): such text is
# prefixed with a quote so that it is shown, not run.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
YES, NO = "Có", "Không"
SEX_LABELS = {"M": "Nam", "F": "Nữ"}
FINDING_SEPARATOR = "; "
ROW_ENTRY = "Cán bộ"
ROW_LIST_FINDING = "Vấn đề của danh sách"
ROW_QUOTA = "Cơ cấu"
ROW_EMPTY_LIST = "Danh sách trống"
EMPTY_LIST_MESSAGE = "Danh sách chưa có cán bộ nào trong quy hoạch."
SEVERITY_LABELS = {"error": "Lỗi", "warning": "Cảnh báo"}
QUOTA_LABELS = {
    "QUOTA_YOUNG": "Tỷ lệ cán bộ trẻ",
    "QUOTA_WOMEN": "Tỷ lệ cán bộ nữ",
    "QUOTA_ETHNIC": "Tỷ lệ cán bộ người dân tộc thiểu số",
}

CSV_HEADER = (
    "Mã đơn vị",
    "Tên đơn vị",
    "Nhiệm kỳ",
    "Loại danh sách",
    "Trạng thái",
    "Ngày tính tuổi",
    "Bộ quy định",
    "Loại dòng",
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
    "Mã vấn đề",
    "Mức độ",
    "Số người",
    "Tổng số",
    "Tỷ lệ (%)",
    "Chỉ tiêu (%)",
    "Đạt chỉ tiêu",
)
# The entry columns, from "Họ và tên" to "Đủ điều kiện": empty on the rows of a list's own.
_NO_ENTRY = ("",) * 12
_NO_MEASURE = ("",) * 5


@dataclass(frozen=True)
class RawJSON:
    """A file of lists already written as JSON (json_lists_fragment, UTF-8): its bytes are copied into the
    report as they are, without decoding and encoding again (a national report's are a gigabyte)."""

    path: Path


def dumps_indented(value: Any, pad: str = "") -> str:
    """`value` as json.dumps(value, ensure_ascii=False, indent=2) writes it, every line after the first
    indented by `pad` more: its text at that depth of an enclosing document.

    orjson writes the same text as the standard library's pure-Python indenting encoder, some thirty
    times faster (a national report holds a million entries); a value orjson refuses (a key that is not
    a string, an integer beyond 64 bits) is written by the standard library instead. JSON strings hold
    no raw newline, so re-indenting the lines is exact.
    """
    try:
        text = orjson.dumps(value, option=orjson.OPT_INDENT_2).decode()
    except TypeError:  # orjson.JSONEncodeError is one
        text = json.dumps(value, ensure_ascii=False, indent=2)
    return text.replace("\n", "\n" + pad) if pad else text


def json_lists_fragment(lists: Iterable[dict[str, Any]]) -> str:
    """Items of the report's `lists` as json.dump(indent=2) writes them inside the report, comma-joined."""
    return ",\n".join("    " + dumps_indented(lst, "    ") for lst in lists)


def write_json(report: dict[str, Any], stream: BinaryIO) -> None:
    """The report as UTF-8 JSON, Vietnamese letters unescaped, indented by 2; `lists` written as a stream.

    Byte for byte what json.dump(report, indent=2) writes, but `lists` may be a generator (and the keys
    after it, the totals, are read only once it is exhausted); a RawJSON item is copied as it is.
    """
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="\n")
    text.write("{")
    for number, (key, value) in enumerate(report.items()):
        text.write(("," if number else "") + "\n  " + json.dumps(key, ensure_ascii=False) + ": ")
        if key != "lists":
            text.write(dumps_indented(value, "  "))
            continue
        empty = True
        for item in value:
            if isinstance(item, RawJSON):
                if not item.path.stat().st_size:
                    continue
                text.write("[\n" if empty else ",\n")
                text.flush()
                with item.path.open("rb") as source:
                    shutil.copyfileobj(source, stream, 1 << 20)
                empty = False
                continue
            fragment = json_lists_fragment([item])
            if not fragment:
                continue
            text.write(("[\n" if empty else ",\n") + fragment)
            empty = False
        text.write("[]" if empty else "\n  ]")
    text.write("\n}\n" if report else "{}\n"[1:])
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


def _yes_no(value: bool | None) -> str:
    return "" if value is None else YES if value else NO


def csv_rows(report: dict[str, Any]) -> Iterator[tuple[object, ...]]:
    """Every list's rows (CSV_HEADER order): the list's columns, a row type, then the row's own.

    A list gives one "Cán bộ" row per entry, one "Vấn đề của danh sách" row per list finding and one
    "Cơ cấu" row per quota; a list without entries also gives one "Danh sách trống" row.

    Every text that comes from the data (codes, names, messages) is already `safe_cell`: the list's
    columns once per list, an entry's texts once per row. The rest are our own labels, dd/mm/yyyy dates
    and numbers, which never start like a formula, so a million rows need no check of every cell.
    """
    kinds, statuses = _labels()
    safe = safe_cell
    for lst in report["lists"]:
        head = tuple(
            safe(value)
            for value in (
                lst["organization"],
                lst.get("organization_name", ""),
                lst["term"],
                kinds.get(lst["kind"], lst["kind"]),
                statuses.get(lst["status"], lst["status"]),
                dmy(lst["reference_date"]),
                lst["rule_set"],
            )
        )
        details = lst.get("entries_detail", ())
        if not lst.get("entries", len(details)):
            yield head + (ROW_EMPTY_LIST, *_NO_ENTRY, EMPTY_LIST_MESSAGE, "", "", *_NO_MEASURE)
        entry_head = head + (ROW_ENTRY,)
        for entry in details:
            yield entry_head + (
                safe(entry["full_name"]),
                dmy(entry["birth_date"]),
                safe(SEX_LABELS.get(entry["sex"], entry["sex"])),
                YES if entry.get("ethnic_minority") else NO,
                safe(entry["position"]),
                safe(entry.get("position_name", entry["position"])),
                entry["target_group"],
                dmy(entry["retirement_date"]),
                entry["months_remaining"],
                entry["age"],
                YES if entry["young"] else NO,
                YES if entry["eligible"] else NO,
                safe(FINDING_SEPARATOR.join(f["message"] for f in entry["findings"])),
                "",
                "",
                *_NO_MEASURE,
            )
        for finding in lst.get("findings", ()):
            yield head + (
                ROW_LIST_FINDING,
                *_NO_ENTRY,
                safe(finding["message"]),
                safe(finding["code"]),
                SEVERITY_LABELS.get(finding["severity"], finding["severity"]),
                *_NO_MEASURE,
            )
        for quota in lst.get("quotas", ()):
            yield head + (
                ROW_QUOTA,
                *_NO_ENTRY,
                safe(QUOTA_LABELS.get(quota["code"], quota["code"])),
                safe(quota["code"]),
                "",
                quota["count"],
                quota["total"],
                "" if quota["actual"] is None else quota["actual"],
                "" if quota["target"] is None else quota["target"],
                _yes_no(quota["ok"]),
            )


def write_csv(report: dict[str, Any], stream: BinaryIO) -> None:
    """The report as CSV in UTF-8 with a BOM (so Excel reads Vietnamese): see csv_rows for the rows."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow(CSV_HEADER)
    writer.writerows(csv_rows(report))
    text.flush()
    text.detach()


def write_csv_rows(lists: Iterable[dict[str, Any]], stream: BinaryIO) -> None:
    """The CSV rows of these lists only (no BOM, no header): a part that write_csv's output continues."""
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="")
    csv.writer(text).writerows(csv_rows({"lists": lists}))
    text.flush()
    text.detach()


def write_csv_head(stream: BinaryIO) -> None:
    """What write_csv writes before the first row: the BOM and the header."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    csv.writer(text).writerow(CSV_HEADER)
    text.flush()
    text.detach()
