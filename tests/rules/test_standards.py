"""R9 in the engine: qualification ranks from free text, TRAINING_NEEDED, "chưa có thông tin"."""

from __future__ import annotations

from datetime import date

import pytest

from apps.rules.engine import Code, Severity, evaluate_list
from apps.rules.engine.standards import education_rank, missing_standards, theory_rank, unknown_standards

from .builders import HD16, entry, planning_list


@pytest.mark.parametrize(
    ("text", "rank"),
    [
        ("Tiến sĩ Kinh tế", 5),
        ("Thạc sĩ Luật", 4),
        ("ThS. Quản lý công", 4),
        ("Đại học Luật", 3),
        ("Cử nhân Kinh tế", 3),
        ("Kỹ sư Nông nghiệp", 3),
        ("Cao đẳng Sư phạm", 2),
        ("Trung cấp Kế toán", 1),
        ("", None),
        ("Không rõ", None),
    ],
)
def test_education_rank(text: str, rank: int | None) -> None:
    assert education_rank(text) == rank


def test_theory_rank_counts_cu_nhan_as_cao_cap() -> None:
    assert [theory_rank(c) for c in ("so_cap", "trung_cap", "cao_cap", "cu_nhan", "")] == [1, 2, 3, 3, None]


def test_training_needed_is_a_warning_naming_each_missing_standard() -> None:
    below = entry(education_rank=2, theory_rank=2, min_education_rank=3, min_theory_rank=3)
    [finding] = (
        evaluate_list(planning_list([below], reference_date=date(2025, 6, 1)), HD16).entry_results[0].findings
    )
    assert (finding.code, finding.severity) == (Code.TRAINING_NEEDED, Severity.WARNING)
    assert finding.message == (
        "Cần đào tạo, bồi dưỡng: trình độ chuyên môn cao đẳng, chức danh cần từ đại học trở lên; "
        "lý luận chính trị trung cấp, chức danh cần từ cao cấp trở lên."
    )


def test_meeting_or_unknown_is_not_below_the_standard() -> None:
    meets = entry(education_rank=4, theory_rank=3, min_education_rank=3, min_theory_rank=3)
    unknown = entry(education_rank=None, theory_rank=None, min_education_rank=3, min_theory_rank=2)
    result = evaluate_list(planning_list([meets, unknown], reference_date=date(2025, 6, 1)), HD16)
    assert [r.findings for r in result.entry_results] == [(), ()]
    assert missing_standards(unknown) == []
    assert unknown_standards(unknown) == [
        "trình độ chuyên môn: chưa có thông tin",
        "lý luận chính trị: chưa có thông tin",
    ]
