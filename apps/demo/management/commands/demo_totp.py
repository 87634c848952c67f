"""`manage.py demo_totp`: the current two-factor codes of the demo accounts (their key is published)."""

from __future__ import annotations

import base64
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.demo.data import DEMO_TOTP_DEVICE, DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "In mã xác thực hai bước hiện tại của các tài khoản dùng thử (chỉ thiết bị dùng thử, khóa đã công bố)."

    def handle(self, *args: Any, **options: Any) -> None:
        """Print each demo device's code for now; only devices with the demo's published key."""
        key = base64.b32decode(DEMO_TOTP_SECRET).hex()
        devices = TOTPDevice.objects.filter(name=DEMO_TOTP_DEVICE, key=key, confirmed=True).select_related(
            "user"
        )
        if not devices:
            raise CommandError("Chưa có tài khoản dùng thử nào có xác thực hai bước: chạy load_demo trước.")
        now = int(time.time())
        step = now // 30
        self.stdout.write(f"Mã hiện tại (còn {30 - now % 30} giây; mỗi mã dùng được một lần):")
        for device in sorted(devices, key=lambda d: d.user.username):
            self.stdout.write(f"  {device.user.username}: {hotp(device.bin_key, step, 6):06d}")
