"""End to end in Debian chromium: log in, filter officials with htmx, open, edit, concurrent edit, tree."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from apps.people.models import Official
from tests.authz.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def result_names(page: Any) -> list[str]:
    return page.locator("table.officials tbody tr td:first-child a").all_inner_texts()


def query_of(page: Any) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def test_log_in_and_filter_officials(
    world: World, browser_page: Any, new_page: Any, login: Any, shot: Any, csp_violations: list[str]
) -> None:
    for i, (name, sex) in enumerate(
        [("Nguyễn Văn Anh", "M"), ("Nguyễn Thị Hà", "F"), ("Phạm Minh Tuấn", "M")]
    ):
        Official.objects.create(
            full_name=name,
            birth_date=dt.date(1985, 1, 1 + i),
            sex=sex,
            organization=world.A1,
            ethnicity="Kinh",
        )
    page = browser_page
    page.goto("/")
    page.wait_for_url(re.compile(r"/dang-nhap/"))
    shot(page, "officials-01-login-page")
    login(page, "authz_editor")
    assert page.locator("h1").inner_text() == "Huyện A"
    shot(page, "officials-02-home")

    page.get_by_role("link", name="Cán bộ", exact=True).first.click()
    page.wait_for_url(re.compile(r"/can-bo/$"))
    assert len(result_names(page)) == 5
    shot(page, "officials-03-list")

    # typing filters as you go (htmx swaps the table and pushes the URL)
    page.get_by_role("searchbox").fill("nguyen van an")
    page.wait_for_url(re.compile(r"q=nguyen"))
    page.wait_for_function("document.querySelectorAll('table.officials tbody tr').length === 2")
    assert sorted(result_names(page)) == ["Nguyễn Văn An", "Nguyễn Văn Anh"]
    shot(page, "officials-04-search-without-accents")

    page.get_by_label("Giới tính").select_option("M")
    page.wait_for_url(re.compile(r"sex=M"))
    page.get_by_role("searchbox").fill("nguyen")
    page.wait_for_url(re.compile(r"q=nguyen&|q=nguyen$"))
    page.wait_for_function("document.querySelectorAll('table.officials tbody tr').length === 2")
    assert query_of(page)["sex"] == ["M"]
    shot(page, "officials-05-search-and-sex")

    # the URL is shareable: opening it afresh shows the same filtered list and filled-in form
    shared = page.url
    other = new_page()  # another browser: a colleague who was sent the link
    login(other, "authz_viewer")
    other.goto(shared)
    assert sorted(result_names(other)) == ["Nguyễn Văn An", "Nguyễn Văn Anh"]
    assert other.get_by_role("searchbox").input_value() == "nguyen"
    assert other.get_by_label("Giới tính").input_value() == "M"
    shot(other, "officials-06-shared-url")

    other.get_by_role("link", name="Nguyễn Văn An", exact=True).click()
    other.wait_for_url(re.compile(r"/can-bo/\d+/$"))
    assert other.locator("h1").inner_text() == "Nguyễn Văn An"
    assert "30/04/2040" in other.content()  # retirement date of a man born 12/04/1978
    shot(other, "officials-07-official-page")
    assert csp_violations == []


def test_sorting_and_paging_keep_the_filters(world: World, browser_page: Any, login: Any, shot: Any) -> None:
    for i in range(30):
        Official.objects.create(
            full_name=f"Hoàng Văn {i:02d}",
            birth_date=dt.date(1970 + i % 20, 1, 1),
            sex="M",
            organization=world.A,
        )
    page = browser_page
    login(page, "authz_editor")
    page.goto("/can-bo/?q=hoang")
    assert page.locator(".result-count").inner_text() == "Tìm thấy 30 cán bộ"
    page.get_by_role("link", name="Ngày sinh").click()
    page.wait_for_url(re.compile(r"sort=birth"))
    page.get_by_role("link", name=re.compile("Sau")).click()
    page.wait_for_url(re.compile(r"page=2"))
    query = query_of(page)
    assert query["q"] == ["hoang"] and query["sort"] == ["birth"]
    assert len(result_names(page)) == 5
    shot(page, "officials-08-sorted-page-2")


def test_edit_an_official_and_see_the_history(world: World, browser_page: Any, login: Any, shot: Any) -> None:
    page = browser_page
    login(page, "authz_editor")
    page.goto(f"/can-bo/{world.official_a.pk}/")
    page.get_by_role("link", name="Sửa", exact=True).click()
    page.wait_for_url(re.compile(r"/sua/$"))
    shot(page, "officials-09-edit-form")
    page.get_by_label("Ngày sinh").fill("31/02/1978")
    page.get_by_role("button", name="Lưu").click()
    assert "Ngày không hợp lệ" in page.locator(".form-row.has-error").first.inner_text()
    shot(page, "officials-10-invalid-date")
    page.get_by_label("Ngày sinh").fill("12/04/1978")
    page.get_by_label("Quê quán").fill("Thừa Thiên Huế")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(re.compile(r"/can-bo/\d+/$"))
    assert "Đã lưu thay đổi." in page.locator(".messages").inner_text()
    history = page.locator(".history-table tbody tr").first.inner_text()
    assert "authz_editor" in history and "Thừa Thiên Huế" in history
    shot(page, "officials-11-saved-with-history")


def test_a_stale_edit_is_refused_naming_who_changed_it(
    world: World, new_page: Any, login: Any, shot: Any
) -> None:
    editor, admin = new_page(), new_page()
    login(editor, "authz_editor")
    login(admin, "authz_admin")
    edit_url = f"/can-bo/{world.official_a.pk}/sua/"
    editor.goto(edit_url)
    admin.goto(edit_url)
    editor.get_by_label("Quê quán").fill("Nghệ An")
    editor.get_by_role("button", name="Lưu").click()
    editor.wait_for_url(re.compile(r"/can-bo/\d+/$"))
    admin.get_by_label("Quê quán").fill("Hà Tĩnh")
    admin.get_by_role("button", name="Lưu").click()
    alert = admin.get_by_role("alert").inner_text()
    assert "Hồ sơ này đã được authz_editor sửa lúc" in alert
    shot(admin, "officials-12-stale-edit-refused")
    world.official_a.refresh_from_db()
    assert world.official_a.home_town == "Nghệ An"


def test_the_organization_tree_opens_on_demand(
    world: World, browser_page: Any, login: Any, shot: Any, csp_violations: list[str]
) -> None:
    page = browser_page
    login(page, "authz_admin")
    page.get_by_role("link", name="Tổ chức", exact=True).first.click()
    page.wait_for_url(re.compile(r"/to-chuc/$"))
    assert page.get_by_role("link", name="Xã A1").count() == 0  # two levels below the province
    page.locator("summary", has_text="Huyện A").click()
    page.get_by_role("link", name="Xã A1").wait_for()
    shot(page, "organizations-01-tree-expanded")
    page.get_by_role("link", name="Xã A1").click()
    page.wait_for_url(re.compile(r"/to-chuc/\d+/$"))
    assert "Trần Thị Bình" in page.content()
    shot(page, "organizations-02-commune-page")
    assert csp_violations == []
