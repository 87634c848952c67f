"""The compliance report (contracts §6): its JSON and CSV forms and the command's exit statuses."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.db import connections

from apps.organizations.models import Level, Organization, Term
from apps.planning.models import EntryStatus, ListKind, ListStatus
from apps.reports import exporters
from apps.reports.exporters.json_csv import CSV_HEADER
from apps.reports.management.commands import compliance_report as command
from apps.reports.selectors import compliance_report_build

from .builders import org, person, plan, plan_list

pytestmark = pytest.mark.django_db

FORMULA_NAMES = ('=HYPERLINK("http://x.vn","Bấm")', "+84 Hùng", "-Lan", "@Mai")
REPORT_KEYS = {"organization", "term", "kind", "generated_at", "lists", "totals"}
LIST_KEYS = {
    "organization",
    "term",
    "kind",
    "status",
    "reference_date",
    "rule_set",
    "people",
    "entries",
    "quotas",
    "findings",
    "entries_detail",
}
ENTRY_KEYS = {
    "full_name",
    "birth_date",
    "sex",
    "position",
    "target_group",
    "retirement_date",
    "months_remaining",
    "age",
    "young",
    "eligible",
    "findings",
}
TOTAL_KEYS = {"lists", "people", "entries", "errors", "warnings"}
SUMMED = ("people", "entries", "errors", "warnings", "young", "women", "ethnic", "ineligible")


@pytest.fixture
def tree() -> dict[str, Organization]:
    """Province TINH_A with district HUYEN_A (and its commune XA_A) and a sibling district HUYEN_B."""
    province = org("TINH_A", Level.PROVINCE)
    district = org("HUYEN_A", Level.DISTRICT, province)
    return {
        "TINH_A": province,
        "HUYEN_A": district,
        "XA_A": org("XA_A", Level.COMMUNE, district),
        "HUYEN_B": org("HUYEN_B", Level.DISTRICT, province),
    }


@pytest.fixture
def lists(tree: dict[str, Organization]) -> dict[str, Any]:
    """HUYEN_A's next and current lists, XA_A's next list and empty current list, HUYEN_B's next list."""
    d_next = plan_list(tree["HUYEN_A"], ListKind.NEXT, dt.date(2025, 6, 1))
    d_current = plan_list(
        tree["HUYEN_A"], ListKind.CURRENT, dt.date(2026, 1, 15), status=ListStatus.SUBMITTED
    )
    an = person("Nguyễn Văn An", dt.date(1968, 3, 15), "M", tree["HUYEN_A"])
    binh = person("Trần Thị Bình", dt.date(1990, 5, 1), "F", tree["HUYEN_A"], ethnicity="Tày")
    cuong = person("Lê Văn Cường", dt.date(1985, 6, 1), "M", tree["HUYEN_A"])
    plan(d_next, an, "PHO_BI_THU")
    plan(d_next, binh, "BI_THU")
    plan(d_next, binh, "CT_UBND")
    plan(d_next, cuong, "UV_BCH")
    plan(
        d_next,
        cuong,
        "BI_THU",
        status=EntryStatus.REMOVED,
        removed_reason="Thử",
        removed_on=dt.date(2025, 7, 1),
    )
    for i, name in enumerate(FORMULA_NAMES):
        plan(d_current, person(name, dt.date(1980 + i, 2, 1), "M", tree["HUYEN_A"]), "TRUONG_PHONG")
    plan(d_current, binh, "PHO_BI_THU")
    c_next = plan_list(tree["XA_A"], ListKind.NEXT, dt.date(2025, 6, 1))
    plan(c_next, person("Phạm Thị Dung", dt.date(1992, 8, 20), "F", tree["XA_A"]), "CT_HDND")
    c_current = plan_list(tree["XA_A"], ListKind.CURRENT, dt.date(2026, 1, 15))
    b_next = plan_list(tree["HUYEN_B"], ListKind.NEXT, dt.date(2025, 6, 1))
    plan(b_next, person("Hoàng Văn Ở Huyện B", dt.date(1980, 1, 1), "M", tree["HUYEN_B"]), "BI_THU")
    return {
        "d_next": d_next,
        "d_current": d_current,
        "c_next": c_next,
        "c_current": c_current,
        "b_next": b_next,
    }


