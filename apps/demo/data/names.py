"""Names and personal data the demo officials are drawn from: names by sex and ethnicity, ethnicities by
area, home provinces, education, political theory and birth years by level, staff sizes, women's share."""

from __future__ import annotations

from apps.organizations.models import Level
from apps.people.models import PoliticalTheory

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
# R8 (QĐ 377): the demo counts engineers and doctors as holding science and technology qualifications
SCIENCE_TECHNOLOGY_DEGREES = ("Kỹ sư", "Tiến sĩ")
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
