"""evaluate_list as a whole: every code where it belongs and nowhere else, checked against a naive oracle."""

from __future__ import annotations

import dataclasses
import re
from datetime import date, timedelta
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from apps.rules.engine import (
    DISCIPLINE_RANKS,
    Code,
    Confidence,
    Discipline,
    EntryFacts,
    ListFacts,
    ListResult,
    Proposal,
    QuotaTarget,
    RuleParams,
    Severity,
    Vote,
    evaluate_list,
)

from .builders import HD16, QD377, birth_for_months, entry, planning_list
from .roadmap import roadmap_retirement_date

REF = date(2025, 6, 1)


def all_codes(result: ListResult) -> set[str]:
    return {f.code for f in result.findings} | {f.code for r in result.entry_results for f in r.findings}


def test_clean_list_has_no_finding() -> None:
    born = date(1988, 5, 5)
    entries = [
        entry(position_code="BI_THU", sex="F", birth_date=born),
        entry(position_code="BI_THU"),
        entry(position_code="CT_UBND", position_group="leadership", sex="F", birth_date=born),
        entry(position_code="CT_UBND", position_group="leadership"),
    ]
    for params in (HD16, QD377):
        for kind in ("current", "next"):
            result = evaluate_list(planning_list(entries, kind=kind, reference_date=REF), params)
            assert all_codes(result) == set(), (params.code, kind)
            assert [q.ok for q in result.quotas] == [True, True]
            assert result.rule_set == params.code
            assert [r.entry_id for r in result.entry_results] == [e.entry_id for e in entries]


def test_every_code_is_produced_by_one_crafted_list() -> None:
    ref = date(2025, 6, 1)
    over_cap_person = [
        entry(official_id=1, position_code=p, birth_date=date(1980, 1, 1))
        for p in ("BI_THU", "P1", "P2", "P3")
    ]
    crowded = [entry(position_code="CT_UBND", position_group="leadership") for _ in range(4)]
    current = planning_list(
        over_cap_person
        + crowded
        + [
            entry(birth_date=birth_for_months(71, ref)),  # AGE_CURRENT_TERM
            entry(birth_date=birth_for_months(119, ref), target_group=2),  # AGE_TWO_TERMS
            entry(disciplines=[Discipline("reprimand", date(2025, 1, 1))]),  # DISCIPLINED
            entry(position_rank=5, current_position_rank=5),  # NOT_HIGHER_POSITION
            entry(ethnic_minority=True),
            entry(pending_proposals=(Proposal("appoint", date(2025, 5, 2), "Ban Thường vụ Tỉnh ủy"),)),
            entry(education_rank=2, min_education_rank=3),  # TRAINING_NEEDED
            dataclasses.replace(entry(), votes=(Vote("conference", ref, 60, 58, 57, 20),)),  # VOTE_BELOW_...
            dataclasses.replace(entry(), confidence=Confidence("Hội nghị", ref, 5, 5, 20)),  # LOW_CONFIDENCE
        ],
        kind="current",
        reference_date=ref,
    )
    params = dataclasses.replace(
        QD377, quota_targets={"district": QuotaTarget(young=90.0, women=25.0, ethnic=50.0)}
    )
    result = evaluate_list(current, params)
    assert all_codes(result) == set(Code) - {Code.AGE_FULL_TERM, Code.AGE_PREFER_TWO_TERMS}

    nxt = planning_list(
        [entry(birth_date=birth_for_months(59, ref)), entry(birth_date=birth_for_months(61, ref))],
        kind="next",
        reference_date=ref,
    )
    assert {Code.AGE_FULL_TERM, Code.AGE_PREFER_TWO_TERMS} <= all_codes(evaluate_list(nxt, HD16))


def test_codes_that_never_appear_under_some_settings() -> None:
    men = [
        entry(position_code="BI_THU", position_rank=3, current_position_rank=9, birth_date=date(1960, 1, 1))
        for _ in range(2)
    ]
    commune = evaluate_list(planning_list(men, level="commune"), HD16)
    codes = all_codes(commune)
    assert Code.NO_WOMAN_IN_GROUP not in codes  # not at commune level
    assert Code.NOT_HIGHER_POSITION not in codes  # HD16 does not require a higher post
    assert Code.QUOTA_ETHNIC not in codes  # no ethnic target by default
    assert {Code.AGE_CURRENT_TERM, Code.QUOTA_WOMEN, Code.QUOTA_YOUNG} <= codes
    assert not codes & {Code.AGE_FULL_TERM, Code.AGE_PREFER_TWO_TERMS}  # next-list codes on a current list


