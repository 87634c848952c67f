"""The development server with HTTPS=1 and DEBUG=1, as a person runs it (issue 14, the two low findings).

`HTTPS=1` used to leak into every request of the development server as CGI's "came over TLS" flag, so
plain HTTP got no redirect and HSTS; a static path climbing out of the static folders gave a 500.
"""

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

from tests.conftest import subprocess_database_url

ROOT = Path(__file__).resolve().parent.parent


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str]]:
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers or {}), timeout=10) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.django_db
def test_https_dev_server_redirects_plain_http_and_refuses_climbing_static_paths() -> None:
    port = free_port()
    env = {
        **os.environ,
        "HTTPS": "1",
        "DEBUG": "1",
        "DATABASE_URL": subprocess_database_url(),
    }
    env.pop("CADREPLAN_HTTPS", None)
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                status, headers = fetch(f"{base}/dang-nhap/")
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the development server did not start")
        assert status == 301 and headers["Location"] == f"https://127.0.0.1:{port}/dang-nhap/"
        assert "Strict-Transport-Security" not in headers
        # behind a proxy that says the request came over TLS: served, with HSTS
        secure = {"X-Forwarded-Proto": "https"}
        status, headers = fetch(f"{base}/dang-nhap/", secure)
        assert status == 200 and "Strict-Transport-Security" in headers
        for path in ("/static/..%2f..%2fmanage.py", "/static/%2e%2e/%2e%2e/etc/passwd"):
            assert fetch(base + path, secure)[0] == 404, path
        assert fetch(f"{base}/static/css/app.css", secure)[0] == 200
    finally:
        server.terminate()
        server.wait(10)
