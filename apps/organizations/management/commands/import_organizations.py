"""`manage.py import_organizations FILE [--dry-run]`: upsert the organization tree from a table (contracts §4)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from apps.accounts.operators import BY_HELP, command_context, command_user
from apps.organizations.services import organizations_import

REJECTED = "Tệp bị từ chối ({count} lỗi); không có gì được ghi."
DONE = "Đã nhập {rows} dòng: {created} tổ chức thêm mới, {updated} cập nhật, {unchanged} không đổi."
DRY_RUN = "Kiểm tra thử, không ghi gì: {rows} dòng hợp lệ; sẽ thêm {created}, cập nhật {updated}, {unchanged} không đổi."


class Command(BaseCommand):
    help = "Nhập cây tổ chức từ tệp .xlsx hoặc .csv (cột Mã, Tên, Cấp, Mã cấp trên); cập nhật theo mã."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="Tệp .xlsx (trang đầu) hoặc .csv (UTF-8).")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi gì.")
        parser.add_argument("--by", metavar="USERNAME", help=BY_HELP)

    def handle(self, *args: Any, **options: Any) -> None:
        """Run the import service; print one line per problem on stderr and exit 1 on bad input."""
        with command_context("import_organizations", command_user(options.get("by"))):
            result = organizations_import(file=options["file"], dry_run=options["dry_run"])
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(REJECTED.format(count=len(result.errors)), returncode=1)
        template = DRY_RUN if options["dry_run"] else DONE
        self.stdout.write(
            template.format(
                rows=result.rows,
                created=result.organizations_created,
                updated=result.organizations_updated,
                unchanged=result.organizations_unchanged,
            )
        )
