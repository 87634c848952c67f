"""The streamed report (issue 13): the same files as the dict-based build, part by part, and a ZIP of
workbooks above the detail threshold."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from apps.accounts.models import Membership, Role, User
from apps.demo.data import PROVINCE_CODE
from apps.demo.services import build_demo
from apps.organizations.models import Level, Organization, Term
from apps.reports.exporters import write_csv, write_json
from apps.reports.exporters.xlsx_split import SUMMARY_BOOK, detail_book_name
from apps.reports.models import ComplianceReport, ReportStatus
from apps.reports.selectors import compliance_report_build
from apps.reports.selectors.streaming import compliance_report_parts, compliance_report_stream
from apps.reports.services import report_request, report_run

from .builders import org, person, plan, plan_list

GENERATED = dt.datetime(2026, 11, 22, 8, 0, tzinfo=dt.UTC)
pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path: Path) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    dates = build_demo().dates
    province = Organization.objects.get(code=PROVINCE_CODE)
    admin = User.objects.create(username="stream-admin", is_superuser=True, is_staff=True)
    return {
        "province": province,
        "admin": admin,
        "terms": {"current": dates.current_term, "next": dates.next_term},
    }


def _bytes(writer: Any, report: dict[str, Any]) -> bytes:
    out = io.BytesIO()
    writer(report, out)
    return out.getvalue()


@pytest.mark.parametrize("which", ["current", "next"])
def test_streamed_json_and_csv_are_the_old_ones(demo: dict[str, Any], which: str) -> None:
    term = Term.objects.get(code=demo["terms"][which])
    province = demo["province"]
    old = compliance_report_build(organization=province, term=term, generated_at=GENERATED)
    assert old["totals"]["entries"] > 0  # the demo plans people in both terms
    streamed = compliance_report_stream(organization=province, term=term, generated_at=GENERATED)
    assert _bytes(write_json, streamed) == _bytes(write_json, old)
    assert streamed["totals"] == old["totals"]
    again = compliance_report_stream(organization=province, term=term, generated_at=GENERATED)
    assert _bytes(write_csv, again) == _bytes(write_csv, old)
    # the stream never held more than one part: several parts make the demo report
    assert len(compliance_report_parts(organization=province, term=term)) > 2


def test_the_json_writer_writes_what_json_dump_writes() -> None:
    report = {"a": 1, "lists": [], "b": {"c": [1, {"d": "Nguyễn"}]}, "e": None}
    assert _bytes(write_json, report) == (json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode()
    report["lists"] = [{"x": [1, 2], "y": {}}, {"z": "=1+1"}]
    assert _bytes(write_json, report) == (json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode()
    assert _bytes(write_json, {}) == b"{}\n"


def test_the_report_run_in_parts_writes_the_old_files(demo: dict[str, Any]) -> None:
    term = Term.objects.get(code="2025-2030")
    report = report_request(user=demo["admin"], organization=demo["province"], term=term, kind=None)
    done = report_run(report_id=report.pk)
    assert done is not None and done.status == ReportStatus.DONE
    generated = dt.datetime.fromisoformat(done.summary["generated_at"])
    old = compliance_report_build(organization=demo["province"], term=term, generated_at=generated)
    old["requested_by"] = f"{demo['admin']} ({demo['admin'].get_username()})"
    assert Path(done.json_file.path).read_bytes() == _bytes(write_json, old)
    assert Path(done.csv_file.path).read_bytes() == _bytes(write_csv, old)
    assert done.summary == {"generated_at": old["generated_at"], **old["totals"]}
    assert done.xlsx_file.name.endswith(".xlsx")  # below the threshold: one workbook
    # nothing of the parts is left beside the four files
    assert sorted(p.name for p in Path(done.json_file.path).parent.iterdir()) == sorted(
        Path(getattr(done, f).path).name for f in ("json_file", "csv_file", "xlsx_file", "pdf_file")
    )


def test_above_the_threshold_the_excel_file_is_a_zip(demo: dict[str, Any], settings, client) -> None:  # type: ignore[no-untyped-def]
    settings.REPORT_XLSX_DETAIL_THRESHOLD = 10
    term = Term.objects.get(code="2025-2030")
    report = report_request(user=demo["admin"], organization=demo["province"], term=term, kind=None)
    done = report_run(report_id=report.pk)
    assert done is not None and done.status == ReportStatus.DONE
    assert done.xlsx_file.name.endswith(".zip")
    parts = compliance_report_parts(organization=demo["province"], term=term)
    with zipfile.ZipFile(done.xlsx_file.path) as archive:
        names = archive.namelist()
        assert names == [SUMMARY_BOOK, *(detail_book_name(p.organization) for p in parts)]
        rows = 0
        for name in names[1:]:
            book = openpyxl.load_workbook(io.BytesIO(archive.read(name)), read_only=True)
            assert book.sheetnames == ["Vấn đề", "Cán bộ"]
            rows += book["Cán bộ"].max_row - 2  # title and header
        assert rows == done.summary["entries"]
        summary = openpyxl.load_workbook(io.BytesIO(archive.read(SUMMARY_BOOK)))
    assert summary.sheetnames == [
        "Theo đơn vị",
        "Tổng cộng",
        "Tổng hợp",
        "Vấn đề của danh sách",
        "Chỉ tiêu khác",
    ]
    by_child = [r for r in summary["Theo đơn vị"].iter_rows(min_row=3, values_only=True) if r[0]]
    assert [r[1] for r in by_child] == [p.organization for p in parts]
    assert sum(r[5] for r in by_child) == done.summary["entries"]
    totals = {r[0]: r[1:] for r in summary["Tổng cộng"].iter_rows(min_row=3, values_only=True)}
    assert totals["Số lượt quy hoạch"][0] == done.summary["entries"]
    assert totals["Số người khác nhau"][0] == done.summary["distinct_people"]
    young = totals["Cán bộ trẻ: số người"]
    assert young == (done.summary["young"], round(100 * done.summary["young"] / done.summary["people"], 2))
    data = json.loads(Path(done.json_file.path).read_bytes())
    lists = summary["Tổng hợp"]
    assert lists.freeze_panes == "A3" and lists.auto_filter.ref
    rows = list(lists.iter_rows(min_row=3, values_only=True))
    assert [(r[0], r[1], r[8], r[9]) for r in rows] == [
        (n, lst["organization"], lst["people"], lst["entries"])
        for n, lst in enumerate(data["lists"], start=1)
    ]
    assert lists["G3"].number_format == "dd/mm/yyyy" and lists["O3"].number_format == "0.00"
    findings = list(summary["Vấn đề của danh sách"].iter_rows(min_row=3, values_only=True))
    assert [(r[0], r[9], r[10]) for r in findings] == [
        (lst["organization"], f["code"], f["message"]) for lst in data["lists"] for f in lst["findings"]
    ]
    assert findings
    client.force_login(demo["admin"])
    response = client.get(reverse("reports:download", args=[done.pk, "xlsx"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].endswith('.zip"')
    page = client.get(reverse("reports:detail", args=[done.pk])).content.decode()
    assert "Excel (.zip)" in page


def test_the_command_writes_a_zip_above_the_threshold(demo: dict[str, Any], settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.REPORT_XLSX_DETAIL_THRESHOLD = 10
    out = tmp_path / "report.xlsx"
    call_command("compliance_report", org=PROVINCE_CODE, term="2025-2030", fmt="xlsx", output=out)
    assert zipfile.is_zipfile(out)
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]  # its parts are removed
    settings.REPORT_XLSX_DETAIL_THRESHOLD = 1_000_000
    call_command("compliance_report", org=PROVINCE_CODE, term="2025-2030", fmt="xlsx", output=out)
    assert openpyxl.load_workbook(out, read_only=True).sheetnames[:3] == ["Tổng hợp", "Vấn đề", "Cán bộ"]


def test_a_detail_sheet_goes_on_in_a_second_sheet_and_formulas_stay_text(
    settings, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import apps.core.spreadsheets as spreadsheets

    monkeypatch.setattr(spreadsheets, "EXCEL_MAX_ROWS", 12)  # title + header + 10 rows per sheet
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REPORT_XLSX_DETAIL_THRESHOLD = 1
    province = org("P", Level.PROVINCE)
    district = org("D", Level.DISTRICT, province)
    pl = plan_list(district, "next", dt.date(2025, 6, 1))
    for n in range(15):
        name = '=HYPERLINK("http://x","bấm")' if n == 0 else f"Cán bộ {n:02d}"
        plan(pl, person(name, dt.date(1980, 1, 1 + n), "F" if n % 2 else "M", district), "UV_BCH")
    admin = User.objects.create(username="a", is_superuser=True)
    Membership.objects.create(user=admin, organization=province, role=Role.ADMIN)
    report = report_request(
        user=admin, organization=province, term=Term.objects.get(code="2025-2030"), kind=None
    )
    done = report_run(report_id=report.pk)
    assert done is not None and done.status == ReportStatus.DONE, done.error
    with zipfile.ZipFile(done.xlsx_file.path) as archive:
        book = openpyxl.load_workbook(io.BytesIO(archive.read(detail_book_name("D"))))
    assert book.sheetnames == ["Vấn đề", "Cán bộ", "Cán bộ (2)"]
    first, second = book["Cán bộ"], book["Cán bộ (2)"]
    assert first.max_row == 12 and second.max_row == 2 + 5
    assert first.freeze_panes == second.freeze_panes == "A3"  # the title and the header stay in view
    assert first["A2"].value == second["A2"].value == "Mã đơn vị"
    names = [c.value for c in first["D"][2:]] + [c.value for c in second["D"][2:]]
    assert len(names) == 15
    formula = next(c for c in first["D"] if str(c.value).startswith("=HYPERLINK"))
    assert formula.data_type == "s"  # shown as text, never run


def test_a_report_of_another_organization_cannot_be_downloaded(
    demo: dict[str, Any], settings, client
) -> None:  # type: ignore[no-untyped-def]
    settings.REPORT_XLSX_DETAIL_THRESHOLD = 10
    term = Term.objects.get(code="2025-2030")
    report = report_request(user=demo["admin"], organization=demo["province"], term=term, kind=None)
    report_run(report_id=report.pk)
    other = org("KHAC", Level.PROVINCE)
    outsider = User.objects.create(username="outsider")
    Membership.objects.create(user=outsider, organization=other, role=Role.ADMIN)
    client.force_login(outsider)
    assert client.get(reverse("reports:download", args=[report.pk, "xlsx"])).status_code == 404
    assert ComplianceReport.objects.get(pk=report.pk).status == ReportStatus.DONE


@pytest.mark.django_db(transaction=True)
def test_parts_evaluated_in_forked_processes_give_the_same_report(
    settings, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """`processes=2` (the compliance_report command on two CPUs): the parts are evaluated in other
    processes, on their own connections, and the JSON, CSV and totals are byte for byte the same."""
    import os

    from apps.reports.selectors import streaming

    dates = build_demo().dates
    province = Organization.objects.get(code=PROVINCE_CODE)
    term = Term.objects.get(code=dates.current_term)
    assert len(compliance_report_parts(organization=province, term=term)) >= 3
    one = compliance_report_stream(organization=province, term=term, generated_at=GENERATED)
    expected = (_bytes(write_json, one), _bytes(write_csv, one), one["totals"])

    pids = tmp_path / "pids"
    evaluate = streaming.compliance_part_lists

    def recorded(**kwargs):  # type: ignore[no-untyped-def]
        with pids.open("a") as out:  # in the process that evaluates the part
            out.write(f"{os.getpid()}\n")
        return evaluate(**kwargs)

    monkeypatch.setattr(streaming, "compliance_part_lists", recorded)
    two = compliance_report_stream(organization=province, term=term, generated_at=GENERATED, processes=2)
    assert (_bytes(write_json, two), _bytes(write_csv, two), two["totals"]) == expected
    seen = pids.read_text().split()
    assert len(seen) == len(compliance_report_parts(organization=province, term=term))
    assert str(os.getpid()) not in seen and len(set(seen)) == 2


def test_an_official_over_the_cap_across_parts_is_found_by_every_part(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """R6 is counted once for the report (its plan's at_level) and each part evaluates with it: an
    official planned in two communes of two districts (two parts) is over the cap in both."""
    settings.MEDIA_ROOT = tmp_path / "media"
    province = org("TINH_PARTS", Level.PROVINCE)
    communes = [org(f"XA_P{n}", Level.COMMUNE, org(f"HUYEN_P{n}", Level.DISTRICT, province)) for n in (1, 2)]
    reference = dt.date(2026, 6, 1)
    busy = person("Lê Văn Bận", dt.date(1980, 1, 1), "M", communes[0])
    for commune, posts in zip(communes, (("BI_THU", "PHO_BI_THU"), ("CT_UBND", "CT_HDND")), strict=True):
        pl = plan_list(commune, "next", reference)
        plan(pl, person(f"Cán bộ {commune.code}", dt.date(1985, 5, 5), "F", commune), "UV_BCH")
        for post in posts:
            plan(pl, busy, post)
    term = Term.objects.get(code="2025-2030")
    assert len(compliance_report_parts(organization=province, term=term)) == 2
    admin = User.objects.create(username="parts-admin", is_superuser=True, is_staff=True)
    done = report_run(report_id=report_request(user=admin, organization=province, term=term, kind=None).pk)
    assert done is not None and done.status == ReportStatus.DONE
    data = json.loads(Path(done.json_file.path).read_bytes())
    codes = {
        (lst["organization"], entry["full_name"], entry["position"]): [f["code"] for f in entry["findings"]]
        for lst in data["lists"]
        for entry in lst["entries_detail"]
    }
    over = {key for key, found in codes.items() if "PERSON_OVER_CAP" in found}
    assert over == {
        ("XA_P1", "Lê Văn Bận", "BI_THU"),
        ("XA_P1", "Lê Văn Bận", "PHO_BI_THU"),
        ("XA_P2", "Lê Văn Bận", "CT_UBND"),
        ("XA_P2", "Lê Văn Bận", "CT_HDND"),
    }
    old = compliance_report_build(organization=province, term=term)
    assert [lst["entries_detail"] for lst in data["lists"]] == [lst["entries_detail"] for lst in old["lists"]]
