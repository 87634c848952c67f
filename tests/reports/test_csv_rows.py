"""The CSV's rows (contracts §6) are those of csv.writer over every whole row of 28 columns, though the
writer writes a list's first columns once and an entry's thirteen (json_csv._write_csv_lists)."""

from __future__ import annotations

import csv
import io
from typing import Any

from apps.reports.exporters import json_csv as J

# data texts that a spreadsheet would run, that csv.writer must quote, or both
AWKWARD = [
    "=1+2",
    "+84 912",
    "-5",
    "@SUM(A1)",
    "\ttab",
    "\rcr",
    'say "hi"',
    "a, b",
    "line\nbreak",
    "crlf\r\nx",
    "",
]


def reference_rows(lists: list[dict[str, Any]]) -> list[tuple[object, ...]]:
    """The rows as the contract lays them out, each column written out (the report's first CSV writer)."""
    kinds, statuses = J._labels()
    safe = J.safe_cell
    rows: list[tuple[object, ...]] = []
    for lst in lists:
        head = tuple(
            safe(value)
            for value in (
                lst["organization"],
                lst.get("organization_name", ""),
                lst["term"],
                kinds.get(lst["kind"], lst["kind"]),
                statuses.get(lst["status"], lst["status"]),
                J.dmy(lst["reference_date"]),
                lst["rule_set"],
            )
        )
        details = lst.get("entries_detail", ())
        if not lst.get("entries", len(details)):
            rows.append(head + (J.ROW_EMPTY_LIST, *("",) * 12, J.EMPTY_LIST_MESSAGE, "", "", *("",) * 5))
        for entry in details:
            rows.append(
                head
                + (
                    J.ROW_ENTRY,
                    safe(entry["full_name"]),
                    J.dmy(entry["birth_date"]),
                    safe(J.SEX_LABELS.get(entry["sex"], entry["sex"])),
                    J.YES if entry.get("ethnic_minority") else J.NO,
                    safe(entry["position"]),
                    safe(entry.get("position_name", entry["position"])),
                    entry["target_group"],
                    J.dmy(entry["retirement_date"]),
                    entry["months_remaining"],
                    entry["age"],
                    J.YES if entry["young"] else J.NO,
                    J.YES if entry["eligible"] else J.NO,
                    safe("; ".join(f["message"] for f in entry["findings"])),
                    "",
                    "",
                    *("",) * 5,
                )
            )
        for finding in lst.get("findings", ()):
            rows.append(
                head
                + (J.ROW_LIST_FINDING, *("",) * 12, safe(finding["message"]), safe(finding["code"]))
                + (J.SEVERITY_LABELS[finding["severity"]], *("",) * 5)
            )
        for quota in lst.get("quotas", ()):
            rows.append(
                head
                + (J.ROW_QUOTA, *("",) * 12, safe(J.QUOTA_LABELS.get(quota["code"], quota["code"])))
                + (safe(quota["code"]), "", quota["count"], quota["total"])
                + ("" if quota["actual"] is None else quota["actual"],)
                + ("" if quota["target"] is None else quota["target"], J._yes_no(quota["ok"]))
            )
    assert all(len(row) == len(J.CSV_HEADER) for row in rows)
    return rows


def _entry(number: int, text: str) -> dict[str, Any]:
    return {
        "full_name": text or f"Nguyễn Văn {number}",
        "birth_date": f"19{70 + number % 20}-0{1 + number % 9}-1{number % 10}",
        "sex": ("M", "F", "X?")[number % 3],
        "ethnic_minority": number % 2 == 0,
        "position": ("BI_THU", text or "PHO_BI_THU")[number % 2],
        "position_name": ("Bí thư", f"Phó bí thư {text}")[number % 2],
        "target_group": 1 + number % 2,
        "retirement_date": "2031-02-01",
        "months_remaining": 50 - number,
        "age": 40 + number,
        "young": number % 4 == 0,
        "eligible": number % 3 != 0,
        "findings": [
            {"message": message, "code": "AGE", "severity": "error"}
            for message in (text, "Quá tuổi")[: number % 3]
        ],
    }


def _lists() -> list[dict[str, Any]]:
    made = []
    for number, text in enumerate(AWKWARD):
        made.append(
            {
                "organization": f"XA_{number}" if number % 2 else text or "XA",
                "organization_name": f"Xã {text}",
                "term": "2025–2030",
                "kind": ("next", "current", "other")[number % 3],
                "status": "draft",
                "reference_date": "2026-06-01",
                "rule_set": "QD377-2025",
                "entries": 0 if number == 3 else number + 1,
                "entries_detail": [] if number == 3 else [_entry(n, AWKWARD[n]) for n in range(number + 1)],
                "findings": [
                    {"message": f"Thiếu nữ {text}", "code": text or "NO_WOMAN", "severity": "warning"}
                ],
                "quotas": [
                    {
                        "code": "QUOTA_WOMEN",
                        "count": 1,
                        "total": 3,
                        "actual": 33.33,
                        "target": 25.0,
                        "ok": True,
                    },
                    {"code": "OTHER", "count": 0, "total": 0, "actual": None, "target": None, "ok": None},
                ],
            }
        )
    made.append({**made[0], "entries": 0, "entries_detail": [], "quotas": [], "findings": []})
    return made


def test_the_rows_are_csv_writers_over_the_whole_rows() -> None:
    lists = _lists()
    expected = io.StringIO(newline="")
    writer = csv.writer(expected)
    writer.writerow(J.CSV_HEADER)
    writer.writerows(reference_rows(lists))
    written = io.BytesIO()
    J.write_csv({"lists": lists}, written)
    assert written.getvalue() == ("\ufeff" + expected.getvalue()).encode("utf-8")

    part = io.BytesIO()
    J.write_csv_rows(iter(lists), part)  # a report's part: no BOM, no header, the same rows
    assert written.getvalue().endswith(part.getvalue())
    assert len(part.getvalue()) > 3000


def test_formula_texts_stay_text_and_commas_quotes_and_newlines_are_quoted() -> None:
    written = io.BytesIO()
    J.write_csv({"lists": _lists()}, written)
    rows = list(csv.reader(io.StringIO(written.getvalue().decode("utf-8-sig"), newline="")))
    entries = [row for row in rows[1:] if row[7] == J.ROW_ENTRY]
    names = {row[8] for row in entries}
    assert {"'=1+2", "'+84 912", "'-5", "'@SUM(A1)", "'\ttab", "'\rcr", 'say "hi"', "a, b"} <= names
    assert {"line\nbreak", "crlf\r\nx"} <= names
    assert all(len(row) == len(J.CSV_HEADER) for row in rows)
    assert {row[1] for row in rows[1:]} >= {"Xã line\nbreak", "Xã a, b"}
