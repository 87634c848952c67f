"""The planning file of contracts §5: its columns, messages and the row types an import works with."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from apps.core.spreadsheets import (
    RowError,
)
from apps.core.text import to_nfc
from apps.organizations.models import Organization, Position
from apps.people.models import PoliticalTheory, Sex
from apps.planning.models import ListKind, ListStatus

STT = "STT"
FULL_NAME = "Họ và tên"
BIRTH_DATE = "Ngày sinh"
SEX = "Giới tính"
ETHNICITY = "Dân tộc"
NATIONAL_ID = "Số định danh"
WORKPLACE = "Đơn vị công tác"
CURRENT_POST = "Chức vụ hiện tại"
PLANNED_POST = "Chức danh quy hoạch"
TARGET_GROUP = "Đối tượng"
EDUCATION = "Trình độ chuyên môn"
POLITICAL_THEORY = "Lý luận chính trị"
NOTE = "Ghi chú"
RETIRES_AT_60 = "Nghỉ hưu ở tuổi 60"  # domain R1: "có" or empty
SCIENCE_TECHNOLOGY = "Trình độ khoa học, công nghệ"  # domain R8 (QĐ 377): "có", "không" or empty

# The template's columns, in order: a blank template, the export and the import all use this list.
PLANNING_COLUMNS: list[str] = [
    STT,
    FULL_NAME,
    BIRTH_DATE,
    SEX,
    ETHNICITY,
    NATIONAL_ID,
    WORKPLACE,
    CURRENT_POST,
    PLANNED_POST,
    TARGET_GROUP,
    EDUCATION,
    POLITICAL_THEORY,
    NOTE,
    RETIRES_AT_60,
    SCIENCE_TECHNOLOGY,
]
REQUIRED_COLUMNS = (FULL_NAME, BIRTH_DATE, SEX, WORKPLACE, PLANNED_POST)
MAX_LENGTH = {
    STT: 20,
    FULL_NAME: 255,
    BIRTH_DATE: 30,
    SEX: 20,
    ETHNICITY: 100,
    NATIONAL_ID: 30,
    WORKPLACE: 255,  # a code or an exact name
    CURRENT_POST: 255,
    PLANNED_POST: 255,
    TARGET_GROUP: 10,
    EDUCATION: 255,
    POLITICAL_THEORY: 50,
    NOTE: 2000,
    RETIRES_AT_60: 10,
    SCIENCE_TECHNOLOGY: 10,
}
MIN_AGE = 18
MIN_BIRTH_YEAR = 1900
LOOKUP_CHUNK = 5_000
WRITE_BATCH = 1_000

REQUIRED_CELL = "Ô bắt buộc, không được để trống."
# worded as the forms' INVALID_DATE (apps/core/form_messages.py): one message per kind of input error
BAD_DATE = (
    "Ngày sinh “{value}” không hợp lệ. Hãy nhập theo dạng ngày/tháng/năm (dd/mm/yyyy), ví dụ 15/03/1968, "
    "hoặc chỉ năm sinh (yyyy)."
)
IMPOSSIBLE_DATE = "Ngày “{value}” không có trong lịch."
FUTURE_BIRTH = "Ngày sinh {value} ở sau ngày hôm nay."
UNDER_AGE = "Cán bộ sinh {value} chưa đủ 18 tuổi vào ngày mốc {reference} của danh sách."
BAD_SEX = "Giới tính “{value}” không hợp lệ; ghi “Nam” hoặc “Nữ”."
BAD_NATIONAL_ID = "Số định danh “{value}” phải gồm đúng 12 chữ số."
NATIONAL_ID_TAKEN = "Số định danh {value} đã thuộc cán bộ khác trong dữ liệu ({name}, sinh {birth})."
# The holder works outside the list's organization: the message must not tell the importer anything of them.
NATIONAL_ID_ELSEWHERE = (
    "Số định danh {value} đã được dùng cho một cán bộ thuộc đơn vị khác; vui lòng kiểm tra lại. "
    "Nếu cán bộ đã chuyển công tác về đơn vị này, đề nghị cấp quản lý chung chuyển hồ sơ trước khi nhập."
)
NATIONAL_ID_TWICE = "Số định danh {value} đã dùng ở dòng {row} cho người khác ({name}, sinh {birth})."
UNKNOWN_ORGANIZATION = "Không có tổ chức mã hoặc tên “{code}”."
AMBIGUOUS_ORGANIZATION = "Có {count} tổ chức tên “{name}”: ghi mã tổ chức (xem trang “Tổ chức” của tệp mẫu)."
UNKNOWN_EDUCATION = (
    "Trình độ chuyên môn “{value}” không rõ là trình độ nào; ghi Trung cấp, Cao đẳng, Đại học, Thạc sĩ "
    "hoặc Tiến sĩ, có thể kèm chuyên ngành, ví dụ “Thạc sĩ Luật”."
)
UNKNOWN_ETHNICITY = "Dân tộc “{value}” không có trong danh mục 54 dân tộc; ghi đúng tên dân tộc, ví dụ “Tày”."
ORGANIZATION_OUTSIDE = (
    "Tổ chức “{code}” không thuộc “{list_code}” ({list_name}) hay các tổ chức trực thuộc; "
    "cán bộ nơi khác không đưa được vào danh sách này."
)
UNKNOWN_POSITION = (
    "Không có chức danh “{value}” trong danh mục; ghi mã (ví dụ PHO_BI_THU) hoặc đúng tên chức danh."
)
BAD_TARGET_GROUP = "Đối tượng “{value}” không hợp lệ; ghi 1 hoặc 2."
BAD_POLITICAL_THEORY = (
    "Lý luận chính trị “{value}” không hợp lệ; ghi Sơ cấp, Trung cấp, Cao cấp hoặc Cử nhân."
)
BAD_RETIRES_AT_60 = "Cột “Nghỉ hưu ở tuổi 60” ghi “có” hoặc để trống, không ghi “{value}”."
RETIRES_AT_60_MEN = "Chỉ cán bộ nữ mới được nghỉ hưu ở tuổi 60 theo quy định này; cán bộ này là nam."
RETIRES_AT_60_YES = {"có", "co", "x"}
BAD_SCIENCE_TECHNOLOGY = (
    "Cột “Trình độ khoa học, công nghệ” ghi “có”, “không” hoặc để trống, không ghi “{value}”."
)
SCIENCE_TECHNOLOGY_INPUT = {"có": True, "co": True, "x": True, "không": False, "khong": False}
# The legal basis recorded when a file sets the flag on an official who has none yet (domain R1).
RETIRES_AT_60_IMPORTED_BASIS = "Ghi nhận khi nhập danh sách quy hoạch (cột “Nghỉ hưu ở tuổi 60”)"
DUPLICATE_ROW = "Trùng với dòng {row}: cùng cán bộ, cùng chức danh quy hoạch."
CONFLICTING_ROW = "Khác với dòng {row} của cùng cán bộ (“{other}”)."
AMBIGUOUS_OFFICIAL = (
    "Có {count} cán bộ cùng họ tên, ngày sinh và giới tính trong dữ liệu; hãy ghi Số định danh để phân biệt."
)
UNKNOWN_KIND = "Loại danh sách “{value}” không hợp lệ; dùng current hoặc next."
LIST_FROZEN = (
    "Danh sách quy hoạch {organization} – nhiệm kỳ {term} – {kind} (phiên bản {version}) đang ở trạng thái "
    "“{status}”, không sửa được; không có gì được ghi."
)
LIST_CREATED_MEANWHILE = (
    "Danh sách quy hoạch {organization} – nhiệm kỳ {term} – {kind} vừa được tạo bởi một lần nhập hoặc "
    "người dùng khác trong lúc tệp này được kiểm tra; không có gì được ghi. "
    "Hãy xem danh sách đó rồi nhập lại tệp."
)
CHANGED_MEANWHILE = (
    "Dữ liệu cán bộ hoặc danh sách vừa được người khác thay đổi trong lúc tệp này được ghi; "
    "không có gì được ghi. Hãy nhập lại tệp."
)
ENTRY_REMOVED = "Cán bộ đã được đưa ra khỏi quy hoạch chức danh này ngày {date}; dòng này được bỏ qua."

SEX_INPUT = {"nam": Sex.MALE, "nữ": Sex.FEMALE}
SEX_OUTPUT = {Sex.MALE: "Nam", Sex.FEMALE: "Nữ"}
THEORY_OUTPUT = {
    PoliticalTheory.ELEMENTARY: "Sơ cấp",
    PoliticalTheory.INTERMEDIATE: "Trung cấp",
    PoliticalTheory.ADVANCED: "Cao cấp",
    PoliticalTheory.BACHELOR: "Cử nhân",
}
THEORY_INPUT = {label.casefold(): code for code, label in THEORY_OUTPUT.items()} | {
    code: code for code in PoliticalTheory.values
}
KIND_LABELS = {ListKind.CURRENT: "rà soát nhiệm kỳ hiện tại", ListKind.NEXT: "nhiệm kỳ kế tiếp"}
STATUS_LABELS = {ListStatus.SUBMITTED: "đã trình", ListStatus.APPROVED: "đã phê duyệt"}

DATE_RE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
ISO_DATE_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
YEAR_RE = re.compile(r"\d{4}")
NATIONAL_ID_RE = re.compile(r"\d{12}")


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What a planning import did (or, with dry_run, would do); `errors` empty means it was accepted."""

    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    rows: int = 0
    officials_created: int = 0
    officials_updated: int = 0
    officials_unchanged: int = 0
    entries_created: int = 0
    entries_updated: int = 0
    entries_unchanged: int = 0
    entries_skipped: int = 0
    planning_list_id: int | None = None
    list_created: bool = False
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(slots=True)
class ImportRow:
    """One valid data row; None means 'not given' (absent column or, for optional cells, empty)."""

    row: int
    full_name: str
    birth_date: dt.date
    year_only: bool
    sex: str
    organization: Organization
    planned: Position
    ethnicity: str | None = None
    national_id: str | None = None
    current_post: str | None = None
    current_position: Position | None = None
    target_group: int | None = None
    education: str | None = None
    education_subject: str | None = None
    political_theory: str | None = None
    note: str | None = None
    retires_at_60: bool | None = None
    science_technology: bool | None = None
    key: tuple[Any, ...] = ()


