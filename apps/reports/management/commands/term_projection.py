"""`manage.py term_projection`: who leaves each post of a subtree and when, and who is ready (contracts §9)."""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.organizations.models import Organization, Term
from apps.reports.exporters import write_atomically
from apps.reports.exporters.projection import write_projection_json, write_projection_xlsx
from apps.reports.selectors.foresight import term_projection

# Exit status (contracts §9, as §6): 0 done, 1 bad input (nothing written), 2 wrong usage.
BAD_INPUT, WRONG_USAGE = 1, 2
WRITERS = {"json": write_projection_json, "xlsx": write_projection_xlsx}

UNKNOWN_ORGANIZATION = "Không tìm thấy đơn vị có mã {code}."
UNKNOWN_TERM = "Không tìm thấy nhiệm kỳ có mã {code}."
BAD_UNTIL = "--until phải có dạng YYYY-MM (ví dụ 2030-12), không phải {value!r}; không có tệp nào được ghi."
NO_OUTPUT_FOLDER = "Thư mục {folder} không tồn tại; không có tệp nào được ghi."
WRITE_FAILED = "Không ghi được tệp {path}: {error}"
DONE = "Đã ghi dự báo {fmt} vào {path}: {posts} chức danh, {vacating} trống đến tháng {until}, {uncovered} chưa có người kế cận đủ điều kiện."


def parse_month(value: str) -> date | None:
    """The last day of the month YYYY-MM, None when the text is not such a month."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", value.strip())
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not 1 <= month <= 12 or year < 1900:
        return None
    return date(year, month, monthrange(year, month)[1])


class Command(BaseCommand):
    help = (
        "Dự báo theo nhiệm kỳ: mỗi chức danh đang có người giữ trong đơn vị và các đơn vị trực thuộc, "
        "tháng người giữ nghỉ hưu và những người được quy hoạch kế cận."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, metavar="CODE", help="Mã đơn vị gốc.")
        parser.add_argument("--term", required=True, metavar="CODE", help="Mã nhiệm kỳ, ví dụ 2025-2030.")
        parser.add_argument(
            "--until", metavar="YYYY-MM", help="Tính đến hết tháng này (mặc định: hết nhiệm kỳ)."
        )
        parser.add_argument(
            "--format", required=True, choices=tuple(WRITERS), dest="fmt", help="Định dạng tệp."
        )
        parser.add_argument("--output", required=True, type=Path, metavar="PATH", help="Tệp kết quả.")

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path = options["output"]
        until = None
        if options["until"] is not None:
            until = parse_month(options["until"])
            if until is None:
                raise CommandError(BAD_UNTIL.format(value=options["until"]), returncode=WRONG_USAGE)
        organization = Organization.objects.filter(code=options["org"]).first()
        if organization is None:
            raise CommandError(UNKNOWN_ORGANIZATION.format(code=options["org"]), returncode=BAD_INPUT)
        term = Term.objects.filter(code=options["term"]).first()
        if term is None:
            raise CommandError(UNKNOWN_TERM.format(code=options["term"]), returncode=BAD_INPUT)
        if not output.parent.is_dir():
            raise CommandError(NO_OUTPUT_FOLDER.format(folder=output.parent), returncode=BAD_INPUT)

        projection = term_projection(organization=organization, term=term, until=until)
        writer = WRITERS[options["fmt"]]
        try:
            write_atomically(output, lambda stream: writer(projection, stream))
        except OSError as exc:
            raise CommandError(WRITE_FAILED.format(path=output, error=exc), returncode=BAD_INPUT) from exc
        self.stdout.write(
            DONE.format(
                fmt=options["fmt"],
                path=output,
                posts=len(projection.posts),
                vacating=sum(m.vacating for m in projection.by_month),
                uncovered=sum(m.uncovered for m in projection.by_month),
                until=f"{projection.until:%m/%Y}",
            )
        )
