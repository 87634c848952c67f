"""Lockout by username across addresses with a backoff, by address only after many usernames, trusted
proxies only, and an administrator's unlock (issue 14)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.accounts import lockout
from apps.accounts.models import User
from tests.authz import world as world_module
from tests.authz.world import PASSWORD, World

pytestmark = pytest.mark.django_db
LOGIN = "login"


@pytest.fixture(autouse=True)
def _fast(settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:  # type: ignore[no-untyped-def]
    # a failed login hashes the password it was given: a cheap hasher first, and a lower address limit
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    monkeypatch.setattr(lockout, "IP_FAILURE_LIMIT", 20)
    yield
    world_module._password_hash.cache_clear()  # made with MD5 here: the next tests hash again


def attempt(client: Client, username: str, password: str = "sai", **meta: str) -> int:
    return client.post(reverse(LOGIN), {"username": username, "password": password}, **meta).status_code


def test_five_failures_from_five_addresses_lock_the_username(client: Client, world: World) -> None:
    for n in range(5):  # before: locked by username + address, so five addresses never locked it
        attempt(client, "authz_editor", REMOTE_ADDR=f"10.0.1.{n}")
    assert attempt(client, "authz_editor", PASSWORD, REMOTE_ADDR="10.0.9.9") == 429


def test_colleagues_behind_one_address_do_not_lock_each_other_out(client: Client, world: World) -> None:
    # before: five wrong passwords for one user locked that user for everyone at the office address
    for username in ("authz_viewer", "authz_sibling", "authz_admin", "khong_co"):
        for _ in range(4):
            attempt(client, username, REMOTE_ADDR="10.0.0.1")
    assert attempt(client, "authz_editor", PASSWORD, REMOTE_ADDR="10.0.0.1") == 302


def test_many_usernames_from_one_address_lock_the_address(client: Client, world: World) -> None:
    for n in range(lockout.IP_FAILURE_LIMIT):
        attempt(client, f"ten_{n}", REMOTE_ADDR="10.0.0.66")
    assert attempt(client, "authz_editor", PASSWORD, REMOTE_ADDR="10.0.0.66") == 429
    assert attempt(client, "authz_editor", PASSWORD, REMOTE_ADDR="10.0.0.67") == 302


def test_the_lock_backs_off(world: World, rf) -> None:  # type: ignore[no-untyped-def]
    request = rf.post("/", {"username": "authz_editor"})
    request.axes_credentials = {"username": "authz_editor"}
    assert lockout.cool_off(request) == lockout.COOL_OFF_BASE
    now = timezone.now()
    for rounds, expected in ((2, 2), (3, 4), (6, 32)):
        AccessFailureLog.objects.all().delete()
        AccessFailureLog.objects.bulk_create(
            AccessFailureLog(username="authz_editor", ip_address="10.0.0.1", attempt_time=now)
            for _ in range(rounds * 5)
        )
        assert lockout.cool_off(request) == dt.timedelta(minutes=expected)
    AccessFailureLog.objects.bulk_create(
        AccessFailureLog(username="authz_editor", ip_address="10.0.0.1", attempt_time=now) for _ in range(500)
    )
    assert lockout.cool_off(request) == lockout.COOL_OFF_MAX


def test_forwarded_for_is_believed_only_from_trusted_proxies(rf, settings) -> None:  # type: ignore[no-untyped-def]
    settings.TRUSTED_PROXIES = ["172.18.0.0/16"]
    spoofed = rf.get("/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="10.0.0.1")
    assert lockout.client_ip(spoofed) == "203.0.113.5"
    proxied = rf.get("/", REMOTE_ADDR="172.18.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    assert lockout.client_ip(proxied) == "198.51.100.7"  # what our proxy saw, not what the client wrote
    garbage = rf.get("/", REMOTE_ADDR="172.18.0.2", HTTP_X_FORWARDED_FOR="not-an-ip")
    assert lockout.client_ip(garbage) == "172.18.0.2"


def test_behind_the_proxy_users_are_told_apart(client: Client, world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.TRUSTED_PROXIES = ["172.18.0.2"]
    for n in range(lockout.IP_FAILURE_LIMIT - 1):
        attempt(client, f"ten_{n}", REMOTE_ADDR="172.18.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert (
        attempt(
            client, "authz_editor", PASSWORD, REMOTE_ADDR="172.18.0.2", HTTP_X_FORWARDED_FOR="198.51.100.8"
        )
        == 302
    )
    assert AccessAttempt.objects.filter(ip_address="198.51.100.7").exists()


def test_an_administrator_unlocks_a_user(client: Client, world: World) -> None:
    for n in range(5):
        attempt(client, "authz_editor", REMOTE_ADDR=f"10.0.2.{n}")
    assert attempt(client, "authz_editor", PASSWORD, REMOTE_ADDR="10.0.2.9") == 429
    superuser = User.objects.create_superuser("root", password="x")
    admin = Client()
    admin.force_login(superuser)
    editor = User.objects.get(username="authz_editor")
    response = admin.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "unlock_login", "_selected_action": [editor.pk]},
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="authz_editor").exists()
    assert attempt(Client(), "authz_editor", PASSWORD, REMOTE_ADDR="10.0.2.9") == 302
