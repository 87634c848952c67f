"""Posts and titles by level: the posts held today, earlier titles, the positions each level plans for,
the catalogue figures the planner needs and the voters called to each vote step."""

from __future__ import annotations

from apps.organizations.models import Level

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
