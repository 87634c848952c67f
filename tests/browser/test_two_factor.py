"""Two-factor login in the browser: an approver enrols (QR code and key), keeps the backup codes, logs
out, and logs in again with a code computed here as the authenticator app would (issue 14, item 7)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.authz.world import PASSWORD, World
from tests.two_factor import code_from_secret, unused_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def password_step(page: Any, username: str) -> None:
    page.goto("/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_an_approver_enrols_then_logs_in_with_a_code(
    world: World, browser_page: Any, shot: Any, csp_violations: list[str]
) -> None:
    page = browser_page
    password_step(page, "authz_approver")
    assert "/tai-khoan/xac-thuc-hai-buoc/" in page.url  # nothing else before enrolment
    assert page.locator("nav.mainnav").count() == 0  # no menu while the step is owed
    qr = page.locator("img.otp-qr")
    assert qr.get_attribute("src").startswith("data:image/svg+xml")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")  # the CSP let the image load
    for width, height in ((390, 844), (1366, 768)):
        page.set_viewport_size({"width": width, "height": height})
        shot(page, f"two-factor-setup-{width}")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.goto("/can-bo/")  # any other page sends back to the step
    assert "/tai-khoan/xac-thuc-hai-buoc/" in page.url
    page.fill(
        "#id_code", "000000" if code_from_secret(page.inner_text("#otp-secret")) != "000000" else "111111"
    )
    page.click("button.primary")
    assert "Mã không đúng" in page.inner_text(".error")
    TOTPDevice.objects.filter(user=world.users["parent_approver"]).update(throttling_failure_count=0)
    page.fill("#id_code", code_from_secret(page.inner_text("#otp-secret")))
    page.click("button.primary")
    codes = page.locator(".otp-code-list code").all_inner_texts()
    assert len(codes) == 10
    for width, height in ((390, 844), (1366, 768)):
        page.set_viewport_size({"width": width, "height": height})
        shot(page, f"two-factor-codes-{width}")
    page.click("a.button.primary")
    page.wait_for_url(re.compile(r"/can-bo/$"))  # on to the page first asked for
    page.click("form.logout button")
    page.wait_for_url(re.compile(r"/dang-nhap/"))

    password_step(page, "authz_approver")
    assert "/dang-nhap/ma-xac-thuc/" in page.url
    for width, height in ((390, 844), (1366, 768)):
        page.set_viewport_size({"width": width, "height": height})
        shot(page, f"two-factor-verify-{width}")
    device = TOTPDevice.objects.get(user=world.users["parent_approver"], confirmed=True)
    page.fill("#id_code", unused_code(device))
    page.click("button.primary")
    page.wait_for_url(re.compile(r"/$"))
    assert page.locator("nav.mainnav").count() == 1
    page.goto("/tai-khoan/xac-thuc-hai-buoc/")
    assert "Còn 10 mã dự phòng" in page.inner_text("main")
    for width, height in ((390, 844), (1366, 768)):
        page.set_viewport_size({"width": width, "height": height})
        shot(page, f"two-factor-status-{width}")
    assert csp_violations == []
