"""Login lockout (django-axes) that protects an account without letting others lock it for long.

- By username across IPs: AXES_FAILURE_LIMIT wrong passwords for one username, from anywhere, lock it.
- By IP for many usernames: one address is locked only after IP_FAILURE_LIMIT failures in all, so the
  people behind one office network or proxy do not lock each other out with a few typos.
- A backoff: the first lock lasts COOL_OFF_BASE and each further round of failures within
  BACKOFF_WINDOW doubles it, up to COOL_OFF_MAX; an administrator can unlock at once (admin action).
- The client address is REMOTE_ADDR, or the proxy's X-Forwarded-For entry when REMOTE_ADDR is one of
  settings.TRUSTED_PROXIES: a client cannot choose the address it is counted under.
"""

from __future__ import annotations

import ipaddress
from datetime import timedelta
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone

IP_FAILURE_LIMIT = 50
COOL_OFF_BASE = timedelta(minutes=1)
COOL_OFF_MAX = timedelta(hours=4)
BACKOFF_WINDOW = timedelta(hours=24)


def client_ip(request: HttpRequest) -> str | None:
    """The address a login attempt is counted under (AXES_CLIENT_IP_CALLABLE)."""
    remote = request.META.get("REMOTE_ADDR")
    trusted = _networks(getattr(settings, "TRUSTED_PROXIES", ()))
    if not remote or not _in(remote, trusted):
        return remote
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    # the right-most address that is not one of our proxies is the one the proxy saw
    for address in reversed(forwarded):
        if not _in(address, trusted):
            return address if _valid(address) else remote
    return remote


def _networks(values: Any) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(value, strict=False) for value in values]


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def _in(address: str, networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def _username(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    credentials = getattr(request, "axes_credentials", None)
    return get_client_username(request, credentials)


def cool_off(request: HttpRequest | None = None) -> timedelta:
    """The lock length for the username of `request` (AXES_COOLOFF_TIME): doubled for each round of
    AXES_FAILURE_LIMIT failures within BACKOFF_WINDOW, from COOL_OFF_BASE up to COOL_OFF_MAX."""
    username = _username(request)
    if not username:
        return COOL_OFF_BASE
    since = timezone.now() - BACKOFF_WINDOW
    failures = AccessFailureLog.objects.filter(username=username, attempt_time__gte=since).count()
    rounds = max(failures // settings.AXES_FAILURE_LIMIT - 1, 0)
    return min(COOL_OFF_BASE * 2 ** min(rounds, 20), COOL_OFF_MAX)


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler, counting an address's failures against IP_FAILURE_LIMIT instead."""

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        sums = [
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]
        by_username, by_ip = (sums + [0, 0])[:2]  # in the order of AXES_LOCKOUT_PARAMETERS
        scaled_ip = by_ip * settings.AXES_FAILURE_LIMIT // IP_FAILURE_LIMIT
        return max(by_username, scaled_ip)


def unlock(*, username: str) -> int:
    """An administrator's unlock: forget the username's failures (and its backoff). Returns attempts cleared."""
    AccessFailureLog.objects.filter(username=username).delete()
    count, _ = AccessAttempt.objects.filter(username=username).delete()
    return count


def _owes_second_step(user: Any) -> bool:
    from apps.accounts.selectors import two_factor_device, two_factor_required

    return two_factor_device(user=user) is not None or two_factor_required(user=user)


class TwoStepLockoutMixin:
    """With two-factor login the password alone is not a success: the failed attempts are forgotten
    only once the code is right (`second_step_passed`), so a thief who has the password cannot guess
    codes forever by signing in again between guesses."""

    def user_logged_in(self, sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
        request.axes_keep_attempts = _owes_second_step(user)
        super().user_logged_in(sender, request, user, **kwargs)  # type: ignore[misc]

    def reset_user_attempts(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        if getattr(request, "axes_keep_attempts", False):
            return 0
        return super().reset_user_attempts(request, credentials)  # type: ignore[misc]


class TwoFactorLockoutHandler(TwoStepLockoutMixin, LockoutHandler):
    """AXES_HANDLER: the lockout above, with the two-step success rule."""


def credentials_of(user: Any) -> dict[str, Any]:
    return {"username": user.get_username()}


def second_step_locked(request: HttpRequest, user: Any) -> bool:
    """True when the user's sign-in is locked (wrong passwords or codes), as for the password step."""
    from axes.handlers.proxy import AxesProxyHandler

    return AxesProxyHandler.is_locked(request, credentials_of(user))


def second_step_failed(request: HttpRequest, user: Any) -> bool:
    """Count a wrong code as a failed login (django-axes). Returns True when that locked the user."""
    from django.contrib.auth.signals import user_login_failed

    user_login_failed.send(sender=__name__, credentials=credentials_of(user), request=request)
    return bool(getattr(request, "axes_locked_out", False))


def second_step_passed(request: HttpRequest, user: Any) -> None:
    """The code was right: the sign-in succeeded, so its failed attempts are forgotten."""
    from axes.handlers.proxy import AxesProxyHandler

    AxesProxyHandler.update_request(request)
    request.axes_keep_attempts = False  # type: ignore[attr-defined]
    AxesProxyHandler.get_implementation().reset_user_attempts(request, credentials_of(user))
