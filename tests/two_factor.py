"""Two-factor login in tests: what a right code does to a session, and the current code of a device.

`Client.force_login` skips the password; in tests it also skips the code (tests/conftest.py), so a
test of another page logs in as an administrator or approver in one line. The tests of the login itself
(tests/accounts/test_two_factor.py) go through both steps, and `password_only_login` stops after the
first one.
"""

from __future__ import annotations

import base64
import time
from typing import Any

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts import twofactor
from apps.accounts.selectors import two_factor_device, two_factor_required

# the original Client.force_login (the password step only), kept before tests/conftest.py wraps it
_FORCE_LOGIN = Client.force_login


def password_only_login(client: Client, user: Any) -> None:
    """Sign `client` in as `user` with the password step only (the second step still owed)."""
    _FORCE_LOGIN(client, user)


def pass_second_factor(client: Client, user: Any) -> TOTPDevice:
    """Verify the signed-in session of `client` as a right code would, creating a confirmed
    authenticator device for `user` if they have none."""
    device = two_factor_device(user=user) or TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[twofactor.SESSION_KEY] = twofactor.VERIFY
    session.save()
    return device


def force_login_both_steps(client: Client, user: Any, backend: str | None = None) -> None:
    """Client.force_login in tests: both steps for those who must use two-factor, the password for others."""
    _FORCE_LOGIN(client, user, backend)
    if two_factor_required(user=user) or two_factor_device(user=user) is not None:
        pass_second_factor(client, user)


def current_code(device: TOTPDevice, *, offset_steps: int = 0) -> str:
    """The code the user's authenticator app shows now (or `offset_steps` steps away)."""
    counter = (int(time.time()) - device.t0) // device.step + device.drift + offset_steps
    return f"{hotp(device.bin_key, counter, device.digits):0{device.digits}d}"


def code_from_secret(secret: str, *, offset_steps: int = 0) -> str:
    """The code of an authenticator app set up with the base32 `secret` shown on the enrolment page."""
    key = base64.b32decode("".join(secret.split()))
    return f"{hotp(key, int(time.time()) // 30 + offset_steps, 6):06d}"


def unused_code(device: TOTPDevice) -> str:
    """A code the device accepts now: this step's, or the next one's when this step's was spent."""
    device.refresh_from_db()
    now_step = (int(time.time()) - device.t0) // device.step + device.drift
    return current_code(device, offset_steps=1 if device.last_t >= now_step else 0)
