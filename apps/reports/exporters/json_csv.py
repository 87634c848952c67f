"""JSON and CSV forms of the compliance report (contracts §6)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import orjson
from django.utils import translation

from apps.core.files import append_file
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


def _indented(value: Any, pad: bytes) -> bytes:
    """`value` as json.dumps(value, ensure_ascii=False, indent=2) writes it, in UTF-8, every line after
    the first indented by `pad` more: its text at that depth of an enclosing document.

    orjson writes the same text as the standard library's pure-Python indenting encoder, some thirty
    times faster (a national report holds a million entries), and as bytes (no decoding and encoding
    again); a value orjson refuses (a key that is not a string, an integer beyond 64 bits) is written
    by the standard library instead. JSON strings hold no raw newline, so re-indenting the lines is
    exact.
    """
    try:
        data = orjson.dumps(value, option=orjson.OPT_INDENT_2)
    except TypeError:  # orjson.JSONEncodeError is one
        data = json.dumps(value, ensure_ascii=False, indent=2).encode()
    return data.replace(b"\n", b"\n" + pad) if pad else data


def dumps_indented(value: Any, pad: str = "") -> str:
    """`value` as json.dumps(value, ensure_ascii=False, indent=2), indented by `pad` more (_indented)."""
    return _indented(value, pad.encode()).decode()


def json_lists_fragment(lists: Iterable[dict[str, Any]]) -> bytes:
    """Items of the report's `lists` as json.dump(indent=2) writes them inside the report, comma-joined
    (UTF-8)."""
    return b",\n".join(b"    " + _indented(lst, b"    ") for lst in lists)


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
                append_file(stream, item.path)
                empty = False
                continue
            text.write("[\n" if empty else ",\n")
            text.flush()
            stream.write(json_lists_fragment([item]))
            empty = False
        text.write("[]" if empty else "\n  ]")
    text.write("\n}\n" if report else "{}\n"[1:])
    text.flush()
    text.detach()  # the caller owns and closes the binary stream


def safe_cell(value: object) -> object:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    return safe_text(value) if isinstance(value, str) else value


def safe_text(text: str) -> str:
    """A text that a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


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


# An entry row ends with the seven columns it leaves empty ("Mã vấn đề" to "Đạt chỉ tiêu"), then the line
# end of csv.writer.
_ENTRY_LINE_END = "," * (2 + len(_NO_MEASURE)) + "\r\n"


class _Lines:
    """A csv.writer's file that keeps each line it is given (its write is the list's append)."""

    __slots__ = ("lines", "write")

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.write = self.lines.append


def _field(text: str) -> str:
    """A text as csv.writer's default dialect writes it: quoted when it holds a comma, a quote or a line
    break, its quotes doubled."""
    if '"' in text:
        return '"' + text.replace('"', '""') + '"'
    if "," in text or "\n" in text or "\r" in text:
        return '"' + text + '"'
    return text


def _csv_line(row: tuple[object, ...]) -> str:
    """One row as csv.writer writes it, without its line end (the same end as the rows', because the
    writer quotes a text holding any character of it)."""
    out = _Lines()
    csv.writer(out).writerow(row)
    return out.lines[0].removesuffix("\r\n")


def _write_csv_lists(text: io.TextIOWrapper, lists: Iterable[dict[str, Any]]) -> None:
    """Every list's rows (CSV_HEADER order): the list's columns, a row type, then the row's own.

    A list gives one "Cán bộ" row per entry, one "Vấn đề của danh sách" row per list finding and one
    "Cơ cấu" row per quota; a list without entries also gives one "Danh sách trống" row.

    Every text that comes from the data (codes, names, messages) is `safe_cell`: the list's columns
    once per list, a post's code and name once per post, an entry's name and messages once per row. The
    rest are our own labels, dd/mm/yyyy dates and numbers, which never start like a formula.

    The hot loop of a national report (a million entry rows of 28 columns): the list's first eight
    columns are written once per list by csv.writer, as a line start; an entry's thirteen are joined
    here, its texts quoted as csv.writer quotes them (_field: only a name and a message can need it,
    a post's code and name are quoted once) and its seven empty columns end the line. The lines are
    those of csv.writer over the whole rows (tests/reports/test_csv_rows.py compares them).
    """
    kinds, statuses = _labels()
    safe, separator = safe_cell, FINDING_SEPARATOR
    sexes = {code: safe_text(label) for code, label in SEX_LABELS.items()}
    posts: dict[str, Any] = {}
    writer = csv.writer(text)
    for lst in lists:
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
            writer.writerow(head + (ROW_EMPTY_LIST, *_NO_ENTRY, EMPTY_LIST_MESSAGE, "", "", *_NO_MEASURE))
        if details:
            start = _csv_line((*head, ROW_ENTRY)) + ","
            lines = []
            for entry in details:
                code = entry["position"]
                post = posts.get(code)
                if post is None:
                    post = posts[code] = _field(safe_text(code))
                name = entry.get("position_name", code)
                post_name = posts.get(name)
                if post_name is None:
                    post_name = posts[name] = _field(safe_text(name))
                full_name = entry["full_name"]
                findings = entry["findings"]
                message = separator.join([f["message"] for f in findings]) if findings else ""
                lines.append(
                    ",".join(
                        (
                            start + _field(safe_text(full_name)),
                            dmy(entry["birth_date"]),
                            sexes.get(entry["sex"]) or _field(safe_text(entry["sex"])),
                            YES if entry.get("ethnic_minority") else NO,
                            post,
                            post_name,
                            str(entry["target_group"]),
                            dmy(entry["retirement_date"]),
                            str(entry["months_remaining"]),
                            str(entry["age"]),
                            YES if entry["young"] else NO,
                            YES if entry["eligible"] else NO,
                            _field(safe_text(message)),
                        )
                    )
                )
            lines.append("")
            text.write(_ENTRY_LINE_END.join(lines))
        for finding in lst.get("findings", ()):
            writer.writerow(
                head
                + (
                    ROW_LIST_FINDING,
                    *_NO_ENTRY,
                    safe(finding["message"]),
                    safe(finding["code"]),
                    SEVERITY_LABELS.get(finding["severity"], finding["severity"]),
                    *_NO_MEASURE,
                )
            )
        for quota in lst.get("quotas", ()):
            writer.writerow(
                head
                + (
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
            )


def write_csv(report: dict[str, Any], stream: BinaryIO) -> None:
    """The report as CSV in UTF-8 with a BOM (so Excel reads Vietnamese): see _write_csv_lists."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    csv.writer(text).writerow(CSV_HEADER)
    _write_csv_lists(text, report["lists"])
    text.flush()
    text.detach()


def write_csv_rows(lists: Iterable[dict[str, Any]], stream: BinaryIO) -> None:
    """The CSV rows of these lists only (no BOM, no header): a part that write_csv's output continues."""
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="")
    _write_csv_lists(text, lists)
    text.flush()
    text.detach()


def write_csv_head(stream: BinaryIO) -> None:
    """What write_csv writes before the first row: the BOM and the header."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    csv.writer(text).writerow(CSV_HEADER)
    text.flush()
    text.detach()
