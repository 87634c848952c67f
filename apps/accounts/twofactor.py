"""Two-factor login (TOTP, django-otp): who must pass it, the session's state, and the middleware that
holds a signed-in user at the second step until they pass it.

- Required of administrators (superusers, staff, admin memberships) and approvers; optional for the
  others, who may enrol on their account page and then must pass it too. There is no setting that turns
  it off: the demo accounts get a device with a published secret instead (apps.demo).
- After the password (Django's LoginView), the session is signed in but not verified: every page then
  redirects to the code page (a device exists) or to the enrolment page (required, no device yet),
  except the few pages of the step itself, logging out, the language switch and the public ones.
- What the session must do is decided once, when it signs in (and written into it), so the pages of
  users without two-factor pay no query for it; a session started before this was built decides on its
  next request. A verified session is re-checked on every request by django-otp's middleware (one query
  for the device), so resetting a user's devices ends the second step of their open sessions at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from apps.accounts.selectors import two_factor_device, two_factor_required

SESSION_KEY = "_second_factor"
VERIFY = "verify"  # a confirmed device: the code is asked after the password
ENROL = "enrol"  # required but no device yet: enrolment comes first
NONE = "none"  # optional and not enrolled

# the pages a session may open while its second step is pending (URL names)
STEP_PAGES = frozenset({"two_factor_verify", "two_factor_setup", "logout", "admin:logout", "set_language"})


def session_state(user: Any) -> str:
    """What a session of `user` must do after the password: VERIFY, ENROL or NONE."""
    if two_factor_device(user=user) is not None:
        return VERIFY
    return ENROL if two_factor_required(user=user) else NONE


def remember_state(*, request: HttpRequest | None, user: Any, **_: Any) -> None:
    """Decide the second step when a session signs in (connected to user_logged_in)."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = session_state(user)


def connect() -> None:
    """Called once from AccountsConfig.ready()."""
    user_logged_in.connect(remember_state, dispatch_uid="accounts.twofactor.remember_state")


def is_verified(request: HttpRequest) -> bool:
    """True when the request's session passed the second step with a device that still exists."""
    verified = getattr(request.user, "is_verified", None)
    return bool(verified and verified())


def pending_step(request: HttpRequest) -> str | None:
    """VERIFY or ENROL when the signed-in session still owes its second step, else None."""
    user = request.user
    if not user.is_authenticated:
        return None
    state = request.session.get(SESSION_KEY)
    if state is None:  # a session signed in before two-factor login existed
        state = request.session[SESSION_KEY] = session_state(user)
    if state == NONE or (DEVICE_ID_SESSION_KEY in request.session and is_verified(request)):
        return None
    return state


def step_url(step: str, next_url: str = "") -> str:
    url = reverse("two_factor_verify" if step == VERIFY else "two_factor_setup")
    return f"{url}?{urlencode({'next': next_url}, safe='/')}" if next_url else url


class SecondFactorMiddleware:
    """Send a signed-in session that owes its second step to the code or enrolment page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        if not getattr(view_func, "login_required", True):  # public pages (login, healthz, i18n)
            return None
        match = request.resolver_match
        if match is not None and match.view_name in STEP_PAGES:
            return None
        step = pending_step(request)
        if step is None:
            return None
        if request.headers.get("HX-Request"):
            # an htmx fragment: send the whole page to the step instead of swapping it into a part
            response = HttpResponse(status=204)
            response["HX-Redirect"] = step_url(step)
            return response
        return HttpResponseRedirect(
            step_url(step, request.get_full_path() if request.method == "GET" else "")
        )


def is_pending(request: HttpRequest) -> bool:
    """True when the page is shown to a session that still owes its second step (the menu is hidden)."""
    return pending_step(request) is not None
