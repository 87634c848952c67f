"""`manage.py import_votes FILE --org CODE --term CODE --kind K --step S`: the ballots of one vote step."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from apps.organizations.models import Organization, Term
from apps.planning.management.commands.import_planning import (
    REJECTED,
    UNKNOWN_ORGANIZATION,
    UNKNOWN_TERM,
    iso_date,
)
from apps.planning.models import ListKind, VoteStep
from apps.planning.services import planning_votes_import
from apps.rules.engine import STEP_LABELS

DONE = "Đã nhập số phiếu {step} của {rows} dòng vào danh sách quy hoạch {org} – nhiệm kỳ {term}: {written} dòng thay đổi."
DRY_RUN = (
    "Kiểm tra thử, không ghi gì: {rows} dòng hợp lệ cho bước {step} của danh sách {org} – nhiệm kỳ {term}."
)


class Command(BaseCommand):
    help = (
        "Nhập số phiếu của một bước (hội nghị cán bộ chủ chốt, Ban Thường vụ, Ban Chấp hành) từ tệp .xlsx "
        "hoặc .csv; lỗi ở bất kỳ dòng nào thì không ghi gì."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="Tệp .xlsx (trang đầu) hoặc .csv (UTF-8).")
        parser.add_argument("--org", required=True, help="Mã tổ chức của danh sách.")
        parser.add_argument("--term", required=True, help="Mã nhiệm kỳ, ví dụ 2025-2030.")
        parser.add_argument("--kind", required=True, choices=ListKind.values, help="current hoặc next.")
        parser.add_argument(
            "--step", required=True, choices=VoteStep.values, help="conference, standing hoặc committee."
        )
        parser.add_argument("--held-on", type=iso_date, help="Ngày tổ chức bước này, YYYY-MM-DD.")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi gì.")

    def handle(self, *args: Any, **options: Any) -> None:
        """Look up the organization and term, run the votes service, report like every import command."""
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
        result = planning_votes_import(
            file=options["file"],
            organization=organization,
            term=term,
            kind=options["kind"],
            step=options["step"],
            held_on=options["held_on"],
            dry_run=options["dry_run"],
        )
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(REJECTED.format(count=len(result.errors)), returncode=1)
        template = DRY_RUN if result.dry_run else DONE
        self.stdout.write(
            template.format(
                step=STEP_LABELS[options["step"]],
                rows=result.rows,
                org=organization.code,
                term=term.code,
                written=result.written,
            )
        )
