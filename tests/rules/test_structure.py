"""List rules: R5 structure quotas and a woman per position group, R6 caps and bench."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from apps.rules.engine import (
    Code,
    EntryFacts,
    ListResult,
    Quota,
    QuotaTarget,
    RuleParams,
    Severity,
    evaluate_list,
    share_ok,
    share_percent,
)

from .builders import HD16, QD377, entry, planning_list

REF = date(2025, 6, 1)
OLD = date(1975, 1, 1)  # 50 at REF: not young anywhere
YOUNG = date(1990, 1, 1)  # 35 at REF: young at district level


def evaluate(entries: list[EntryFacts], *, level: str = "district", params: RuleParams = HD16) -> ListResult:
    return evaluate_list(planning_list(entries, level=level, reference_date=REF), params)


def people(n: int, *, sex: str = "M", birth: date = OLD, ethnic_minority: bool = False) -> list[EntryFacts]:
    """n different officials, each on a position of their own (so never over a position cap)."""
    return [
        entry(
            sex=sex,
            birth_date=birth,
            ethnic_minority=ethnic_minority,
            position_code=f"P{i}_{sex}{birth.year}",
        )
        for i in range(n)
    ]


def quota(result: ListResult, code: str) -> Quota:
    [found] = [q for q in result.quotas if q.code == code]
    return found


def list_codes(result: ListResult) -> list[str]:
    return [f.code for f in result.findings]


# --- R5 quotas -------------------------------------------------------------------------------------------


def test_women_quota_exactly_at_target_passes() -> None:
    result = evaluate(people(3, sex="F") + people(9), level="commune")
    assert quota(result, Code.QUOTA_WOMEN) == Quota(Code.QUOTA_WOMEN, 3, 12, 25.0, 25.0, True)
    assert Code.QUOTA_WOMEN not in list_codes(result)


def test_women_quota_below_target_warns_with_the_share() -> None:
    result = evaluate(people(2, sex="F") + people(7), level="commune")
    assert quota(result, Code.QUOTA_WOMEN) == Quota(Code.QUOTA_WOMEN, 2, 9, 22.22, 25.0, False)
    [finding] = [f for f in result.findings if f.code == Code.QUOTA_WOMEN]
    assert finding.severity == Severity.WARNING
    assert finding.message == "Tỷ lệ cán bộ nữ 22,22% (2/9), thấp hơn chỉ tiêu 25%."


def test_women_quota_message_of_the_brief() -> None:
    result = evaluate(people(3, sex="F") + people(12), level="commune")
    [finding] = [f for f in result.findings if f.code == Code.QUOTA_WOMEN]
    assert finding.message == "Tỷ lệ cán bộ nữ 20,00% (3/15), thấp hơn chỉ tiêu 25%."


def test_young_quota_boundary() -> None:
    passing = evaluate(people(3, birth=YOUNG) + people(17))
    assert quota(passing, Code.QUOTA_YOUNG) == Quota(Code.QUOTA_YOUNG, 3, 20, 15.0, 15.0, True)
    failing = evaluate(people(2, birth=YOUNG) + people(18))
    assert quota(failing, Code.QUOTA_YOUNG) == Quota(Code.QUOTA_YOUNG, 2, 20, 10.0, 15.0, False)
    [finding] = [f for f in failing.findings if f.code == Code.QUOTA_YOUNG]
    assert finding.message == "Tỷ lệ cán bộ trẻ 10,00% (2/20), thấp hơn chỉ tiêu 15%."


def test_young_depends_on_the_level() -> None:
    thirty_seven = date(1988, 1, 1)
    assert quota(evaluate(people(4, birth=thirty_seven), level="district"), Code.QUOTA_YOUNG).count == 4
    assert quota(evaluate(people(4, birth=thirty_seven), level="commune"), Code.QUOTA_YOUNG).count == 0


def test_quotas_count_distinct_officials() -> None:
    woman = [entry(official_id=1, sex="F", birth_date=OLD, position_code=p) for p in ("BI_THU", "UV_BTV")]
    result = evaluate(woman + people(3), level="commune")
    assert (result.people, result.entries, result.women) == (4, 5, 1)
    assert quota(result, Code.QUOTA_WOMEN) == Quota(Code.QUOTA_WOMEN, 1, 4, 25.0, 25.0, True)


def test_empty_list_quotas_are_not_applicable() -> None:
    result = evaluate([])
    assert [(q.code, q.count, q.total, q.actual, q.ok) for q in result.quotas] == [
        (Code.QUOTA_YOUNG, 0, 0, None, None),
        (Code.QUOTA_WOMEN, 0, 0, None, None),
    ]
    assert result.findings == ()
    assert (result.people, result.entries, result.errors, result.warnings) == (0, 0, 0, 0)


def test_ethnic_quota_only_when_a_target_is_set() -> None:
    entries = people(1, ethnic_minority=True) + people(9)
    assert [q.code for q in evaluate(entries).quotas] == [Code.QUOTA_YOUNG, Code.QUOTA_WOMEN]

    targets = {"district": QuotaTarget(young=None, women=25.0, ethnic=12.5)}
    result = evaluate(entries, params=dataclasses.replace(HD16, quota_targets=targets))
    assert [q.code for q in result.quotas] == [Code.QUOTA_YOUNG, Code.QUOTA_WOMEN, Code.QUOTA_ETHNIC]
    assert quota(result, Code.QUOTA_ETHNIC) == Quota(Code.QUOTA_ETHNIC, 1, 10, 10.0, 12.5, False)
    assert result.ethnic == 1
    [finding] = [f for f in result.findings if f.code == Code.QUOTA_ETHNIC]
    assert finding.message == "Tỷ lệ cán bộ người dân tộc thiểu số 10,00% (1/10), thấp hơn chỉ tiêu 12,5%."


def test_null_young_target_is_listed_but_not_checked() -> None:
    entries = people(1, sex="F") + people(9)
    targets = {"district": QuotaTarget(young=None, women=25.0)}
    result = evaluate(entries, params=dataclasses.replace(HD16, quota_targets=targets))
    young = quota(result, Code.QUOTA_YOUNG)
    assert (young.count, young.total, young.actual, young.target, young.ok) == (0, 10, 0.0, None, None)
    assert quota(result, Code.QUOTA_WOMEN) == Quota(Code.QUOTA_WOMEN, 1, 10, 10.0, 25.0, False)
    assert [f.code for f in result.findings if f.code.startswith("QUOTA_")] == [Code.QUOTA_WOMEN]


def test_level_without_targets_still_lists_young_and_women_unchecked() -> None:
    params = dataclasses.replace(HD16, quota_targets={"province": QuotaTarget()})
    result = evaluate(people(3), params=params)
    assert [(q.code, q.count, q.total, q.actual, q.target, q.ok) for q in result.quotas] == [
        (Code.QUOTA_YOUNG, 0, 3, 0.0, None, None),
        (Code.QUOTA_WOMEN, 0, 3, 0.0, None, None),
    ]
    assert not [f for f in result.findings if f.code.startswith("QUOTA_")]


def test_targets_are_per_level() -> None:
    targets = {"district": QuotaTarget(young=20.0), "commune": QuotaTarget(young=25.0)}
    params = dataclasses.replace(HD16, quota_targets=targets)
    entries = people(1, birth=date(2000, 1, 1)) + people(4)  # 1 young of 5: 20%
    assert quota(evaluate(entries, level="district", params=params), Code.QUOTA_YOUNG).ok is True
    assert quota(evaluate(entries, level="commune", params=params), Code.QUOTA_YOUNG).ok is False


@pytest.mark.parametrize(
    ("count", "total", "target", "ok"),
    [
        (3, 12, 25.0, True),
        (2, 9, 25.0, False),
        (3, 20, 15.0, True),
        (1, 1000, 0.1, True),  # 0.1 * 1000 is 100.00000000000001 in floats
        (7, 100, 7.000000000000001, False),
        (1, 3, 33.33, True),
        (1, 3, 33.34, False),
        (9, 40, 22.5, True),
        (9, 40, Decimal("22.50"), True),
        (0, 5, 0, True),
    ],
)
def test_share_comparison_is_exact(count: int, total: int, target: float, ok: bool) -> None:
    assert share_ok(count, total, target) is ok


def test_share_percent_rounds_half_up_to_two_places() -> None:
    assert share_percent(2, 9) == 22.22
    assert share_percent(1, 3) == 33.33
    assert share_percent(2, 3) == 66.67
    assert share_percent(1, 800) == 0.13  # 0.125
    assert share_percent(0, 0) is None


# --- R6 caps and bench -------------------------------------------------------------------------------


def bench(position: str, n: int, *, sex: str = "M") -> list[EntryFacts]:
    return [entry(sex=sex, birth_date=OLD, position_code=position) for _ in range(n)]


def test_position_cap_depends_on_the_rule_set() -> None:
    # R6: 3 people per position under both default rule sets; another cap is rule-set data
    four = bench("BI_THU", 4)
    for params in (HD16, QD377):
        [finding] = [f for f in evaluate(four, params=params).findings if f.code == Code.POSITION_OVER_CAP]
        assert (finding.severity, finding.position, finding.position_group) == (
            Severity.ERROR,
            "BI_THU",
            None,
        )
        assert finding.message == (
            "Chức danh BI_THU có 4 người trong quy hoạch, vượt mức tối đa 3 người (thừa 1)."
        )
    assert Code.POSITION_OVER_CAP not in list_codes(evaluate(bench("BI_THU", 3)))
    four_allowed = dataclasses.replace(HD16, max_people_per_position=4)
    assert Code.POSITION_OVER_CAP not in list_codes(evaluate(four, params=four_allowed))


def test_position_cap_counts_distinct_people() -> None:
    twice = [entry(official_id=1, position_code="BI_THU") for _ in range(2)]
    result = evaluate(twice + bench("BI_THU", 2), params=QD377)
    assert Code.POSITION_OVER_CAP not in list_codes(result)


def test_thin_bench() -> None:
    result = evaluate(bench("BI_THU", 1) + bench("UV_BTV", 2))
    thin = [f for f in result.findings if f.code == Code.THIN_BENCH]
    assert [(f.position, f.severity) for f in thin] == [("BI_THU", Severity.WARNING)]
    assert (
        thin[0].message == "Chức danh BI_THU chỉ có 1 người trong quy hoạch, cần ít nhất 2 người (thiếu 1)."
    )
    assert all(r.eligible for r in result.entry_results)

    deeper = dataclasses.replace(HD16, min_bench=3)
    thin3 = [
        f.position for f in evaluate(bench("UV_BTV", 2), params=deeper).findings if f.code == Code.THIN_BENCH
    ]
    assert thin3 == ["UV_BTV"]


def test_no_woman_in_group_at_district_level() -> None:
    entries = (
        bench("BI_THU", 2)  # committee: men only
        + bench("CT_UBND", 1)
        + bench("PCT_UBND", 1, sex="F")  # leadership: has a woman
    )
    entries = [
        dataclasses.replace(e, position_group="leadership") if e.position_code != "BI_THU" else e
        for e in entries
    ]
    result = evaluate(entries)
    no_woman = [f for f in result.findings if f.code == Code.NO_WOMAN_IN_GROUP]
    assert [(f.position_group, f.position, f.severity) for f in no_woman] == [
        ("committee", None, Severity.ERROR)
    ]
    assert no_woman[0].message == (
        "Nhóm chức danh cấp ủy có 2 người trong quy hoạch nhưng không có cán bộ nữ; "
        "cần bổ sung ít nhất 1 cán bộ nữ."
    )


@pytest.mark.parametrize("level", ["commune", "grassroots"])
def test_no_woman_in_group_only_at_the_listed_levels(level: str) -> None:
    assert Code.NO_WOMAN_IN_GROUP not in list_codes(evaluate(bench("BI_THU", 3), level=level))


@pytest.mark.parametrize("level", ["central", "province", "district"])
def test_a_woman_in_each_group_from_district_level_up(level: str) -> None:
    # R5: district level and above (district, province, central)
    assert Code.NO_WOMAN_IN_GROUP in list_codes(evaluate(bench("BI_THU", 3), level=level))


def test_woman_per_group_levels_come_from_the_rule_set() -> None:
    params = dataclasses.replace(HD16, woman_per_group_levels=frozenset({"commune"}))
    assert Code.NO_WOMAN_IN_GROUP in list_codes(evaluate(bench("BI_THU", 3), level="commune", params=params))
    assert Code.NO_WOMAN_IN_GROUP not in list_codes(evaluate(bench("BI_THU", 3), params=params))


def test_list_findings_are_sorted_by_code_then_position() -> None:
    entries = bench("UV_BTV", 1) + bench("BI_THU", 1) + bench("CT_UBND", 5)
    result = evaluate(entries, params=QD377)
    assert [(f.code, f.position or f.position_group) for f in result.findings] == [
        (Code.NO_WOMAN_IN_GROUP, "committee"),
        (Code.POSITION_OVER_CAP, "CT_UBND"),
        (Code.QUOTA_WOMEN, None),
        (Code.QUOTA_YOUNG, None),
        (Code.THIN_BENCH, "BI_THU"),
        (Code.THIN_BENCH, "UV_BTV"),
    ]
    assert result.errors == 2 and result.warnings == 4