def test_messages_are_vietnamese_with_dd_mm_yyyy_dates() -> None:
    ref = date(2025, 6, 1)
    result = evaluate_list(
        planning_list(
            [
                entry(
                    birth_date=birth_for_months(10, ref),
                    disciplines=[Discipline("reprimand", date(2024, 2, 3))],
                )
            ],
            reference_date=ref,
        ),
        HD16,
    )
    messages = [f.message for f in result.findings] + [f.message for f in result.entry_results[0].findings]
    assert messages
    for message in messages:
        assert not re.search(r"\d{4}-\d{2}-\d{2}", message)
        assert not re.search(r"\d\.\d", message)
        assert message.endswith(".")
    assert "03/02/2024" in result.entry_results[0].findings[1].message


def test_evaluate_list_is_deterministic() -> None:
    entries = [entry(position_code=f"P{i % 3}", sex="MF"[i % 2]) for i in range(12)]
    facts = planning_list(entries, reference_date=REF)
    assert evaluate_list(facts, QD377) == evaluate_list(facts, QD377)


# --- A naive oracle over random lists ----------------------------------------------------------------

POSITIONS = {
    "BI_THU": ("committee", 10),
    "UV_BTV": ("committee", 8),
    "CT_UBND": ("leadership", 8),
    "TP": ("management", 5),
}


def _counts(d: Discipline, ref: date, params: RuleParams) -> bool:
    """Oracle of R7: under QD377 a period from the decision (a later day, a month-end clamped), else in effect."""
    months = (params.discipline_months or {}).get(d.level)
    if months is None:
        return d.end is None or ref <= d.end
    total = d.start.month - 1 + months
    year, month = d.start.year + total // 12, total % 12 + 1
    last = (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)).day
    return ref < date(year, month, min(d.start.day, last))


def oracle(facts: ListFacts, params: RuleParams) -> tuple[list[list[tuple[str, str]]], list[tuple[str, str]]]:
    """Entry codes and list codes, computed the slow obvious way from domain.md §3."""
    ref = facts.reference_date
    entries = facts.entries
    entry_codes = []
    for e in entries:
        retired = e.retirement_override or roadmap_retirement_date(e.sex, e.birth_date)
        months = (retired.year - ref.year) * 12 + retired.month - ref.month
        found: list[tuple[str, str]] = []
        if facts.kind == "current":
            need = params.current_group1_months if e.target_group == 1 else params.current_group2_months
            if months < need:
                found.append((Code.AGE_CURRENT_TERM if e.target_group == 1 else Code.AGE_TWO_TERMS, "error"))
        elif e.target_group == 1:
            if months < params.next_group1_min_months:
                found.append((Code.AGE_FULL_TERM, "error"))
            elif months < params.next_group1_preferred_months:
                found.append((Code.AGE_PREFER_TWO_TERMS, "warning"))
        elif months < params.next_group2_months:
            found.append((Code.AGE_TWO_TERMS, "error"))
        if sum(x.official_id == e.official_id for x in entries) > params.max_positions_per_person:
            found.append((Code.PERSON_OVER_CAP, "error"))
        if any(
            DISCIPLINE_RANKS[d.level] >= params.discipline_min_rank
            and d.start <= ref
            and _counts(d, ref, params)
            for d in e.disciplines
        ):
            found.append((Code.DISCIPLINED, str(params.discipline_severity)))
        levels = ["central", "province", "district", "commune", "grassroots"]
        held_level = levels.index(e.current_position_level or facts.level)
        list_level = levels.index(facts.level)
        higher = list_level < held_level or (
            list_level == held_level and e.position_rank > (e.current_position_rank or 0)
        )
        if params.require_higher_position and e.current_position_rank is not None and not higher:
            found.append((Code.NOT_HIGHER_POSITION, "error"))
        entry_codes.append(found)

    list_codes: list[tuple[str, str]] = []
    for position in {e.position_code for e in entries}:
        n = len({e.official_id for e in entries if e.position_code == position})
        if n > params.max_people_per_position:
            list_codes.append((Code.POSITION_OVER_CAP, position))
        if n < params.min_bench:
            list_codes.append((Code.THIN_BENCH, position))
    if facts.level in params.woman_per_group_levels:
        for group in {e.position_group for e in entries}:
            if not any(e.sex == "F" for e in entries if e.position_group == group):
                list_codes.append((Code.NO_WOMAN_IN_GROUP, group))
    people = {e.official_id: e for e in entries}
    targets = params.quota_targets.get(facts.level)
    if people and targets:
        limit = params.young_age_by_level[facts.level]

        def age(b: date) -> int:
            return ref.year - b.year - ((ref.month, ref.day) < (b.month, b.day))

        for code, target, count in (
            (Code.QUOTA_YOUNG, targets.young, sum(age(p.birth_date) < limit for p in people.values())),
            (Code.QUOTA_WOMEN, targets.women, sum(p.sex == "F" for p in people.values())),
            (Code.QUOTA_ETHNIC, targets.ethnic, sum(p.ethnic_minority for p in people.values())),
        ):
            if target is not None and Fraction(count, len(people)) * 100 < Fraction(str(target)):
                list_codes.append((code, ""))
    return entry_codes, sorted(list_codes)


