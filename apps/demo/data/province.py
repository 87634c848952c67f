"""The demo province: its constants, organizations, users and the statuses of its planning lists."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from apps.accounts.models import Role
from apps.demo.specs import OrgSpec, UserSpec
from apps.organizations.models import Level
from apps.planning.models import ListStatus

SEED = 2025
DEMO_PASSWORD = "cadreplan-demo"
# The demo's administrator and approver must pass two-factor login like everyone in their roles: their
# authenticator device has this published key (base32), printed with the logins. Demo data only: like
# the demo password, it is no secret. `manage.py demo_totp` prints the current codes.
DEMO_TOTP_SECRET = "CADREPLANDEMOTOTPCADREPLANDEMO23"
DEMO_TOTP_DEVICE = "Thiết bị dùng thử"
PROVINCE_CODE = "TINH_DEMO"
# The dates below are those of the 2020-2025 term running (review 01/04/2022); apps.demo.dates moves
# them to the term running on the day the demo is loaded.
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NATIONAL_ID_PREFIX = "099"  # not a real province code: demo numbers never clash with real ones

ROLE_LABELS = {
    Role.ADMIN: "Quản trị",
    Role.APPROVER: "Phê duyệt",
    Role.EDITOR: "Biên tập",
    Role.VIEWER: "Xem",
}

# --- Organizations ----------------------------------------------------------------------------------

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

DEMO_USERS: tuple[UserSpec, ...] = (
    UserSpec("admin", "Quản trị viên hệ thống", Role.ADMIN, PROVINCE_CODE, superuser=True),
    UserSpec("tinh.duyet", "Nguyễn Thị Thu Hà", Role.APPROVER, PROVINCE_CODE),
    UserSpec("huyen.bientap", "Trần Văn Hải", Role.EDITOR, "HUYEN_A"),
    UserSpec("huyen.xem", "Lê Thị Lan", Role.VIEWER, "HUYEN_A"),
    UserSpec("huyenb.bientap", "Phạm Quốc Việt", Role.EDITOR, "HUYEN_B"),
)

# --- Planning lists ---------------------------------------------------------------------------------

# current lists approved (dates of the 2020-2025 review, moved to the running one): organization -> (status, decision number, decision date); others draft
CURRENT_LIST_STATUS: dict[str, tuple[str, str, date | None]] = {
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
# next lists past the draft stage; the others are drafts
NEXT_LIST_STATUS: dict[str, str] = {
    "HUYEN_B": ListStatus.SUBMITTED,
    "HUYEN_C": ListStatus.RETURNED,
    "XA_A2": ListStatus.SUBMITTED,
    "XA_A3": ListStatus.RETURNED,
    "XA_B1": ListStatus.SUBMITTED,
    "XA_B3": ListStatus.RETURNED,
    "XA_C1": ListStatus.SUBMITTED,
    "XA_T1": ListStatus.SUBMITTED,
}
RETURN_COMMENT = (
    "Đề nghị rà soát lại độ tuổi, số lượng người quy hoạch vào từng chức danh và "
    "bảo đảm cơ cấu cán bộ nữ, cán bộ trẻ theo Hướng dẫn 16-HD/BTCTW."
)
