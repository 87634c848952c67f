"""End to end in Debian chromium: typing a step's ballots with the keyboard, and a tally sheet with a bad row."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from apps.organizations.models import Position
from apps.people.models import Official
from apps.planning.models import NominationVote, PlanningEntry
from apps.planning.services import VOTE_COLUMNS
from tests.authz.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_a_steps_ballots_with_the_keyboard(
    world: World, browser_page: Any, login: Any, shot: Any, csp_violations: list[str]
) -> None:
    second = PlanningEntry.objects.create(
        planning_list=world.list_a,
        official=Official.objects.get(pk=world.official_a1.pk),
        position=Position.objects.get(code="UV_BCH"),
    )
    page = browser_page
    login(page, "authz_editor")
    page.goto(f"/quy-hoach/{world.list_a.pk}/")
    page.get_by_role("link", name="1. Hội nghị cán bộ chủ chốt").click()
    page.wait_for_url(re.compile(r"/phieu/conference/"))
    page.get_by_label("Ngày tổ chức").fill("20/05/2025")
    # the common figures once for every row, then each candidate's ballots in favour, moving with Enter
    page.get_by_label("Số triệu tập, cho mọi dòng").fill("60")
    page.get_by_label("Số có mặt, cho mọi dòng").fill("58")
    page.get_by_label("Số phiếu hợp lệ, cho mọi dòng").fill("57")
    page.get_by_role("button", name="Điền cho mọi dòng").click()
    first = page.locator(f"input[name='in_favour-{world.entry_a.pk}']")
    assert first.evaluate("e => e === document.activeElement")  # the fill moves to the first "in favour"
    page.keyboard.type("40")
    page.keyboard.press("Enter")
    assert page.locator(f"input[name='in_favour-{second.pk}']").evaluate("e => e === document.activeElement")
    page.keyboard.type("20")
    assert "35,09 %" in page.locator(f"#vote-{second.pk} .vote-share").inner_text()  # shown while typing
    page.keyboard.press("ArrowUp")
    assert first.evaluate("e => e === document.activeElement")
    shot(page, "votes-01-typed")
    page.get_by_role("button", name="Lưu số phiếu").click()
    page.wait_for_selector(".messages")
    assert "Đã lưu số phiếu" in page.locator(".messages").inner_text()
    assert {(v.entry_id, v.in_favour) for v in NominationVote.objects.all()} == {
        (world.entry_a.pk, 40),
        (second.pk, 20),
    }
    assert "chưa đạt ngưỡng" in page.locator(f"#vote-{second.pk}").inner_text()
    assert csp_violations == []


def test_a_tally_sheet_with_one_bad_row_writes_nothing(
    world: World, browser_page: Any, login: Any, shot: Any, csp_violations: list[str], tmp_path: Path
) -> None:
    official = world.official_a
    good = [
        "1",
        official.full_name,
        official.birth_date.strftime("%d/%m/%Y"),
        "",
        "PHO_BI_THU",
        "60",
        "58",
        "57",
        "40",
    ]
    bad = ["2", "Người Không Có", "01/01/1980", "", "PHO_BI_THU", "60", "58", "57", "30"]
    path = tmp_path / "phieu.csv"
    path.write_text("\n".join(",".join(r) for r in [VOTE_COLUMNS, good, bad]), encoding="utf-8")
    page = browser_page
    login(page, "authz_editor")
    page.goto(f"/quy-hoach/{world.list_a.pk}/phieu/standing/")
    page.set_input_files("input[type=file]", str(path))
    page.get_by_role("button", name="Tải lên và lưu").click()
    errors = page.locator(".vote-sheet-errors").inner_text()
    assert "Dòng 3, cột Họ và tên:" in errors
    shot(page, "votes-02-sheet-rejected")
    assert not NominationVote.objects.exists()
    assert csp_violations == []


def test_the_removal_review_with_one_box_unchecked(
    world: World, browser_page: Any, login: Any, shot: Any, csp_violations: list[str]
) -> None:
    import datetime as dt  # noqa: PLC0415

    from apps.people.models import DisciplineRecord  # noqa: PLC0415

    entries = []
    for name in ("Lê Văn Một", "Lê Văn Hai"):
        official = Official.objects.create(
            full_name=name, birth_date=dt.date(1985, 1, 1), sex="M", organization=world.A
        )
        DisciplineRecord.objects.create(
            official=official, level="reprimand", start_date=dt.date(2025, 1, 1), reason="Kiểm thử"
        )
        entries.append(
            PlanningEntry.objects.create(
                planning_list=world.list_a, official=official, position=Position.objects.get(code="UV_BCH")
            )
        )
    page = browser_page
    login(page, "authz_editor")
    page.goto(f"/quy-hoach/{world.list_a.pk}/")
    page.get_by_role("link", name="Rà soát đưa ra khỏi quy hoạch (tính đến hôm nay)").click()
    page.wait_for_url(re.compile(r"/ra-soat/$"))
    assert "khiển trách" in page.locator(f"#removal-{entries[0].pk}").inner_text().lower()
    assert PlanningEntry.objects.filter(status="removed").count() == 0  # the review writes nothing
    page.get_by_label("Lê Văn Hai").uncheck()
    shot(page, "votes-03-removal-review")
    page.get_by_role("button", name="Đưa các lượt đã chọn ra khỏi quy hoạch").click()
    page.wait_for_url(re.compile(rf"/quy-hoach/{world.list_a.pk}/$"))
    statuses = dict(PlanningEntry.objects.filter(pk__in=[e.pk for e in entries]).values_list("pk", "status"))
    assert statuses == {entries[0].pk: "removed", entries[1].pk: "active"}
    assert csp_violations == []


def test_approving_from_the_queue(
    world: World, browser_page: Any, login: Any, shot: Any, csp_violations: list[str]
) -> None:
    from django.utils import timezone  # noqa: PLC0415

    from apps.planning.models import ListStatus  # noqa: PLC0415

    submitted = world.list_a_submitted
    page = browser_page
    login(page, "authz_approver")
    page.get_by_role("link", name=re.compile("danh sách chờ tôi phê duyệt")).click()
    page.wait_for_url(re.compile(r"/cho-phe-duyet/$"))
    shot(page, "votes-04-queue")
    page.locator(f"#queue-{submitted.pk}").get_by_role("link", name="Xem xét và phê duyệt").click()
    page.wait_for_url(re.compile(rf"/quy-hoach/{submitted.pk}/phe-duyet/$"))
    page.get_by_label("Số quyết định").fill("7-QĐ/TU")
    page.get_by_label("Ngày quyết định").fill(f"{timezone.localdate():%d/%m/%Y}")
    page.get_by_role("button", name="Phê duyệt").click()
    page.wait_for_url(re.compile(rf"/quy-hoach/{submitted.pk}/$"))
    submitted.refresh_from_db()
    assert submitted.status == ListStatus.APPROVED and submitted.decision_number == "7-QĐ/TU"
    assert csp_violations == []
