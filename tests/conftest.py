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
    # without a broker a page's report runs after the response on a thread; tests run it inline
    # (tests/reports/test_background.py turns the thread on)
    settings.REPORT_BACKGROUND_THREADS = 0


@pytest.fixture(autouse=True)
def _force_login_passes_both_steps(monkeypatch):  # type: ignore[no-untyped-def]
    # force_login skips the password; it skips the two-factor code as well (tests/two_factor.py), so that
    # the tests of other pages sign in administrators and approvers in one line, with enforcement on
    from django.test import Client

    from tests.two_factor import force_login_both_steps

    monkeypatch.setattr(Client, "force_login", force_login_both_steps)


@pytest.fixture
def world(db):  # type: ignore[no-untyped-def]
    """The authorization world of tests/authz/world.py: P > A > A1, P > B, six actors, lists and officials."""
    from tests.authz.world import build_world

    return build_world()


@pytest.fixture(scope="session", autouse=True)
def _database_cache():  # type: ignore[no-untyped-def]
    # Every test process uses the cache table of its own test database, whatever CACHE_URL or
    # CELERY_BROKER_URL say: a shared Redis would mix the cached figures of parallel test processes,
    # cache.clear() would empty the broker's database, and query counts would depend on the backend.
    from django.conf import settings
    from django.test.utils import override_settings

    with override_settings(CACHES={"default": settings.DATABASE_CACHE}):
        yield


@pytest.fixture(scope="session", autouse=True)
def _plain_http_live_server() -> None:
    # SecurityMiddleware reads SECURE_SSL_REDIRECT once, when the (session-wide) live server loads its
    # middleware: the function-scoped override above comes too late for it, so set it for the session.
    from django.conf import settings

    settings.SECURE_SSL_REDIRECT = False


def _reload_reference_data() -> None:
    """Put back the rows the data migrations ship (terms, positions, rule sets): a flush removes them."""
    import importlib

    from django.apps import apps

    for module in (
        "apps.organizations.migrations.0002_reference_data",
        "apps.rules.migrations.0002_default_rule_sets",
    ):
        importlib.import_module(module).load(apps, None)


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request):  # type: ignore[no-untyped-def]
    # Transactional tests (live server, real workers, subprocess commands) end with a flush of every
    # table; the next one would find no terms, positions or rule sets. Reload them, idempotently.
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or {
        "transactional_db",
        "live_server",
    } & set(request.fixturenames)
    if transactional:
        request.getfixturevalue("transactional_db")
        _reload_reference_data()


def subprocess_database_url() -> str:
    """A DATABASE_URL for a child process (command, worker) that points at this test run's database."""
    from urllib.parse import quote

    from django.db import connection

    s = connection.settings_dict
    host = s["HOST"] or s.get("OPTIONS", {}).get("host", "")
    auth = quote(s["USER"] or "", safe="") + (":" + quote(s["PASSWORD"], safe="") if s["PASSWORD"] else "")
    port = f":{s['PORT']}" if s["PORT"] else ""
    return f"postgres://{auth}@{quote(str(host), safe='')}{port}/{s['NAME']}"


def broker_reachable() -> bool:
    """True when a Celery broker is configured (CELERY_BROKER_URL) and its Redis answers."""
    import redis
    from django.conf import settings

    if not settings.CELERY_BROKER_CONFIGURED:
        return False
    try:
        return bool(redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=2).ping())
    except redis.RedisError:
        return False


@pytest.fixture(autouse=True)
def _tasks_inline_unless_worker_test(request):  # type: ignore[no-untyped-def]
    # CI configures a real broker. Only the tests that start a worker should send it tasks; for the
    # rest, a task queued by an import or a page runs inline, as it does when no broker is configured.
    if request.node.get_closest_marker("worker"):
        # Celery keeps "a join would block" in one process-wide flag that each inline task sets and then
        # restores; two threads running inline tasks at once (the concurrency tests) can leave it set, and
        # a worker test in the same process would then be refused `result.get()`. This process is no worker.
        from celery._state import _set_task_join_will_block

        _set_task_join_will_block(False)
        yield
        return
    from cadreplan.celery import app

    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved
