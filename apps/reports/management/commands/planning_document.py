"""`manage.py planning_document`: the papers of a round as DOCX or PDF (contracts §8)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.organizations.models import Organization, Term
from apps.planning.models import ListKind, PlanningList
from apps.reports.documents import BUILDERS, NAMES, WRITERS, build_document, write_document
from apps.reports.exporters import write_atomically

# Exit status (contracts §8, as everywhere): 0 done, 1 bad input (nothing written), 2 wrong usage.
BAD_INPUT, WRONG_USAGE = 1, 2

UNKNOWN_ORGANIZATION = "Không tìm thấy đơn vị có mã {code}; không có tệp nào được ghi."
UNKNOWN_TERM = "Không tìm thấy nhiệm kỳ có mã {code}; không có tệp nào được ghi."
NO_LIST = "Đơn vị {org} chưa có danh sách quy hoạch {kind} của nhiệm kỳ {term}; không có tệp nào được ghi."
NO_OUTPUT_FOLDER = "Thư mục {folder} không tồn tại; không có tệp nào được ghi."
WRITE_FAILED = "Không ghi được tệp {path}: {error}"
DONE = "Đã ghi {name} ({fmt}) của {org}, nhiệm kỳ {term}, phiên bản {version} vào {path}."
KIND_WORDS = {ListKind.CURRENT: "nhiệm kỳ hiện tại", ListKind.NEXT: "nhiệm kỳ kế tiếp"}


def newest_list(organization: Organization, term: Term, kind: str) -> PlanningList | None:
    """The newest edition of the organization's own list of that term and kind."""
    return (
        PlanningList.objects.filter(organization=organization, term=term, kind=kind)
        .select_related("organization", "term")
        .order_by("-version")
        .first()
    )


class Command(BaseCommand):
    help = (
        "Văn bản của một đợt quy hoạch theo thể thức văn bản của Đảng: danh sách trích ngang (list), "
        "biên bản kiểm phiếu (votes) hoặc danh sách cần đào tạo, bồi dưỡng (training), dạng .docx hoặc .pdf."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, metavar="CODE", help="Mã đơn vị của danh sách.")
        parser.add_argument("--term", required=True, metavar="CODE", help="Mã nhiệm kỳ, ví dụ 2025-2030.")
        parser.add_argument("--kind", required=True, choices=ListKind.values, help="Loại danh sách.")
        parser.add_argument("--document", required=True, choices=tuple(BUILDERS), help="Văn bản cần lập.")
        parser.add_argument(
            "--format", required=True, choices=tuple(WRITERS), dest="fmt", help="Định dạng tệp."
        )
        parser.add_argument("--output", required=True, type=Path, metavar="PATH", help="Tệp kết quả.")

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path = options["output"]
        fmt, kind = options["fmt"], options["kind"]
        organization = Organization.objects.filter(code=options["org"]).first()
        if organization is None:
            raise CommandError(UNKNOWN_ORGANIZATION.format(code=options["org"]), returncode=BAD_INPUT)
        term = Term.objects.filter(code=options["term"]).first()
        if term is None:
            raise CommandError(UNKNOWN_TERM.format(code=options["term"]), returncode=BAD_INPUT)
        planning_list = newest_list(organization, term, kind)
        if planning_list is None:
            raise CommandError(
                NO_LIST.format(org=organization.name, kind=KIND_WORDS.get(kind, kind), term=term.code),
                returncode=BAD_INPUT,
            )
        if not output.parent.is_dir():
            raise CommandError(NO_OUTPUT_FOLDER.format(folder=output.parent), returncode=BAD_INPUT)
        # the paper is built before the file is opened: an error leaves nothing behind
        document = build_document(planning_list=planning_list, document=options["document"])
        try:
            write_atomically(output, lambda stream: write_document(document, fmt, stream))
        except OSError as exc:
            raise CommandError(WRITE_FAILED.format(path=output, error=exc), returncode=BAD_INPUT) from exc
        self.stdout.write(
            DONE.format(
                name=NAMES[options["document"]],
                fmt=fmt,
                org=organization.name,
                term=term.code,
                version=planning_list.version,
                path=output,
            )
        )