@st.composite
def random_lists(draw: st.DrawFn) -> tuple[ListFacts, RuleParams]:
    ref = draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2032, 12, 31)))
    officials = {
        oid: (
            draw(st.sampled_from("MF")),
            draw(st.dates(min_value=date(1958, 1, 1), max_value=date(1998, 12, 31))),
            draw(st.booleans()),
            draw(st.none() | st.dates(min_value=date(2024, 1, 1), max_value=date(2040, 12, 31))),
        )
        for oid in range(draw(st.integers(1, 8)))
    }
    entries = []
    for entry_id in range(draw(st.integers(0, 20))):
        oid = draw(st.sampled_from(sorted(officials)))
        sex, birth, ethnic, override = officials[oid]
        position = draw(st.sampled_from(sorted(POSITIONS)))
        group, rank = POSITIONS[position]
        disciplines = draw(
            st.lists(
                st.builds(
                    Discipline,
                    st.sampled_from(sorted(DISCIPLINE_RANKS)),
                    st.dates(min_value=ref - timedelta(days=730), max_value=ref + timedelta(days=365)),
                    st.none() | st.just(ref) | st.dates(min_value=ref - timedelta(days=365)),
                ),
                max_size=2,
            )
        )
        entries.append(
            EntryFacts(
                entry_id=entry_id,
                official_id=oid,
                full_name=f"Cán bộ {oid}",
                sex=sex,
                birth_date=birth,
                position_code=position,
                position_group=group,
                position_rank=rank,
                target_group=draw(st.sampled_from([1, 2])),
                ethnic_minority=ethnic,
                retirement_override=override,
                current_position_rank=draw(st.none() | st.integers(4, 11)),
                current_position_level=draw(
                    st.none() | st.sampled_from(["central", "province", "district", "commune", "grassroots"])
                ),
                disciplines=tuple(disciplines),
            )
        )
    facts = ListFacts(
        list_id=1,
        kind=draw(st.sampled_from(["current", "next"])),
        level=draw(st.sampled_from(["central", "province", "district", "commune", "grassroots"])),
        reference_date=ref,
        entries=tuple(entries),
    )
    params = draw(st.sampled_from([HD16, QD377]))
    params = dataclasses.replace(
        params,
        discipline_min_rank=draw(st.integers(1, 4)),
        min_bench=draw(st.integers(1, 3)),
        max_positions_per_person=draw(st.integers(1, 3)),
    )
    return facts, params


@settings(database=None, deadline=None, max_examples=120)
@given(random_lists())
def test_evaluate_list_agrees_with_the_oracle(case: tuple[ListFacts, RuleParams]) -> None:
    facts, params = case
    result = evaluate_list(facts, params)
    entry_codes, list_codes = oracle(facts, params)
    assert [[(f.code, f.severity) for f in r.findings] for r in result.entry_results] == entry_codes
    assert [(f.code, f.position or f.position_group or "") for f in result.findings] == list_codes
    assert [r.entry_id for r in result.entry_results] == [e.entry_id for e in facts.entries]
    for r in result.entry_results:
        assert r.eligible is all(f.severity != Severity.ERROR for f in r.findings)
    assert result.people == len({e.official_id for e in facts.entries})
    assert result.entries == len(facts.entries)
    for q in result.quotas:
        assert (q.ok is None, q.actual is None) == (not facts.entries, not facts.entries)
