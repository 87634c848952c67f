"""Writes of the accounts app: recording who downloaded which file (the audit trail of downloads), and
the two-factor login's devices (enrolment, the second step, backup codes, an administrator's reset)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts import lockout, twofactor
from apps.accounts.models import DownloadRecord


def download_record(request: HttpRequest, what: str) -> None:
    """Note that the request's user downloaded `what` (a report file or an export)."""
    user = request.user if request.user.is_authenticated else None
    DownloadRecord.objects.create(
        user=user, username=getattr(user, "username", ""), what=what[:255], path=request.path[:255]
    )


# --- two-factor login --------------------------------------------------------------------------------

BACKUP_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Ứng dụng xác thực"
BACKUP_DEVICE_NAME = "Mã dự phòng"


def two_factor_start(*, user: Any) -> TOTPDevice:
    """The user's authenticator device being enrolled (unconfirmed): the same one until it is confirmed."""
    device = TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def _verified_login(request: HttpRequest, device: Any) -> None:
    otp_login(request, device)
    request.session[twofactor.SESSION_KEY] = twofactor.VERIFY
    lockout.second_step_passed(request, request.user)


@transaction.atomic
def two_factor_confirm(*, request: HttpRequest, code: str) -> list[str] | None:
    """Confirm the enrolment with a code of the new device. Returns the new backup codes (shown once),
    or None when the code is wrong (counted as a failed login)."""
    user = request.user
    device = TOTPDevice.objects.select_for_update().filter(user_id=user.pk, confirmed=False).first()
    if device is None or not device.verify_token(_digits(code)):
        lockout.second_step_failed(request, user)
        return None
    TOTPDevice.objects.filter(user_id=user.pk).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = two_factor_backup_codes_renew(user=user)
    _verified_login(request, device)
    return codes


@transaction.atomic
def two_factor_backup_codes_renew(*, user: Any) -> list[str]:
    """New backup codes for the user (the old ones stop working); returned once, to be shown once."""
    StaticDevice.objects.filter(user_id=user.pk).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def _digits(code: str) -> str:
    return "".join(code.split())


def two_factor_verify(*, request: HttpRequest, code: str) -> bool:
    """The second step: a code of the authenticator app or an unused backup code (spent by this use).
    A wrong code counts as a failed login; each device also throttles its own wrong codes."""
    user = request.user
    token = _digits(code).lower()
    for model in (TOTPDevice, StaticDevice):
        for device in model.objects.devices_for_user(user, confirmed=True):
            with transaction.atomic():
                device = model.objects.select_for_update().get(pk=device.pk)
                if device.verify_is_allowed()[0] and device.verify_token(token):
                    _verified_login(request, device)
                    return True
    lockout.second_step_failed(request, user)
    return False


def two_factor_throttled(*, user: Any) -> bool:
    """True while the user's authenticator refuses codes after wrong ones (django-otp's back-off)."""
    device = TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).first()
    return device is not None and not device.verify_is_allowed()[0]


@transaction.atomic
def two_factor_reset(*, user: Any) -> int:
    """Remove the user's authenticator and backup codes (an administrator's reset; each removal is in the
    audit trail). Their open sessions lose their second step at once; a required user enrols again."""
    removed, _ = TOTPDevice.objects.filter(user_id=user.pk).delete()
    backup, _ = StaticDevice.objects.filter(user_id=user.pk).delete()
    return removed + backup
