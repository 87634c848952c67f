"""The SQL structure counts agree with the rules engine list by list, rule set by rule set, to the day."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

import pytest

from apps.organizations.models import Level, Organization, Term
from apps.planning.models import EntryStatus, ListKind, ListStatus, PlanningList
from apps.planning.selectors import ListEvaluation, planning_list_evaluations, planning_lists_in_scope
from apps.reports.selectors import compliance_report_build, list_structure_counts, subtree_structure_totals
from apps.rules.models import RuleSet, RuleSetLevel

from .builders import org, person, plan, plan_list

pytestmark = pytest.mark.django_db

COUNTED = ("people", "entries", "women", "ethnic", "young")


def evaluations(root: Organization, term: Term) -> list[ListEvaluation]:
    return list(planning_list_evaluations(lists=planning_lists_in_scope(organization=root, term=term)))


def engine_totals(found: list[ListEvaluation]) -> dict[str, int]:
    """What subtree_structure_totals must return, computed from the engine's per-list results."""
    totals = {key: sum(getattr(e.result, key) for e in found) for key in COUNTED}
    officials = {entry.official_id for e in found for entry in e.facts.entries}
    return {"lists": len(found), "distinct_people": len(officials), **totals}


def assert_sql_matches_engine(root: Organization, term: Term) -> list[ListEvaluation]:
    found = evaluations(root, term)
    assert subtree_structure_totals(organization=root, term=term) == engine_totals(found)
    by_list = list_structure_counts(organization=root, term=term)
    for e in found:
        expected = {key: getattr(e.result, key) for key in COUNTED}
        assert by_list.get(e.info.id, dict.fromkeys(COUNTED, 0)) == expected, e.info
    return found


def young_names(e: ListEvaluation) -> set[str]:
    return {f.full_name for f, r in zip(e.facts.entries, e.result.entry_results, strict=True) if r.young}


@pytest.fixture
def provincial() -> RuleSet:
    """A province's own rule set, never in force by date: young below 30 at province and commune only."""
    rule_set = RuleSet.objects.create(
        code="TINH-2030", name="Quy định của tỉnh", valid_from=dt.date(2030, 1, 1)
    )
    for level in (Level.PROVINCE, Level.COMMUNE):
        RuleSetLevel.objects.create(rule_set=rule_set, level=level, young_age_below=30)
    return rule_set


