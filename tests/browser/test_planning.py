"""End to end in Debian chromium: the what-if check, removal, submit and approve, import and export."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from apps.people.models import Official
from apps.planning.models import EntryStatus, ListStatus, PlanningEntry, PlanningList
from apps.planning.services import PLANNING_COLUMNS
from tests.authz.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    # uploads wait for confirmation under MEDIA_ROOT/imports: keep the test runs' files out of var/
    settings.MEDIA_ROOT = tmp_path / "media"


def open_list(page: Any, planning_list: PlanningList) -> None:
    page.goto(f"/quy-hoach/{planning_list.pk}/")
    page.wait_for_selector("h1")


def test_add_an_ineligible_entry_shows_the_reason_before_saving(
    world: World, browser_page: Any, login: Any, shot: Any, csp_violations: list[str]
) -> None:
    Official.objects.create(
        full_name="Hoàng Văn Giáp", birth_date=dt.date(1968, 3, 15), sex="M", organization=world.A
    )
    page = browser_page
    login(page, "authz_editor")
    open_list(page, world.list_a)
    shot(page, "planning-01-list")
    page.get_by_role("link", name="+ Thêm cán bộ").click()
    page.wait_for_url(re.compile(r"/them-can-bo/$"))
    # the picker searches without accents, with htmx
    page.get_by_label("Tìm theo họ tên").fill("hoang van giap")
    page.get_by_text("Hoàng Văn Giáp").click()
    page.get_by_label("Chức danh quy hoạch").select_option(label="Bí thư")
    preview = page.locator(".pl-preview")
    preview.wait_for()
    assert "Không đủ điều kiện" in preview.inner_text()
    assert "Còn 57 tháng công tác tính đến 01/06/2025, chưa đủ trọn nhiệm kỳ" in preview.inner_text()
    assert "Cơ cấu danh sách sau khi thêm" in preview.inner_text()
    assert not PlanningEntry.objects.filter(
        official__full_name="Hoàng Văn Giáp"
    ).exists()  # nothing saved yet
    shot(page, "planning-02-what-if-before-saving")
    page.get_by_role("button", name="Lưu vào danh sách").click()
    # an ineligible entry is asked once more, and nothing is saved until the user confirms
    page.get_by_label("Vẫn thêm dù không đủ điều kiện?").check()
    assert not PlanningEntry.objects.filter(official__full_name="Hoàng Văn Giáp").exists()
    page.get_by_role("button", name="Lưu vào danh sách").click()
    page.wait_for_url(re.compile(rf"/quy-hoach/{world.list_a.pk}/$"))
    assert "Đã thêm Hoàng Văn Giáp vào quy hoạch chức danh Bí thư." in page.locator(".messages").inner_text()
    assert PlanningEntry.objects.get(official__full_name="Hoàng Văn Giáp").added_although_ineligible
    row = page.locator(".pl-entries tr", has_text="Hoàng Văn Giáp")
    assert "Không đủ điều kiện" in row.inner_text()
    shot(page, "planning-03-entry-saved")
    assert csp_violations == []


def test_remove_an_entry_with_a_reason(
    world: World, browser_page: Any, login: Any, shot: Any, csp_violations: list[str]
) -> None:
    page = browser_page
    login(page, "authz_editor")
    open_list(page, world.list_a)
    page.locator(f"#entry-{world.entry_a.pk}").get_by_role("link", name="Đưa ra").click()
    page.wait_for_url(re.compile(r"/dua-ra/$"))
    page.get_by_role("button", name="Đưa ra khỏi quy hoạch").click()
    assert "Hãy ghi lý do đưa cán bộ ra khỏi quy hoạch." in page.locator(".field-error").inner_text()
    shot(page, "planning-04-remove-needs-a-reason")
    page.get_by_label("Lý do đưa ra khỏi quy hoạch").fill("Chuyển công tác sang tỉnh khác")
    page.get_by_role("button", name="Đưa ra khỏi quy hoạch").click()
    page.wait_for_url(re.compile(rf"/quy-hoach/{world.list_a.pk}/$"))
    page.get_by_text("Đã đưa ra khỏi quy hoạch (1)").click()  # opens the removed entries
    assert "Chuyển công tác sang tỉnh khác" in page.locator(".pl-removed").inner_text()
    history = page.locator(".history").inner_text()
    assert "Đã đưa ra khỏi quy hoạch: Nguyễn Văn An — Phó Bí thư" in history
    assert "Chuyển công tác sang tỉnh khác" in history
    shot(page, "planning-05-removed-with-reason")
    world.entry_a.refresh_from_db()
    assert world.entry_a.status == EntryStatus.REMOVED
    assert world.entry_a.removed_reason == "Chuyển công tác sang tỉnh khác"
    assert csp_violations == []


def test_submit_and_then_approve_as_the_parents_approver(
    world: World, new_page: Any, login: Any, shot: Any, csp_violations: list[str]
) -> None:
    editor = new_page()
    login(editor, "authz_editor")
    open_list(editor, world.list_a)
    editor.get_by_role("link", name="Trình phê duyệt").click()
    editor.wait_for_url(re.compile(r"/trinh/$"))
    assert "Mọi lượt quy hoạch đều đủ điều kiện." in editor.locator(".pl-review").inner_text()
    editor.get_by_role("button", name="Xác nhận và trình").click()
    editor.wait_for_url(re.compile(rf"/quy-hoach/{world.list_a.pk}/$"))
    assert "Đã trình danh sách lên cấp trên phê duyệt." in editor.locator(".messages").inner_text()
    assert editor.get_by_role("link", name="+ Thêm cán bộ").count() == 0  # frozen while submitted
    shot(editor, "planning-06-submitted")

    approver = new_page()
    login(approver, "authz_approver")
    open_list(approver, world.list_a)
    approver.get_by_role("link", name="Phê duyệt", exact=True).click()
    approver.wait_for_url(re.compile(r"/phe-duyet/$"))
    approver.get_by_label("Số quyết định").fill("125-QĐ/TU")
    approver.get_by_label("Ngày quyết định").fill(f"{timezone.localdate():%d/%m/%Y}")
    shot(approver, "planning-07-approve-form")
    approver.get_by_role("button", name="Phê duyệt").click()
    approver.wait_for_url(re.compile(rf"/quy-hoach/{world.list_a.pk}/$"))
    facts = approver.locator(".pl-facts").inner_text()
    assert f"Số 125-QĐ/TU ngày {timezone.localdate():%d/%m/%Y}" in facts
    assert "Đã phê duyệt" in approver.locator(".page-head").inner_text()
    shot(approver, "planning-08-approved")
    world.list_a.refresh_from_db()
    assert world.list_a.status == ListStatus.APPROVED and world.list_a.rule_set_used.code == "HD16-2022"
    assert csp_violations == []


def _csv(path: Path, rows: list[list[str]]) -> Path:
    path.write_text(
        "\n".join([",".join(PLANNING_COLUMNS), *(",".join(row) for row in rows)]), encoding="utf-8"
    )
    return path


def test_a_file_with_one_bad_row_shows_the_row_message_and_writes_nothing(
    world: World, browser_page: Any, login: Any, shot: Any, csp_violations: list[str], tmp_path: Path
) -> None:
    good = ["1", "Phạm Thị Dung", "02/09/1985", "Nữ", "", "", world.A1.code, "", "UV_BCH", "", "", "", ""]
    bad = ["2", "Đỗ Văn Em", "31/02/1980", "Nam", "", "", world.A.code, "", "UV_BCH", "", "", "", ""]
    upload = _csv(tmp_path / "quy-hoach.csv", [good, bad])
    officials, entries = Official.objects.count(), PlanningEntry.objects.count()
    page = browser_page
    login(page, "authz_editor")
    open_list(page, world.list_a)
    page.get_by_role("link", name="Nhập từ tệp Excel").first.click()
    page.wait_for_url(re.compile(r"/nhap-tep/"))
    page.set_input_files("input[type=file]", str(upload))
    shot(page, "planning-09-upload")
    page.get_by_role("button", name="Kiểm tra tệp").click()
    errors = page.locator(".pl-row-errors").inner_text()
    assert "Dòng 3, cột Ngày sinh:" in errors
    assert "Chưa có gì được ghi" in page.locator(".pl-notice-err").inner_text()
    assert page.get_by_role("button", name="Xác nhận nhập").count() == 0
    shot(page, "planning-10-row-error-nothing-written")
    assert (Official.objects.count(), PlanningEntry.objects.count()) == (officials, entries)
    assert csp_violations == []


def test_download_the_list_and_import_it_back_unchanged(
    world: World, browser_page: Any, login: Any, shot: Any, csp_violations: list[str], tmp_path: Path
) -> None:
    before = sorted(
        PlanningEntry.objects.filter(planning_list=world.list_a).values_list(
            "official_id", "position_id", "status", "note", "target_group_override"
        )
    )
    officials = Official.objects.count()
    page = browser_page
    login(page, "authz_editor")
    open_list(page, world.list_a)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải xuống (Excel)").click()
    exported = tmp_path / download.value.suggested_filename
    download.value.save_as(exported)
    assert exported.suffix == ".xlsx"
    page.get_by_role("link", name="Nhập từ tệp Excel").first.click()
    page.wait_for_url(re.compile(r"/nhap-tep/"))
    page.set_input_files("input[type=file]", str(exported))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    assert "không có lỗi" in page.locator(".pl-notice-ok").inner_text()
    summary = page.locator(".pl-summary-table").inner_text()
    assert re.search(r"Lượt quy hoạch sẽ thêm\s+0", summary)
    assert re.search(r"Lượt quy hoạch không thay đổi\s+1", summary)
    shot(page, "planning-11-reimport-preview")
    page.get_by_role("button", name="Xác nhận nhập").click()
    page.wait_for_url(re.compile(rf"/quy-hoach/{world.list_a.pk}/$"))
    shot(page, "planning-12-reimported")
    after = sorted(
        PlanningEntry.objects.filter(planning_list=world.list_a).values_list(
            "official_id", "position_id", "status", "note", "target_group_override"
        )
    )
    assert after == before and Official.objects.count() == officials
    assert csp_violations == []
