"""The planning workbook that teaches: the table, instructions with an example, drop-downs, the codes.

The blank template and the export of a list are one workbook: the first sheet is the table the import
reads (it reads the first sheet only), then "Hướng dẫn" (what each column takes, an example row),
"Tổ chức" (the user's organizations and their codes) and "Danh mục" (positions, ethnic groups and
the other lists the drop-downs of the table offer). Every text is a Vietnamese constant: a file is
Vietnamese whatever the interface language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import IO, Any

from apps.core.education import EDUCATION_LEVELS
from apps.core.ethnicity import ETHNIC_GROUPS, KINH
from apps.core.spreadsheets import XlsxSheet, xlsx_workbook
from apps.core.text import fold_name
from apps.organizations.models import Level, Organization, Position
from apps.planning.services.import_format import (
    BIRTH_DATE,
    CURRENT_POST,
    EDUCATION,
    ETHNICITY,
    FULL_NAME,
    NATIONAL_ID,
    NOTE,
    PLANNED_POST,
    PLANNING_COLUMNS,
    POLITICAL_THEORY,
    REQUIRED_COLUMNS,
    RETIRES_AT_60,
    SCIENCE_TECHNOLOGY,
    SEX,
    SEX_OUTPUT,
    STT,
    TARGET_GROUP,
    THEORY_OUTPUT,
    WORKPLACE,
)

TABLE_SHEET = "Danh sách quy hoạch"
HELP_SHEET = "Hướng dẫn"
ORGS_SHEET = "Tổ chức"
LISTS_SHEET = "Danh mục"
VALIDATED_ROWS = 5_000  # the drop-downs cover this many data rows (more rows may still be typed)
WIDTHS = {STT: 6, FULL_NAME: 28, BIRTH_DATE: 12, SEX: 9, ETHNICITY: 14, WORKPLACE: 18, PLANNED_POST: 26}
LEVEL_NAMES: dict[str, str] = {
    Level.CENTRAL: "Trung ương",
    Level.PROVINCE: "Tỉnh",
    Level.DISTRICT: "Huyện",
    Level.COMMUNE: "Xã",
    Level.GRASSROOTS: "Cơ sở",
}

EXAMPLE = {
    STT: "1",
    FULL_NAME: "Nguyễn Thị Hoa",
    BIRTH_DATE: "15/03/1978",
    SEX: "Nữ",
    ETHNICITY: "Tày",
    NATIONAL_ID: "001178000123",
    WORKPLACE: "(mã tổ chức, xem trang “Tổ chức”)",
    CURRENT_POST: "Phó Chủ tịch UBND",
    PLANNED_POST: "Chủ tịch UBND",
    TARGET_GROUP: "1",
    EDUCATION: "Thạc sĩ Quản lý công",
    POLITICAL_THEORY: "Cao cấp",
    NOTE: "Luân chuyển năm 2023",
    RETIRES_AT_60: "",
    SCIENCE_TECHNOLOGY: "",
}
HOW = {
    RETIRES_AT_60: (
        "Ghi “có” cho cán bộ nữ được nghỉ hưu ở tuổi 60 theo quy định riêng (ghi căn cứ trên trang cán bộ); "
        "để trống cho mọi người khác."
    ),
    SCIENCE_TECHNOLOGY: (
        "Ghi “có” cho cán bộ có trình độ khoa học, công nghệ (đào tạo về khoa học, kỹ thuật, công nghệ), "
        "“không” để bỏ ghi nhận đã có; để trống thì giữ nguyên thông tin đã lưu."
    ),
    STT: "Số thứ tự, chỉ để dễ đọc; có thể để trống.",
    FULL_NAME: "Họ và tên đầy đủ, có dấu.",
    BIRTH_DATE: "Ngày/tháng/năm (dd/mm/yyyy), ví dụ 15/03/1978; chỉ biết năm sinh thì ghi năm (1978).",
    SEX: "Chọn Nam hoặc Nữ trong danh sách thả xuống.",
    ETHNICITY: (
        "Chọn một trong 54 dân tộc (danh sách thả xuống, trang “Danh mục”); để trống là Kinh. "
        "Cách viết thường gặp cũng được nhận: “tay” → Tày, “Hán” → Hoa, “Mông” → H'Mông."
    ),
    NATIONAL_ID: (
        "Số định danh cá nhân (căn cước) 12 chữ số; dùng để nhận ra cán bộ đã có trong dữ liệu. "
        "Cột đã định dạng văn bản: số 0 ở đầu được giữ."
    ),
    WORKPLACE: (
        "Mã tổ chức nơi cán bộ công tác (xem trang “Tổ chức”), hoặc đúng tên tổ chức; "
        "phải là tổ chức của danh sách hoặc trực thuộc nó."
    ),
    CURRENT_POST: "Chức vụ hiện nay, ghi tự do, ví dụ “Phó Chủ tịch UBND”.",
    PLANNED_POST: "Chức danh quy hoạch: chọn trong danh sách thả xuống (tên) hoặc ghi mã (trang “Danh mục”).",
    TARGET_GROUP: (
        "1 hoặc 2; để trống thì lấy theo chức danh. Đối tượng 1 và 2 là hai nhóm nguồn cán bộ của "
        "Quy định 50-QĐ/TW, phân biệt theo chức vụ hiện tại; đối tượng 2 là nguồn dài hạn (hai nhiệm kỳ), "
        "ngưỡng tuổi khác nhau."
    ),
    EDUCATION: (
        "Trình độ chuyên môn: chọn Trung cấp, Cao đẳng, Đại học, Thạc sĩ hoặc Tiến sĩ, có thể ghi kèm "
        "chuyên ngành, ví dụ “Thạc sĩ Luật”, “Cử nhân Kinh tế”; viết tắt ĐH, ThS, TS cũng được. "
        "Ghi khác thì dòng bị báo lỗi."
    ),
    POLITICAL_THEORY: "Chọn Sơ cấp, Trung cấp, Cao cấp hoặc Cử nhân; để trống nếu chưa có.",
    NOTE: "Ghi chú của lượt quy hoạch, ghi tự do.",
}
INTRO = (
    "Hướng dẫn điền tệp danh sách quy hoạch",
    "Điền ở trang “Danh sách quy hoạch” (trang đầu tiên): mỗi dòng là một cán bộ cho một chức danh quy "
    "hoạch; một cán bộ quy hoạch hai chức danh thì ghi hai dòng.",
    "Các cột bắt buộc ghi “Có *” ở bảng dưới (và có ghi chú “Bắt buộc.” trên tiêu đề ở trang bảng). "
    "Không đổi tên các cột; có thể bỏ các cột không bắt buộc.",
    "Tải tệp lên ở trang “Nhập danh sách quy hoạch từ tệp”: tệp được kiểm tra trước, mỗi lỗi được chỉ rõ "
    "theo dòng và cột, và chưa có gì được lưu cho đến khi bạn xác nhận.",
)


def _list_range(sheet: str, column: int, count: int) -> str:
    letter = chr(ord("A") + column)
    return f"='{sheet}'!${letter}$2:${letter}${count + 1}"


def write_planning_workbook(
    stream: IO[bytes] | Any,
    rows: Iterable[dict[str, str]],
    *,
    organizations: Sequence[Organization],
    positions: Sequence[Position] | None = None,
    finish: Callable[[Any], None] | None = None,
    **options: Any,
) -> None:
    """Write the workbook to `stream`: the table (`rows`, none for a blank template) and its helpers.

    `finish(book)` adds what a caller needs before the book is closed (an export's attribution sheet).
    """
    positions = list(positions if positions is not None else Position.objects.order_by("sort_order", "code"))
    book = xlsx_workbook(stream, **options)
    text = book.add_format({"num_format": "@"})  # typed text stays text (leading zeros)
    title = book.add_format({"bold": True, "font_size": 14})
    bold = book.add_format({"bold": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})

    table = XlsxSheet(
        book,
        TABLE_SHEET,
        [(name, WIDTHS.get(name, 20)) for name in PLANNING_COLUMNS],
        column_format=text,
    )
    for row in rows:
        table.write_texts(row.get(name) for name in PLANNING_COLUMNS)
    table.close()
    sheet = table.sheet
    for col, name in enumerate(PLANNING_COLUMNS):
        if name in REQUIRED_COLUMNS:
            sheet.write_comment(0, col, "Bắt buộc.")
    ethnic = [KINH, *sorted((g for g in ETHNIC_GROUPS if g != KINH), key=fold_name)]
    theory = list(THEORY_OUTPUT.values())
    lists: list[tuple[str, list[str]]] = [
        ("Chức danh quy hoạch (tên)", [p.name for p in positions]),
        ("Mã chức danh", [p.code for p in positions]),
        ("Đối tượng mặc định", [str(p.default_target_group) for p in positions]),
        ("Dân tộc", ethnic),
        ("Giới tính", list(SEX_OUTPUT.values())),
        ("Lý luận chính trị", theory),
        ("Trình độ chuyên môn", list(EDUCATION_LEVELS)),
    ]
    last = table.header_row + VALIDATED_ROWS
    column = PLANNING_COLUMNS.index

    def drop_down(name: str, source: list[str] | str, message: str, *, strict: bool = True) -> None:
        sheet.data_validation(
            table.header_row + 1,
            column(name),
            last,
            column(name),
            {
                "validate": "list",
                "source": source,
                "input_title": name,
                "input_message": message[:255],
                "error_title": f"{name} không hợp lệ",
                "error_message": (message if strict else f"{message} Vẫn có thể giữ giá trị đã ghi.")[:255],
                "error_type": "stop" if strict else "warning",
            },
        )

    drop_down(SEX, list(SEX_OUTPUT.values()), "Chọn Nam hoặc Nữ.")
    drop_down(TARGET_GROUP, ["1", "2"], "Ghi 1 hoặc 2; để trống thì lấy theo chức danh.")
    drop_down(POLITICAL_THEORY, theory, "Chọn Sơ cấp, Trung cấp, Cao cấp hoặc Cử nhân.")
    drop_down(ETHNICITY, _list_range(LISTS_SHEET, 3, len(ethnic)), "Chọn một trong 54 dân tộc.", strict=False)
    drop_down(
        EDUCATION,
        _list_range(LISTS_SHEET, 6, len(EDUCATION_LEVELS)),
        "Chọn trình độ; có thể ghi kèm chuyên ngành, ví dụ “Thạc sĩ Luật”.",
        strict=False,
    )
    drop_down(
        PLANNED_POST,
        _list_range(LISTS_SHEET, 0, len(positions)),
        "Chọn chức danh, hoặc ghi mã chức danh (trang “Danh mục”).",
        strict=False,
    )

    help_sheet = book.add_worksheet(HELP_SHEET)
    help_sheet.set_landscape()
    help_sheet.fit_to_pages(1, 0)  # printed: as wide as one page
    help_sheet.set_column(0, 0, 24)
    help_sheet.set_column(1, 1, 12)
    help_sheet.set_column(2, 2, 80)
    help_sheet.set_column(3, 3, 30)
    help_sheet.write_string(0, 0, INTRO[0], title)
    for i, line in enumerate(INTRO[1:], start=1):
        help_sheet.write_string(i, 0, line)
    top = len(INTRO) + 1
    for col, header in enumerate(("Cột", "Bắt buộc", "Cách ghi", "Ví dụ")):
        help_sheet.write_string(top, col, header, bold)
    for i, name in enumerate(PLANNING_COLUMNS, start=top + 1):
        help_sheet.write_string(i, 0, name, bold)
        help_sheet.write_string(i, 1, "Có *" if name in REQUIRED_COLUMNS else "")
        help_sheet.write_string(i, 2, HOW[name], wrap)
        help_sheet.write_string(i, 3, EXAMPLE[name])
    example_top = top + len(PLANNING_COLUMNS) + 2
    help_sheet.write_string(
        example_top, 0, "Dòng ví dụ (chép sang trang “Danh sách quy hoạch” rồi sửa):", bold
    )
    for col, name in enumerate(PLANNING_COLUMNS):  # row by row: the workbook streams
        help_sheet.write_string(example_top + 1, col, name, bold)
    for col, name in enumerate(PLANNING_COLUMNS):
        help_sheet.write_string(example_top + 2, col, EXAMPLE[name])

    orgs = book.add_worksheet(ORGS_SHEET)
    for col, (header, width) in enumerate((("Mã", 18), ("Tên", 36), ("Cấp", 10), ("Trực thuộc", 36))):
        orgs.set_column(col, col, width)
        orgs.write_string(0, col, header, bold)
    names = {org.pk: org.name for org in organizations}
    for i, org in enumerate(organizations, start=1):
        orgs.write_string(i, 0, org.code)
        orgs.write_string(i, 1, org.name)
        orgs.write_string(i, 2, LEVEL_NAMES.get(org.level, org.level))
        orgs.write_string(i, 3, names.get(org.parent_id, "") if org.parent_id else "")
    orgs.freeze_panes(1, 0)

    catalogue = book.add_worksheet(LISTS_SHEET)
    for col, (header, _values) in enumerate(lists):
        catalogue.set_column(col, col, 30 if col == 0 else 18)
        catalogue.write_string(0, col, header, bold)
    # row by row: the workbook streams (constant_memory), a row once left cannot be written again
    for i in range(1, max(len(values) for _header, values in lists) + 1):
        for col, (_header, values) in enumerate(lists):
            if i <= len(values):
                catalogue.write_string(i, col, values[i - 1])
    catalogue.freeze_panes(1, 0)
    if finish is not None:
        finish(book)
    book.close()