def run(monkeypatch: pytest.MonkeyPatch, *argv: str) -> int:
    """Run the command as from a shell; return its exit status."""
    # run_from_argv closes every connection when done, which would end the test's transaction
    monkeypatch.setattr(connections, "close_all", lambda: None)
    try:
        command.Command().run_from_argv(["manage.py", "compliance_report", *argv])
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def report_of(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, *argv: str) -> dict[str, Any]:
    output = tmp_path / "report.json"
    assert run(monkeypatch, "--term", "2025-2030", "--format", "json", "--output", str(output), *argv) == 0
    return json.loads(output.read_text(encoding="utf-8"))


def test_json_follows_the_contract_on_the_domain_example(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, lists: dict[str, Any]
) -> None:
    report = report_of(monkeypatch, tmp_path, "--org", "HUYEN_A")
    assert report.keys() >= REPORT_KEYS
    assert (report["organization"], report["term"], report["kind"]) == ("HUYEN_A", "2025-2030", None)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", report["generated_at"])
    # organization path, then kind; the sibling district's list is out of scope
    order = [(item["organization"], item["kind"]) for item in report["lists"]]
    assert order == [("HUYEN_A", "current"), ("HUYEN_A", "next"), ("XA_A", "current"), ("XA_A", "next")]
    for item in report["lists"]:
        assert item.keys() >= LIST_KEYS
        for entry in item["entries_detail"]:
            assert entry.keys() >= ENTRY_KEYS
    d_next = report["lists"][1]
    assert (d_next["status"], d_next["reference_date"], d_next["rule_set"]) == (
        "draft",
        "2025-06-01",
        "HD16-2022",
    )
    assert (d_next["people"], d_next["entries"]) == (3, 4)  # the removed entry is not counted
    an = next(e for e in d_next["entries_detail"] if e["full_name"] == "Nguyễn Văn An")
    assert {k: an[k] for k in ENTRY_KEYS - {"findings"}} == {
        "full_name": "Nguyễn Văn An",
        "birth_date": "1968-03-15",
        "sex": "M",
        "position": "PHO_BI_THU",
        "target_group": 1,
        "retirement_date": "2030-03-31",
        "months_remaining": 57,
        "age": 57,
        "young": False,
        "eligible": False,
    }
    (finding,) = an["findings"]
    assert finding.keys() == {"code", "severity", "message"}
    assert (finding["code"], finding["severity"]) == ("AGE_FULL_TERM", "error")
    assert "57 tháng" in finding["message"] and "thiếu 3 tháng" in finding["message"]
    quotas = {q["code"]: q for q in d_next["quotas"]}
    assert quotas["QUOTA_YOUNG"] == {
        "code": "QUOTA_YOUNG",
        "count": 1,
        "total": 3,
        "actual": 33.33,
        "target": 15.0,
        "ok": True,
    }
    assert "QUOTA_ETHNIC" not in quotas  # no target by default
    assert d_next["ethnic"] == 1 and d_next["women"] == 1
    codes = {f["code"]: f for f in d_next["findings"]}
    assert codes["THIN_BENCH"]["position"] in {"PHO_BI_THU", "UV_BCH", "CT_UBND", "BI_THU"}
    assert "position_group" not in codes["THIN_BENCH"]
    # Bình is in both groups planned here: no NO_WOMAN_IN_GROUP
    assert "NO_WOMAN_IN_GROUP" not in codes
    assert all(
        f.keys() <= {"code", "severity", "message", "position", "position_group"} for f in codes.values()
    )


def test_no_woman_in_group_names_the_group(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, lists: dict[str, Any]
) -> None:
    report = report_of(monkeypatch, tmp_path, "--org", "HUYEN_A", "--kind", "current")
    assert report["kind"] == "current"
    assert [item["kind"] for item in report["lists"]] == ["current", "current"]
    d_current = report["lists"][0]
    (finding,) = [f for f in d_current["findings"] if f["code"] == "NO_WOMAN_IN_GROUP"]
    assert finding["position_group"] == "management" and finding["severity"] == "error"
    assert "position" not in finding


def test_empty_list_has_quotas_with_ok_null(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, lists: dict[str, Any]
) -> None:
    report = report_of(monkeypatch, tmp_path, "--org", "XA_A", "--kind", "current")
    (empty,) = report["lists"]
    assert (empty["people"], empty["entries"], empty["entries_detail"], empty["findings"]) == (0, 0, [], [])
    assert [(q["code"], q["count"], q["total"], q["actual"], q["ok"]) for q in empty["quotas"]] == [
        ("QUOTA_YOUNG", 0, 0, None, None),
        ("QUOTA_WOMEN", 0, 0, None, None),
    ]
    assert report["totals"]["lists"] == 1 and report["totals"]["entries"] == 0


def test_totals_are_the_sums_of_the_lists(lists: dict[str, Any], tree: dict[str, Organization]) -> None:
    report = compliance_report_build(organization=tree["TINH_A"], term=Term.objects.get(code="2025-2030"))
    totals = report["totals"]
    assert totals.keys() >= TOTAL_KEYS
    assert totals["lists"] == len(report["lists"]) == 5
    for key in SUMMED:
        assert totals[key] == sum(item[key] for item in report["lists"]), key
    every = [f for item in report["lists"] for f in item["findings"]] + [
        f for item in report["lists"] for e in item["entries_detail"] for f in e["findings"]
    ]
    assert totals["errors"] == sum(f["severity"] == "error" for f in every)
    assert totals["warnings"] == sum(f["severity"] == "warning" for f in every)
    # Bình is in two lists: counted in each list's people, once in distinct_people
    assert totals["distinct_people"] == totals["people"] - 1


def test_eligible_is_false_exactly_when_an_error_finding_exists(
    lists: dict[str, Any], tree: dict[str, Organization]
) -> None:
    report = compliance_report_build(organization=tree["TINH_A"], term=Term.objects.get(code="2025-2030"))
    entries = [e for item in report["lists"] for e in item["entries_detail"]]
    assert {e["eligible"] for e in entries} == {True, False}
    for e in entries:
        assert e["eligible"] is not any(f["severity"] == "error" for f in e["findings"])


def test_generated_at_is_vietnam_time(tree: dict[str, Organization]) -> None:
    moment = dt.datetime(2026, 11, 21, 3, 0, 5, 123, tzinfo=dt.UTC)
    report = compliance_report_build(
        organization=tree["HUYEN_A"], term=Term.objects.get(code="2025-2030"), generated_at=moment
    )
    assert report["generated_at"] == "2026-11-21T10:00:05+07:00"
    assert report["lists"] == [] and report["totals"]["lists"] == 0


def test_progress_is_reported_up_to_100(lists: dict[str, Any], tree: dict[str, Organization]) -> None:
    seen: list[int] = []
    compliance_report_build(
        organization=tree["TINH_A"], term=Term.objects.get(code="2025-2030"), on_progress=seen.append
    )
    assert seen == sorted(set(seen)) and seen[-1] == 100 and len(seen) == 5


def test_json_file_is_utf8_indented(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, lists: dict[str, Any]
) -> None:
    output = tmp_path / "r.json"
    assert (
        run(monkeypatch, "--org", "XA_A", "--term", "2025-2030", "--format", "json", "--output", str(output))
        == 0
    )
    text = output.read_bytes().decode("utf-8")
    assert "Phạm Thị Dung" in text and "\\u" not in text
    assert text.splitlines()[1].startswith('  "organization"')


