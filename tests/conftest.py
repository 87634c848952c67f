from __future__ import annotations

import os

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require_service(name: str, available: bool) -> None:
    """A test that needs a service fails in CI when it is missing, and skips only outside CI."""
    if available:
        return
    if in_ci():
        pytest.fail(f"{name} is required in CI but is not configured or not reachable")
    pytest.skip(f"{name} is not available outside CI")


@pytest.fixture(autouse=True)
def _plain_http(settings):  # type: ignore[no-untyped-def]
    # the test client and the live server speak plain HTTP; production settings are tested separately
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
