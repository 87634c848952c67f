"""R9: the training-needs list (cần đào tạo, bồi dưỡng) of one list or of a subtree, on a page or as .xlsx."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from apps.accounts.access import Action, get_scoped_or_404
from apps.core.spreadsheets import XlsxSheet, xlsx_workbook
from apps.organizations.models import Organization, Term
from apps.planning.models import PlanningList
from apps.planning.selectors import TrainingRow, planning_lists_in_scope, training_needs
from apps.planning.views.common import scoped_list

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMNS = (
    ("STT", 6),
    ("Họ và tên", 28),
    ("Ngày sinh", 12),
    ("Đơn vị (danh sách)", 26),
    ("Chức danh quy hoạch", 24),
    ("Trình độ chuyên môn", 22),
    ("Lý luận chính trị", 16),
    ("Cần đào tạo, bồi dưỡng", 50),
    ("Chưa có thông tin", 36),
)


def _xlsx(filename: str, title: str, rows: list[TrainingRow]) -> HttpResponse:
    response = HttpResponse(content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    tmp_dir = Path(settings.MEDIA_ROOT) / "exports"
    tmp_dir.mkdir(parents=True, exist_ok=True)
    book = xlsx_workbook(response, tmpdir=str(tmp_dir))
    sheet = XlsxSheet(
        book, "Nhu cầu đào tạo", COLUMNS, title=title, title_format=book.add_format({"bold": True})
    )
    for number, row in enumerate(rows, start=1):
        sheet.write_texts(
            [
                str(number),
                row.full_name,
                row.birth_date.strftime("%d/%m/%Y"),
                row.organization,
                row.position,
                row.education,
                row.political_theory,
                "; ".join(row.missing),
                "; ".join(row.unknown),
            ]
        )
    sheet.close()
    book.close()
    return response


@require_GET
def planning_list_training(request: HttpRequest, pk: int) -> HttpResponse:
    planning_list = scoped_list(request, pk)
    rows = training_needs(lists=PlanningList.objects.filter(pk=planning_list.pk))
    title = (
        f"Nhu cầu đào tạo, bồi dưỡng — {planning_list.organization.name} — nhiệm kỳ {planning_list.term.code}"
    )
    if request.GET.get("format") == "xlsx":
        filename = (
            f"dao-tao_{planning_list.organization.code}_{planning_list.term.code}_{planning_list.kind}.xlsx"
        )
        return _xlsx(filename, title, rows)
    return render(
        request,
        "planning/training.html",
        {
            "pl": planning_list,
            "organization": planning_list.organization,
            "term": planning_list.term,
            "rows": rows,
        },
    )


@require_GET
def planning_training_subtree(request: HttpRequest, pk: int) -> HttpResponse:
    """The training needs of every newest list of a term in the organization's subtree (?term=CODE)."""
    organization = get_scoped_or_404(Organization, request.user, pk, action=Action.READ)
    term = get_object_or_404(Term, code=request.GET.get("term") or "2025-2030")
    lists = planning_lists_in_scope(organization=organization, term=term).filter(
        pk__in=PlanningList.objects.for_user(request.user, Action.READ).values("pk")
    )
    rows = training_needs(lists=lists)
    title = (
        f"Nhu cầu đào tạo, bồi dưỡng — {organization.name} và các đơn vị trực thuộc — nhiệm kỳ {term.code}"
    )
    if request.GET.get("format") == "xlsx":
        return _xlsx(f"dao-tao_{organization.code}_{term.code}.xlsx", title, rows)
    return render(
        request,
        "planning/training.html",
        {"pl": None, "organization": organization, "term": term, "rows": rows, "terms": Term.objects.all()},
    )
