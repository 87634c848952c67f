"""Error pages render in Vietnamese, and 500.html needs no context at all."""

from __future__ import annotations

import pytest
from django.template import loader
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.authz.world import World


@pytest.mark.parametrize(
    ("template", "text"),
    [
        ("500.html", "Lỗi hệ thống"),
        ("400.html", "Yêu cầu không hợp lệ"),
        ("403_csrf.html", "Biểu mẫu đã hết hạn"),
    ],
)
def test_error_templates_render_without_a_request(template: str, text: str) -> None:
    with translation.override("vi"):
        html = loader.get_template(template).render()
    assert text in html


@pytest.mark.django_db
def test_not_found_and_forbidden_pages_are_vietnamese(world: World) -> None:
    client = Client()
    client.force_login(world.users["viewer"])  # type: ignore[arg-type]
    missing = client.get(reverse("people:detail", args=[world.official_b.pk]), HTTP_ACCEPT_LANGUAGE="vi")
    assert missing.status_code == 404 and "Không tìm thấy trang" in missing.content.decode()
    forbidden = client.get(reverse("people:edit", args=[world.official_a.pk]), HTTP_ACCEPT_LANGUAGE="vi")
    assert forbidden.status_code == 403
    assert "Bạn chỉ được xem, không được sửa hồ sơ này." in forbidden.content.decode()


@pytest.mark.django_db
def test_a_form_without_its_csrf_token_is_refused_in_vietnamese(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["editor"])  # type: ignore[arg-type]
    response = client.post(reverse("people:create"), {}, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 403 and "Biểu mẫu đã hết hạn" in response.content.decode()


@pytest.mark.django_db
def test_pages_send_a_csp_without_unsafe_inline(world: World) -> None:
    client = Client()
    client.force_login(world.users["editor"])  # type: ignore[arg-type]
    for url in (reverse("home"), reverse("people:list"), reverse("organizations:tree")):
        policy = client.get(url)["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
