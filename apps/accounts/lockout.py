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
