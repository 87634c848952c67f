"""Demo data: a fictional province, its officials, planning lists (some deliberately faulty) and users.

`plan_demo()` draws everything from `random.Random(SEED)` without touching the database, so every run
plans the same rows; `build_demo()` writes that plan in one transaction, keyed on stable codes,
national ID numbers and user names, so running it again changes nothing.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import pghistory
from django.contrib.auth.hashers import make_password
from django.db import models, transaction

from apps.accounts.models import Membership, Role, User
from apps.core.text import to_nfc
from apps.organizations.models import Level, Organization, Position, Term
from apps.people.models import DisciplineLevel, DisciplineRecord, Official, PoliticalTheory, Sex, WorkHistory
from apps.planning.models import (
    EntryStatus,
    ListKind,
    ListStatus,
    NominationVote,
    PlanningEntry,
    PlanningList,
)
from apps.rules.engine import age_in_years, months_remaining

SEED = 2025
DEMO_PASSWORD = "cadreplan-demo"
PROVINCE_CODE = "TINH_DEMO"
CURRENT_TERM = "2020-2025"
NEXT_TERM = "2025-2030"
CURRENT_REFERENCE = date(2022, 4, 1)
NEXT_REFERENCE = date(2025, 6, 1)  # start of the 2025-2030 term
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NATIONAL_ID_PREFIX = "099"  # not a real province code: demo numbers never clash with real ones

ROLE_LABELS = {
    Role.ADMIN: "Quản trị",
    Role.APPROVER: "Phê duyệt",
    Role.EDITOR: "Biên tập",
    Role.VIEWER: "Xem",
}

# --- Organizations ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrgSpec:
    code: str
    name: str
    level: str
    parent: str | None
    place: str


ORGANIZATIONS: tuple[OrgSpec, ...] = (
    OrgSpec(PROVINCE_CODE, "Tỉnh Minh Sơn", Level.PROVINCE, None, "Minh Sơn"),
    OrgSpec("HUYEN_A", "Huyện An Phú", Level.DISTRICT, PROVINCE_CODE, "An Phú"),
    OrgSpec("XA_A1", "Xã An Hòa", Level.COMMUNE, "HUYEN_A", "An Hòa"),
    OrgSpec("XA_A2", "Xã An Thịnh", Level.COMMUNE, "HUYEN_A", "An Thịnh"),
    OrgSpec("XA_A3", "Xã Phú Lộc", Level.COMMUNE, "HUYEN_A", "Phú Lộc"),
    OrgSpec("XA_A4", "Xã Phú Xuân", Level.COMMUNE, "HUYEN_A", "Phú Xuân"),
    OrgSpec("HUYEN_B", "Huyện Bình Lâm", Level.DISTRICT, PROVINCE_CODE, "Bình Lâm"),
    OrgSpec("XA_B1", "Xã Bình Minh", Level.COMMUNE, "HUYEN_B", "Bình Minh"),
    OrgSpec("XA_B2", "Xã Bình Phước", Level.COMMUNE, "HUYEN_B", "Bình Phước"),
    OrgSpec("XA_B3", "Xã Tân Lập", Level.COMMUNE, "HUYEN_B", "Tân Lập"),
    OrgSpec("HUYEN_C", "Huyện Cao Sơn", Level.DISTRICT, PROVINCE_CODE, "Cao Sơn"),
    OrgSpec("XA_C1", "Xã Nà Pồng", Level.COMMUNE, "HUYEN_C", "Nà Pồng"),
    OrgSpec("XA_C2", "Xã Bản Lìm", Level.COMMUNE, "HUYEN_C", "Bản Lìm"),
    OrgSpec("XA_C3", "Xã Khau Sao", Level.COMMUNE, "HUYEN_C", "Khau Sao"),
    # communes formed after 1/7/2025, directly under the province (no district)
    OrgSpec("XA_T1", "Xã Hồng Phong", Level.COMMUNE, PROVINCE_CODE, "Hồng Phong"),
    OrgSpec("XA_T2", "Xã Minh Khai", Level.COMMUNE, PROVINCE_CODE, "Minh Khai"),
)
ORG_BY_CODE = {spec.code: spec for spec in ORGANIZATIONS}
MOUNTAIN_ORGS = {"HUYEN_C", "XA_C1", "XA_C2", "XA_C3"}

# --- Users ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UserSpec:
    username: str
    full_name: str
    role: str
    organization: str
    superuser: bool = False


DEMO_USERS: tuple[UserSpec, ...] = (
    UserSpec("admin", "Quản trị viên hệ thống", Role.ADMIN, PROVINCE_CODE, superuser=True),
    UserSpec("tinh.duyet", "Nguyễn Thị Thu Hà", Role.APPROVER, PROVINCE_CODE),
    UserSpec("huyen.bientap", "Trần Văn Hải", Role.EDITOR, "HUYEN_A"),
    UserSpec("huyen.xem", "Lê Thị Lan", Role.VIEWER, "HUYEN_A"),
    UserSpec("huyenb.bientap", "Phạm Quốc Việt", Role.EDITOR, "HUYEN_B"),
)

# --- Names and personal data ------------------------------------------------------------------------

KINH_FAMILY = (
    ["Nguyễn"] * 12
    + ["Trần"] * 5
    + ["Lê"] * 4
    + ["Phạm"] * 3
    + ["Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"] * 2
)
FAMILY_BY_ETHNICITY = {
    "Tày": ["Hoàng", "Nông", "Ma", "Lương", "Hà", "Lục", "Đàm"],
    "Nùng": ["Hoàng", "Nông", "Lý", "Lục", "Vi", "Chu"],
    "Dao": ["Triệu", "Bàn", "Lý", "Đặng", "Phùng"],
    "H'Mông": ["Giàng", "Vàng", "Sùng", "Thào", "Lầu"],
    "Mường": ["Bùi", "Đinh", "Quách", "Hà"],
    "Thái": ["Lò", "Lường", "Cầm", "Vi", "Hà"],
}
MIDDLE_MALE = ["Văn", "Văn", "Văn", "Hữu", "Minh", "Đức", "Quang", "Thanh", "Ngọc", "Xuân", "Công", "Quốc"]
MIDDLE_FEMALE = ["Thị", "Thị", "Thị", "Thị", "Thanh", "Ngọc", "Minh", "Thu", "Hồng", "Kim"]
GIVEN_MALE = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Hải",
    "Hùng",
    "Huy",
    "Khánh",
    "Long",
    "Mạnh",
    "Nam",
    "Phong",
    "Quân",
    "Sơn",
    "Thắng",
    "Thành",
    "Trung",
    "Tuấn",
    "Việt",
    "Vinh",
    "Hoàng",
    "Kiên",
    "Lâm",
    "Phúc",
    "Toàn",
    "Tùng",
    "Hiếu",
    "Quyết",
    "Thịnh",
    "Đông",
    "Hưng",
    "Nghĩa",
    "Tài",
    "Trọng",
    "Bảo",
    "Duy",
]
GIVEN_FEMALE = [
    "Anh",
    "Ánh",
    "Chi",
    "Dung",
    "Giang",
    "Hà",
    "Hằng",
    "Hạnh",
    "Hoa",
    "Hương",
    "Huyền",
    "Lan",
    "Liên",
    "Linh",
    "Loan",
    "Mai",
    "Nga",
    "Ngân",
    "Nhung",
    "Oanh",
    "Phương",
    "Thảo",
    "Thu",
    "Thủy",
    "Trang",
    "Tuyết",
    "Vân",
    "Yến",
    "Hiền",
    "Hồng",
    "Quyên",
    "Trâm",
]
HMONG_MIDDLE_MALE = ["A", "Seo", "Mí", "A"]
HMONG_GIVEN_MALE = ["Páo", "Chứ", "Sính", "Dình", "Lử", "Súa", "Pó", "Chư"]
HMONG_GIVEN_FEMALE = ["Mỷ", "Dợ", "Sua", "Chá", "Xúa", "Mai"]
ETHNICITIES_MOUNTAIN = [("Kinh", 35), ("Tày", 25), ("Nùng", 15), ("Dao", 12), ("H'Mông", 13)]
ETHNICITIES_LOWLAND = [("Kinh", 88), ("Mường", 5), ("Thái", 4), ("Tày", 3)]
OTHER_PROVINCES = [
    ("Hải Thanh", "Hải Hậu", "Nam Định"),
    ("Vũ Thắng", "Kiến Xương", "Thái Bình"),
    ("Diễn Hồng", "Diễn Châu", "Nghệ An"),
    ("Thạch Long", "Thạch Hà", "Hà Tĩnh"),
    ("Hoằng Phong", "Hoằng Hóa", "Thanh Hóa"),
    ("Đình Tổ", "Thuận Thành", "Bắc Ninh"),
    ("Hòa Bình", "Thường Tín", "Hà Nội"),
]
EDUCATION: dict[str, list[str]] = {
    Level.PROVINCE: [
        "Thạc sĩ Quản lý kinh tế",
        "Thạc sĩ Luật",
        "Tiến sĩ Kinh tế",
        "Cử nhân Luật",
        "Thạc sĩ Quản lý công",
        "Cử nhân Xây dựng Đảng và Chính quyền nhà nước",
    ],
    Level.DISTRICT: [
        "Cử nhân Luật",
        "Cử nhân Kinh tế",
        "Thạc sĩ Quản lý kinh tế",
        "Kỹ sư Nông nghiệp",
        "Cử nhân Xây dựng Đảng và Chính quyền nhà nước",
        "Cử nhân Sư phạm Ngữ văn",
    ],
    Level.COMMUNE: [
        "Cử nhân Luật",
        "Cử nhân Kinh tế nông nghiệp",
        "Kỹ sư Quản lý đất đai",
        "Cử nhân Hành chính",
        "Trung cấp Kế toán",
        "Cử nhân Xây dựng Đảng và Chính quyền nhà nước",
    ],
}
THEORY_WEIGHTS: dict[str, list[tuple[str, int]]] = {
    Level.PROVINCE: [
        (PoliticalTheory.ADVANCED, 6),
        (PoliticalTheory.BACHELOR, 2),
        (PoliticalTheory.INTERMEDIATE, 2),
    ],
    Level.DISTRICT: [
        (PoliticalTheory.ADVANCED, 4),
        (PoliticalTheory.INTERMEDIATE, 5),
        (PoliticalTheory.ELEMENTARY, 1),
    ],
    Level.COMMUNE: [
        (PoliticalTheory.INTERMEDIATE, 6),
        (PoliticalTheory.ELEMENTARY, 3),
        (PoliticalTheory.ADVANCED, 1),
    ],
}
BIRTH_YEARS: dict[str, tuple[int, int]] = {
    Level.PROVINCE: (1962, 1988),
    Level.DISTRICT: (1963, 1992),
    Level.COMMUNE: (1966, 1995),
}
OFFICIALS_PER_ORG: dict[str, int] = {Level.PROVINCE: 30, Level.DISTRICT: 20, Level.COMMUNE: 12}
WOMEN_SHARE = 0.35

# Posts held today, most senior first: (catalogue code or None, title). Officials take them in order.
POSTS: dict[str, list[tuple[str | None, str]]] = {
    Level.PROVINCE: [
        ("BI_THU", "Bí thư Tỉnh ủy"),
        ("PHO_BI_THU", "Phó Bí thư Thường trực Tỉnh ủy"),
        ("CT_UBND", "Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh"),
        ("CT_HDND", "Chủ tịch HĐND tỉnh"),
        ("UV_BTV", "Ủy viên Ban Thường vụ, Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy"),
        ("TRUONG_BAN", "Trưởng Ban Tổ chức Tỉnh ủy"),
        ("TRUONG_BAN", "Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy"),
        ("PCT_HDND", "Phó Chủ tịch HĐND tỉnh"),
        ("PCT_UBND", "Phó Chủ tịch UBND tỉnh"),
        ("PCT_UBND", "Phó Chủ tịch UBND tỉnh"),
        ("CT_MTTQ", "Chủ tịch Ủy ban MTTQ Việt Nam tỉnh"),
        ("UV_BCH", "Tỉnh ủy viên, Giám đốc Sở Nội vụ"),
        ("UV_BCH", "Tỉnh ủy viên, Giám đốc Sở Tài chính"),
        ("UV_BCH", "Tỉnh ủy viên, Bí thư Tỉnh đoàn"),
        ("PHO_TRUONG_BAN", "Phó Trưởng Ban Tổ chức Tỉnh ủy"),
        ("PHO_TRUONG_BAN", "Phó Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy"),
        (None, "Phó Giám đốc Sở Nội vụ"),
        (None, "Phó Giám đốc Sở Nông nghiệp và Môi trường"),
        ("TRUONG_PHONG", "Trưởng phòng Tổ chức – Biên chế, Sở Nội vụ"),
        ("TRUONG_PHONG", "Trưởng phòng Tổ chức cơ sở đảng, Ban Tổ chức Tỉnh ủy"),
        ("PHO_TRUONG_PHONG", "Phó Trưởng phòng Ngân sách, Sở Tài chính"),
        ("PHO_TRUONG_PHONG", "Phó Trưởng phòng Cán bộ, Ban Tổ chức Tỉnh ủy"),
    ],
    Level.DISTRICT: [
        ("BI_THU", "Bí thư Huyện ủy"),
        ("PHO_BI_THU", "Phó Bí thư Thường trực Huyện ủy"),
        ("CT_UBND", "Phó Bí thư Huyện ủy, Chủ tịch UBND huyện"),
        ("CT_HDND", "Chủ tịch HĐND huyện"),
        ("UV_BTV", "Ủy viên Ban Thường vụ, Chủ nhiệm Ủy ban Kiểm tra Huyện ủy"),
        ("TRUONG_BAN", "Trưởng Ban Tổ chức Huyện ủy"),
        ("TRUONG_BAN", "Trưởng Ban Tuyên giáo và Dân vận Huyện ủy"),
        ("PCT_HDND", "Phó Chủ tịch HĐND huyện"),
        ("PCT_UBND", "Phó Chủ tịch UBND huyện"),
        ("PCT_UBND", "Phó Chủ tịch UBND huyện"),
        ("CT_MTTQ", "Chủ tịch Ủy ban MTTQ Việt Nam huyện"),
        ("UV_BCH", "Huyện ủy viên, Chánh Văn phòng Huyện ủy"),
        ("UV_BCH", "Huyện ủy viên, Bí thư Huyện đoàn"),
        ("PHO_TRUONG_BAN", "Phó Trưởng Ban Tổ chức Huyện ủy"),
        ("TRUONG_PHONG", "Trưởng phòng Nội vụ"),
        ("TRUONG_PHONG", "Trưởng phòng Tài chính – Kế hoạch"),
        ("TRUONG_PHONG", "Trưởng phòng Giáo dục và Đào tạo"),
        ("PHO_TRUONG_PHONG", "Phó Trưởng phòng Nông nghiệp và Phát triển nông thôn"),
        ("PHO_TRUONG_PHONG", "Phó Trưởng phòng Tài nguyên và Môi trường"),
        ("PHO_TRUONG_PHONG", "Phó Trưởng phòng Văn hóa và Thông tin"),
    ],
    Level.COMMUNE: [
        ("BI_THU", "Bí thư Đảng ủy xã"),
        ("PHO_BI_THU", "Phó Bí thư Thường trực Đảng ủy xã"),
        ("CT_UBND", "Phó Bí thư Đảng ủy, Chủ tịch UBND xã"),
        ("CT_HDND", "Chủ tịch HĐND xã"),
        ("PCT_UBND", "Phó Chủ tịch UBND xã"),
        ("CT_MTTQ", "Chủ tịch Ủy ban MTTQ Việt Nam xã"),
        ("UV_BCH", "Đảng ủy viên, Chỉ huy trưởng Ban Chỉ huy Quân sự xã"),
    ],
}
OTHER_TITLES: dict[str, list[str]] = {
    Level.PROVINCE: [
        "Chuyên viên chính Ban Tổ chức Tỉnh ủy",
        "Chuyên viên chính Văn phòng UBND tỉnh",
        "Chuyên viên Sở Nội vụ",
        "Phó Chánh Văn phòng Tỉnh ủy",
        "Chuyên viên Ủy ban Kiểm tra Tỉnh ủy",
    ],
    Level.DISTRICT: [
        "Chuyên viên Ban Tổ chức Huyện ủy",
        "Chuyên viên Văn phòng HĐND và UBND huyện",
        "Chuyên viên Phòng Nội vụ",
        "Phó Chánh Văn phòng Huyện ủy",
        "Chuyên viên Ủy ban Kiểm tra Huyện ủy",
    ],
    Level.COMMUNE: [
        "Công chức Văn phòng – Thống kê",
        "Công chức Tư pháp – Hộ tịch",
        "Công chức Địa chính – Xây dựng",
        "Công chức Tài chính – Kế toán",
        "Công chức Văn hóa – Xã hội",
        "Chủ tịch Hội Nông dân xã",
    ],
}
MIDDLE_TITLES: dict[str, list[str]] = {
    Level.PROVINCE: [
        "Phó Trưởng phòng Tổng hợp, Văn phòng Tỉnh ủy",
        "Phó Bí thư Huyện ủy An Phú",
        "Phó Chủ tịch UBND huyện Bình Lâm",
        "Phó Trưởng phòng Cán bộ, Ban Tổ chức Tỉnh ủy",
    ],
    Level.DISTRICT: [
        "Phó Chủ tịch UBND xã",
        "Phó Trưởng phòng Nội vụ",
        "Chuyên viên chính Ban Tổ chức Huyện ủy",
        "Phó Bí thư Đảng ủy xã",
    ],
    Level.COMMUNE: [
        "Công chức Văn phòng – Thống kê",
        "Phó Chủ tịch Hội Nông dân xã",
        "Phó Chủ tịch Ủy ban MTTQ Việt Nam xã",
    ],
}
EARLY_TITLES: dict[str, list[str]] = {
    Level.PROVINCE: [
        "Chuyên viên Văn phòng Tỉnh ủy",
        "Chuyên viên Sở Kế hoạch và Đầu tư",
        "Cán bộ Tỉnh đoàn",
    ],
    Level.DISTRICT: ["Chuyên viên Phòng Nội vụ", "Cán bộ Huyện đoàn", "Chuyên viên Văn phòng Huyện ủy"],
    Level.COMMUNE: [
        "Cán bộ Đoàn Thanh niên xã",
        "Công chức Văn phòng – Thống kê",
        "Phó Chủ tịch Hội Nông dân xã",
    ],
}

# Positions each level plans for, in list order.
PLANNED_POSITIONS: dict[str, list[str]] = {
    Level.PROVINCE: [
        "BI_THU",
        "PHO_BI_THU",
        "UV_BTV",
        "UV_BCH",
        "CT_HDND",
        "CT_UBND",
        "PCT_UBND",
        "CT_MTTQ",
        "TRUONG_BAN",
        "PHO_TRUONG_BAN",
    ],
    Level.DISTRICT: [
        "BI_THU",
        "PHO_BI_THU",
        "UV_BTV",
        "CT_HDND",
        "CT_UBND",
        "PCT_UBND",
        "CT_MTTQ",
        "TRUONG_BAN",
        "TRUONG_PHONG",
        "PHO_TRUONG_PHONG",
    ],
    Level.COMMUNE: ["BI_THU", "PHO_BI_THU", "CT_HDND", "CT_UBND", "PCT_UBND", "CT_MTTQ"],
}
# code: (group, target group, rank), as the catalogue migration ships them (contracts §3)
CATALOGUE: dict[str, tuple[str, int, int]] = {
    "BI_THU": ("committee", 1, 100),
    "PHO_BI_THU": ("committee", 1, 90),
    "UV_BTV": ("committee", 1, 70),
    "UV_BCH": ("committee", 1, 50),
    "CT_HDND": ("leadership", 1, 80),
    "PCT_HDND": ("leadership", 1, 60),
    "CT_UBND": ("leadership", 1, 80),
    "PCT_UBND": ("leadership", 1, 60),
    "CT_MTTQ": ("leadership", 1, 60),
    "TRUONG_BAN": ("management", 2, 55),
    "PHO_TRUONG_BAN": ("management", 2, 40),
    "TRUONG_PHONG": ("management", 2, 30),
    "PHO_TRUONG_PHONG": ("management", 2, 20),
}
# people called to each vote step, by level
VOTERS: dict[str, dict[str, int]] = {
    Level.PROVINCE: {"conference": 120, "standing": 15, "committee": 53},
    Level.DISTRICT: {"conference": 65, "standing": 13, "committee": 35},
    Level.COMMUNE: {"conference": 40, "standing": 5, "committee": 15},
}
YOUNG_BELOW: dict[str, int] = {Level.PROVINCE: 40, Level.DISTRICT: 40, Level.COMMUNE: 35}

# --- Plan (pure data) -------------------------------------------------------------------------------


@dataclass
class HistorySpec:
    organization: str | None
    position: str | None
    title: str
    start: date
    end: date | None
    rotation: bool = False


@dataclass
class DisciplineSpec:
    level: str
    decision_number: str
    start: date
    end: date | None
    reason: str


@dataclass
class OfficialSpec:
    national_id: str
    full_name: str
    sex: str
    birth_date: date
    ethnicity: str
    home_town: str
    organization: str
    position: str | None
    title: str
    party_admission_date: date
    education: str
    political_theory: str
    is_local: bool
    meets_political_standard: bool = True
    political_standard_note: str = ""
    retirement_override: date | None = None
    retirement_override_reason: str = ""
    note: str = ""
    special: str = ""  # key of a hand-made official of a deliberate case, "" for the generated ones
    history: list[HistorySpec] = field(default_factory=list)
    disciplines: list[DisciplineSpec] = field(default_factory=list)

    def months_left(self, at: date) -> int:
        """Months of work left at `at` (domain R2), honouring the override."""
        return months_remaining(self.sex, self.birth_date, at, override=self.retirement_override)

    def disciplined_on(self, day: date) -> bool:
        """Whether a discipline record is in effect on `day`."""
        return any(d.start <= day and (d.end is None or d.end >= day) for d in self.disciplines)


@dataclass
class VoteSpec:
    step: str
    held_on: date
    summoned: int
    present: int
    valid_ballots: int
    in_favour: int


@dataclass
class EntrySpec:
    national_id: str
    position: str
    first_time: bool = True
    note: str = ""
    removed_reason: str = ""
    removed_on: date | None = None
    votes: list[VoteSpec] = field(default_factory=list)


@dataclass
class ListSpec:
    organization: str
    term: str
    kind: str
    reference_date: date
    status: str = ListStatus.DRAFT
    decision_number: str = ""
    decision_date: date | None = None
    return_comment: str = ""
    submitted_at: datetime | None = None
    submitted_by: str | None = None
    decided_at: datetime | None = None
    decided_by: str | None = None
    entries: list[EntrySpec] = field(default_factory=list)


@dataclass
class DemoPlan:
    officials: list[OfficialSpec]
    lists: list[ListSpec]

    def official(self, special: str) -> OfficialSpec:
        """The hand-made official of a deliberate case."""
        return next(o for o in self.officials if o.special == special)


def _weighted(rng: random.Random, choices: list[tuple[str, int]]) -> str:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def _random_date(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class _Planner:
    """Draws the demo plan from one seeded random generator, in a fixed order."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.national_ids: set[str] = set()
        self.names: set[str] = set()
        self.officials: list[OfficialSpec] = []
        self.lists: list[ListSpec] = []

    # officials ----------------------------------------------------------------------------------

    def national_id(self, sex: str, birth: date) -> str:
        century_sex = "0" if sex == Sex.MALE else "1"  # born in the 1900s
        while True:
            number = (
                f"{NATIONAL_ID_PREFIX}{century_sex}{birth.year % 100:02d}{self.rng.randint(0, 999_999):06d}"
            )
            if number not in self.national_ids:
                self.national_ids.add(number)
                return number

    def name(self, sex: str, ethnicity: str) -> str:
        rng = self.rng
        while True:
            family = rng.choice(FAMILY_BY_ETHNICITY.get(ethnicity, KINH_FAMILY))
            if ethnicity == "H'Mông":
                middle = rng.choice(HMONG_MIDDLE_MALE) if sex == Sex.MALE else "Thị"
                given = rng.choice(HMONG_GIVEN_MALE if sex == Sex.MALE else HMONG_GIVEN_FEMALE)
            elif sex == Sex.MALE:
                middle, given = rng.choice(MIDDLE_MALE), rng.choice(GIVEN_MALE)
            else:
                middle, given = rng.choice(MIDDLE_FEMALE), rng.choice(GIVEN_FEMALE)
            if middle == given:
                continue
            name = to_nfc(f"{family} {middle} {given}")
            if name not in self.names:
                self.names.add(name)
                return name

    def home_town(self, org: OrgSpec) -> tuple[str, bool]:
        rng = self.rng
        if rng.random() < 0.25:
            commune_name, district_name, province_name = rng.choice(OTHER_PROVINCES)
            return f"xã {commune_name}, huyện {district_name}, tỉnh {province_name}", False
        if org.level == Level.COMMUNE:
            commune = org
        else:
            below = [o for o in ORGANIZATIONS if o.level == Level.COMMUNE and _under(o, org.code)]
            commune = rng.choice(below)
        district = ORG_BY_CODE[commune.parent] if commune.parent else None
        place = f"xã {commune.place}"
        if district and district.level == Level.DISTRICT:
            place += f", huyện {district.place}"
        return f"{place}, tỉnh Minh Sơn", True

    def person(
        self,
        org: OrgSpec,
        *,
        sex: str | None = None,
        birth: date | None = None,
        name: str | None = None,
        ethnicity: str | None = None,
        special: str = "",
    ) -> OfficialSpec:
        rng = self.rng
        level = org.level
        sex = sex or (Sex.FEMALE if rng.random() < WOMEN_SHARE else Sex.MALE)
        if birth is None:
            first, last = BIRTH_YEARS[level]
            birth = _random_date(rng, date(first, 1, 1), date(last, 12, 31))
            while (
                months_remaining(sex, birth, CURRENT_REFERENCE) < 0
            ):  # at work when the current list was made
                birth = _random_date(rng, date(first, 1, 1), date(last, 12, 31))
        if ethnicity is None:
            weights = ETHNICITIES_MOUNTAIN if org.code in MOUNTAIN_ORGS else ETHNICITIES_LOWLAND
            ethnicity = _weighted(rng, weights)
        if name is None:
            name = self.name(sex, ethnicity)
        else:
            name = to_nfc(name)
            self.names.add(name)
        home_town, local = self.home_town(org)
        admitted = _random_date(rng, _add_years(birth, 22), _add_years(birth, 30))
        return OfficialSpec(
            national_id=self.national_id(sex, birth),
            full_name=name,
            sex=sex,
            birth_date=birth,
            ethnicity=ethnicity,
            home_town=home_town,
            organization=org.code,
            position=None,
            title="",
            party_admission_date=min(admitted, date(2020, 12, 1)),
            education=rng.choice(EDUCATION[level]),
            political_theory=_weighted(rng, THEORY_WEIGHTS[level]),
            is_local=local,
            special=special,
        )

    def specials(self) -> dict[str, list[OfficialSpec]]:
        """Hand-made officials of the deliberate cases, by organization code."""
        made: dict[str, list[OfficialSpec]] = {}

        def add(org_code: str, post: tuple[str | None, str], spec: OfficialSpec) -> OfficialSpec:
            spec.position, spec.title = post
            made.setdefault(org_code, []).append(spec)
            return spec

        province, district_a = ORG_BY_CODE[PROVINCE_CODE], ORG_BY_CODE["HUYEN_A"]
        # R3: 57 months left at 01/06/2025, planned as Phó Bí thư for 2025-2030 (domain §3 example)
        add(
            "HUYEN_A",
            ("TRUONG_BAN", "Trưởng Ban Tổ chức Huyện ủy"),
            self.person(
                district_a,
                sex=Sex.MALE,
                birth=date(1968, 3, 15),
                name="Nguyễn Văn An",
                ethnicity="Kinh",
                special="too_old",
            ),
        )
        # R7: reprimand in effect, planned in the next list; removed from the current one
        bao = add(
            "HUYEN_A",
            ("PCT_UBND", "Phó Chủ tịch UBND huyện"),
            self.person(
                district_a,
                sex=Sex.MALE,
                birth=date(1976, 8, 22),
                name="Trần Quốc Bảo",
                ethnicity="Kinh",
                special="disciplined",
            ),
        )
        bao.disciplines.append(
            DisciplineSpec(
                DisciplineLevel.REPRIMAND,
                "27-QĐ/UBKTHU",
                date(2025, 5, 12),
                None,
                "Thiếu trách nhiệm trong lãnh đạo, chỉ đạo công tác quản lý đất đai trên địa bàn huyện",
            )
        )
        # R3 group 2: 75 months left at 01/04/2022, planned as Trưởng phòng (needs 120)
        add(
            "HUYEN_A",
            ("PHO_TRUONG_PHONG", "Phó Trưởng phòng Tài nguyên và Môi trường"),
            self.person(
                district_a,
                sex=Sex.MALE,
                birth=date(1966, 7, 20),
                name="Phạm Văn Tiến",
                ethnicity="Kinh",
                special="group2_short",
            ),
        )
        # R6: one person planned for four positions of one list
        add(
            "HUYEN_B",
            ("UV_BCH", "Huyện ủy viên, Chánh Văn phòng Huyện ủy"),
            self.person(
                ORG_BY_CODE["HUYEN_B"],
                sex=Sex.MALE,
                birth=date(1978, 11, 5),
                name="Hoàng Minh Tuấn",
                ethnicity="Kinh",
                special="four_positions",
            ),
        )
        # R1 override: statutory retirement 31/12/2029 (54 months at 01/06/2025), extended to 2030
        thang = add(
            PROVINCE_CODE,
            ("UV_BTV", "Ủy viên Ban Thường vụ Tỉnh ủy, Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh"),
            self.person(
                province,
                sex=Sex.MALE,
                birth=date(1967, 12, 5),
                name="Võ Đức Thắng",
                ethnicity="Kinh",
                special="override",
            ),
        )
        thang.retirement_override = date(2030, 12, 31)
        thang.retirement_override_reason = (
            "Sĩ quan Quân đội nhân dân: nghỉ hưu theo hạn tuổi phục vụ tại ngũ của cấp tướng "
            "(Luật Sĩ quan Quân đội nhân dân Việt Nam, sửa đổi năm 2024)"
        )
        # R7: does not meet the political standard, planned as Chủ tịch UBND xã for 2025-2030
        hoa = add(
            "XA_A1",
            ("PCT_UBND", "Phó Chủ tịch UBND xã"),
            self.person(
                ORG_BY_CODE["XA_A1"],
                sex=Sex.FEMALE,
                birth=date(1985, 2, 14),
                name="Đỗ Thị Hoa",
                ethnicity="Kinh",
                special="political_standard",
            ),
        )
        hoa.meets_political_standard = False
        hoa.political_standard_note = (
            "Theo Kết luận số 35-KL/HU ngày 12/03/2025 của Ban Thường vụ Huyện ủy: chưa đáp ứng "
            "tiêu chuẩn chính trị (vi phạm quy định về những điều đảng viên không được làm)."
        )
        # expired disciplines: they must not count
        luc = add(
            "HUYEN_C",
            ("PHO_TRUONG_PHONG", "Phó Trưởng phòng Nông nghiệp và Phát triển nông thôn"),
            self.person(
                ORG_BY_CODE["HUYEN_C"],
                sex=Sex.MALE,
                birth=date(1980, 3, 8),
                name="Nông Văn Lực",
                ethnicity="Tày",
                special="expired_warning",
            ),
        )
        luc.disciplines.append(
            DisciplineSpec(
                DisciplineLevel.WARNING,
                "12-QĐ/UBKTHU",
                date(2018, 6, 12),
                date(2019, 6, 11),
                "Vi phạm quy định về quản lý, sử dụng kinh phí sự nghiệp nông nghiệp",
            )
        )
        khanh = add(
            "XA_B1",
            (None, "Công chức Địa chính – Xây dựng"),
            self.person(
                ORG_BY_CODE["XA_B1"],
                sex=Sex.MALE,
                birth=date(1983, 10, 2),
                name="Ngô Văn Khánh",
                ethnicity="Kinh",
                special="expired_reprimand",
            ),
        )
        khanh.disciplines.append(
            DisciplineSpec(
                DisciplineLevel.REPRIMAND,
                "08-QĐ/UBKTĐU",
                date(2020, 9, 15),
                date(2021, 9, 14),
                "Vi phạm quy định về cấp giấy chứng nhận quyền sử dụng đất",
            )
        )
        return made

    def staff(self, org: OrgSpec, specials: list[OfficialSpec]) -> list[OfficialSpec]:
        """The officials of one organization: hand-made ones first, then generated ones in the other posts."""
        rng = self.rng
        people = [self.person(org) for _ in range(OFFICIALS_PER_ORG[org.level])]
        # seniority with some noise: older people tend to hold the senior posts
        people.sort(key=lambda p: p.birth_date.toordinal() + rng.randint(-6 * 365, 6 * 365))
        posts = list(POSTS[org.level])
        for spec in specials:
            if (spec.position, spec.title) in posts:
                posts.remove((spec.position, spec.title))
        for person, post in zip(people, posts, strict=False):
            person.position, person.title = post
            if post[0] and CATALOGUE[post[0]][2] >= 50:  # senior posts require advanced political theory
                senior = [PoliticalTheory.ADVANCED, PoliticalTheory.ADVANCED, PoliticalTheory.BACHELOR]
                if org.level == Level.COMMUNE:
                    senior = [
                        PoliticalTheory.INTERMEDIATE,
                        PoliticalTheory.INTERMEDIATE,
                        PoliticalTheory.ADVANCED,
                    ]
                if person.political_theory not in senior:
                    person.political_theory = rng.choice(senior)
        for person in people[len(posts) :]:
            title = rng.choice(OTHER_TITLES[org.level])
            person.title = title
        staff = specials + people
        for person in staff:
            self.history(person, org)
        return staff

    def history(self, person: OfficialSpec, org: OrgSpec) -> None:
        """Two or three rows of work history ending in the current post; some with a rotation."""
        rng = self.rng
        career = _random_date(rng, _add_years(person.birth_date, 22), _add_years(person.birth_date, 25))
        career = max(career, date(1986, 1, 1))
        latest = date(2024, 6, 1)
        current_start = _random_date(rng, max(_add_years(career, 3), date(2015, 1, 1)), latest)
        rows: list[HistorySpec] = []
        middle_start = _add_years(current_start, -3)
        rotation = rng.random() < 0.15 and middle_start > _add_years(career, 2)
        if rotation:
            communes = [o for o in ORGANIZATIONS if o.level == Level.COMMUNE and o.code != org.code]
            place = rng.choice(communes)
            rows.append(
                HistorySpec(
                    place.code,
                    "PHO_BI_THU",
                    f"Luân chuyển giữ chức Phó Bí thư Đảng ủy {place.name[0].lower()}{place.name[1:]}",
                    middle_start,
                    current_start - timedelta(days=1),
                    rotation=True,
                )
            )
            early_end = middle_start - timedelta(days=1)
        else:
            early_end = current_start - timedelta(days=1)
        if (early_end - career).days > 12 * 365:  # a long career has a step in the middle
            middle = _random_date(rng, _add_years(career, 5), _add_years(early_end, -3))
            rows.insert(
                0, HistorySpec(org.code, None, rng.choice(MIDDLE_TITLES[org.level]), middle, early_end)
            )
            early_end = middle - timedelta(days=1)
        rows.insert(0, HistorySpec(org.code, None, rng.choice(EARLY_TITLES[org.level]), career, early_end))
        rows.append(HistorySpec(org.code, person.position, person.title, current_start, None))
        person.history = rows

    # planning lists --------------------------------------------------------------------------------

    def pool(self, org: OrgSpec) -> list[OfficialSpec]:
        """Officials a list may draw from: the organization and the level just below it."""
        if org.level == Level.COMMUNE:
            codes = {org.code}
        else:
            codes = {org.code} | {o.code for o in ORGANIZATIONS if o.parent == org.code}
        return [p for p in self.officials if p.organization in codes and not p.special]

    def pick(
        self,
        lst: ListSpec,
        level: str,
        position: str,
        pool: list[OfficialSpec],
        load: Counter[str],
        count: int,
        *,
        exclude: Callable[[OfficialSpec], bool] | None = None,
    ) -> list[OfficialSpec]:
        """Up to `count` eligible officials for one position, younger and next-in-line preferred."""
        rng = self.rng
        _group, target, rank = CATALOGUE[position]
        ref = lst.reference_date
        thresholds: dict[tuple[str, int], int] = {
            (ListKind.CURRENT, 1): 72,
            (ListKind.CURRENT, 2): 120,
            (ListKind.NEXT, 1): 60,
        }
        needed = thresholds.get((lst.kind, target), 120)
        scored: list[tuple[float, OfficialSpec]] = []
        for person in pool:
            current_rank = CATALOGUE[person.position][2] if person.position else 0
            left = person.months_left(ref)
            if (
                left < needed
                or current_rank > rank
                or person.position == position
                or load[person.national_id] >= 2
                or person.disciplined_on(ref)
                or not person.meets_political_standard
                or (exclude and exclude(person))
            ):
                continue
            score = rng.random() + current_rank / rank - (0.5 if current_rank == rank else 0)
            if left >= 120:
                score += 0.4
            if age_in_years(person.birth_date, ref) < YOUNG_BELOW[level]:
                score += 0.5
            if person.sex == Sex.FEMALE:
                score += 0.4
            scored.append((score, person))
        scored.sort(key=lambda item: -item[0])
        chosen = [person for _, person in scored[:count]]
        for person in chosen:
            load[person.national_id] += 1
        return chosen

    def fill(
        self,
        lst: ListSpec,
        *,
        counts: dict[str, int] | None = None,
        exclude: dict[str, Callable[[OfficialSpec], bool]] | None = None,
        woman_in_each_group: bool = False,
    ) -> None:
        """Plan 2-3 eligible people for every position of the organization's level."""
        rng = self.rng
        org = ORG_BY_CODE[lst.organization]
        pool = self.pool(org)
        load: Counter[str] = Counter()
        planned: dict[str, list[OfficialSpec]] = {}
        for position in PLANNED_POSITIONS[org.level]:
            count = (counts or {}).get(position, rng.choice([2, 2, 3, 3, 3]))
            rule = (exclude or {}).get(position) or (exclude or {}).get("*")
            planned[position] = self.pick(lst, org.level, position, pool, load, count, exclude=rule)
        if woman_in_each_group:
            for group in ("committee", "leadership", "management"):
                in_group = [p for p in planned if CATALOGUE[p][0] == group]
                if not in_group or any(o.sex == Sex.FEMALE for p in in_group for o in planned[p]):
                    continue
                position = in_group[-1]
                taken = planned[position]

                def not_a_new_woman(person: OfficialSpec, taken: list[OfficialSpec] = taken) -> bool:
                    return person.sex != Sex.FEMALE or person in taken

                woman = self.pick(lst, org.level, position, pool, load, 1, exclude=not_a_new_woman)
                planned[position] = taken[:2] + woman
        for position, people in planned.items():
            for person in people:
                first_time = rng.random() < 0.7 if lst.kind == ListKind.CURRENT else True
                lst.entries.append(EntrySpec(person.national_id, position, first_time=first_time))

    def add_entry(self, lst: ListSpec, person: OfficialSpec, position: str, **extra: Any) -> EntrySpec:
        """Add one entry, dropping the last other person when the position already has three."""
        same = [e for e in lst.entries if e.position == position and not e.removed_reason]
        if len(same) >= 3 and not extra.get("removed_reason"):
            lst.entries.remove(same[-1])
        entry = EntrySpec(person.national_id, position, **extra)
        lst.entries.append(entry)
        return entry

    def planning_lists(self) -> None:
        """Both lists of every organization, then the deliberate faults, then the vote figures."""
        current_status: dict[str, tuple[str, str, date | None]] = {
            PROVINCE_CODE: ("approved", "425-QĐ/TW", date(2022, 7, 15)),
            "HUYEN_A": ("approved", "512-QĐ/TU", date(2022, 6, 10)),
            "HUYEN_B": ("approved", "513-QĐ/TU", date(2022, 6, 10)),
            "HUYEN_C": ("approved", "514-QĐ/TU", date(2022, 6, 10)),
            "XA_A1": ("approved", "85-QĐ/HU", date(2022, 5, 20)),
            "XA_A2": ("approved", "86-QĐ/HU", date(2022, 5, 20)),
            "XA_A3": ("approved", "87-QĐ/HU", date(2022, 5, 20)),
            "XA_B1": ("approved", "142-QĐ/HU", date(2022, 5, 25)),
            "XA_B2": ("approved", "143-QĐ/HU", date(2022, 5, 25)),
            "XA_C1": ("approved", "61-QĐ/HU", date(2022, 5, 30)),
        }
        next_status = {
            "HUYEN_B": ListStatus.SUBMITTED,
            "HUYEN_C": ListStatus.RETURNED,
            "XA_A2": ListStatus.SUBMITTED,
            "XA_A3": ListStatus.RETURNED,
            "XA_B1": ListStatus.SUBMITTED,
            "XA_B3": ListStatus.RETURNED,
            "XA_C1": ListStatus.SUBMITTED,
            "XA_T1": ListStatus.SUBMITTED,
        }
        lists: dict[tuple[str, str], ListSpec] = {}
        for org in ORGANIZATIONS:
            editor = _editor_of(org.code)
            status, number, decided = current_status.get(org.code, (ListStatus.DRAFT, "", None))
            current = ListSpec(org.code, CURRENT_TERM, ListKind.CURRENT, CURRENT_REFERENCE, status)
            if status == ListStatus.APPROVED:
                assert decided is not None
                current.decision_number, current.decision_date = number, decided
                current.submitted_at = _at(decided - timedelta(days=20), 9)
                current.submitted_by = editor
                current.decided_at = _at(decided, 15)
                current.decided_by = "tinh.duyet" if org.code != PROVINCE_CODE else None
            nxt = ListSpec(
                org.code, NEXT_TERM, ListKind.NEXT, NEXT_REFERENCE, next_status.get(org.code, "draft")
            )
            if nxt.status != ListStatus.DRAFT:
                nxt.submitted_at = _at(date(2025, 7, 10), 9, 30)
                nxt.submitted_by = editor
            if nxt.status == ListStatus.RETURNED:
                nxt.decided_at = _at(date(2025, 7, 18), 14)
                nxt.decided_by = "tinh.duyet"
                nxt.return_comment = (
                    "Đề nghị rà soát lại độ tuổi, số lượng người quy hoạch vào từng chức danh và "
                    "bảo đảm cơ cấu cán bộ nữ, cán bộ trẻ theo Hướng dẫn 16-HD/BTCTW."
                )
            lists[(org.code, ListKind.CURRENT)] = current
            lists[(org.code, ListKind.NEXT)] = nxt

        leadership = {p for p, (g, _, _) in CATALOGUE.items() if g == "leadership"}
        for (code, kind), lst in lists.items():
            org = ORG_BY_CODE[code]
            district = org.level == Level.DISTRICT
            if (code, kind) == ("HUYEN_B", ListKind.CURRENT):
                # R5: no woman in the leadership group of a district list
                men_only = {p: (lambda o: o.sex == Sex.FEMALE) for p in leadership}
                self.fill(lst, exclude=men_only, woman_in_each_group=False)
            elif (code, kind) == ("HUYEN_C", ListKind.NEXT):
                # R6: five people for one position (cap 4), one person for another (thin bench)
                self.fill(lst, counts={"PCT_UBND": 5, "CT_MTTQ": 1}, woman_in_each_group=True)
            elif (code, kind) == ("XA_B2", ListKind.NEXT):
                # R5: nobody young in the list
                self.fill(lst, exclude={"*": lambda o: age_in_years(o.birth_date, NEXT_REFERENCE) < 35})
            else:
                self.fill(lst, woman_in_each_group=district)

        special = {o.special: o for o in self.officials if o.special}
        a_current, a_next = lists[("HUYEN_A", ListKind.CURRENT)], lists[("HUYEN_A", ListKind.NEXT)]
        self.add_entry(a_current, special["too_old"], "PHO_BI_THU")
        self.add_entry(a_next, special["too_old"], "PHO_BI_THU", first_time=False)
        self.add_entry(a_current, special["group2_short"], "TRUONG_PHONG")
        self.add_entry(
            a_current,
            special["disciplined"],
            "UV_BTV",
            removed_reason="Bị kỷ luật khiển trách theo Quyết định số 27-QĐ/UBKTHU ngày 12/05/2025",
            removed_on=date(2025, 5, 20),
        )
        self.add_entry(a_next, special["disciplined"], "UV_BTV")
        b_next = lists[("HUYEN_B", ListKind.NEXT)]
        for position in ("PHO_BI_THU", "UV_BTV", "CT_HDND", "CT_UBND"):
            self.add_entry(b_next, special["four_positions"], position)
        self.add_entry(lists[(PROVINCE_CODE, ListKind.NEXT)], special["override"], "UV_BTV", first_time=False)
        self.add_entry(lists[(PROVINCE_CODE, ListKind.CURRENT)], special["override"], "UV_BTV")
        self.add_entry(lists[("XA_A1", ListKind.NEXT)], special["political_standard"], "CT_UBND")
        self.add_entry(lists[("HUYEN_C", ListKind.NEXT)], special["expired_warning"], "TRUONG_PHONG")
        # one person moved away from the province: removed from the approved current list
        province_current = lists[(PROVINCE_CODE, ListKind.CURRENT)]
        per_position = Counter(e.position for e in province_current.entries)
        moved = next(e for e in reversed(province_current.entries) if per_position[e.position] >= 3)
        moved.removed_reason = "Được điều động, chuyển công tác ra ngoài tỉnh"
        moved.removed_on = date(2023, 8, 25)

        # carried over: planned for the same post in both lists
        for org in ORGANIZATIONS:
            before = {(e.national_id, e.position) for e in lists[(org.code, ListKind.CURRENT)].entries}
            for entry in lists[(org.code, ListKind.NEXT)].entries:
                if (entry.national_id, entry.position) in before:
                    entry.first_time = False
        for lst in lists.values():
            self.votes(lst)
        # a conference vote below half of the valid ballots
        weak = next(
            e
            for e in b_next.entries
            if e.national_id == special["four_positions"].national_id and e.position == "CT_HDND"
        )
        vote = weak.votes[0]
        vote.in_favour = vote.valid_ballots * 2 // 5
        self.lists = list(lists.values())

    def votes(self, lst: ListSpec) -> None:
        """Vote figures of every step for lists past the draft stage; the conference only for HUYEN_A."""
        rng = self.rng
        level = ORG_BY_CODE[lst.organization].level
        sizes = VOTERS[level]
        start = date(2022, 3, 10) if lst.kind == ListKind.CURRENT else date(2025, 5, 15)
        days = {"conference": 0, "standing": 10, "committee": 25}
        if lst.status != ListStatus.DRAFT:
            steps = ["conference", "standing", "committee"]
        elif lst.organization == "HUYEN_A" and lst.kind == ListKind.NEXT:
            steps = ["conference"]
        else:
            return
        for entry in lst.entries:
            if entry.removed_reason and entry.removed_on and entry.removed_on < start:
                continue
            for step in steps:
                summoned = sizes[step]
                present = summoned - rng.randint(0, max(1, summoned // 20))
                valid = present - rng.randint(0, 1)
                in_favour = round(valid * rng.uniform(0.58, 0.98))
                entry.votes.append(
                    VoteSpec(step, start + timedelta(days=days[step]), summoned, present, valid, in_favour)
                )

    def plan(self) -> DemoPlan:
        specials = self.specials()
        for org in ORGANIZATIONS:
            self.officials.extend(self.staff(org, specials.get(org.code, [])))
        self.planning_lists()
        return DemoPlan(self.officials, self.lists)


def _under(org: OrgSpec, ancestor: str) -> bool:
    parent = org.parent
    while parent:
        if parent == ancestor:
            return True
        parent = ORG_BY_CODE[parent].parent
    return False


def _editor_of(org_code: str) -> str | None:
    for user in DEMO_USERS:
        if user.role == Role.EDITOR and (
            user.organization == org_code or _under(ORG_BY_CODE[org_code], user.organization)
        ):
            return user.username
    return None


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def plan_demo(seed: int = SEED) -> DemoPlan:
    """Draw the whole demo data set from a seeded generator, without touching the database."""
    return _Planner(seed).plan()


# --- Writing the plan -------------------------------------------------------------------------------

M = TypeVar("M", bound=models.Model)


def _sync(
    model: type[M],
    existing: Iterable[M],
    key: Callable[[M], Hashable],
    wanted: dict[Hashable, dict[str, Any]],
    *,
    one_by_one: bool = False,
) -> dict[Hashable, M]:
    """Make the rows in `existing` exactly `wanted` (by key): create, update what differs, delete the rest."""
    by_key: dict[Hashable, M] = {}
    stale: list[M] = []
    for obj in existing:
        if key(obj) in by_key:
            stale.append(obj)
        else:
            by_key[key(obj)] = obj
    result: dict[Hashable, M] = {}
    created: list[M] = []
    updated: list[M] = []
    changed_fields: set[str] = set()
    for k, values in wanted.items():
        found = by_key.pop(k, None)
        if found is None:
            obj = model(**values)
            created.append(obj)
        else:
            obj = found
            changed = [name for name, value in values.items() if getattr(obj, name) != value]
            if changed:
                for name in changed:
                    setattr(obj, name, values[name])
                updated.append(obj)
                changed_fields.update(changed)
        result[k] = obj
    stale.extend(by_key.values())
    if stale:
        model._default_manager.filter(pk__in=[obj.pk for obj in stale]).delete()
    if one_by_one:
        for obj in created + updated:
            obj.save()
    else:
        model._default_manager.bulk_create(created)
        if updated:
            model._default_manager.bulk_update(updated, sorted(changed_fields))
    return result


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    role_label: str
    organization_code: str
    organization_name: str
    full_name: str


@dataclass(frozen=True)
class DemoResult:
    counts: dict[str, int]
    logins: list[DemoLogin]


def _write_organizations() -> dict[str, Organization]:
    orgs: dict[str, Organization] = {}
    existing = {o.code: o for o in Organization.objects.filter(code__in=ORG_BY_CODE)}
    for spec in ORGANIZATIONS:
        values = {
            "name": spec.name,
            "level": spec.level,
            "parent": orgs[spec.parent] if spec.parent else None,
            "place": spec.place,
            "is_active": True,
        }
        org = existing.get(spec.code)
        if org is None:
            org = Organization(code=spec.code, **values)
            org.save()
        elif any(getattr(org, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(org, name, value)
            org.save()  # keeps the materialized path of the subtree right
        orgs[spec.code] = org
    return orgs


def _write_users(orgs: dict[str, Organization]) -> dict[str, User]:
    password = make_password(DEMO_PASSWORD)  # hashed once: the same known password for every demo user
    users: dict[str, User] = {}
    for spec in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=spec.username)
        user.full_name = spec.full_name
        user.is_superuser = user.is_staff = spec.superuser
        user.is_active = True
        user.password = password
        user.save()
        users[spec.username] = user
    _sync(
        Membership,
        Membership.objects.filter(user__in=users.values()),
        lambda m: (m.user_id, m.organization_id),
        {
            (users[s.username].pk, orgs[s.organization].pk): {
                "user_id": users[s.username].pk,
                "organization_id": orgs[s.organization].pk,
                "role": s.role,
            }
            for s in DEMO_USERS
        },
    )
    return users


def _write_officials(
    plan: DemoPlan, orgs: dict[str, Organization], positions: dict[str, Position]
) -> dict[str, Official]:
    wanted: dict[Hashable, dict[str, Any]] = {}
    for spec in plan.officials:
        wanted[spec.national_id] = {
            "national_id": spec.national_id,
            "full_name": spec.full_name,
            "birth_date": spec.birth_date,
            "birth_year_only": False,
            "sex": spec.sex,
            "ethnicity": spec.ethnicity,
            "home_town": spec.home_town,
            "organization_id": orgs[spec.organization].pk,
            "current_position_id": positions[spec.position].pk if spec.position else None,
            "current_position_title": spec.title,
            "party_admission_date": spec.party_admission_date,
            "education": spec.education,
            "political_theory": spec.political_theory,
            "is_local": spec.is_local,
            "meets_political_standard": spec.meets_political_standard,
            "political_standard_note": spec.political_standard_note,
            "retirement_override": spec.retirement_override,
            "retirement_override_reason": spec.retirement_override_reason,
            "note": spec.note,
        }
    # only the demo's own people: officials entered by hand are left alone
    existing = Official.objects.filter(national_id__in=list(wanted))
    officials = _sync(Official, existing, lambda o: o.national_id, wanted, one_by_one=True)
    ids = {k: o.pk for k, o in officials.items()}
    by_nid = {spec.national_id: spec for spec in plan.officials}
    _sync(
        WorkHistory,
        WorkHistory.objects.filter(official_id__in=ids.values()),
        lambda w: (w.official_id, w.start_date),
        {
            (ids[nid], row.start): {
                "official_id": ids[nid],
                "organization_id": orgs[row.organization].pk if row.organization else None,
                "position_id": positions[row.position].pk if row.position else None,
                "title": row.title,
                "start_date": row.start,
                "end_date": row.end,
                "is_rotation": row.rotation,
            }
            for nid, spec in by_nid.items()
            for row in spec.history
        },
    )
    _sync(
        DisciplineRecord,
        DisciplineRecord.objects.filter(official_id__in=ids.values()),
        lambda d: (d.official_id, d.decision_number),
        {
            (ids[nid], d.decision_number): {
                "official_id": ids[nid],
                "level": d.level,
                "decision_number": d.decision_number,
                "start_date": d.start,
                "end_date": d.end,
                "reason": d.reason,
            }
            for nid, spec in by_nid.items()
            for d in spec.disciplines
        },
    )
    return {str(k): o for k, o in officials.items()}


def _write_lists(
    plan: DemoPlan,
    orgs: dict[str, Organization],
    positions: dict[str, Position],
    officials: dict[str, Official],
    users: dict[str, User],
) -> None:
    terms = {t.code: t for t in Term.objects.filter(code__in=[CURRENT_TERM, NEXT_TERM])}

    def user_id(username: str | None) -> int | None:
        return users[username].pk if username else None

    lists = _sync(
        PlanningList,
        PlanningList.objects.filter(organization__in=orgs.values(), term__in=terms.values(), version=1),
        lambda pl: (pl.organization_id, pl.term_id, pl.kind),
        {
            (orgs[s.organization].pk, terms[s.term].pk, s.kind): {
                "organization_id": orgs[s.organization].pk,
                "term_id": terms[s.term].pk,
                "kind": s.kind,
                "version": 1,
                "previous_id": None,
                "reference_date": s.reference_date,
                "status": s.status,
                "rule_set_id": None,
                "decision_number": s.decision_number,
                "decision_date": s.decision_date,
                "return_comment": s.return_comment,
                "submitted_at": s.submitted_at,
                "submitted_by_id": user_id(s.submitted_by),
                "decided_at": s.decided_at,
                "decided_by_id": user_id(s.decided_by),
            }
            for s in plan.lists
        },
        one_by_one=True,
    )
    entry_specs: dict[Hashable, EntrySpec] = {}
    wanted: dict[Hashable, dict[str, Any]] = {}
    for s in plan.lists:
        list_id = lists[(orgs[s.organization].pk, terms[s.term].pk, s.kind)].pk
        for e in s.entries:
            official_id, position_id = officials[e.national_id].pk, positions[e.position].pk
            k = (list_id, official_id, position_id)
            entry_specs[k] = e
            wanted[k] = {
                "planning_list_id": list_id,
                "official_id": official_id,
                "position_id": position_id,
                "target_group_override": None,
                "first_time": e.first_time,
                "note": e.note,
                "status": EntryStatus.REMOVED if e.removed_reason else EntryStatus.ACTIVE,
                "removed_reason": e.removed_reason,
                "removed_on": e.removed_on,
                "flagged_for_review": "",
            }
    entries = _sync(
        PlanningEntry,
        PlanningEntry.objects.filter(planning_list__in=[pl.pk for pl in lists.values()]),
        lambda pe: (pe.planning_list_id, pe.official_id, pe.position_id),
        wanted,
    )
    _sync(
        NominationVote,
        NominationVote.objects.filter(entry__in=[pe.pk for pe in entries.values()]),
        lambda v: (v.entry_id, v.step),
        {
            (entries[k].pk, v.step): {
                "entry_id": entries[k].pk,
                "step": v.step,
                "held_on": v.held_on,
                "summoned": v.summoned,
                "present": v.present,
                "valid_ballots": v.valid_ballots,
                "in_favour": v.in_favour,
            }
            for k, e in entry_specs.items()
            for v in e.votes
        },
    )


def demo_counts() -> dict[str, int]:
    """Counts of the demo rows now in the database (the province's subtree and the demo users)."""
    province = Organization.objects.filter(code=PROVINCE_CODE).first()
    if province is None:
        return {}
    orgs = Organization.objects.in_subtree(province)
    officials = Official.objects.in_subtree(province)
    lists = PlanningList.objects.in_subtree(province)
    entries = PlanningEntry.objects.filter(planning_list__in=lists)
    return {
        "organizations": orgs.count(),
        "districts": orgs.filter(level=Level.DISTRICT).count(),
        "communes": orgs.filter(level=Level.COMMUNE).count(),
        "officials": officials.count(),
        "women": officials.filter(sex=Sex.FEMALE).count(),
        "ethnic_minority": officials.filter(ethnic_minority=True).count(),
        "work_history": WorkHistory.objects.filter(official__in=officials).count(),
        "disciplines": DisciplineRecord.objects.filter(official__in=officials).count(),
        "planning_lists": lists.count(),
        "entries": entries.count(),
        "removed_entries": entries.filter(status=EntryStatus.REMOVED).count(),
        "votes": NominationVote.objects.filter(entry__in=entries).count(),
        "users": User.objects.filter(username__in=[u.username for u in DEMO_USERS]).count(),
        "memberships": Membership.objects.filter(user__username__in=[u.username for u in DEMO_USERS]).count(),
    }


def demo_logins() -> list[DemoLogin]:
    """The demo accounts, for printing."""
    return [
        DemoLogin(
            username=u.username,
            password=DEMO_PASSWORD,
            role=u.role,
            role_label=ROLE_LABELS[Role(u.role)],
            organization_code=u.organization,
            organization_name=ORG_BY_CODE[u.organization].name,
            full_name=u.full_name,
        )
        for u in DEMO_USERS
    ]


@transaction.atomic
def build_demo(seed: int = SEED) -> DemoResult:
    """Load (or reset) the demo data set in one transaction; running it again changes nothing."""
    plan = plan_demo(seed)
    with pghistory.context(source="load_demo"):
        positions = {p.code: p for p in Position.objects.all()}
        missing = set(CATALOGUE) - set(positions)
        if missing:
            raise RuntimeError(f"Thiếu chức danh trong danh mục: {', '.join(sorted(missing))}")
        orgs = _write_organizations()
        users = _write_users(orgs)
        officials = _write_officials(plan, orgs, positions)
        _write_lists(plan, orgs, positions, officials, users)
        # demo officials of an earlier plan (demo ID prefix, demo province) that no list uses any more
        Official.objects.in_subtree(orgs[PROVINCE_CODE]).filter(
            national_id__startswith=NATIONAL_ID_PREFIX, planning_entries__isnull=True
        ).exclude(national_id__in=list(officials)).delete()
    return DemoResult(counts=demo_counts(), logins=demo_logins())
