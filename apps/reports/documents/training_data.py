"""The training-needs list (domain R9, contracts §8 `training`): planned officials below a standard."""

from __future__ import annotations

from apps.planning.models import PlanningList
from apps.planning.selectors import training_needs
from apps.reports.documents import format as party
from apps.reports.documents.common import dmy, file_stem, list_subject, paper_head, paper_signature
from apps.reports.documents.model import Column, Document, Heading, Paragraph, Table

NOBODY = "Không có cán bộ nào trong danh sách dưới chuẩn của chức danh quy hoạch."
NOT_RECORDED = "Chưa có thông tin"
BELOW, UNKNOWN = "I. Cán bộ cần đào tạo, bồi dưỡng", "II. Cán bộ chưa có thông tin về trình độ"
COLUMNS = (
    Column("STT", 6, "center", nowrap=True),
    Column("Họ và tên", 17),
    Column("Ngày sinh", 13, "center", nowrap=True),
    Column("Chức danh quy hoạch", 15),
    Column("Trình độ chuyên môn", 14),
    Column("Lý luận chính trị", 11),
    Column("Tiêu chuẩn còn thiếu", 24),
)


def training_document(*, planning_list: PlanningList) -> Document:
    """The paper `training` of contracts §8, through the same evaluation as the training-needs page."""
    rows = training_needs(lists=PlanningList.objects.filter(pk=planning_list.pk))
    document = Document(
        head=paper_head(
            planning_list,
            kind=party.LIST,
            title=("cán bộ quy hoạch cần đào tạo, bồi dưỡng", list_subject(planning_list)),
        ),
        signature=paper_signature(planning_list),
        file_stem=file_stem(planning_list, "dao-tao-boi-duong"),
    )
    below = [r for r in rows if r.missing]
    unknown = [r for r in rows if not r.missing]
    if not rows:
        document.blocks.append(Paragraph(NOBODY, italic=True))
    for heading, part, what in ((BELOW, below, "missing"), (UNKNOWN, unknown, "unknown")):
        if not part:
            continue
        document.blocks.append(Heading(heading))
        cells = tuple(
            (
                str(number),
                r.full_name,
                dmy(r.birth_date),
                r.position,
                r.education or NOT_RECORDED,
                r.political_theory or NOT_RECORDED,
                "; ".join(getattr(r, what)),
            )
            for number, r in enumerate(part, start=1)
        )
        document.blocks.append(Table(COLUMNS, cells))
    return document