def test_csv_has_a_bom_one_row_per_entry_and_no_formulas(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, lists: dict[str, Any]
) -> None:
    output = tmp_path / "report.csv"
    status = run(
        monkeypatch, "--org", "HUYEN_A", "--term", "2025-2030", "--format", "csv", "--output", str(output)
    )
    assert status == 0
    raw = output.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == CSV_HEADER
    every = [dict(zip(CSV_HEADER, row, strict=True)) for row in rows[1:]]
    body = [row for row in every if row["Loại dòng"] == "Cán bộ"]
    assert len(body) == 4 + 5 + 1  # HUYEN_A next + current, XA_A next
    names = {row["Họ và tên"] for row in body}
    assert {"'" + name for name in FORMULA_NAMES} <= names
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    an = next(row for row in body if row["Họ và tên"] == "Nguyễn Văn An")
    assert an["Mã đơn vị"] == "HUYEN_A" and an["Nhiệm kỳ"] == "2025-2030"
    assert (an["Ngày tính tuổi"], an["Ngày sinh"], an["Ngày nghỉ hưu"]) == (
        "01/06/2025",
        "15/03/1968",
        "31/03/2030",
    )
    assert (an["Giới tính"], an["Cán bộ trẻ"], an["Đủ điều kiện"]) == ("Nam", "Không", "Không")
    assert (an["Số tháng công tác còn lại"], an["Tuổi"], an["Bộ quy định"]) == ("57", "57", "HD16-2022")
    assert an["Mã chức danh"] == "PHO_BI_THU" and an["Chức danh quy hoạch"] == "Phó Bí thư"
    assert "thiếu 3 tháng" in an["Vấn đề"]
    binh = [row for row in body if row["Họ và tên"] == "Trần Thị Bình"]
    assert {row["Giới tính"] for row in binh} == {"Nữ"} and {row["Dân tộc thiểu số"] for row in binh} == {
        "Có"
    }
    assert {row["Trạng thái"] for row in binh} == {"Dự thảo", "Đã trình"}
    over_cap = next(row for row in body if row["Họ và tên"] == "'-Lan")
    assert over_cap["Đủ điều kiện"] in {"Có", "Không"} and over_cap["Tuổi"].isdigit()


def test_csv_lists_list_findings_quotas_and_empty_lists(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, lists: dict[str, Any]
) -> None:
    output = tmp_path / "report.csv"
    status = run(
        monkeypatch, "--org", "HUYEN_A", "--term", "2025-2030", "--format", "csv", "--output", str(output)
    )
    assert status == 0
    raw = output.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = [
        dict(zip(CSV_HEADER, row, strict=True))
        for row in list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))[1:]
    ]
    assert {row["Loại dòng"] for row in rows} == {
        "Cán bộ",
        "Vấn đề của danh sách",
        "Cơ cấu",
        "Danh sách trống",
    }
    entry_columns = CSV_HEADER[CSV_HEADER.index("Họ và tên") : CSV_HEADER.index("Vấn đề")]
    for row in rows:
        if row["Loại dòng"] != "Cán bộ":
            assert all(row[column] == "" for column in entry_columns)

    d_next = [
        row
        for row in rows
        if row["Mã đơn vị"] == "HUYEN_A"
        and row["Loại dòng"] != "Cán bộ"
        and row["Ngày tính tuổi"] == "01/06/2025"
    ]
    list_findings = [row for row in d_next if row["Loại dòng"] == "Vấn đề của danh sách"]
    assert "THIN_BENCH" in {row["Mã vấn đề"] for row in list_findings}
    assert all(row["Mức độ"] in {"Lỗi", "Cảnh báo"} and row["Vấn đề"] for row in list_findings)
    thin = [row for row in list_findings if row["Mã vấn đề"] == "THIN_BENCH"]
    assert thin and thin[0]["Mức độ"] == "Cảnh báo" and "cần ít nhất" in thin[0]["Vấn đề"]
    quotas = {row["Mã vấn đề"]: row for row in d_next if row["Loại dòng"] == "Cơ cấu"}
    assert {"QUOTA_YOUNG", "QUOTA_WOMEN"} <= quotas.keys()
    women = quotas["QUOTA_WOMEN"]
    assert (women["Vấn đề"], women["Số người"], women["Tổng số"]) == ("Tỷ lệ cán bộ nữ", "1", "3")
    assert women["Chỉ tiêu (%)"] == "25.0" and women["Đạt chỉ tiêu"] == "Có"

    (empty,) = [row for row in rows if row["Loại dòng"] == "Danh sách trống"]
    assert (empty["Mã đơn vị"], empty["Ngày tính tuổi"]) == ("XA_A", "15/01/2026")
    assert empty["Vấn đề"] == "Danh sách chưa có cán bộ nào trong quy hoạch."
    empty_quotas = [
        row
        for row in rows
        if row["Mã đơn vị"] == "XA_A"
        and row["Ngày tính tuổi"] == "15/01/2026"
        and row["Loại dòng"] == "Cơ cấu"
    ]
    assert [
        (row["Mã vấn đề"], row["Tổng số"], row["Tỷ lệ (%)"], row["Đạt chỉ tiêu"]) for row in empty_quotas
    ] == [
        ("QUOTA_YOUNG", "0", "", ""),
        ("QUOTA_WOMEN", "0", "", ""),
    ]


