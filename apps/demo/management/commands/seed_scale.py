"""`manage.py seed_scale --entries N`: a national-like dataset for load tests, then its dashboard summaries."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from apps.organizations.models import Organization
from apps.planning.models import PlanningList
from apps.reports.services import list_summaries_refresh


class Command(BaseCommand):
    help = (
        "Tạo nhanh dữ liệu quy mô toàn quốc (34 tỉnh, huyện, xã, cán bộ, danh sách quy hoạch nhiệm kỳ hiện tại "
        "và kế tiếp) bằng COPY, rồi tính số liệu tổng hợp cho bảng điều khiển. Chỉ dùng cho cơ sở dữ liệu thử."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--entries", type=int, required=True, help="Số lượt quy hoạch (đang trong quy hoạch)."
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Hạt giống ngẫu nhiên (mặc định %(default)s)."
        )
        parser.add_argument(
            "--prefix", default="SC", help="Tiền tố mã tổ chức của bộ dữ liệu (mặc định %(default)s)."
        )
        parser.add_argument(
            "--no-summaries", action="store_true", help="Không tính số liệu tổng hợp cho bảng điều khiển."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Generate the dataset with benchmarks.scale_data, then refresh the summaries of its lists."""
        from benchmarks.scale_data import generate  # a benchmark helper, not part of the running app

        entries, prefix = options["entries"], options["prefix"]
        if entries < 1:
            raise CommandError("--entries phải là số nguyên dương.")
        root_code = f"{prefix}-TW"
        if Organization.objects.filter(code=root_code).exists():
            raise CommandError(
                f"Đã có bộ dữ liệu với tiền tố {prefix} (tổ chức {root_code}); hãy dùng --prefix khác "
                "hoặc một cơ sở dữ liệu mới."
            )
        amount = f"{entries:,}".replace(",", ".")  # Vietnamese thousands separator
        self.stdout.write(f"Đang tạo dữ liệu: {amount} lượt quy hoạch, tiền tố {prefix}…")
        started = time.monotonic()
        counts = generate(entries=entries, seed=options["seed"], prefix=prefix)
        self.stdout.write(
            "Đã tạo trong {:.0f} giây: {organizations} tổ chức, {officials} cán bộ, {disciplines} kỷ luật, "
            "{planning_lists} danh sách quy hoạch, {entries} lượt quy hoạch ({removed_entries} đã đưa ra "
            "khỏi quy hoạch).".format(time.monotonic() - started, **counts)
        )
        if not counts.get("history_triggers_skipped"):
            self.stdout.write(
                "Lưu ý: không tắt được trigger lịch sử (cần quyền superuser), nên tải chậm hơn."
            )
        if options["no_summaries"]:
            return

        root = Organization.objects.get(code=root_code)
        list_ids = PlanningList.objects.filter(organization__path__startswith=root.path).values_list(
            "id", flat=True
        )
        self.stdout.write("Đang tính số liệu tổng hợp cho bảng điều khiển…")
        started = time.monotonic()
        step = {"next": 10}

        def progress(done: int, total: int) -> None:
            percent = 100 * done // max(total, 1)
            if percent >= step["next"] or done == total:
                self.stdout.write(
                    f"  {done}/{total} danh sách ({percent}%), {time.monotonic() - started:.0f} giây"
                )
                step["next"] = percent // 10 * 10 + 10

        refreshed = list_summaries_refresh(list_ids=list(list_ids), on_progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Xong: số liệu tổng hợp của {refreshed} danh sách, {time.monotonic() - started:.0f} giây."
            )
        )
