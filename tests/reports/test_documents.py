"""The papers of a round (contracts §8): the command, the DOCX and PDF contents, the format, the downloads."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document as read_docx
from openpyxl import load_workbook
from pypdf import PdfReader

from apps.accounts.models import DownloadRecord
from apps.planning.models import ListKind, ListStatus, PlanningList
from apps.reports.documents import build_document, write_document
from apps.reports.documents.list_data import ELIGIBLE, INELIGIBLE
from tests.factories import (
    DisciplineRecordFactory,
    MembershipFactory,
    NominationVoteFactory,
    OrganizationFactory,
    PlanningEntryFactory,
    PlanningListFactory,
    PositionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_list() -> PlanningList:
    """A district's next list with two candidates, one ineligible (disciplined), and one vote step."""
    org = OrganizationFactory(
        code="HUYEN_DOC",
        name="Huyện Thử Văn Bản",
        level="district",
        place="Thử Văn",
        document_higher_body="HUYỆN ỦY THỬ VĂN",
        document_abbreviation="BTCHU",
        signer_name="Nguyễn Văn Ký",
    )
    planning_list = PlanningListFactory(organization=org)
    secretary = PositionFactory(code="BI_THU")
    first = PlanningEntryFactory(
        planning_list=planning_list,
        position=secretary,
        official__full_name="Trần Thị Hoa",
        official__sex="F",
        official__birth_date=dt.date(1980, 3, 4),
        official__education="Thạc sĩ Kinh tế",
        official__political_theory="cao_cap",
    )
    second = PlanningEntryFactory(
        planning_list=planning_list,
        position=secretary,
        first_time=False,
        official__full_name="Lê Văn Minh",
        official__sex="M",
        official__birth_date=dt.date(1978, 7, 9),
        official__education="Trung cấp",
        official__political_theory="trung_cap",
    )
    DisciplineRecordFactory(official=second.official, level="warning", start_date=dt.date(2025, 1, 1))
    NominationVoteFactory(entry=first, in_favour=30, valid_ballots=38)
    NominationVoteFactory(entry=second, in_favour=10, valid_ballots=38)
    return planning_list


def _docx_texts(data: bytes) -> tuple[list[str], list[list[list[str]]]]:
    doc = read_docx(io.BytesIO(data))
    paragraphs = [p.text for p in doc.paragraphs]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    return paragraphs, tables


def _write(planning_list: PlanningList, document: str, fmt: str) -> bytes:
    stream = io.BytesIO()
    write_document(build_document(planning_list=planning_list, document=document), fmt, stream)
    return stream.getvalue()


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_list_docx_has_the_party_header_and_the_rows_of_the_list(round_list: PlanningList) -> None:
    paragraphs, tables = _docx_texts(_write(round_list, "list", "docx"))
    head = tables[0][0]
    assert head[0].split("\n") == [
        "HUYỆN ỦY THỬ VĂN",
        "BAN TỔ CHỨC",
        "*",
        "Số\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0-DS/BTCHU",
    ]
    assert head[1].split("\n")[0] == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert head[1].split("\n")[-1].startswith("Thử Văn, ngày ")
    assert "DANH SÁCH" in paragraphs
    rows = tables[1]
    assert rows[0][:3] == ["STT", "Họ và tên", "Ngày sinh"]
    by_name = {r[1]: r for r in rows[1:]}
    assert set(by_name) == {"Trần Thị Hoa", "Lê Văn Minh"}
    hoa, minh = by_name["Trần Thị Hoa"], by_name["Lê Văn Minh"]
    assert hoa[2:5] == ["04/03/1980", "Nữ", "Kinh"] and hoa[7] == "Cao cấp"
    assert hoa[11] == "Lần đầu" and minh[11] == "Tiếp tục"
    assert hoa[12].startswith(ELIGIBLE)
    assert minh[12].startswith(INELIGIBLE) and "kỷ luật" in minh[12]
    assert "BI_THU" not in " ".join(" ".join(r) for r in rows)  # names, never codes
    signature = tables[-1][0][1].split("\n")
    assert signature[0] == "TRƯỞNG BAN" and signature[-1] == "Nguyễn Văn Ký"


def test_the_conclusion_is_the_list_pages_evaluation(round_list: PlanningList) -> None:
    from apps.planning.selectors import planning_list_evaluate

    evaluation = planning_list_evaluate(planning_list=round_list)
    eligible = {r.entry_id for r in evaluation.result.entry_results if r.eligible}
    _paragraphs, tables = _docx_texts(_write(round_list, "list", "docx"))
    shown = {r[1] for r in tables[1][1:] if r[12].startswith(ELIGIBLE)}
    names = {e.pk: e.official.full_name for e in round_list.entries.select_related("official")}
    assert shown == {names[pk] for pk in eligible}


