"""The engine's rules refined by the sources (issue 9): caps, a woman per group, PENDING_PROPOSAL,
QD377 discipline periods and the removal run of a next list at its fixed reference date."""

from __future__ import annotations

import dataclasses
from datetime import date

from apps.rules.engine import Code, Discipline, Proposal, Severity, evaluate_list, removal_triggers

from .builders import HD16, QD377, birth_for_months, entry, planning_list

REF = date(2025, 6, 1)


def codes(result, entry_index: int = 0) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.code for f in result.entry_results[entry_index].findings]


def test_pending_proposal_warns_under_qd377_only() -> None:
    proposal = Proposal("nominate", date(2025, 5, 20), "Ban Thường vụ Huyện ủy")
    facts = planning_list([entry(pending_proposals=(proposal,))], reference_date=REF)
    [finding] = evaluate_list(facts, QD377).entry_results[0].findings
    assert (finding.code, finding.severity) == (Code.PENDING_PROPOSAL, Severity.WARNING)
    assert finding.message == (
        "Đang có đề xuất giới thiệu ứng cử cán bộ này (ngày 20/05/2025, Ban Thường vụ Huyện ủy); không thực "
        "hiện quy hoạch đồng thời với việc đề xuất bổ nhiệm, giới thiệu ứng cử."
    )
    assert evaluate_list(facts, QD377).entry_results[0].eligible  # a warning, not an error
    assert codes(evaluate_list(facts, HD16)) == []


def test_person_cap_counts_positions_at_the_same_level() -> None:
    # two entries here, two more in other lists of the same term, kind and level: 4 > 3
    facts = planning_list(
        [entry(official_id=7, position_code=p, positions_at_level=4) for p in ("BI_THU", "CT_UBND")],
        reference_date=REF,
    )
    result = evaluate_list(facts, HD16)
    assert codes(result) == [Code.PERSON_OVER_CAP]
    assert result.entry_results[0].findings[0].message == (
        "Cán bộ Nguyễn Văn An được quy hoạch vào 4 chức danh ở cùng cấp (2 trong danh sách này), vượt mức "
        "tối đa 3 chức danh (thừa 1)."
    )
    within = planning_list([entry(official_id=8, positions_at_level=3)], reference_date=REF)
    assert codes(evaluate_list(within, HD16)) == []


def test_qd377_counts_discipline_for_its_period_from_the_decision() -> None:
    # a reprimand decided 10/01/2024 whose record ended 30/06/2024
    reprimand = Discipline("reprimand", date(2024, 1, 10), date(2024, 6, 30))
    for ref, counted in ((date(2025, 6, 1), True), (date(2026, 1, 9), True), (date(2026, 1, 10), False)):
        facts = planning_list([entry(disciplines=[reprimand])], reference_date=ref)
        assert (Code.DISCIPLINED in codes(evaluate_list(facts, QD377))) is counted, ref
        assert Code.DISCIPLINED not in codes(evaluate_list(facts, HD16))  # HD16: only while in effect
    facts = planning_list([entry(disciplines=[reprimand])], reference_date=date(2025, 6, 1))
    [finding] = evaluate_list(facts, QD377).entry_results[0].findings
    assert finding.message == (
        "Bị kỷ luật khiển trách theo quyết định ngày 10/01/2024: trong 24 tháng kể từ quyết định (đến trước "
        "ngày 10/01/2026) không quy hoạch vào chức danh cao hơn; ngày 01/06/2025 còn trong thời hạn này."
    )
    # the periods are rule-set data: 12 months for a reprimand (the other press summary)
    twelve = dataclasses.replace(QD377, discipline_months={"reprimand": 12, "warning": 36, "dismissal": 60})
    assert Code.DISCIPLINED not in codes(evaluate_list(facts, twelve))
    dismissal = Discipline("dismissal", date(2021, 3, 1))
    at = planning_list([entry(disciplines=[dismissal])], reference_date=date(2026, 2, 28))
    assert Code.DISCIPLINED in codes(evaluate_list(at, QD377))  # 60 months: until 01/03/2026


def test_next_list_removal_age_is_taken_at_its_fixed_reference_date() -> None:
    # 61 months left at the reference date: enough for group 1; five years later it would not be
    facts = planning_list([entry(birth_date=birth_for_months(61, REF))], kind="next", reference_date=REF)
    assert removal_triggers(facts, HD16, date(2029, 1, 1)) == []
    current = dataclasses.replace(facts, kind="current")
    assert [t.reason for t in removal_triggers(current, HD16, date(2029, 1, 1))] == ["over_age"]


def test_removal_run_counts_discipline_at_the_run_date_with_the_qd377_period() -> None:
    reprimand = Discipline("reprimand", date(2025, 9, 1), date(2025, 12, 31))
    facts = planning_list([entry(disciplines=[reprimand])], kind="next", reference_date=REF)
    assert [t.reason for t in removal_triggers(facts, QD377, date(2026, 3, 1))] == ["disciplined"]
    assert removal_triggers(facts, HD16, date(2026, 3, 1)) == []
