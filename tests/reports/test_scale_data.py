"""The scale-data generator: a consistent tree, the counts it claims, no history rows, triggers restored."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps

from apps.core.text import fold_name
from apps.organizations.models import PATH_STEP, Organization, Term
from apps.people.models import DisciplineRecord, Official, is_ethnic_minority
from apps.planning.models import EntryStatus, PlanningEntry, PlanningList
from apps.planning.selectors import planning_list_evaluations, planning_lists_in_scope
from apps.reports.selectors import subtree_structure_totals
from benchmarks.scale_data import PROVINCES, generate

pytestmark = pytest.mark.django_db


def test_generate_builds_a_consistent_tree_with_the_claimed_counts() -> None:
    counts = generate(entries=2000, seed=7)
    orgs = {o.id: o for o in Organization.objects.filter(code__startswith="SC-")}
    assert counts["organizations"] == len(orgs)
    roots = [o for o in orgs.values() if o.parent_id is None]
    assert [r.code for r in roots] == ["SC-TW"] and roots[0].depth == 0
    assert roots[0].path == f"/{roots[0].id:0{PATH_STEP}d}/"
    for o in orgs.values():
        if o.parent_id is not None:
            parent = orgs[o.parent_id]
            assert o.path == f"{parent.path}{o.id:0{PATH_STEP}d}/" and o.path.startswith(parent.path)
            assert o.depth == parent.depth + 1
    assert sum(o.level == "province" for o in orgs.values()) == PROVINCES
    assert any(
        o.level == "commune" and o.parent_id is not None and orgs[o.parent_id].level == "province"
        for o in orgs.values()
    )
    assert any(
        o.level == "commune" and o.parent_id is not None and orgs[o.parent_id].level == "district"
        for o in orgs.values()
    )
    # Organization.objects.in_subtree relies on the paths
    assert Organization.objects.in_subtree(roots[0]).count() == len(orgs)

    assert counts["officials"] == Official.objects.count()
    assert counts["disciplines"] == DisciplineRecord.objects.count()
    assert counts["planning_lists"] == PlanningList.objects.count() == 2 * len(orgs)
    assert counts["entries"] == PlanningEntry.objects.filter(status=EntryStatus.ACTIVE).count() == 2000
    assert counts["removed_entries"] == PlanningEntry.objects.filter(status=EntryStatus.REMOVED).count() > 0
    for name, search_name, ethnicity, minority in Official.objects.values_list(
        "full_name", "search_name", "ethnicity", "ethnic_minority"
    ):
        assert search_name == fold_name(name) and minority == is_ethnic_minority(ethnicity)

    # history triggers were off for the load, and are on again afterwards
    assert counts["history_triggers_skipped"] == 1
    events = apps.get_model("planning", "PlanningEntryEvent").objects
    assert events.count() == 0
    Official.objects.create(
        full_name="Sau khi nạp", birth_date=dt.date(1980, 1, 1), sex="M", organization=roots[0]
    )
    assert apps.get_model("people", "OfficialEvent").objects.filter(full_name="Sau khi nạp").count() == 1

    # the generated data is evaluable, and the SQL counts agree with the engine on it
    term = Term.objects.get(code="2025-2030")
    found = list(planning_list_evaluations(lists=planning_lists_in_scope(organization=roots[0], term=term)))
    assert {e.result.rule_set for e in found} == {"HD16-2022", "QD377-2025"}
    totals = subtree_structure_totals(organization=roots[0], term=term)
    for key in ("people", "entries", "women", "ethnic", "young"):
        assert totals[key] == sum(getattr(e.result, key) for e in found), key
    assert totals["entries"] == 2000