def entry_detail(**values: Any) -> dict[str, Any]:
    """An entry of the report's entries_detail (contracts §6), an ineligible woman by default."""
    return {
        "full_name": "A",
        "birth_date": "1970-01-02",
        "sex": "F",
        "position": "BI_THU",
        "target_group": 1,
        "retirement_date": "2030-01-31",
        "months_remaining": -3,
        "age": 55,
        "young": False,
        "eligible": False,
        "findings": [],
        **values,
    }


def test_csv_list_rows_guard_formulas() -> None:
    from apps.reports.exporters.json_csv import write_csv

    lst = {
        "organization": "=X",
        "term": "T",
        "kind": "next",
        "status": "draft",
        "reference_date": "2025-06-01",
        "rule_set": "R",
        "entries": 0,
        "entries_detail": [],
        "findings": [{"code": "THIN_BENCH", "severity": "warning", "message": "-Thiếu người."}],
        "quotas": [
            {"code": "QUOTA_WOMEN", "count": 0, "total": 0, "actual": None, "target": None, "ok": None}
        ],
    }
    stream = io.BytesIO()
    write_csv({"lists": [lst]}, stream)
    rows = list(csv.reader(io.StringIO(stream.getvalue().decode("utf-8-sig"), newline="")))[1:]
    assert [row[CSV_HEADER.index("Loại dòng")] for row in rows] == [
        "Danh sách trống",
        "Vấn đề của danh sách",
        "Cơ cấu",
    ]
    assert all(row[0] == "'=X" for row in rows)
    assert rows[1][CSV_HEADER.index("Vấn đề")] == "'-Thiếu người."
    # an entry's own texts too: its name, its post and its findings
    entry = entry_detail(
        full_name="=HYPERLINK(1)",
        position="+P",
        position_name="@Chức danh",
        findings=[{"message": "-Còn -3 tháng."}],
    )
    stream = io.BytesIO()
    write_csv({"lists": [{**lst, "entries": 1, "entries_detail": [entry]}]}, stream)
    (row,) = [
        row
        for row in csv.reader(io.StringIO(stream.getvalue().decode("utf-8-sig"), newline=""))
        if row[CSV_HEADER.index("Loại dòng")] == "Cán bộ"
    ]
    assert [
        row[CSV_HEADER.index(column)] for column in ("Họ và tên", "Mã chức danh", "Chức danh quy hoạch")
    ] == [
        "'=HYPERLINK(1)",
        "'+P",
        "'@Chức danh",
    ]
    assert row[CSV_HEADER.index("Vấn đề")] == "'-Còn -3 tháng."
    assert row[CSV_HEADER.index("Số tháng công tác còn lại")] == "-3"
    assert rows[2][CSV_HEADER.index("Chỉ tiêu (%)")] == ""