def test_a_deputy_signs_for_the_head(round_list: PlanningList) -> None:
    org = round_list.organization
    org.signer_is_deputy = True
    org.save()
    round_list.refresh_from_db()
    _paragraphs, tables = _docx_texts(_write(round_list, "training", "docx"))
    assert tables[-1][0][1].split("\n")[:2] == ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]


def test_pdf_papers_have_the_number_line_and_the_signature(round_list: PlanningList) -> None:
    for document, mark in (("list", "-DS/BTCHU"), ("votes", "-BB/BTCHU"), ("training", "-DS/BTCHU")):
        text = _pdf_text(_write(round_list, document, "pdf"))
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
        number = next(line for line in text.splitlines() if line.startswith("Số"))
        assert number.replace("\u00a0", " ").split() == ["Số", mark], document
        assert "Số:" not in text
        assert "TRƯỞNG BAN" in text and "Nguyễn Văn Ký" in text and "T/M" not in text


def test_votes_minutes_give_each_candidates_share_and_result(round_list: PlanningList) -> None:
    _paragraphs, tables = _docx_texts(_write(round_list, "votes", "docx"))
    rows = {r[1]: r for r in tables[1][1:]}
    assert rows["Trần Thị Hoa"][3:] == ["38", "30", "78,95%", "Đạt"]
    assert rows["Lê Văn Minh"][3:] == ["38", "10", "26,32%", "Không đạt"]


def test_training_list_names_the_missing_standard(round_list: PlanningList) -> None:
    _paragraphs, tables = _docx_texts(_write(round_list, "training", "docx"))
    rows = {r[1]: r for r in tables[1][1:]}
    assert set(rows) == {"Lê Văn Minh"}
    assert "trung cấp" in rows["Lê Văn Minh"][6]


def test_compliance_report_pdf_follows_the_format(round_list: PlanningList, tmp_path: Path) -> None:
    path = tmp_path / "r.pdf"
    call_command("compliance_report", org="HUYEN_DOC", term="2025-2030", fmt="pdf", output=path)
    text = _pdf_text(path.read_bytes())
    lines = [line.replace("\u00a0", " ").strip() for line in text.splitlines()]
    assert "Số -BC/BTCHU" in [" ".join(line.split()) for line in lines]
    assert "HUYỆN ỦY THỬ VĂN" in lines
    assert "TRƯỞNG BAN" in lines and "Nguyễn Văn Ký" in lines
    assert "Số:" not in text and "T/M BAN TỔ CHỨC" not in text


# --- the command --------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_command_writes_the_newest_edition(round_list: PlanningList, tmp_path: Path, fmt: str) -> None:
    round_list.status = ListStatus.APPROVED
    round_list.save()
    newer = PlanningListFactory(organization=round_list.organization, version=2, previous=round_list)
    PlanningEntryFactory(planning_list=newer, official__full_name="Phạm Mới Nhất")
    path = tmp_path / f"out.{fmt}"
    out = io.StringIO()
    call_command(
        "planning_document",
        org="HUYEN_DOC",
        term="2025-2030",
        kind="next",
        document="list",
        fmt=fmt,
        output=path,
        stdout=out,
    )
    assert "phiên bản 2" in out.getvalue()
    data = path.read_bytes()
    text = _pdf_text(data) if fmt == "pdf" else " ".join(" ".join(r) for t in _docx_texts(data)[1] for r in t)
    text = " ".join(text.split())
    assert "Phạm Mới Nhất" in text and "Trần Thị Hoa" not in text


