"""Vietnamese message templates of findings and removal triggers, and the formatters they use.

Templates are module constants so that tests can assert them; fill them with str.format().
Dates are written dd/mm/yyyy and decimals with a comma, as Vietnamese users expect.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

# How much working time is left at the reference date: the start of every age message.
REMAINING = "Còn {months} tháng công tác tính đến {ref}"
RETIRED = "Đã đến tuổi nghỉ hưu ngày {retirement}, trước ngày {ref}"

# R3 entry findings; {remaining} is REMAINING or RETIRED filled in.
AGE_CURRENT_TERM = (
    "{remaining}, không đủ để quy hoạch nhiệm kỳ hiện tại (đối tượng 1 cần {required} tháng, "
    "thiếu {short} tháng)."
)
AGE_FULL_TERM = "{remaining}, chưa đủ trọn nhiệm kỳ (cần {required} tháng, thiếu {short} tháng)."
AGE_PREFER_TWO_TERMS = (
    "{remaining}, đủ một nhiệm kỳ nhưng chưa đủ hai nhiệm kỳ (nên có {required} tháng, thiếu {short} tháng)."
)
AGE_TWO_TERMS = "{remaining}, chưa đủ hai nhiệm kỳ (đối tượng 2 cần {required} tháng, thiếu {short} tháng)."

# R6 / R7 entry findings.
PERSON_OVER_CAP = (
    "Cán bộ {name} được quy hoạch vào {count} chức danh trong danh sách, vượt mức tối đa {cap} chức danh "
    "(thừa {excess})."
)
PERSON_OVER_CAP_AT_LEVEL = (
    "Cán bộ {name} được quy hoạch vào {count} chức danh ở cùng cấp ({in_list} trong danh sách này), vượt mức "
    "tối đa {cap} chức danh (thừa {excess})."
)
DISCIPLINED = "Đang chịu kỷ luật {label} (từ {start} đến {end}), còn hiệu lực tại ngày {ref}."
DISCIPLINED_PERIOD = (
    "Bị kỷ luật {label} theo quyết định ngày {start}: trong {months} tháng kể từ quyết định (đến trước ngày "
    "{until}) không quy hoạch vào chức danh cao hơn; ngày {ref} còn trong thời hạn này."
)
PENDING_PROPOSAL = (
    "Đang có đề xuất {kind} cán bộ này (ngày {date}, {body}); không thực hiện quy hoạch đồng thời với việc "
    "đề xuất bổ nhiệm, giới thiệu ứng cử."
)
# R9
TRAINING_NEEDED = "Cần đào tạo, bồi dưỡng: {missing}."
MISSING_EDUCATION = "trình độ chuyên môn {have}, chức danh cần từ {need} trở lên"
MISSING_THEORY = "lý luận chính trị {have}, chức danh cần từ {need} trở lên"
UNKNOWN_EDUCATION = "trình độ chuyên môn: chưa có thông tin"
UNKNOWN_THEORY = "lý luận chính trị: chưa có thông tin"
UNKNOWN_BODY = "chưa ghi cơ quan đề xuất"
DISCIPLINE_OPEN_END = "nay"
NOT_HIGHER_POSITION = (
    "Chức danh quy hoạch {position} không cao hơn chức vụ đang giữ ({current}); "
    "chỉ được quy hoạch vào chức danh cao hơn."
)

# R5 / R6 list findings.
POSITION_OVER_CAP = (
    "Chức danh {position} có {count} người trong quy hoạch, vượt mức tối đa {cap} người (thừa {excess})."
)
THIN_BENCH = (
    "Chức danh {position} chỉ có {count} người trong quy hoạch, cần ít nhất {min} người (thiếu {short})."
)
NO_WOMAN_IN_GROUP = (
    "Nhóm chức danh {group} có {count} người trong quy hoạch nhưng không có cán bộ nữ; "
    "cần bổ sung ít nhất 1 cán bộ nữ."
)
QUOTA_YOUNG = "Tỷ lệ cán bộ trẻ {actual}% ({count}/{total}), thấp hơn chỉ tiêu {target}%."
QUOTA_WOMEN = "Tỷ lệ cán bộ nữ {actual}% ({count}/{total}), thấp hơn chỉ tiêu {target}%."
QUOTA_ETHNIC = "Tỷ lệ cán bộ người dân tộc thiểu số {actual}% ({count}/{total}), thấp hơn chỉ tiêu {target}%."

# R3: why an entry is in its target group (pages and the report).
TARGET_GROUP_REASONS = {
    "override": "Đối tượng {group}: do người lập danh sách chọn cho cán bộ này.",
    "current_post": "Đối tượng {group}: theo chức vụ hiện tại ({post}), theo bộ quy tắc {rule_set}.",
    "planned_post": "Đối tượng {group}: theo mặc định của chức danh quy hoạch (chưa xác định theo chức vụ hiện tại).",
}


def target_group_reason(group: int, source: str, post: str, rule_set: str) -> str:
    """The sentence saying why an entry is in its target group (R3)."""
    return TARGET_GROUP_REASONS.get(source, TARGET_GROUP_REASONS["planned_post"]).format(
        group=group, post=post, rule_set=rule_set
    )


POSITION_GROUP_LABELS = {"committee": "cấp ủy", "leadership": "lãnh đạo", "management": "quản lý"}

# R7 removal triggers; {detail} is the age or discipline message, its first letter lowered.
REMOVAL_OVER_AGE = "Quá tuổi quy hoạch: {detail}"
REMOVAL_DISCIPLINED = "Bị kỷ luật từ mức {min_label} trở lên: {detail}"
REMOVAL_CONCLUSIONS = {
    "task_failure": "Có kết luận không hoàn thành nhiệm vụ ngày {date} (chức danh quy hoạch {position}).",
    "violation": "Có kết luận vi phạm quy định ngày {date} (chức danh quy hoạch {position}).",
}
REMOVAL_POLITICAL_STANDARD = (
    "Có kết luận không bảo đảm tiêu chuẩn chính trị (chức danh quy hoạch {position})."
)


def lower_first(text: str) -> str:
    """Return text with its first letter lowered, to follow a colon."""
    return text[:1].lower() + text[1:]


def fmt_date(d: date) -> str:
    """Return d as dd/mm/yyyy."""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def fmt_percent(value: float | Decimal) -> str:
    """Return a percentage with two decimals and a decimal comma: 20.0 -> '20,00'."""
    return f"{value:.2f}".replace(".", ",")


def fmt_target(value: float | Decimal) -> str:
    """Return a target without useless zeros and with a decimal comma: 25.0 -> '25', 22.5 -> '22,5'."""
    text = f"{Decimal(str(value)).normalize():f}"
    return text.replace(".", ",")
