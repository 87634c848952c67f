"""Entry rules: R3 age thresholds, R4 young cadre, R6 caps on a person and higher post, R7 discipline."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from apps.rules.engine import (
    Code,
    Discipline,
    EntryFacts,
    EntryResult,
    RuleParams,
    Severity,
    age_in_years,
    discipline_in_effect,
    evaluate_list,
    is_young,
    months_remaining,
)
from apps.rules.engine import messages as msg

from .builders import HD16, QD377, birth_for_months, entry, planning_list

REF = date(2025, 6, 1)


def evaluate_one(e: EntryFacts, *, kind: str = "current", params: RuleParams = HD16) -> EntryResult:
    return evaluate_list(planning_list([e], kind=kind, reference_date=REF), params).entry_results[0]


def codes(result: EntryResult) -> list[str]:
    return [f.code for f in result.findings]


# --- R3 ----------------------------------------------------------------------------------------------

# (kind, target group, threshold, code below it, severity, code expected exactly at the threshold)
THRESHOLDS = [
    ("current", 1, 72, Code.AGE_CURRENT_TERM, Severity.ERROR, None),
    ("current", 2, 120, Code.AGE_TWO_TERMS, Severity.ERROR, None),
    ("next", 1, 60, Code.AGE_FULL_TERM, Severity.ERROR, Code.AGE_PREFER_TWO_TERMS),
    ("next", 1, 120, Code.AGE_PREFER_TWO_TERMS, Severity.WARNING, None),
    ("next", 2, 120, Code.AGE_TWO_TERMS, Severity.ERROR, None),
]


@pytest.mark.parametrize(("kind", "group", "threshold", "code", "severity", "at_threshold"), THRESHOLDS)
@pytest.mark.parametrize("sex", ["M", "F"])
def test_exactly_the_threshold_passes_and_one_month_fewer_fails(
    kind: str, group: int, threshold: int, code: str, severity: str, at_threshold: str | None, sex: str
) -> None:
    at = evaluate_one(
        entry(sex=sex, birth_date=birth_for_months(threshold, REF, sex), target_group=group), kind=kind
    )
    assert at.months_remaining == threshold
    assert codes(at) == ([at_threshold] if at_threshold else [])

    below = evaluate_one(
        entry(sex=sex, birth_date=birth_for_months(threshold - 1, REF, sex), target_group=group), kind=kind
    )
    assert below.months_remaining == threshold - 1
    assert codes(below) == [code]
    assert below.findings[0].severity == severity
    assert below.eligible is (severity != Severity.ERROR)


def test_next_list_group1_warning_band() -> None:
    for months in (60, 90, 119):
        result = evaluate_one(entry(birth_date=birth_for_months(months, REF)), kind="next")
        assert codes(result) == [Code.AGE_PREFER_TWO_TERMS]
        assert result.eligible
    assert codes(evaluate_one(entry(birth_date=birth_for_months(120, REF)), kind="next")) == []


def test_thresholds_come_from_the_rule_set() -> None:
    params = dataclasses.replace(HD16, current_group1_months=84)
    result = evaluate_one(entry(birth_date=birth_for_months(80, REF)), params=params)
    assert codes(result) == [Code.AGE_CURRENT_TERM]
    assert "cần 84 tháng, thiếu 4 tháng" in result.findings[0].message


def test_domain_example_current_and_next_lists() -> None:
    man = entry(birth_date=date(1968, 3, 15))
    current = evaluate_list(planning_list([man], kind="current", reference_date=date(2022, 4, 1)), HD16)
    assert current.entry_results[0].months_remaining == 95
    assert codes(current.entry_results[0]) == []
    group2 = evaluate_list(
        planning_list([dataclasses.replace(man, target_group=2)], reference_date=date(2022, 4, 1)), HD16
    )
    assert codes(group2.entry_results[0]) == [Code.AGE_TWO_TERMS]

    nxt = evaluate_list(planning_list([man], kind="next", reference_date=date(2025, 6, 1)), HD16)
    result = nxt.entry_results[0]
    assert (result.retirement_date, result.months_remaining, result.age) == (date(2030, 3, 31), 57, 57)
    assert codes(result) == [Code.AGE_FULL_TERM]
    assert result.findings[0].message == (
        "Còn 57 tháng công tác tính đến 01/06/2025, chưa đủ trọn nhiệm kỳ (cần 60 tháng, thiếu 3 tháng)."
    )
    assert not result.eligible


def test_age_messages_say_how_much_is_missing() -> None:
    current = evaluate_one(entry(birth_date=birth_for_months(70, REF)))
    assert current.findings[0].message == msg.AGE_CURRENT_TERM.format(
        remaining="Còn 70 tháng công tác tính đến 01/06/2025", required=72, short=2
    )
    prefer = evaluate_one(entry(birth_date=birth_for_months(100, REF)), kind="next")
    assert prefer.findings[0].message == (
        "Còn 100 tháng công tác tính đến 01/06/2025, đủ một nhiệm kỳ nhưng chưa đủ hai nhiệm kỳ "
        "(nên có 120 tháng, thiếu 20 tháng)."
    )
    two_terms = evaluate_one(entry(birth_date=birth_for_months(119, REF), target_group=2))
    assert two_terms.findings[0].message == (
        "Còn 119 tháng công tác tính đến 01/06/2025, chưa đủ hai nhiệm kỳ (đối tượng 2 cần 120 tháng, "
        "thiếu 1 tháng)."
    )


def test_already_retired_message() -> None:
    result = evaluate_one(entry(birth_date=date(1962, 1, 10)))  # 60y6m: retired 31/07/2022
    assert result.months_remaining == -35
    assert result.findings[0].message == (
        "Đã đến tuổi nghỉ hưu ngày 31/07/2022, trước ngày 01/06/2025, không đủ để quy hoạch nhiệm kỳ "
        "hiện tại (đối tượng 1 cần 72 tháng, thiếu 107 tháng)."
    )


def test_retirement_override_is_used_for_the_age_rule() -> None:
    statutory = entry(birth_date=birth_for_months(50, REF))
    assert codes(evaluate_one(statutory)) == [Code.AGE_CURRENT_TERM]
    extended = dataclasses.replace(statutory, retirement_override=date(2031, 6, 30))
    result = evaluate_one(extended)
    assert (result.retirement_date, result.months_remaining, codes(result)) == (date(2031, 6, 30), 72, [])


def test_unknown_target_group_or_kind_is_rejected() -> None:
    with pytest.raises(ValueError, match="target group"):
        evaluate_one(entry(target_group=3))
    with pytest.raises(ValueError, match="kind"):
        evaluate_one(entry(), kind="later")


# --- R4 ----------------------------------------------------------------------------------------------


def test_age_in_completed_years() -> None:
    assert age_in_years(date(1985, 6, 1), date(2025, 6, 1)) == 40
    assert age_in_years(date(1985, 6, 2), date(2025, 6, 1)) == 39
    assert age_in_years(date(1984, 2, 29), date(2025, 2, 28)) == 40
    assert age_in_years(date(1984, 2, 29), date(2025, 3, 1)) == 41


def test_fortieth_birthday_on_the_reference_date_is_not_young_at_district_level() -> None:
    assert not is_young(date(1985, 6, 1), REF, "district", HD16)
    assert is_young(date(1985, 6, 2), REF, "district", HD16)  # turns 40 the day after
    assert is_young(date(1985, 6, 1), date(2025, 5, 31), "district", HD16)  # the day before the birthday
    assert not is_young(date(1985, 6, 1), REF, "province", HD16)
    assert is_young(date(1985, 6, 1), REF, "central", HD16)  # below 45


def test_thirty_fifth_birthday_is_not_young_at_commune_level() -> None:
    assert not is_young(date(1990, 6, 1), REF, "commune", HD16)
    assert is_young(date(1990, 6, 2), REF, "commune", HD16)
    assert not is_young(date(1990, 6, 1), REF, "grassroots", HD16)


def test_level_without_a_young_age_has_no_young_cadre() -> None:
    params = dataclasses.replace(HD16, young_age_by_level={"district": 40})
    assert not is_young(date(2000, 1, 1), REF, "commune", params)


def test_entry_result_carries_age_and_young() -> None:
    result = evaluate_list(
        planning_list([entry(birth_date=date(1985, 6, 1)), entry(birth_date=date(1985, 6, 2))]), HD16
    )
    assert [(r.age, r.young) for r in result.entry_results] == [(40, False), (39, True)]


# --- R6 on a person ---------------------------------------------------------------------------------


def test_person_over_cap_flags_every_entry_of_that_person() -> None:
    positions = ["BI_THU", "PHO_BI_THU", "UV_BTV", "CT_UBND"]
    three = [entry(official_id=7, position_code=p) for p in positions[:3]]
    assert all(r.findings == () for r in evaluate_list(planning_list(three), HD16).entry_results)

    four = [entry(official_id=7, full_name="Lê Thị Bình", position_code=p) for p in positions]
    others = [entry(official_id=8)]
    results = evaluate_list(planning_list(four + others), HD16).entry_results
    assert [codes(r) for r in results] == [[Code.PERSON_OVER_CAP]] * 4 + [[]]
    assert results[0].findings[0].message == (
        "Cán bộ Lê Thị Bình được quy hoạch vào 4 chức danh trong danh sách, vượt mức tối đa 3 chức danh "
        "(thừa 1)."
    )


# --- R6 higher post (QD377 only) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("planned", "current", "flagged"), [(9, 8, False), (9, 9, True), (7, 9, True), (9, None, False)]
)
def test_not_higher_position_under_qd377(planned: int, current: int | None, flagged: bool) -> None:
    e = entry(position_rank=planned, current_position_rank=current)
    assert (Code.NOT_HIGHER_POSITION in codes(evaluate_one(e, params=QD377))) is flagged
    assert Code.NOT_HIGHER_POSITION not in codes(evaluate_one(e, params=HD16))


@pytest.mark.parametrize(
    ("current_level", "list_level", "planned", "current", "flagged"),
    [
        # a commune Bí thư (rank 100) planned for district UV_BTV (rank 70): a higher level is a promotion
        ("commune", "district", 70, 100, False),
        ("grassroots", "central", 10, 100, False),
        # same level: the ranks compare
        ("district", "district", 70, 100, True),
        ("district", "district", 100, 70, False),
        ("district", "district", 70, 70, True),
        # a post at a lower level is never higher, whatever its rank
        ("province", "district", 100, 70, True),
        ("district", "commune", 100, 10, True),
        # unknown level of the official: the list's level, ranks compare
        (None, "district", 70, 100, True),
        (None, "district", 100, 70, False),
    ],
)
def test_not_higher_position_compares_levels_first(
    current_level: str | None, list_level: str, planned: int, current: int, flagged: bool
) -> None:
    e = entry(position_rank=planned, current_position_rank=current, current_position_level=current_level)
    result = evaluate_list(planning_list([e], level=list_level, reference_date=REF), QD377).entry_results[0]
    assert (Code.NOT_HIGHER_POSITION in codes(result)) is flagged
    assert Code.NOT_HIGHER_POSITION not in codes(
        evaluate_list(planning_list([e], level=list_level, reference_date=REF), HD16).entry_results[0]
    )


def test_not_higher_position_message() -> None:
    e = entry(
        position_code="UV_BTV",
        position_rank=70,
        current_position_rank=80,
        position_name="Ủy viên Ban Thường vụ",
        current_position_name="Chủ tịch UBND",
    )
    finding = evaluate_one(e, params=QD377).findings[0]
    assert (finding.code, finding.severity) == (Code.NOT_HIGHER_POSITION, Severity.ERROR)
    assert finding.message == (
        "Chức danh quy hoạch Ủy viên Ban Thường vụ không cao hơn chức vụ đang giữ (Chủ tịch UBND); "
        "chỉ được quy hoạch vào chức danh cao hơn."
    )
    # without names (bare engine use) the code and rank stand in
    bare = evaluate_one(entry(position_code="UV_BTV", position_rank=8, current_position_rank=8), params=QD377)
    assert bare.findings[0].message.startswith(
        "Chức danh quy hoạch UV_BTV không cao hơn chức vụ đang giữ (bậc 8)"
    )


# --- R7 discipline -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "in_effect"),
    [
        (REF, None, True),
        (date(2024, 1, 1), REF, True),
        (date(2024, 1, 1), None, True),
        (date(2024, 1, 1), date(2025, 5, 31), False),
        (date(2025, 6, 2), None, False),
    ],
)
def test_discipline_in_effect_at_the_reference_date(start: date, end: date | None, in_effect: bool) -> None:
    e = entry(disciplines=[Discipline("reprimand", start, end)])
    assert (codes(evaluate_one(e)) == [Code.DISCIPLINED]) is in_effect


def test_disciplined_severity_follows_the_rule_set() -> None:
    e = entry(disciplines=[Discipline("warning", date(2025, 1, 10))])
    hd16 = evaluate_one(e, params=HD16)
    qd377 = evaluate_one(e, params=QD377)
    assert (hd16.findings[0].severity, hd16.eligible) == (Severity.ERROR, False)
    assert (qd377.findings[0].severity, qd377.eligible) == (Severity.WARNING, True)
    assert hd16.findings[0].message == (
        "Đang chịu kỷ luật cảnh cáo (từ 10/01/2025 đến nay), còn hiệu lực tại ngày 01/06/2025."
    )


def test_discipline_below_the_minimum_rank_is_ignored() -> None:
    params = dataclasses.replace(HD16, discipline_min_rank=2)
    reprimand = entry(disciplines=[Discipline("reprimand", date(2025, 1, 1))])
    assert codes(evaluate_one(reprimand, params=params)) == []
    dismissal = entry(disciplines=[Discipline("dismissal", date(2025, 1, 1), date(2026, 1, 1))])
    assert codes(evaluate_one(dismissal, params=params)) == [Code.DISCIPLINED]


def test_heaviest_discipline_in_effect_is_reported_once() -> None:
    records = [
        Discipline("reprimand", date(2025, 3, 1)),
        Discipline("expulsion", date(2020, 1, 1), date(2021, 1, 1)),  # over
        Discipline("warning", date(2025, 1, 1), date(2025, 12, 31)),
    ]
    assert discipline_in_effect(records, REF, 1) == records[2]
    result = evaluate_one(entry(disciplines=records))
    assert codes(result) == [Code.DISCIPLINED]
    assert "cảnh cáo (từ 01/01/2025 đến 31/12/2025)" in result.findings[0].message


def test_unknown_discipline_level_is_rejected() -> None:
    with pytest.raises(ValueError, match="discipline level"):
        evaluate_one(entry(disciplines=[Discipline("scolding", date(2025, 1, 1))]))


def test_entry_findings_keep_a_fixed_order() -> None:
    e = entry(
        official_id=3,
        birth_date=birth_for_months(10, REF),
        position_rank=5,
        current_position_rank=6,
        disciplines=[Discipline("reprimand", date(2025, 1, 1))],
    )
    entries = [dataclasses.replace(e, entry_id=i, position_code=f"P{i}") for i in range(4)]
    result = evaluate_list(planning_list(entries), QD377).entry_results[0]
    assert codes(result) == [
        Code.AGE_CURRENT_TERM,
        Code.PERSON_OVER_CAP,
        Code.DISCIPLINED,
        Code.NOT_HIGHER_POSITION,
    ]


def test_months_remaining_in_results_agrees_with_the_public_function() -> None:
    e = entry(sex="F", birth_date=date(1971, 11, 30))
    result = evaluate_one(e)
    assert result.months_remaining == months_remaining("F", date(1971, 11, 30), REF)
