"""Sample rows of the planning template and the row counts that an import must leave unchanged on failure."""

from __future__ import annotations

from typing import Any

from apps.organizations.models import Organization
from apps.people.models import Official
from apps.planning.models import PlanningEntry, PlanningList


def an(**extra: Any) -> dict[str, Any]:
    row = {
        "STT": "1",
        "Họ và tên": "Nguyễn Văn An",
        "Ngày sinh": "15/03/1975",
        "Giới tính": "Nam",
        "Đơn vị công tác": "HUYEN_A",
        "Chức danh quy hoạch": "PHO_BI_THU",
    }
    row.update(extra)
    return row


def binh(**extra: Any) -> dict[str, Any]:
    row = {
        "STT": "2",
        "Họ và tên": "Trần Thị Bình",
        "Ngày sinh": "02/09/1982",
        "Giới tính": "Nữ",
        "Dân tộc": "Tày",
        "Số định danh": "001182000123",
        "Đơn vị công tác": "XA_1",
        "Chức vụ hiện tại": "Phó Chủ tịch UBND",
        "Chức danh quy hoạch": "Chủ tịch UBND",
        "Đối tượng": "1",
        "Trình độ chuyên môn": "Thạc sĩ Luật",
        "Lý luận chính trị": "Cao cấp",
        "Ghi chú": "Luân chuyển năm 2023",
    }
    row.update(extra)
    return row


def counts() -> tuple[int, int, int, int]:
    return (
        Official.objects.count(),
        PlanningEntry.objects.count(),
        PlanningList.objects.count(),
        Organization.objects.count(),
    )
