"""Every page fits a phone (390x844) and a laptop (1366x768): no horizontal overflow, a folding menu.

The pages are the authorization matrix's GET cases (tests/authz/cases_*.py) that the province admin
may open: a page added with its case is checked here too, without editing this file.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from tests.authz.test_matrix import CASES
from tests.authz.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = [(390, 844), (1366, 768)]


def html_pages(world: World) -> list[str]:
    """The URLs of the pages (not fragments, not posts) the admin of the province may open."""
    urls: list[str] = []
    for case in CASES:
        if case.method != "GET" or case.htmx or case.expect["admin"] != 200:
            continue
        url = reverse(case.url, kwargs=case.kwargs(world))
        if case.query:
            url = f"{url}?{case.query}"
        if url not in urls:
            urls.append(url)
    return urls


def overflow(page: Any) -> tuple[int, int]:
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


def test_no_page_is_wider_than_the_screen(world: World, browser_page: Any, login: Any, shot: Any) -> None:
    page = browser_page
    login(page, "authz_admin")
    pages = html_pages(world) + ["/khong-co-trang-nay/", reverse("admin:index")]
    assert len(pages) > 15  # the matrix's pages, not an empty loop
    too_wide: list[str] = []
    stray: list[str] = []
    downloads: set[str] = set()
    checked = 0
    for width, height in VIEWPORTS:
        page.set_viewport_size({"width": width, "height": height})
        for url in pages:
            if width == VIEWPORTS[0][0]:
                response = page.request.get(url)
                if not response.headers.get("content-type", "").startswith("text/html"):
                    downloads.add(url)  # a download (xlsx, pdf): not a page
            if url in downloads:
                continue
            page.goto(url)
            checked += 1
            scroll_width, inner_width = overflow(page)
            if scroll_width > inner_width:
                too_wide.append(f"{url} at {width}px: {scroll_width}px wide")
                shot(page, f"layout-too-wide-{width}-{url}")
            crumbs = page.locator(".breadcrumbs")
            if width == 390 and crumbs.count() and crumbs.first.inner_text().strip().endswith("›"):
                stray.append(url)
    assert checked > 30
    assert too_wide == []
    assert stray == []  # breadcrumbs end with the page they lead to, never with a bare "›"


def test_the_menu_folds_on_a_phone(world: World, browser_page: Any, login: Any, shot: Any) -> None:
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "authz_editor")
    logout = page.get_by_role("button", name="Đăng xuất")
    officials = page.locator(".mainnav").get_by_role("link", name="Cán bộ", exact=True)
    assert not logout.is_visible() and not officials.is_visible()
    page.locator(".nav-button").click()
    assert logout.is_visible()
    shot(page, "layout-phone-menu-open")
    officials.click()
    page.wait_for_url(re.compile(r"/can-bo/$"))
    # on a laptop the menu is there without a button
    page.set_viewport_size({"width": 1366, "height": 768})
    assert not page.locator(".nav-button").is_visible()
    assert page.get_by_role("button", name="Đăng xuất").is_visible()


def test_wide_tables_scroll_inside_their_card(world: World, browser_page: Any, login: Any) -> None:
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "authz_admin")
    page.goto(reverse("planning:detail", kwargs={"pk": world.list_a.pk}))
    scroller = page.locator(".table-scroll:has(> table.pl-entries)").first  # the entries, not the quotas
    widths = scroller.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert widths[0] > widths[1]  # the table is wider than its box, and the box scrolls
    assert overflow(page)[0] <= 390


def test_the_file_picker_speaks_vietnamese(
    world: World, browser_page: Any, login: Any, tmp_path: Any
) -> None:
    page = browser_page
    login(page, "authz_editor")
    page.goto(reverse("planning:import"))
    picker = page.locator(".file-picker")
    assert "Chọn tệp…" in picker.inner_text() and "Chưa chọn tệp nào" in picker.inner_text()
    upload = tmp_path / "danh-sach.csv"
    upload.write_text("STT\n", encoding="utf-8")
    page.set_input_files("input[type=file]", str(upload))
    assert page.locator(".file-name").inner_text() == "danh-sach.csv"
    assert page.locator("link[rel=icon]").count() == 1


def test_the_unit_picker_reaches_a_commune_at_once(world: World, browser_page: Any, login: Any) -> None:
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "authz_editor")
    page.goto(reverse("people:list"))
    page.locator("#unit-picker-people").fill("xa a1")
    page.get_by_role("link", name="Xã A1").click()
    page.wait_for_url(re.compile(rf"org={world.A1.pk}"))
    assert page.locator("select[name=org] option:checked").inner_text().strip().endswith("Xã A1")
