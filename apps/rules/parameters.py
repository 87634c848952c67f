"""Every rule-set parameter with the rule it serves and where its number comes from (docs/rules.md).

The rule-set page reads this table; whether a number is still "to confirm" is data of each rule set
(`RuleSet.to_confirm`), which an administrator clears once a primary text is found.
"""

from __future__ import annotations

from dataclasses import dataclass

# Sources are citations of Vietnamese documents: shown as written, whatever the interface language.
SEED_000 = "Bài viết mẫu 000 (Thạch Thất, 14/04/2022) về Hướng dẫn 16-HD/BTCTW"
QD50 = "Quy định 50-QĐ/TW (27/12/2021), Hướng dẫn 16-HD/BTCTW (15/02/2022)"
QD377_PRESS = "Quy định 377-QĐ/TW (08/10/2025), theo các bài báo tóm tắt"


@dataclass(frozen=True)
class Parameter:
    field: str  # a RuleSet (or RuleSetLevel) field
    rule: str  # R1..R9 or §4 of docs/rules.md
    source: str


RULE_SET_PARAMETERS: tuple[Parameter, ...] = (
    Parameter("current_group1_months", "R3", SEED_000),
    Parameter("current_group2_months", "R3", SEED_000),
    Parameter(
        "next_group1_min_months",
        "R3",
        QD50 + ": “đủ tuổi công tác 2 nhiệm kỳ trở lên, ít nhất phải trọn một nhiệm kỳ”",
    ),
    Parameter("next_group1_preferred_months", "R3", QD50 + ": “đủ tuổi công tác 2 nhiệm kỳ trở lên”"),
    Parameter("next_group2_months", "R3", SEED_000),
    Parameter(
        "use_current_post_for_target_group", "R3", QD50 + ": hai đối tượng phân biệt theo chức vụ hiện tại"
    ),
    Parameter(
        "group1_current_posts",
        "R3",
        QD50 + " (ví dụ: trưởng, phó ban, sở, ngành cấp tỉnh; bí thư cấp dưới trực tiếp)",
    ),
    Parameter(
        "max_people_per_position",
        "R6",
        QD377_PRESS + "; Quy định của Tỉnh ủy Nghệ An năm 2022 theo Quy định 50-QĐ/TW: không quá 3 người",
    ),
    Parameter("max_positions_per_person", "R6", QD377_PRESS + ": không quá 3 chức danh ở cùng cấp"),
    Parameter("min_bench", "R6", SEED_000 + ": mỗi chức danh quy hoạch ít nhất 2 người"),
    Parameter("require_higher_position", "R6", QD377_PRESS + ": chỉ quy hoạch vào chức danh cao hơn"),
    Parameter(
        "pending_proposal_warning",
        "R6",
        QD377_PRESS + ": “không thực hiện quy hoạch đồng thời với việc đề xuất bổ nhiệm, giới thiệu ứng cử”",
    ),
    Parameter("discipline_threshold", "R7", QD50 + "; thứ tự hình thức kỷ luật theo Quy định 69-QĐ/TW"),
    Parameter("discipline_severity", "R7", QD377_PRESS),
    Parameter("auto_remove", "R7", QD50 + "; " + QD377_PRESS),
    Parameter("discipline_from_decision", "R7", QD377_PRESS + ": thời hạn tính từ ngày quyết định kỷ luật"),
    Parameter("discipline_months_reprimand", "R7", QD377_PRESS + ": 24 tháng (một bài khác ghi 12 tháng)"),
    Parameter("discipline_months_warning", "R7", QD377_PRESS + ": 36 tháng"),
    Parameter("discipline_months_dismissal", "R7", QD377_PRESS + ": 60 tháng"),
    Parameter("vote_threshold_percent", "§4", "Chưa tìm thấy văn bản gốc; mặc định trên 50% số phiếu hợp lệ"),
    Parameter(
        "rotation_target_percent",
        "R8",
        "Bài viết mẫu 003 (Thanh Trì, 2023): 10% đến năm 2025, 10–15% đến năm 2030",
    ),
    Parameter("young_appointment_age_below", "R8", "Bài viết mẫu 003: cán bộ được bổ nhiệm dưới 40 tuổi"),
    Parameter(
        "young_appointment_target_percent", "R8", "Bài viết mẫu 003: 10% đến năm 2025, 15% đến năm 2030"
    ),
    Parameter(
        "same_post_years",
        "R8",
        "Quy định 65-QĐ/TW (28/04/2022) điều 3.3, theo một trang pháp luật: “quá hai nhiệm kỳ”",
    ),
    Parameter("age_band_1_below", "R8", "Quy định 377-QĐ/TW: cơ cấu ba độ tuổi (báo chí không nêu số)"),
    Parameter("age_band_2_below", "R8", "Quy định 377-QĐ/TW: cơ cấu ba độ tuổi (báo chí không nêu số)"),
    Parameter(
        "science_technology_target_percent",
        "R8",
        QD377_PRESS + ": tỷ lệ cán bộ có trình độ khoa học, công nghệ (báo chí không nêu số)",
    ),
    Parameter(
        "non_local_target_percent", "R8", "Bài viết mẫu 002 (Quốc Oai, 12/05/2021): 53,1% so với chỉ tiêu 50%"
    ),
)

LEVEL_PARAMETERS: tuple[Parameter, ...] = (
    Parameter(
        "young_committee_target", "R8", "Bài viết mẫu 003: tỉnh ≥ 10%, huyện ≥ 20%, xã ≥ 25% đến năm 2025"
    ),
    Parameter(
        "young_age_below",
        "R4",
        "Các bài tóm tắt Quy định 50-QĐ/TW; cấp xã: bài viết mẫu 003 (Thanh Trì, 2023)",
    ),
    Parameter("young_target", "R5", SEED_000),
    Parameter("women_target", "R5", SEED_000),
    Parameter("ethnic_target", "R5", "Chỉ tiêu của địa phương (không đặt thì không kiểm tra)"),
    Parameter(
        "woman_in_each_group",
        "R5",
        "Quy định cấp tỉnh năm 2022 theo Quy định 50-QĐ/TW: “cấp huyện trở lên phải có cán bộ nữ”",
    ),
)
