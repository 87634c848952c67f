"""Session idle timeout (personal data, Law 91/2025/QH15): a session unused for SESSION_IDLE_TIMEOUT
seconds is logged out. The last use is written at most once a minute, so pages do not pay a session
write on every request (their query counts stay as they are)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy

LAST_SEEN_KEY = "_last_seen"
WRITE_EVERY = 60  # seconds between two writes of the last use
MSG_IDLE_LOGOUT = gettext_lazy("You were signed out after a period without activity; sign in again.")


def remember_login(*, request: HttpRequest | None, **_: Any) -> None:
    """A new login counts as a use (connected to user_logged_in)."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN_KEY] = int(time.time())


def connect() -> None:
    """Called once from AccountsConfig.ready()."""
    user_logged_in.connect(remember_login, dispatch_uid="accounts.idle.remember_login")


class IdleTimeoutMiddleware:
    """Log out a session idle for longer than settings.SESSION_IDLE_TIMEOUT seconds (0: never)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timeout = int(getattr(settings, "SESSION_IDLE_TIMEOUT", 0))
        user = getattr(request, "user", None)
        if timeout and user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_SEEN_KEY)
            if last is not None and now - int(last) > timeout:
                logout(request)
                messages.info(request, str(MSG_IDLE_LOGOUT))
                return redirect_to_login(request.get_full_path())
            if last is None or now - int(last) >= WRITE_EVERY:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)