@pytest.mark.parametrize(
    ("org", "term", "kind", "message"),
    [
        ("KHONG_CO", "2025-2030", "next", "Không tìm thấy đơn vị có mã KHONG_CO"),
        ("HUYEN_DOC", "1990-1995", "next", "Không tìm thấy nhiệm kỳ có mã 1990-1995"),
        ("HUYEN_DOC", "2025-2030", "current", "chưa có danh sách quy hoạch nhiệm kỳ hiện tại"),
    ],
)
def test_command_bad_input_exits_1_and_writes_nothing(
    round_list: PlanningList, tmp_path: Path, org: str, term: str, kind: str, message: str
) -> None:
    path = tmp_path / "out.docx"
    with pytest.raises(CommandError) as caught:
        call_command(
            "planning_document", org=org, term=term, kind=kind, document="list", fmt="docx", output=path
        )
    assert caught.value.returncode == 1
    assert message in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_command_wrong_usage_exits_2(round_list: PlanningList, tmp_path: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "planning_document",
            "--org",
            "HUYEN_DOC",
            "--term",
            "2025-2030",
            "--kind",
            "next",
            "--document",
            "nope",
            "--format",
            "docx",
            "--output",
            str(tmp_path / "x.docx"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert list(tmp_path.iterdir()) == []


def test_command_missing_folder_exits_1(round_list: PlanningList, tmp_path: Path) -> None:
    with pytest.raises(CommandError) as caught:
        call_command(
            "planning_document",
            org="HUYEN_DOC",
            term="2025-2030",
            kind=ListKind.NEXT,
            document="votes",
            fmt="pdf",
            output=tmp_path / "no" / "x.pdf",
        )
    assert caught.value.returncode == 1 and "không tồn tại" in str(caught.value)


# --- the downloads from the list page -------------------------------------------------------------------


def _member_of(org: object, role: str = "viewer") -> object:
    user = UserFactory()
    MembershipFactory(user=user, organization=org, role=role)
    return user


def test_list_page_downloads_are_recorded_and_scoped(client, round_list: PlanningList) -> None:  # type: ignore[no-untyped-def]
    client.force_login(_member_of(round_list.organization))
    response = client.get(f"/bao-cao/danh-sach/{round_list.pk}/van-ban/list.docx")
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert "attachment" in response["Content-Disposition"]
    assert DownloadRecord.objects.filter(what__contains="Danh sách trích ngang").count() == 1
    assert client.get(f"/bao-cao/danh-sach/{round_list.pk}/van-ban/list.txt").status_code == 404
    assert client.get(f"/bao-cao/danh-sach/{round_list.pk}/van-ban/secret.pdf").status_code == 404
    page = client.get(f"/quy-hoach/{round_list.pk}/").content.decode()
    for document in ("list", "votes", "training"):
        for fmt in ("docx", "pdf"):
            assert f"/bao-cao/danh-sach/{round_list.pk}/van-ban/{document}.{fmt}" in page
    assert f"/bao-cao/danh-sach/{round_list.pk}/bang-doc.xlsx" in page
    assert "data-print" in page


def test_another_organizations_user_gets_404(client, round_list: PlanningList) -> None:  # type: ignore[no-untyped-def]
    other = OrganizationFactory(code="HUYEN_KHAC", level="district")
    client.force_login(_member_of(other, "admin"))
    for url in (
        f"/bao-cao/danh-sach/{round_list.pk}/van-ban/list.pdf",
        f"/bao-cao/danh-sach/{round_list.pk}/van-ban/votes.docx",
        f"/bao-cao/danh-sach/{round_list.pk}/bang-doc.xlsx",
    ):
        assert client.get(url).status_code == 404
    assert DownloadRecord.objects.count() == 0


def test_reading_export_has_names_dates_and_conclusions(client, round_list: PlanningList) -> None:  # type: ignore[no-untyped-def]
    client.force_login(_member_of(round_list.organization))
    response = client.get(f"/bao-cao/danh-sach/{round_list.pk}/bang-doc.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[2]]
    assert header[:5] == ["STT", "Nhóm chức danh", "Chức danh quy hoạch", "Họ và tên", "Ngày sinh"]
    rows = {r[3]: r for r in sheet.iter_rows(min_row=3, values_only=True)}
    hoa = rows["Trần Thị Hoa"]
    assert hoa[2] == "Bí thư" and hoa[4] == dt.datetime(1980, 3, 4)
    assert sheet.cell(3, 5).number_format == "dd/mm/yyyy"
    assert hoa[15] == ELIGIBLE and rows["Lê Văn Minh"][15].startswith(INELIGIBLE)
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref.startswith("A2")
    assert sheet.print_title_rows == "$2:$2"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    # fit to one page wide (1 is the default of fitToWidth, so it is left out), any number of pages long
    assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_area is not None


def test_organization_admin_edits_the_document_fields(admin_client) -> None:  # type: ignore[no-untyped-def]
    org = OrganizationFactory(code="TINH_ADM", level="province")
    page = admin_client.get(f"/quan-tri/organizations/organization/{org.pk}/change/").content.decode()
    for field in (
        "document_higher_body",
        "document_issuer",
        "document_abbreviation",
        "signer_name",
        "signer_is_deputy",
    ):
        assert f'name="{field}"' in page
