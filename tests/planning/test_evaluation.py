"""Evaluation of lists through the ORM adapter: same results alone and in a subtree, bounded queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.organizations.models import Level, Organization, Position, Term
from apps.people.models import DisciplineRecord, Official
from apps.planning.models import EntryStatus, PlanningEntry, PlanningList
from apps.planning.selectors import planning_list_evaluate, planning_list_evaluations, planning_lists_in_scope
from apps.rules.models import RuleSet

pytestmark = pytest.mark.django_db


def org(code: str, level: str, parent: Organization | None = None) -> Organization:
    return Organization.objects.create(code=code, name=code, level=level, parent=parent)


def person(name: str, born: dt.date, sex: str, where: Organization, **extra: object) -> Official:
    return Official.objects.create(full_name=name, birth_date=born, sex=sex, organization=where, **extra)


def plan(pl: PlanningList, official: Official, code: str, **extra: object) -> PlanningEntry:
    return PlanningEntry.objects.create(
        planning_list=pl, official=official, position=Position.objects.get(code=code), **extra
    )


@pytest.fixture
def tree() -> dict[str, Organization]:
    province = org("P", Level.PROVINCE)
    district = org("D", Level.DISTRICT, province)
    commune = org("C", Level.COMMUNE, district)
    return {"P": province, "D": district, "C": commune}


def test_domain_example_next_list(tree: dict[str, Organization]) -> None:
    term = Term.objects.get(code="2025-2030")
    pl = PlanningList.objects.create(
        organization=tree["D"], term=term, kind="next", reference_date=dt.date(2025, 6, 1)
    )
    an = person("Nguyễn Văn An", dt.date(1968, 3, 15), "M", tree["D"])
    entry = plan(pl, an, "PHO_BI_THU")
    evaluation = planning_list_evaluate(planning_list=pl)
    assert evaluation.result.rule_set == "HD16-2022"
    (res,) = evaluation.result.entry_results
    assert res.entry_id == entry.id
    assert res.retirement_date == dt.date(2030, 3, 31)
    assert res.months_remaining == 57
    assert [f.code for f in res.findings] == ["AGE_FULL_TERM"]
    assert not res.eligible
    codes = {f.code for f in evaluation.result.findings}
    # a district list with one man only: no woman in the committee group, thin bench, women quota
    assert {"NO_WOMAN_IN_GROUP", "THIN_BENCH", "QUOTA_WOMEN"} <= codes
    # messages name the post as the catalogue does, not by its code
    thin = next(f for f in evaluation.result.findings if f.code == "THIN_BENCH")
    assert thin.position == "PHO_BI_THU" and "Phó Bí thư" in thin.message and "PHO_BI_THU" not in thin.message


def test_rule_set_follows_the_reference_date_unless_chosen(tree: dict[str, Organization]) -> None:
    term = Term.objects.get(code="2025-2030")
    late = PlanningList.objects.create(
        organization=tree["C"], term=term, kind="current", reference_date=dt.date(2026, 1, 1)
    )
    assert planning_list_evaluate(planning_list=late).result.rule_set == "QD377-2025"
    late.rule_set = RuleSet.objects.get(code="HD16-2022")
    late.save()
    assert planning_list_evaluate(planning_list=late).result.rule_set == "HD16-2022"


def test_removed_entries_are_not_evaluated(tree: dict[str, Organization]) -> None:
    term = Term.objects.get(code="2020-2025")
    pl = PlanningList.objects.create(
        organization=tree["C"], term=term, kind="current", reference_date=dt.date(2022, 4, 1)
    )
    a = person("Trần Thị Bình", dt.date(1985, 5, 1), "F", tree["C"])
    b = person("Lê Văn Cường", dt.date(1960, 5, 1), "M", tree["C"])
    plan(pl, a, "BI_THU")
    plan(
        pl, b, "BI_THU", status=EntryStatus.REMOVED, removed_reason="Quá tuổi", removed_on=dt.date(2022, 5, 1)
    )
    result = planning_list_evaluate(planning_list=pl).result
    assert result.entries == 1 and result.people == 1


def test_alone_and_in_subtree_give_identical_results_in_bounded_queries(
    tree: dict[str, Organization],
) -> None:
    term = Term.objects.get(code="2025-2030")
    lists = []
    for i, where in enumerate(tree.values()):
        pl = PlanningList.objects.create(
            organization=where, term=term, kind="next", reference_date=dt.date(2025, 6, 1)
        )
        lists.append(pl)
        for j in range(3 + i * 4):
            official = person(
                f"Cán bộ {i}-{j}", dt.date(1970 + j, 1 + j % 12, 1), "F" if j % 3 == 0 else "M", where
            )
            plan(pl, official, ["BI_THU", "UV_BCH", "TRUONG_PHONG"][j % 3])
            if j == 1:
                DisciplineRecord.objects.create(
                    official=official, level="reprimand", start_date=dt.date(2025, 1, 1)
                )
    with CaptureQueriesContext(connection) as ctx:
        together = {
            e.info.id: e.result
            for e in planning_list_evaluations(
                lists=planning_lists_in_scope(organization=tree["P"], term=term)
            )
        }
    # lists, rule sets, rule-set levels, disciplines, pending proposals (issue 9, R6), entries at the same
    # level in other lists (issue 9, R6 cap per person), the posts' standards (issue 9, R9), votes and
    # confidence votes (issue 10), the levels of the officials' workplaces (issue 13: a join less on the
    # entries), entries: the same whatever the number of entries
    assert len(ctx.captured_queries) <= 12
    assert set(together) == {pl.id for pl in lists}
    for pl in lists:
        assert planning_list_evaluate(planning_list=pl).result == together[pl.id]
    district_only = {
        e.info.id
        for e in planning_list_evaluations(lists=planning_lists_in_scope(organization=tree["D"], term=term))
    }
    assert district_only == {lists[1].id, lists[2].id}
    assert any(
        f.code == "DISCIPLINED" for r in together.values() for e in r.entry_results for f in e.findings
    )


# --- R6 higher post across organization levels (QD377) ------------------------------------------------


def test_not_higher_position_compares_the_level_of_the_workplace(tree: dict[str, Organization]) -> None:
    term = Term.objects.get(code="2025-2030")
    pl = PlanningList.objects.create(
        organization=tree["D"], term=term, kind="current", reference_date=dt.date(2026, 1, 1)
    )
    bi_thu = Position.objects.get(code="BI_THU")
    # a commune Bí thư (rank 100) planned for district UV_BTV (rank 70): moving up a level
    commune_head = person("Trần Văn Bình", dt.date(1980, 1, 1), "M", tree["C"], current_position=bi_thu)
    # a district Bí thư planned for district UV_BTV: same level, lower rank
    district_head = person("Lê Văn Cường", dt.date(1980, 1, 1), "M", tree["D"], current_position=bi_thu)
    # a province Phó Bí thư planned for district Bí thư: a lower level, whatever the rank
    province_deputy = person(
        "Phạm Văn Dũng",
        dt.date(1980, 1, 1),
        "M",
        tree["P"],
        current_position=Position.objects.get(code="PHO_BI_THU"),
    )
    entries = [
        plan(pl, commune_head, "UV_BTV"),
        plan(pl, district_head, "UV_BTV"),
        plan(pl, province_deputy, "BI_THU"),
    ]
    evaluation = planning_list_evaluate(planning_list=pl)
    assert evaluation.result.rule_set == "QD377-2025"
    flagged = {
        r.entry_id: "NOT_HIGHER_POSITION" in {f.code for f in r.findings}
        for r in evaluation.result.entry_results
    }
    assert flagged == {entries[0].id: False, entries[1].id: True, entries[2].id: True}


# --- Rule-set levels: defaults for a missing row, unchecked null targets -------------------------------


def test_level_without_a_row_falls_back_to_the_engine_defaults(tree: dict[str, Organization]) -> None:
    from apps.rules.adapters import rule_params

    rule_set = RuleSet.objects.get(code="HD16-2022")
    rule_set.levels.filter(level=Level.DISTRICT).delete()
    params = rule_params(rule_set, rule_set.levels.all())
    assert params.young_age_by_level[Level.DISTRICT] == 40
    district = params.quota_targets[Level.DISTRICT]
    assert (district.young, district.women, district.ethnic) == (15.0, 25.0, None)
    assert Level.DISTRICT in params.woman_per_group_levels

    term = Term.objects.get(code="2025-2030")
    pl = PlanningList.objects.create(
        organization=tree["D"], term=term, kind="next", reference_date=dt.date(2025, 6, 1)
    )
    plan(pl, person("Nguyễn Văn An", dt.date(1968, 3, 15), "M", tree["D"]), "PHO_BI_THU")
    quotas = planning_list_evaluate(planning_list=pl).result.quotas
    assert [(q.code, q.target) for q in quotas] == [("QUOTA_YOUNG", 15.0), ("QUOTA_WOMEN", 25.0)]


def test_null_targets_keep_the_quota_listed_but_unchecked(tree: dict[str, Organization]) -> None:
    rule_set = RuleSet.objects.get(code="HD16-2022")
    rule_set.levels.filter(level=Level.DISTRICT).update(young_target=None, women_target=None)
    term = Term.objects.get(code="2025-2030")
    pl = PlanningList.objects.create(
        organization=tree["D"], term=term, kind="next", reference_date=dt.date(2025, 6, 1)
    )
    plan(pl, person("Nguyễn Văn An", dt.date(1968, 3, 15), "M", tree["D"]), "PHO_BI_THU")
    result = planning_list_evaluate(planning_list=pl).result
    assert [(q.code, q.count, q.total, q.actual, q.target, q.ok) for q in result.quotas] == [
        ("QUOTA_YOUNG", 0, 1, 0.0, None, None),
        ("QUOTA_WOMEN", 0, 1, 0.0, None, None),
    ]
    assert not {f.code for f in result.findings} & {"QUOTA_YOUNG", "QUOTA_WOMEN"}


def _level_formset(levels: list[str]) -> object:
    from django.forms import inlineformset_factory

    from apps.rules.admin import RuleSetLevelFormSet, RuleSetLevelInline
    from apps.rules.models import RuleSetLevel

    inline = RuleSetLevelInline
    assert (inline.formset, inline.min_num, inline.max_num) == (RuleSetLevelFormSet, 5, 5)
    formset_class = inlineformset_factory(
        RuleSet,
        RuleSetLevel,
        formset=RuleSetLevelFormSet,
        fields=["level", "young_age_below"],
        extra=0,
        min_num=5,
        max_num=5,
        validate_min=True,
        validate_max=True,
    )
    data = {
        "levels-TOTAL_FORMS": str(len(levels)),
        "levels-INITIAL_FORMS": "0",
        "levels-MIN_NUM_FORMS": "5",
        "levels-MAX_NUM_FORMS": "5",
    }
    for i, level in enumerate(levels):
        data |= {f"levels-{i}-level": level, f"levels-{i}-young_age_below": "35"}
    return formset_class(data=data, instance=RuleSet(code="NEW", name="Mới"), prefix="levels")


def test_admin_requires_each_of_the_five_levels_once() -> None:
    all_levels = [value for value, _ in Level.choices]
    assert _level_formset(all_levels).is_valid()
    missing = _level_formset(all_levels[:4])
    assert not missing.is_valid()
    doubled = _level_formset([*all_levels[:4], all_levels[0]])
    assert not doubled.is_valid()
    assert any("trùng" in str(e) for e in doubled.non_form_errors())
