"""R7 removal triggers: over the planning age, discipline in effect, political standard."""

from __future__ import annotations

import dataclasses
from datetime import date

from apps.rules.engine import Discipline, RemovalTrigger, removal_triggers

from .builders import HD16, QD377, birth_for_months, entry, planning_list

REF = date(2022, 4, 1)  # the list's reference date
TODAY = date(2025, 6, 1)  # the date triggers are computed at


def reasons(triggers: list[RemovalTrigger]) -> list[tuple[int, str]]:
    return [(t.entry_id, t.reason) for t in triggers]


def test_over_age_is_the_r3_check_at_the_given_date() -> None:
    fails = entry(birth_date=birth_for_months(71, TODAY))
    passes = entry(birth_date=birth_for_months(72, TODAY))
    facts = planning_list([fails, passes], kind="current", reference_date=REF)
    triggers = removal_triggers(facts, HD16, TODAY)
    assert reasons(triggers) == [(fails.entry_id, "over_age")]
    assert triggers[0].message == (
        "Quá tuổi quy hoạch: còn 71 tháng công tác tính đến 01/06/2025, không đủ để quy hoạch nhiệm kỳ "
        "hiện tại (đối tượng 1 cần 72 tháng, thiếu 1 tháng)."
    )
    # the same list checked at its reference date has no trigger: the date matters
    assert removal_triggers(facts, HD16, REF) == []


def test_a_warning_is_not_a_trigger() -> None:
    warned = entry(birth_date=birth_for_months(100, TODAY))  # AGE_PREFER_TWO_TERMS on a next list
    assert removal_triggers(planning_list([warned], kind="next"), HD16, TODAY) == []
    group2 = dataclasses.replace(warned, target_group=2)
    assert reasons(removal_triggers(planning_list([group2], kind="next"), HD16, TODAY)) == [
        (group2.entry_id, "over_age")
    ]


def test_discipline_in_effect_at_the_given_date() -> None:
    later = entry(disciplines=[Discipline("warning", date(2025, 1, 1))])
    ended = entry(disciplines=[Discipline("expulsion", date(2021, 1, 1), date(2025, 5, 31))])
    facts = planning_list([later, ended], reference_date=REF)
    triggers = removal_triggers(facts, HD16, TODAY)
    assert reasons(triggers) == [(later.entry_id, "disciplined")]
    assert triggers[0].message == (
        "Bị kỷ luật từ mức khiển trách trở lên: đang chịu kỷ luật cảnh cáo (từ 01/01/2025 đến nay), "
        "còn hiệu lực tại ngày 01/06/2025."
    )
    stricter = dataclasses.replace(HD16, discipline_min_rank=3)
    assert removal_triggers(facts, stricter, TODAY) == []


def test_political_standard() -> None:
    e = entry(position_code="BI_THU", fails_political_standard=True)
    triggers = removal_triggers(planning_list([e]), QD377, TODAY)
    assert triggers == [
        RemovalTrigger(
            e.entry_id,
            "political_standard",
            "Có kết luận không bảo đảm tiêu chuẩn chính trị (chức danh quy hoạch BI_THU).",
        )
    ]


def test_one_trigger_per_entry_and_reason_in_input_order() -> None:
    everything = entry(
        birth_date=date(1960, 1, 1),
        disciplines=[Discipline("reprimand", date(2025, 1, 1))],
        fails_political_standard=True,
    )
    clean = entry()
    facts = planning_list([clean, everything, clean], reference_date=REF)
    assert reasons(removal_triggers(facts, HD16, TODAY)) == [
        (everything.entry_id, "over_age"),
        (everything.entry_id, "disciplined"),
        (everything.entry_id, "political_standard"),
    ]
    retired = removal_triggers(facts, HD16, TODAY)[0].message
    assert retired.startswith(
        "Quá tuổi quy hoạch: đã đến tuổi nghỉ hưu ngày 31/01/2020, trước ngày 01/06/2025"
    )


def test_triggers_are_the_same_whatever_the_caller_does_with_them() -> None:
    e = entry(fails_political_standard=True)
    assert HD16.auto_remove and not QD377.auto_remove
    assert reasons(removal_triggers(planning_list([e]), HD16, TODAY)) == reasons(
        removal_triggers(planning_list([e]), QD377, TODAY)
    )
