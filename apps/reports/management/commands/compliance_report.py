"""`manage.py compliance_report`: the compliance report of a subtree as a file (contracts §6)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.organizations.models import Organization, Term
from apps.planning.models import ListKind
from apps.reports.exporters import FORMATS, WRITERS, write_report
from apps.reports.selectors.compliance import report_timestamp
from apps.reports.selectors.streaming import compliance_report_parts, compliance_report_stream
from apps.reports.services.parts import report_files_write, report_part_write, report_plan_write

# Exit status (contracts §6): 0 done, 1 bad input (nothing written), 2 wrong usage.
BAD_INPUT, WRONG_USAGE = 1, 2

FORMAT_NOT_AVAILABLE = (
    "Định dạng {fmt} chưa được hỗ trợ: hiện chỉ xuất được {available}. Không có tệp nào được ghi."
)
UNKNOWN_ORGANIZATION = "Không tìm thấy đơn vị có mã {code}."
UNKNOWN_TERM = "Không tìm thấy nhiệm kỳ có mã {code}."
NO_OUTPUT_FOLDER = "Thư mục {folder} không tồn tại; không có tệp nào được ghi."
WRITE_FAILED = "Không ghi được tệp {path}: {error}"
DONE = "Đã ghi báo cáo {fmt} vào {path}: {lists} danh sách, {entries} lượt quy hoạch, {errors} lỗi."


def _write_zip(organization: Organization, term: Term, kind: str | None, output: Path) -> dict[str, int]:
    """A report above the detail threshold: the ZIP of workbooks, made part by part beside the output."""
    folder = Path(tempfile.mkdtemp(dir=output.parent, prefix=f".{output.name}."))
    try:
        plan = report_plan_write(
            folder=folder,
            organization=organization,
            term=term,
            kind=kind,
            generated_at=report_timestamp(),
            requested_by="",
        )
        for part in plan["parts"]:
            report_part_write(folder=folder, plan=plan, number=part["number"])
        files, summary = report_files_write(folder=folder, plan=plan, formats=("xlsx",))
        os.replace(files["xlsx"], output)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return summary["totals"]


class Command(BaseCommand):
    help = (
        "Xuất báo cáo tuân thủ các danh sách quy hoạch của một nhiệm kỳ trong đơn vị và các đơn vị "
        "trực thuộc."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, metavar="CODE", help="Mã đơn vị gốc của báo cáo.")
        parser.add_argument("--term", required=True, metavar="CODE", help="Mã nhiệm kỳ, ví dụ 2025-2030.")
        parser.add_argument(
            "--kind", choices=ListKind.values, help="Chỉ lấy danh sách hiện tại hoặc kế tiếp."
        )
        parser.add_argument("--format", required=True, choices=FORMATS, dest="fmt", help="Định dạng tệp.")
        parser.add_argument("--output", required=True, type=Path, metavar="PATH", help="Tệp kết quả.")

    def handle(self, *args: Any, **options: Any) -> None:
        fmt: str = options["fmt"]
        output: Path = options["output"]
        if fmt not in WRITERS:
            available = ", ".join(name for name in FORMATS if name in WRITERS)
            raise CommandError(
                FORMAT_NOT_AVAILABLE.format(fmt=fmt, available=available), returncode=WRONG_USAGE
            )
        organization = Organization.objects.filter(code=options["org"]).first()
        if organization is None:
            raise CommandError(UNKNOWN_ORGANIZATION.format(code=options["org"]), returncode=BAD_INPUT)
        term = Term.objects.filter(code=options["term"]).first()
        if term is None:
            raise CommandError(UNKNOWN_TERM.format(code=options["term"]), returncode=BAD_INPUT)
        folder = output.parent
        if not folder.is_dir():
            raise CommandError(NO_OUTPUT_FOLDER.format(folder=folder), returncode=BAD_INPUT)

        kind = options["kind"]
        try:
            parts = compliance_report_parts(organization=organization, term=term, kind=kind)
            if fmt == "xlsx" and sum(p.entries for p in parts) > settings.REPORT_XLSX_DETAIL_THRESHOLD:
                totals = _write_zip(organization, term, kind, output)
            else:
                # streamed: one part of the report in memory at a time, the totals filled at its end
                report = compliance_report_stream(
                    organization=organization, term=term, kind=kind, processes=settings.REPORT_PROCESSES
                )
                write_report(report, fmt=fmt, path=output)
                totals = report["totals"]
        except OSError as exc:
            raise CommandError(WRITE_FAILED.format(path=output, error=exc), returncode=BAD_INPUT) from exc
        self.stdout.write(
            DONE.format(
                fmt=fmt,
                path=output,
                lists=totals["lists"],
                entries=totals["entries"],
                errors=totals["errors"],
            )
        )
