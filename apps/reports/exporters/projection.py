"""The term projection (contracts §9) as an Excel workbook: posts with holders and successors, and by month.

Vietnamese whatever the interface language; dates are real dates shown dd/mm/yyyy, months mm/yyyy.
"""

from __future__ import annotations

import json
from typing import Any, BinaryIO

from apps.core.spreadsheets import XlsxSheet, excel_date, xlsx_workbook
from apps.reports.selectors.foresight import Projection, projection_dict

POSTS_SHEET, MONTHS_SHEET = "Chức danh", "Theo tháng"
KIND_LABELS = {"current": "Hiện tại", "next": "Kế tiếp"}
SEX_LABELS = {"M": "Nam", "F": "Nữ"}
YES, NO = "Có", "Không"
POSTS_COLUMNS: tuple[tuple[str, int], ...] = (
    ("STT", 6),
    ("Mã đơn vị", 14),
    ("Tên đơn vị", 28),
    ("Chức danh", 26),
    ("Người đang giữ", 24),
    ("Giới tính", 8),
    ("Ngày sinh", 12),
    ("Ngày nghỉ hưu", 13),
    ("Tháng nghỉ (trong kỳ)", 12),
    ("Hết điều kiện tuổi (DS hiện tại) từ", 14),
    ("Có người kế cận đủ điều kiện", 12),
    ("Người được quy hoạch (đủ điều kiện / số tháng còn công tác / loại danh sách)", 70),
)
MONTHS_COLUMNS: tuple[tuple[str, int], ...] = (
    ("Tháng", 10),
    ("Số chức danh trống", 12),
    ("Trong đó chưa có người kế cận", 14),
)


def write_projection_xlsx(projection: Projection, stream: BinaryIO) -> None:
    """The projection as an .xlsx workbook written to a binary stream."""
    book = xlsx_workbook(stream)
    title = (
        f"Dự báo chức danh trống — {projection.organization.name} — nhiệm kỳ {projection.term.code} "
        f"— đến tháng {projection.until:%m/%Y}"
    )
    book.set_properties({"title": title})
    header = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#E8EEF4"})
    bold = book.add_format({"bold": True})
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    month = book.add_format({"num_format": "mm/yyyy"})
    posts = XlsxSheet(book, POSTS_SHEET, POSTS_COLUMNS, title=title, header_format=header, title_format=bold)
    for number, post in enumerate(projection.posts, start=1):
        row = posts.next_row()
        sheet = posts.sheet
        sheet.write_number(row, 0, number)
        sheet.write_string(row, 1, post.organization_code)
        sheet.write_string(row, 2, post.organization_name)
        sheet.write_string(row, 3, post.position_name)
        sheet.write_string(row, 4, post.holder_name)
        sheet.write_string(row, 5, SEX_LABELS.get(post.sex, post.sex))
        sheet.write_number(row, 6, excel_date(post.birth_date), day)
        sheet.write_number(row, 7, excel_date(post.retirement_date), day)
        if post.vacates is not None:
            sheet.write_number(row, 8, excel_date(post.vacates), month)
        sheet.write_number(row, 9, excel_date(post.age_limit_month), month)
        sheet.write_string(row, 10, YES if post.covered else NO)
        sheet.write_string(
            row,
            11,
            "; ".join(
                f"{s.full_name} ({'đủ' if s.eligible else 'không đủ'} điều kiện, {s.months_remaining} tháng, "
                f"DS {KIND_LABELS.get(s.list_kind, s.list_kind).lower()})"
                for s in post.successors
            ),
        )
    posts.close()
    months = XlsxSheet(
        book, MONTHS_SHEET, MONTHS_COLUMNS, title=title, header_format=header, title_format=bold
    )
    for item in projection.by_month:
        row = months.next_row()
        months.sheet.write_number(row, 0, excel_date(item.month), month)
        months.sheet.write_number(row, 1, item.vacating)
        months.sheet.write_number(row, 2, item.uncovered)
    months.close()
    book.close()


def write_projection_json(projection: Projection, stream: BinaryIO) -> None:
    """The JSON form of contracts §9, UTF-8, indented."""
    data: dict[str, Any] = projection_dict(projection)
    stream.write(json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"))