# Official fields a row carries, with the column that reports a conflict between two rows of one person
PERSON_FIELDS = (
    ("full_name", FULL_NAME),
    ("birth_date", BIRTH_DATE),
    ("sex", SEX),
    ("national_id", NATIONAL_ID),
    ("ethnicity", ETHNICITY),
    ("organization", WORKPLACE),
    ("current_post", CURRENT_POST),
    ("education", EDUCATION),
    ("political_theory", POLITICAL_THEORY),
    ("retires_at_60", RETIRES_AT_60),
    ("science_technology", SCIENCE_TECHNOLOGY),
)


class ImportLookups:
    """Everything the rows refer to, loaded in a few set-based queries."""

    def __init__(self, org_codes: set[str]) -> None:
        self.positions = list(Position.objects.all())
        self.position_by_id = {p.id: p for p in self.positions}
        self.position_by_key: dict[str, Position] = {}
        for position in self.positions:
            self.position_by_key[to_nfc(position.name).casefold()] = position
        for position in self.positions:
            self.position_by_key[position.code.casefold()] = position  # a code wins over a name
        self.organizations: dict[str, Organization] = {}
        self.organizations_named: dict[str, list[Organization]] = {}
        codes = sorted(org_codes)
        for start in range(0, len(codes), LOOKUP_CHUNK):
            chunk = codes[start : start + LOOKUP_CHUNK]
            for org in Organization.objects.filter(Q(code__in=chunk) | Q(name__in=chunk)):
                if org.code in org_codes:
                    self.organizations[org.code] = org
                if org.name in org_codes:
                    self.organizations_named.setdefault(org.name, []).append(org)

    def organization(self, text: str, within: Organization) -> tuple[Organization | None, int]:
        """The organization of code or exact name `text`, and how many share that name.

        A code wins over a name; of several organizations with the name, the one inside `within` (the
        list's organization) is meant; none or several inside it give None.
        """
        if text in self.organizations:
            return self.organizations[text], 1
        named = self.organizations_named.get(text, [])
        inside = [org for org in named if org.path.startswith(within.path)]
        if len(inside) == 1:
            return inside[0], 1
        if not inside and len(named) == 1:
            return named[0], 1  # outside the list's organization: the caller says so
        return None, len(inside) or len(named)

    def position(self, text: str) -> Position | None:
        return self.position_by_key.get(to_nfc(text).casefold())