def test_findings_are_joined_with_semicolons() -> None:
    import csv
    import io

    from apps.reports.exporters.json_csv import write_csv_rows

    entry = entry_detail(findings=[{"message": "Một."}, {"message": "Hai."}])
    lst = {
        "organization": "X",
        "term": "T",
        "kind": "next",
        "status": "draft",
        "reference_date": "2025-06-01",
    }
    written = io.BytesIO()
    write_csv_rows([{**lst, "rule_set": "R", "entries_detail": [entry]}], written)
    (row,) = csv.reader(io.StringIO(written.getvalue().decode(), newline=""))
    assert row[CSV_HEADER.index("Vấn đề")] == "Một.; Hai."
    assert row[CSV_HEADER.index("Loại dòng")] == "Cán bộ"
    assert "-3" in row  # numbers are not text: a negative month count is not escaped


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--org", "KHONG_CO", "Không tìm thấy đơn vị có mã KHONG_CO."),
        ("--term", "1990-1995", "Không tìm thấy nhiệm kỳ có mã 1990-1995."),
    ],
)
def test_unknown_organization_or_term_exits_1_and_writes_nothing(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    tree: dict[str, Organization],
    option: str,
    value: str,
    message: str,
) -> None:
    args = {"--org": "HUYEN_A", "--term": "2025-2030", option: value}
    argv = [part for pair in args.items() for part in pair]
    status = run(monkeypatch, *argv, "--format", "json", "--output", str(tmp_path / "r.json"))
    assert status == 1
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
def test_a_format_without_a_writer_exits_2_and_writes_nothing(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    tree: dict[str, Organization],
    fmt: str,
) -> None:
    # a contract format whose writer is not registered (as xlsx and pdf were before they were built)
    monkeypatch.delitem(exporters.WRITERS, fmt, raising=False)
    output = tmp_path / f"r.{fmt}"
    status = run(
        monkeypatch, "--org", "HUYEN_A", "--term", "2025-2030", "--format", fmt, "--output", str(output)
    )
    assert status == 2
    assert f"Định dạng {fmt} chưa được hỗ trợ" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_missing_format_is_wrong_usage(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = run(monkeypatch, "--org", "HUYEN_A", "--term", "2025-2030", "--output", str(tmp_path / "r.json"))
    assert status == 2
    assert "--format" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_missing_output_folder_is_bad_input(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    tree: dict[str, Organization],
) -> None:
    output = tmp_path / "missing" / "r.json"
    assert (
        run(
            monkeypatch,
            "--org",
            "HUYEN_A",
            "--term",
            "2025-2030",
            "--format",
            "json",
            "--output",
            str(output),
        )
        == 1
    )
    assert "không tồn tại" in capsys.readouterr().err


def test_a_failing_writer_leaves_the_old_file_and_no_temporary(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    output = tmp_path / "r.json"
    output.write_text("cũ", encoding="utf-8")

    def broken(report: dict[str, Any], stream: Any) -> None:
        stream.write(b'{"half": ')
        raise RuntimeError("disk full")

    monkeypatch.setitem(exporters.WRITERS, "json", broken)
    with pytest.raises(RuntimeError):
        exporters.write_report({"lists": []}, fmt="json", path=output)
    assert output.read_text(encoding="utf-8") == "cũ"
    assert list(tmp_path.iterdir()) == [output]


def test_every_contract_format_is_accepted_and_writers_are_registered() -> None:
    assert set(exporters.FORMATS) == {"json", "xlsx", "pdf", "csv"}
    assert {"json", "csv"} <= exporters.WRITERS.keys() <= set(exporters.FORMATS)
    with pytest.raises(exporters.FormatNotAvailable):
        exporters.writer_for("docx")
