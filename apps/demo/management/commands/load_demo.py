"""`manage.py load_demo`: load (or reset) the demo province, its officials, planning lists and users."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from apps.demo.data import DEMO_PASSWORD, DEMO_TOTP_SECRET, PROVINCE_CODE, SEED
from apps.demo.services import build_demo
from apps.organizations.models import Organization
from apps.planning.models import PlanningList
from apps.reports.services import list_summaries_refresh


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today “{value}” không phải là ngày dạng YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (tỉnh Minh Sơn giả định, cán bộ, danh sách quy hoạch, tài khoản demo); chạy lại không tạo trùng."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--seed", type=int, default=SEED, help="Hạt giống ngẫu nhiên (mặc định %(default)s)."
        )
        parser.add_argument(
            "--today",
            type=_day,
            default=None,
            help="Ngày coi là hôm nay, YYYY-MM-DD (mặc định: hôm nay); dữ liệu mẫu được đặt theo ngày này.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Build the demo data and print the counts and the demo logins."""
        result = build_demo(options["seed"], today=options["today"])
        # the dashboards read the per-list summaries: recalculate those of the demo lists now
        province = Organization.objects.get(code=PROVINCE_CODE)
        list_summaries_refresh(
            list_ids=PlanningList.objects.in_subtree(province).values_list("id", flat=True)
        )
        c, d = result.counts, result.dates
        self.stdout.write(
            f"Nhiệm kỳ đang thực hiện {d.current_term.replace('-', '–')} (rà soát ngày {d.review:%d/%m/%Y}); "
            f"danh sách quy hoạch nhiệm kỳ tới {d.next_term.replace('-', '–')} đang xây dựng."
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nạp dữ liệu mẫu: {c['organizations']} tổ chức ({c['districts']} huyện, {c['communes']} xã), "
                f"{c['officials']} cán bộ ({c['women']} nữ, {c['ethnic_minority']} người dân tộc thiểu số), "
                f"{c['work_history']} quá trình công tác, {c['disciplines']} kỷ luật, "
                f"{c['planning_lists']} danh sách quy hoạch, {c['entries']} lượt quy hoạch "
                f"({c['removed_entries']} đã đưa ra khỏi quy hoạch), {c['votes']} kết quả bỏ phiếu, "
                f"{c['users']} tài khoản."
            )
        )
        rows = [("Tên đăng nhập", "Mật khẩu", "Vai trò", "Tổ chức")] + [
            (
                login.username,
                login.password,
                login.role_label,
                f"{login.organization_name} ({login.organization_code})",
            )
            for login in result.logins
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        self.stdout.write(f"\nTài khoản dùng thử (mật khẩu chung: {DEMO_PASSWORD}):")
        for n, row in enumerate(rows):
            line = "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write(f"  {line}".rstrip())
            if n == 0:
                self.stdout.write("  " + "  ".join("-" * width for width in widths))
        required = ", ".join(login.username for login in result.logins if login.two_factor)
        key = " ".join(DEMO_TOTP_SECRET[i : i + 4] for i in range(0, len(DEMO_TOTP_SECRET), 4))
        self.stdout.write(
            f"\nXác thực hai bước (bắt buộc với {required}): sau mật khẩu, nhập mã 6 chữ số của ứng dụng xác "
            f"thực đã thêm khóa dùng thử {key} (TOTP, 30 giây),\n"
            "  hoặc lấy mã hiện tại bằng: .venv/bin/python manage.py demo_totp"
        )
