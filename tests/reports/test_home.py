"""The home page figures of the user's subtree."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from apps.core.calendar import years_before
from apps.organizations.models import Position
from apps.people.models import Official
from apps.planning.models import PlanningEntry, PlanningList
from apps.planning.selectors import planning_list_evaluations
from apps.reports.selectors import lists_by_status, retiring_soon, subtree_summary_totals
from apps.reports.services import list_summaries_refresh
from apps.rules.engine import retirement_date
from tests.authz.world import World

pytestmark = pytest.mark.django_db


def born_to_retire_between(start: dt.date, end: dt.date, sex: str = "M") -> dt.date:
    """A birth date whose statutory retirement date falls in [start, end]."""
    day = start.replace(year=start.year - 62, day=1)
    while not start <= retirement_date(sex, day) <= end:
        day += dt.timedelta(days=27)
    return day


def planned(world: World, name: str, **fields: object) -> Official:
    official = Official.objects.create(full_name=name, sex="M", organization=world.A, **fields)  # type: ignore[misc]
    PlanningEntry.objects.create(
        planning_list=world.list_a, official=official, position=Position.objects.get(code="UV_BCH")
    )
    return official


def test_lists_by_status_counts_the_newest_editions_in_scope(world: World) -> None:
    with translation.override("vi"):
        rows = lists_by_status(user=world.users["editor"])
    # columns in ListStatus order: draft, submitted, approved, returned
    assert [(r.kind_label, r.counts, r.total) for r in rows] == [
        ("Nhiệm kỳ hiện tại (rà soát, bổ sung)", [0, 1, 0, 0], 1),
        ("Nhiệm kỳ kế tiếp (xây dựng)", [1, 0, 0, 0], 1),
    ]
    assert sum(r.total for r in lists_by_status(user=world.users["admin"])) == 4
    assert sum(r.total for r in lists_by_status(user=world.users["sibling"])) == 1


def test_findings_are_the_sum_of_the_shared_evaluation(world: World) -> None:
    list_summaries_refresh()
    found = subtree_summary_totals(user=world.users["editor"])
    expected = list(planning_list_evaluations(lists=PlanningList.objects.filter(organization=world.A)))
    assert found["term"] is not None and found["term"].code == "2025-2030"
    assert found["lists"] == 2
    assert found["errors"] == sum(e.result.errors for e in expected)
    assert found["warnings"] == sum(e.result.warnings for e in expected)
    women = next(q for q in found["quotas"] if q.code == "QUOTA_WOMEN")
    # list_a: one man; list_a_submitted: one woman
    assert (women.count, women.total, women.lists_ok, women.lists_checked) == (1, 2, 1, 2)
    assert women.percent == 50.0 and women.target_text == "25%"


def test_retiring_within_12_months_uses_the_engine_and_the_override(world: World) -> None:
    today = timezone.localdate()
    horizon = years_before(today, -1)  # a year on; 29 February falls back to the 28th
    soon = planned(
        world, "Sắp Nghỉ", birth_date=born_to_retire_between(today + dt.timedelta(days=40), horizon)
    )
    overridden = planned(
        world,
        "Kéo Dài",
        birth_date=dt.date(1990, 1, 1),
        retirement_override=today + dt.timedelta(days=90),
        retirement_override_reason="Nghỉ hưu trước tuổi",
    )
    planned(
        world,
        "Còn Lâu",
        birth_date=born_to_retire_between(horizon + dt.timedelta(days=60), years_before(horizon, -1)),
    )
    Official.objects.create(  # retiring soon, but not planned
        full_name="Không Quy Hoạch", sex="M", organization=world.A, birth_date=soon.birth_date
    )
    found, total = retiring_soon(user=world.users["editor"], today=today)
    assert {r.full_name for r in found} == {soon.full_name, overridden.full_name}
    assert [r.retirement_date for r in found] == sorted(r.retirement_date for r in found)
    assert all(0 <= r.months_remaining <= 12 for r in found)
    assert total == 2
    assert retiring_soon(user=world.users["sibling"], today=today) == ([], 0)


def test_home_page_renders_the_figures(world: World) -> None:
    list_summaries_refresh()
    client = Client()
    client.force_login(world.users["editor"])  # type: ignore[arg-type]
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    for text in (
        "Huyện A",
        "Danh sách quy hoạch theo trạng thái",
        "Cán bộ nữ",
        "nghỉ hưu trong 12 tháng tới",
    ):
        assert text in html
