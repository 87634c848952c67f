"""End to end in Debian chromium: the projection chart, the org chart, the finder's add-with-preview, the bell."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from apps.organizations.models import Position
from apps.people.models import Official
from apps.planning.models import PlanningEntry
from apps.reports.models import Alert
from apps.reports.services.alerts import alerts_build
from tests.authz.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def posts(world: World) -> World:
    """A's secretary retires 30/06/2028 with nobody planned; a young official of A1 could succeed him."""
    Official.objects.create(
        full_name="Nguyễn Văn Giữ",
        birth_date=dt.date(1966, 6, 10),
        sex="M",
        organization=world.A,
        current_position=Position.objects.get(code="BI_THU"),
    )
    Official.objects.create(
        full_name="Vũ Thị Kế", birth_date=dt.date(1990, 2, 2), sex="F", organization=world.A1
    )
    return world


def test_projection_chart_org_chart_and_finder_as_editor(
    posts: World, browser_page: Any, login: Any, shot: Any, csp_violations: list[str]
) -> None:
    page = browser_page
    login(page, "authz_editor")
    page.get_by_role("link", name="Dự báo").click()
    page.wait_for_url(re.compile(rf"/bao-cao/du-bao/{posts.A.pk}/$"))
    # the chart is drawn by Chart.js from the JSON block (no inline script), beside its table
    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.querySelector('canvas[data-chart]'))"
    )
    assert "Nguyễn Văn Giữ" in page.locator(".fs-table").last.inner_text()
    assert "Tỉnh Kiểm Thử" not in page.locator("main").inner_text()  # nothing above the user's scope
    shot(page, "foresight-01-projection")
    page.get_by_role("link", name="Sơ đồ chức danh").click()
    uncovered = page.locator(".orgchart .post.fs-uncovered", has_text="Nguyễn Văn Giữ")
    assert "Chưa có người kế cận đủ điều kiện" in uncovered.inner_text()
    shot(page, "foresight-02-org-chart")
    page.goto(f"/bao-cao/tim-nguoi-ke-can/{posts.A.pk}/?position=BI_THU&at=01/06/2025")
    row = page.locator(".fs-table tr", has_text="Vũ Thị Kế")
    assert "Đủ điều kiện" in row.inner_text()
    row.get_by_role("link", name="Xem trước và thêm").click()
    page.wait_for_url(re.compile(r"/them-can-bo/\?official="))
    preview = page.locator(".pl-preview")
    preview.wait_for()  # the what-if runs on load for the preselected official and post
    assert "Cơ cấu danh sách sau khi thêm" in preview.inner_text()
    page.get_by_role("button", name="Lưu vào danh sách").click()
    page.wait_for_url(re.compile(rf"/quy-hoach/{posts.list_a.pk}/$"))
    assert PlanningEntry.objects.filter(official__full_name="Vũ Thị Kế", position__code="BI_THU").exists()
    shot(page, "foresight-03-added-from-the-finder")
    assert csp_violations == []


def test_the_bell_counts_the_users_alerts_only(posts: World, new_page: Any, login: Any) -> None:
    alerts_build(today=dt.date(2027, 12, 15), send_mail=False)  # the secretary retires in 6 months
    of_a = Alert.objects.filter(organization__path__startswith=posts.A.path).count()
    of_b = Alert.objects.filter(organization__path__startswith=posts.B.path).count()
    assert of_a >= 1 and of_b >= 1  # B: its planned official is disciplined
    page = new_page()
    login(page, "authz_viewer")
    bell = page.locator(".mainnav a", has_text="Thông báo")
    bell.locator(".badge").wait_for()
    assert bell.locator(".badge").inner_text() == str(of_a)
    bell.click()
    assert "Nguyễn Văn Giữ" in page.locator("main").inner_text()
    other = new_page()
    login(other, "authz_sibling")
    badge = other.locator(".mainnav a", has_text="Thông báo").locator(".badge")
    badge.wait_for()
    assert badge.inner_text() == str(of_b)
    other.locator(".mainnav a", has_text="Thông báo").click()
    assert "Nguyễn Văn Giữ" not in other.locator("main").inner_text()
