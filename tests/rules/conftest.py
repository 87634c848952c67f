"""The engine tests need neither a database nor Django settings: they run with `-p no:django` too."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _plain_http() -> None:
    """Override tests/conftest.py's autouse fixture, which needs pytest-django's `settings`."""