def test_structure_totals_equal_the_engine_on_a_mixed_subtree(provincial: RuleSet) -> None:
    term = Term.objects.get(code="2025-2030")
    province = org("P", Level.PROVINCE)
    district = org("D", Level.DISTRICT, province)
    commune = org("C1", Level.COMMUNE, district)
    direct = org("C2", Level.COMMUNE, province)  # a commune right under the province (after 1/7/2025)
    no_limit = org("D2", Level.DISTRICT, province)
    other = org("Q", Level.PROVINCE)
    expected_young: dict[int, set[str]] = {}

    def people(pl: PlanningList, where: Organization, rows: list[tuple[str, dt.date, str, bool]]) -> None:
        for i, (name, born, sex, _young) in enumerate(rows):
            official = person(name, born, sex, where, ethnicity="Thái" if i == 0 else "Kinh")
            plan(pl, official, ["BI_THU", "UV_BCH", "CT_UBND", "TRUONG_PHONG"][i % 4])
        expected_young[pl.id] = {name for name, _, _, young in rows if young}

    # HD16-2022 in force, district limit 40: the 40th birthday on the reference date is not young
    d_next = plan_list(district, ListKind.NEXT, dt.date(2025, 6, 1))
    people(
        d_next,
        district,
        [("Tròn 40", dt.date(1985, 6, 1), "M", False), ("Thiếu 1 ngày", dt.date(1985, 6, 2), "F", True)],
    )
    twice = person("Hai chức danh", dt.date(1990, 1, 1), "F", district)
    plan(d_next, twice, "PHO_BI_THU")
    plan(d_next, twice, "CT_HDND")
    expected_young[d_next.id].add("Hai chức danh")
    gone = person("Đã đưa ra", dt.date(1995, 1, 1), "F", district)
    plan(
        d_next,
        gone,
        "UV_BTV",
        status=EntryStatus.REMOVED,
        removed_reason="Thử",
        removed_on=dt.date(2025, 7, 1),
    )
    # QD377-2025 in force after 2025-10-08
    d_current = plan_list(district, ListKind.CURRENT, dt.date(2026, 1, 15))
    people(
        d_current,
        district,
        [("D 40", dt.date(1986, 1, 15), "M", False), ("D 39", dt.date(1986, 1, 16), "M", True)],
    )
    plan(d_current, twice, "BI_THU")
    expected_young[d_current.id].add("Hai chức danh")
    c_current = plan_list(commune, ListKind.CURRENT, dt.date(2026, 1, 15))
    people(
        c_current,
        commune,
        [("X 35", dt.date(1991, 1, 15), "F", False), ("X 34", dt.date(1991, 1, 16), "M", True)],
    )
    # recorded at submission: the province's rule set (commune limit 30), not the one in force
    c_next = plan_list(
        commune, ListKind.NEXT, dt.date(2025, 6, 1), status=ListStatus.APPROVED, rule_set_used=provincial
    )
    people(
        c_next, commune, [("X 32", dt.date(1993, 6, 1), "M", False), ("X 29", dt.date(1995, 6, 2), "F", True)]
    )
    # chosen explicitly: the province's rule set (province limit 30) on the first day of QD377-2025
    p_current = plan_list(province, ListKind.CURRENT, dt.date(2025, 10, 8), rule_set=provincial)
    people(
        p_current,
        province,
        [("P 30", dt.date(1995, 10, 8), "M", False), ("P 29", dt.date(1995, 10, 9), "F", True)],
    )
    # the last day of HD16-2022, province limit 40
    p_next = plan_list(province, ListKind.NEXT, dt.date(2025, 10, 7))
    people(
        p_next,
        province,
        [("P 40", dt.date(1985, 10, 7), "M", False), ("P 39", dt.date(1985, 10, 8), "M", True)],
    )
    # 29 February: on 28/02/2027 a child of 29/02/1992 is still 34; on 29/02/2028 one of 28/02/1993 is 35
    c2_next = plan_list(direct, ListKind.NEXT, dt.date(2027, 2, 28))
    people(
        c2_next,
        direct,
        [("Sinh 29/2", dt.date(1992, 2, 29), "F", True), ("Sinh 28/2", dt.date(1992, 2, 28), "M", False)],
    )
    c2_current = plan_list(direct, ListKind.CURRENT, dt.date(2028, 2, 29))
    people(
        c2_current,
        direct,
        [("Đủ 35", dt.date(1993, 2, 28), "M", False), ("Sinh 1/3", dt.date(1993, 3, 1), "F", True)],
    )
    # chosen rule set without a row for the level: the engine default for the level applies (district: 40)
    d2_current = plan_list(no_limit, ListKind.CURRENT, dt.date(2026, 1, 15), rule_set=provincial)
    people(d2_current, no_limit, [("Mặc định theo cấp", dt.date(2000, 1, 1), "F", True)])
    # an older edition of a list is not reported, only its newest version
    old = plan_list(no_limit, ListKind.NEXT, dt.date(2025, 6, 1))
    people(old, no_limit, [("Bản cũ", dt.date(1999, 1, 1), "F", True)])
    newer = plan_list(no_limit, ListKind.NEXT, dt.date(2025, 6, 1), version=2, previous=old)
    people(newer, no_limit, [("Bản mới", dt.date(1960, 1, 1), "M", False)])
    outside = plan_list(other, ListKind.NEXT, dt.date(2025, 6, 1))
    people(outside, other, [("Tỉnh khác", dt.date(1999, 1, 1), "F", True)])

    found = assert_sql_matches_engine(province, term)
    assert {e.info.id for e in found} == set(expected_young) - {old.id, outside.id}
    rule_sets = {e.info.id: e.result.rule_set for e in found}
    assert rule_sets[d_current.id] == rule_sets[c_current.id] == rule_sets[c2_current.id] == "QD377-2025"
    assert (
        rule_sets[p_next.id] == "HD16-2022" and rule_sets[c_next.id] == rule_sets[p_current.id] == "TINH-2030"
    )
    for e in found:
        assert young_names(e) == expected_young[e.info.id], e.info
    totals = subtree_structure_totals(organization=province, term=term)
    assert totals["people"] == totals["distinct_people"] + 1  # "Hai chức danh" is in two lists
    assert totals["entries"] == totals["people"] + 1  # and holds two posts in one of them
    # the report's totals are the engine's, so they agree with the SQL too
    report = compliance_report_build(organization=province, term=term, entries_detail=False)
    assert {key: report["totals"][key] for key in totals} == totals
    # a subtree and one kind narrow the same way in SQL and in the engine
    assert_sql_matches_engine(district, term)
    narrowed = subtree_structure_totals(organization=province, term=term, kind=ListKind.NEXT)
    assert narrowed["lists"] == 5 and narrowed["young"] == sum(
        len(expected_young[pl.id]) for pl in (d_next, c_next, p_next, c2_next)
    )


def _random_births(rng: random.Random, reference: dt.date, limit: int) -> Iterator[dt.date]:
    for _ in range(12):
        around = dt.date(reference.year - limit, 3, 1) + dt.timedelta(days=rng.randint(-400, 400))
        yield around
    yield dt.date(reference.year - limit - (reference.year - limit) % 4, 2, 29)  # a leap-day birth


def test_young_in_sql_equals_the_engine_around_random_cutoffs(provincial: RuleSet) -> None:
    rng = random.Random(20251008)
    term = Term.objects.get(code="2025-2030")
    root = org("P", Level.PROVINCE)
    references = [
        dt.date(2028, 2, 29),
        dt.date(2027, 2, 28),
        dt.date(2027, 3, 1),
        dt.date(2025, 10, 7),
        dt.date(2025, 10, 8),
    ]
    references += [dt.date(2025, 6, 1) + dt.timedelta(days=rng.randint(0, 1800)) for _ in range(5)]
    for i, reference in enumerate(references):
        level = [Level.DISTRICT, Level.COMMUNE][i % 2]
        where = org(f"U{i}", level, root)
        chosen = provincial if i % 5 == 4 else None
        pl = plan_list(where, ListKind.CURRENT if i % 3 else ListKind.NEXT, reference, rule_set=chosen)
        for j, born in enumerate(_random_births(rng, reference, 40 if level == Level.DISTRICT else 35)):
            plan(
                pl,
                person(f"Người {i}-{j}", born, rng.choice("MF"), where),
                ["BI_THU", "UV_BCH", "CT_UBND"][j % 3],
            )
    found = assert_sql_matches_engine(root, term)
    assert 0 < sum(e.result.young for e in found) < sum(e.result.people for e in found)
