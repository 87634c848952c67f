"""Error pages render in Vietnamese, and 500.html needs no context at all."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.template import loader
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.authz.world import World
from tests.conftest import subprocess_database_url

ROOT = Path(__file__).resolve().parents[2]


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


# --- with DEBUG on, as `make run` starts the server: the same Vietnamese pages, no English debug page
DEBUG_404_MARKERS = ("Using the URLconf", "Page not found at", "Django tried these URL patterns")


@pytest.mark.django_db
def test_debug_mode_shows_the_vietnamese_404_and_403(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = True
    client = Client()
    client.force_login(world.users["viewer"])  # type: ignore[arg-type]
    for url in ("/khong-co-trang-nay/", reverse("people:detail", args=[world.official_b.pk])):
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 404 and "Không tìm thấy trang" in html, url
        assert not any(marker in html for marker in DEBUG_404_MARKERS), url
        assert "Đăng xuất" in html  # the page keeps the menu of a logged-in user
    forbidden = client.get(reverse("people:edit", args=[world.official_a.pk]))
    html = forbidden.content.decode()
    assert forbidden.status_code == 403 and "Không được phép" in html
    assert "Bạn chỉ được xem, không được sửa hồ sơ này." in html


@pytest.mark.django_db
def test_debug_mode_keeps_appending_the_slash(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = True
    client = Client()
    client.force_login(world.users["viewer"])  # type: ignore[arg-type]
    response = client.get("/can-bo")
    assert response.status_code == 301 and response["Location"] == "/can-bo/"


@pytest.mark.urls("tests.accounts.error_urls")
@pytest.mark.django_db
def test_debug_mode_shows_the_vietnamese_500_and_logs_the_traceback(world: World, settings, caplog) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = True
    client = Client()
    client.force_login(world.users["viewer"])  # type: ignore[arg-type]
    response = client.get("/loi-thu/")
    assert response.status_code == 500 and "Lỗi hệ thống" in response.content.decode()
    assert any(record.exc_info and "a bug" in str(record.exc_info[1]) for record in caplog.records)
    settings.TECHNICAL_ERROR_PAGES = True  # a developer may still ask for Django's debug pages
    with pytest.raises(RuntimeError):
        client.get("/loi-thu/")


@pytest.mark.django_db
def test_debug_mode_refuses_a_csrf_failure_in_vietnamese(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = True
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["editor"])  # type: ignore[arg-type]
    response = client.post(reverse("people:create"), {})
    assert response.status_code == 403 and "Biểu mẫu đã hết hạn" in response.content.decode()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str, cookie: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.mark.django_db(transaction=True)
def test_make_run_server_answers_in_vietnamese(world: World) -> None:
    """`make run` starts `runserver` with DEBUG=1: start it the same way and read its 404 and 403."""
    client = Client()
    client.force_login(world.users["viewer"])  # type: ignore[arg-type]
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    port = _free_port()
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": subprocess_database_url()}
    env.pop("TECHNICAL_ERROR_PAGES", None)
    env.pop("CADREPLAN_HTTPS", None)  # the test process runs with HTTPS on; `make run` does not
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                _get(base + "/healthz", "")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        status, html = _get(base + "/khong-co-trang-nay/", cookie)
        assert status == 404 and "Không tìm thấy trang" in html
        assert not any(marker in html for marker in DEBUG_404_MARKERS)
        status, html = _get(base + reverse("people:detail", args=[world.official_b.pk]), cookie)
        assert status == 404 and "Không tìm thấy trang" in html
        status, html = _get(base + reverse("people:edit", args=[world.official_a.pk]), cookie)
        assert status == 403 and "Không được phép" in html
    finally:
        server.terminate()
        server.wait(timeout=10)
