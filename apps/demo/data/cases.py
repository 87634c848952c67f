"""The deliberate cases: hand-made officials, their discipline, overrides and notes, and their entries,
each a rule the demo lists break (or must not break) on purpose."""

from __future__ import annotations

from datetime import date

from apps.demo.data.province import PROVINCE_CODE
from apps.people.models import DisciplineLevel, Sex
from apps.planning.models import ListKind

# Hand-made officials, drawn in this order before everyone else, first in their organization's staff:
# (case, organization, post code, post title, sex, birth date, full name, ethnicity); the dates are those
# of the 2020-2025 term running, moved by whole terms (apps.demo.dates)
SPECIAL_OFFICIALS: tuple[tuple[str, str, str | None, str, str, date, str, str], ...] = (
    # R3: 57 months left at 01/06/2025, planned as Phó Bí thư for 2025-2030 (domain §3 example)
    (
        "too_old",
        "HUYEN_A",
        "TRUONG_BAN",
        "Trưởng Ban Tổ chức Huyện ủy",
        Sex.MALE,
        date(1968, 3, 15),
        "Nguyễn Văn An",
        "Kinh",
    ),
    # R7: reprimanded 5 months before the current review, still planned in the current and next lists
    (
        "disciplined",
        "HUYEN_A",
        "PCT_UBND",
        "Phó Chủ tịch UBND huyện",
        Sex.MALE,
        date(1976, 8, 22),
        "Trần Quốc Bảo",
        "Kinh",
    ),
    # R3 group 2: 75 months left at 01/04/2022, planned as Trưởng phòng (needs 120)
    (
        "group2_short",
        "HUYEN_A",
        "PHO_TRUONG_PHONG",
        "Phó Trưởng phòng Tài nguyên và Môi trường",
        Sex.MALE,
        date(1966, 7, 20),
        "Phạm Văn Tiến",
        "Kinh",
    ),
    # R6: one person planned for four positions of one list
    (
        "four_positions",
        "HUYEN_B",
        "UV_BCH",
        "Huyện ủy viên, Chánh Văn phòng Huyện ủy",
        Sex.MALE,
        date(1978, 11, 5),
        "Hoàng Minh Tuấn",
        "Kinh",
    ),
    # R1 override: statutory retirement 31/12/2029 (54 months at 01/06/2025), extended to 2030
    (
        "override",
        PROVINCE_CODE,
        "UV_BTV",
        "Ủy viên Ban Thường vụ Tỉnh ủy, Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh",
        Sex.MALE,
        date(1967, 12, 5),
        "Võ Đức Thắng",
        "Kinh",
    ),
    # R7: does not meet the political standard, planned as Chủ tịch UBND xã for 2025-2030
    (
        "political_standard",
        "XA_A1",
        "PCT_UBND",
        "Phó Chủ tịch UBND xã",
        Sex.FEMALE,
        date(1985, 2, 14),
        "Đỗ Thị Hoa",
        "Kinh",
    ),
    # expired disciplines: they must not count
    (
        "expired_warning",
        "HUYEN_C",
        "PHO_TRUONG_PHONG",
        "Phó Trưởng phòng Nông nghiệp và Phát triển nông thôn",
        Sex.MALE,
        date(1980, 3, 8),
        "Nông Văn Lực",
        "Tày",
    ),
    (
        "expired_reprimand",
        "XA_B1",
        None,
        "Công chức Địa chính – Xây dựng",
        Sex.MALE,
        date(1983, 10, 2),
        "Ngô Văn Khánh",
        "Kinh",
    ),
)
# (case, level, decision number, months before the current review, months it lasted or None while in
# effect, reason): dated from the review, so that under QD377 (a reprimand counts 24 months from the
# decision, a warning 36) the reprimand counts at the review and the expired ones never do
SPECIAL_DISCIPLINES: tuple[tuple[str, str, str, int, int | None, str], ...] = (
    (
        "disciplined",
        DisciplineLevel.REPRIMAND,
        "27-QĐ/UBKTHU",
        5,
        None,
        "Thiếu trách nhiệm trong lãnh đạo, chỉ đạo công tác quản lý đất đai trên địa bàn huyện",
    ),
    (
        "expired_warning",
        DisciplineLevel.WARNING,
        "12-QĐ/UBKTHU",
        46,
        12,
        "Vi phạm quy định về quản lý, sử dụng kinh phí sự nghiệp nông nghiệp",
    ),
    (
        "expired_reprimand",
        DisciplineLevel.REPRIMAND,
        "08-QĐ/UBKTĐU",
        30,
        12,
        "Vi phạm quy định về cấp giấy chứng nhận quyền sử dụng đất",
    ),
)
# case -> (retirement date overriding the statutory one, reason)
SPECIAL_RETIREMENT_OVERRIDES: dict[str, tuple[date, str]] = {
    "override": (
        date(2030, 12, 31),
        "Sĩ quan Quân đội nhân dân: nghỉ hưu theo hạn tuổi phục vụ tại ngũ của cấp tướng "
        "(Luật Sĩ quan Quân đội nhân dân Việt Nam, sửa đổi năm 2024)",
    ),
}
# case -> note: these do not meet the political standard
SPECIAL_POLITICAL_STANDARD_NOTES: dict[str, str] = {
    "political_standard": (
        "Theo Kết luận số 35-KL/HU ngày {date} của Ban Thường vụ Huyện ủy: chưa đáp ứng "
        "tiêu chuẩn chính trị (vi phạm quy định về những điều đảng viên không được làm)."
    ),
}
# Their entries, added in this order after the lists are filled (a fourth person for a position drops
# the last other one): (organization, list kind, case, position, first time, removed reason, removed on)
SPECIAL_ENTRIES: tuple[tuple[str, str, str, str, bool, str, date | None], ...] = (
    ("HUYEN_A", ListKind.CURRENT, "too_old", "PHO_BI_THU", True, "", None),
    ("HUYEN_A", ListKind.NEXT, "too_old", "PHO_BI_THU", False, "", None),
    ("HUYEN_A", ListKind.CURRENT, "group2_short", "TRUONG_PHONG", True, "", None),
    # R7: reprimanded after the current list was approved and still in it, to review
    ("HUYEN_A", ListKind.CURRENT, "disciplined", "UV_BTV", True, "", None),
    ("HUYEN_A", ListKind.NEXT, "disciplined", "UV_BTV", True, "", None),
    ("HUYEN_B", ListKind.NEXT, "four_positions", "PHO_BI_THU", True, "", None),
    ("HUYEN_B", ListKind.NEXT, "four_positions", "UV_BTV", True, "", None),
    ("HUYEN_B", ListKind.NEXT, "four_positions", "CT_HDND", True, "", None),
    ("HUYEN_B", ListKind.NEXT, "four_positions", "CT_UBND", True, "", None),
    (PROVINCE_CODE, ListKind.NEXT, "override", "UV_BTV", False, "", None),
    (PROVINCE_CODE, ListKind.CURRENT, "override", "UV_BTV", True, "", None),
    ("XA_A1", ListKind.NEXT, "political_standard", "CT_UBND", True, "", None),
    ("HUYEN_C", ListKind.NEXT, "expired_warning", "TRUONG_PHONG", True, "", None),
)
