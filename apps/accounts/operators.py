"""Who a management command acts for: a person given with --by, else the operating-system user.

A command's writes are recorded in the audit trail (pghistory) under `command_context`: the --by
user as the event's user, and always an `operator` ("os:<login>@<host>") and the command's name, so
that no change made from the command line is left without a person.
"""

from __future__ import annotations

import getpass
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pghistory
from django.core.management.base import CommandError

from apps.accounts.models import User

UNKNOWN_BY = "Không có người dùng “{username}” (tùy chọn --by)."
BY_HELP = (
    "Tên đăng nhập của người chịu trách nhiệm thay đổi (ghi vào nhật ký); mặc định: người dùng hệ điều hành."
)


def os_operator() -> str:
    try:
        login = getpass.getuser()
    except Exception:  # no login name (a container without a passwd entry)
        login = "unknown"
    return f"os:{login}@{socket.gethostname()}"


def command_user(username: str | None) -> User | None:
    """The --by user; CommandError (status 2, usage) when there is no such user."""
    if not username:
        return None
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(UNKNOWN_BY.format(username=username), returncode=2)
    return user


@contextmanager
def command_context(command: str, user: User | None) -> Iterator[dict[str, Any]]:
    """Attribute every tracked write inside to `user` (if any), the OS operator and `command`."""
    metadata: dict[str, Any] = {"operator": os_operator(), "command": command}
    if user is not None:
        metadata["user"] = user.pk
    with pghistory.context(**metadata):
        yield metadata
