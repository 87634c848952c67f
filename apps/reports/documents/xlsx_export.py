"""The planning list as a spreadsheet for reading (not the import template): names, dates, conclusions.

The rows are those of the printed list (`list_rows`), so the file and the paper cannot disagree. Frozen
header, filters, a print area and an A4 landscape page fitted to the width with the header repeated.
"""

from __future__ import annotations

from typing import Any, BinaryIO

from apps.core.spreadsheets import XlsxSheet, xlsx_workbook
from apps.planning.models import PlanningList
from apps.reports.documents.common import file_stem, list_subject
from apps.reports.documents.list_data import list_rows, structure_lines

SHEET = "Danh sách quy hoạch"
COLUMNS = (
    ("STT", 6),
    ("Nhóm chức danh", 14),
    ("Chức danh quy hoạch", 22),
    ("Họ và tên", 24),
    ("Ngày sinh", 12),
    ("Giới tính", 9),
    ("Dân tộc", 10),
    ("Chức vụ, đơn vị công tác hiện nay", 36),
    ("Trình độ chuyên môn", 24),
    ("Lý luận chính trị", 14),
    ("Nhóm đối tượng", 10),
    ("Ngày nghỉ hưu", 12),
    ("Số tháng công tác còn lại", 12),
    ("Lần đầu / tiếp tục", 12),
    ("Đủ điều kiện", 10),
    ("Kết luận kiểm tra", 70),
)
DATE_COLUMNS = {4: "birth", 11: "retirement"}
NUMBER_COLUMNS = (0, 10, 12)
YES, NO = "Có", "Không"


def export_file_name(planning_list: PlanningList) -> str:
    return f"{file_stem(planning_list, 'danh-sach-doc')}.xlsx"


def write_list_xlsx(*, planning_list: PlanningList, stream: BinaryIO | Any) -> int:
    """The reading export of the list's newest data to `stream`; returns the number of candidate rows."""
    rows, evaluation, words = list_rows(planning_list)
    book = xlsx_workbook(stream)
    title_format = book.add_format({"bold": True, "font_size": 13})
    date_format = book.add_format({"num_format": "dd/mm/yyyy", "valign": "top", "align": "center"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    sheet = XlsxSheet(
        book,
        SHEET,
        COLUMNS,
        title=f"Danh sách cán bộ quy hoạch — {list_subject(planning_list)}",
        title_format=title_format,
        column_format=wrap,
    )
    for row in rows:
        values: list[Any] = [
            row.number,
            row.group,
            row.position,
            row.full_name,
            row.birth,
            row.sex,
            row.ethnicity,
            row.current_post,
            row.education,
            row.political_theory,
            row.target_group,
            row.retirement,
            row.months_remaining,
            row.first_time,
            YES if row.eligible else NO,
            row.conclusion,
        ]
        index = sheet.next_row()
        for col, value in enumerate(values):
            if value is None or value == "":
                continue
            if col in DATE_COLUMNS:
                sheet.sheet.write_datetime(index, col, value, date_format)
            elif col in NUMBER_COLUMNS and str(value).isdigit():
                sheet.sheet.write_number(index, col, int(value))
            else:
                sheet.sheet.write_string(index, col, str(value))
    last = sheet.row
    sheet.close()
    page = sheet.sheet
    page.set_landscape()
    page.set_paper(9)  # A4
    page.fit_to_pages(1, 0)  # one page wide, as many pages long as needed
    page.repeat_rows(sheet.header_row)
    page.print_area(0, 0, max(last, sheet.header_row), len(COLUMNS) - 1)
    page.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    page.set_footer("&CTrang &P/&N")
    notes = book.add_worksheet("Cơ cấu")
    notes.set_column(0, 0, 110)
    for index, line in enumerate(structure_lines(evaluation, words)):
        notes.write_string(index, 0, line)
    book.close()
    return len(rows)
