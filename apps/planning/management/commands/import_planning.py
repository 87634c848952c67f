"""`manage.py import_planning FILE --org CODE --term CODE --kind current|next`: import a planning list."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from apps.accounts.operators import BY_HELP, command_context, command_user
from apps.organizations.models import Organization, Term
from apps.planning.models import ListKind
from apps.planning.services import KIND_LABELS, ImportResult, planning_import

UNKNOWN_ORGANIZATION = "Không có tổ chức mã “{code}”."
UNKNOWN_TERM = "Không có nhiệm kỳ mã “{code}”."
BAD_DATE_OPTION = "ngày “{value}” không hợp lệ; ghi theo YYYY-MM-DD"
REJECTED = "Tệp bị từ chối ({count} lỗi); không có gì được ghi."
DONE = (
    "Đã nhập {rows} dòng vào danh sách quy hoạch {org} – nhiệm kỳ {term} – {kind}{created}. "
    "Cán bộ: {oc} thêm mới, {ou} cập nhật, {on} không đổi. "
    "Lượt quy hoạch: {ec} thêm mới, {eu} cập nhật, {en} không đổi, {es} bỏ qua."
)
DRY_RUN = (
    "Kiểm tra thử, không ghi gì: {rows} dòng hợp lệ cho danh sách {org} – nhiệm kỳ {term} – {kind}{created}. "
    "Sẽ có cán bộ: {oc} thêm mới, {ou} cập nhật, {on} không đổi; "
    "lượt quy hoạch: {ec} thêm mới, {eu} cập nhật, {en} không đổi, {es} bỏ qua."
)
WARNING = "Lưu ý: {warning}"


def iso_date(value: str) -> dt.date:
    """argparse type for --reference-date: a bad value is a usage error (exit status 2)."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(BAD_DATE_OPTION.format(value=value)) from None


class Command(BaseCommand):
    help = "Nhập danh sách quy hoạch từ tệp .xlsx hoặc .csv theo mẫu; lỗi ở bất kỳ dòng nào thì không ghi gì."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="Tệp .xlsx (trang đầu) hoặc .csv (UTF-8).")
        parser.add_argument("--org", required=True, help="Mã tổ chức của danh sách.")
        parser.add_argument("--term", required=True, help="Mã nhiệm kỳ, ví dụ 2025-2030.")
        parser.add_argument("--kind", required=True, choices=ListKind.values, help="current hoặc next.")
        parser.add_argument("--reference-date", type=iso_date, help="Ngày mốc tính tuổi, YYYY-MM-DD.")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi gì.")
        parser.add_argument("--by", metavar="USERNAME", help=BY_HELP)

    def handle(self, *args: Any, **options: Any) -> None:
        """Look up the organization and term, run the import service, report like every import command."""
        organization = Organization.objects.filter(code=options["org"]).first()
        term = Term.objects.filter(code=options["term"]).first()
        problems = []
        if organization is None:
            problems.append(UNKNOWN_ORGANIZATION.format(code=options["org"]))
        if term is None:
            problems.append(UNKNOWN_TERM.format(code=options["term"]))
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(REJECTED.format(count=len(problems)), returncode=1)
        assert organization is not None and term is not None
        by = command_user(options.get("by"))
        with command_context("import_planning", by):
            result = planning_import(
                file=options["file"],
                organization=organization,
                term=term,
                kind=options["kind"],
                reference_date=options["reference_date"],
                dry_run=options["dry_run"],
                user=by,
            )
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(REJECTED.format(count=len(result.errors)), returncode=1)
        self.stdout.write(self._summary(result, organization, term, options["kind"]))
        for warning in result.warnings:
            self.stdout.write(WARNING.format(warning=warning))

    def _summary(self, result: ImportResult, organization: Organization, term: Term, kind: str) -> str:
        template = DRY_RUN if result.dry_run else DONE
        return template.format(
            rows=result.rows,
            org=organization.code,
            term=term.code,
            kind=KIND_LABELS[ListKind(kind)],
            created=" (danh sách mới)" if result.list_created else "",
            oc=result.officials_created,
            ou=result.officials_updated,
            on=result.officials_unchanged,
            ec=result.entries_created,
            eu=result.entries_updated,
            en=result.entries_unchanged,
            es=result.entries_skipped,
        )
