"""Per-list summaries: the stored figures are the engine's, refreshing replaces them, old editions go."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.organizations.models import Level, Organization, Term
from apps.people.models import DisciplineRecord
from apps.planning.models import EntryStatus, ListKind, ListStatus, PlanningList
from apps.planning.selectors import ListEvaluation, planning_list_evaluate
from apps.reports.models import AGE_BANDS, ListSummary, SummaryCount, SummaryMetric, age_band
from apps.reports.services import list_summaries_refresh
from apps.rules.engine import Severity

from .builders import org, person, plan, plan_list

pytestmark = pytest.mark.django_db

NEXT_REF = dt.date(2025, 6, 1)
REVIEW_REF = dt.date(2026, 1, 15)


@pytest.fixture
def tree() -> dict[str, Organization]:
    p = org("P", Level.PROVINCE)
    d = org("D", Level.DISTRICT, p)
    c = org("C", Level.COMMUNE, d)
    return {"P": p, "D": d, "C": c}


@pytest.fixture
def lists(tree: dict[str, Organization]) -> dict[str, PlanningList]:
    """Lists with young and old people, women, an ethnic minority, discipline, a removed entry, overrides."""
    d, c = tree["D"], tree["C"]
    nxt = plan_list(d, ListKind.NEXT, NEXT_REF)
    an = person("Nguyễn Văn An", dt.date(1968, 3, 15), "M", d)  # retires 31/03/2030: inside the term
    binh = person("Trần Thị Bình", dt.date(1990, 7, 2), "F", d, ethnicity="Tày")
    cuong = person("Lê Văn Cường", dt.date(1996, 1, 1), "M", d)  # under 30
    dung = person(
        "Phạm Thị Dung",
        dt.date(1975, 9, 9),
        "F",
        d,
        retirement_override=dt.date(2027, 12, 31),
        retirement_override_reason="Kéo dài thời gian công tác",
    )
    DisciplineRecord.objects.create(official=cuong, level="reprimand", start_date=dt.date(2024, 1, 1))
    plan(nxt, an, "PHO_BI_THU")
    plan(nxt, binh, "PHO_BI_THU")
    plan(nxt, binh, "CT_UBND")  # one person, two positions: counted once in the pyramid
    plan(nxt, cuong, "CT_UBND")
    plan(nxt, dung, "TRUONG_PHONG")
    plan(
        nxt,
        an,
        "UV_BCH",
        status=EntryStatus.REMOVED,
        removed_reason="Quá tuổi",
        removed_on=dt.date(2025, 7, 1),
    )
    cur = plan_list(c, ListKind.CURRENT, REVIEW_REF)
    giang = person("Hoàng Văn Giang", dt.date(1964, 5, 5), "M", c)  # 60+ at the review date
    plan(cur, giang, "BI_THU")
    plan(cur, person("Vũ Thị Hà", dt.date(1985, 2, 28), "F", c), "BI_THU")
    empty = plan_list(tree["P"], ListKind.NEXT, NEXT_REF)
    return {"next": nxt, "current": cur, "empty": empty}


def expected_rows(evaluation: ListEvaluation) -> dict[str, object]:
    """What a summary must hold, computed from the engine's result directly."""
    result = evaluation.result
    term = Term.objects.get(code=evaluation.info.term)
    seen: set[int] = set()
    ages: Counter[tuple[str, str]] = Counter()
    years: Counter[tuple[str, str]] = Counter()
    for facts, res in zip(evaluation.facts.entries, result.entry_results, strict=True):
        if facts.official_id in seen:
            continue
        seen.add(facts.official_id)
        ages[(age_band(res.age), facts.sex)] += 1
        if term.start_date <= res.retirement_date <= term.end_date:
            years[(str(res.retirement_date.year), facts.sex)] += 1
    bench = Counter(code for code, _ in {(e.position_code, e.official_id) for e in evaluation.facts.entries})
    return {
        "people": result.people,
        "entries": result.entries,
        "women": result.women,
        "young": result.young,
        "ethnic": result.ethnic,
        "errors": result.errors,
        "warnings": result.warnings,
        "ineligible_entries": sum(not r.eligible for r in result.entry_results),
        "rule_set": result.rule_set,
        SummaryMetric.AGE_BAND: {(k, s): n for (k, s), n in ages.items()},
        SummaryMetric.RETIREMENT_YEAR: {(k, s): n for (k, s), n in years.items()},
        SummaryMetric.BENCH: {(k, ""): n for k, n in bench.items()},
        SummaryMetric.QUOTA_TARGET: {},  # targets are read from the rule set's level rows
    }


def stored_counts(pl: PlanningList, metric: str) -> dict[tuple[str, str], int]:
    rows = SummaryCount.objects.filter(planning_list=pl, metric=metric).values_list("key", "sex", "value")
    return {(key, sex): value for key, sex, value in rows}


def test_age_bands() -> None:
    assert [age_band(a) for a in (0, 29, 30, 34, 35, 44, 45, 59, 60, 75)] == [
        "<30",
        "<30",
        "30-34",
        "30-34",
        "35-39",
        "40-44",
        "45-49",
        "55-59",
        "60+",
        "60+",
    ]
    assert len(AGE_BANDS) == 8


def test_summaries_hold_the_engine_figures(lists: dict[str, PlanningList]) -> None:
    assert list_summaries_refresh() == 3
    for pl in lists.values():
        evaluation = planning_list_evaluate(planning_list=pl)
        want = expected_rows(evaluation)
        summary = ListSummary.objects.get(planning_list=pl)
        for name in (
            "people",
            "entries",
            "women",
            "young",
            "ethnic",
            "errors",
            "warnings",
            "ineligible_entries",
        ):
            assert getattr(summary, name) == want[name], (pl, name)
        assert summary.rule_set == want["rule_set"]
        assert (summary.org_path, summary.level, summary.kind, summary.status) == (
            pl.organization.path,
            pl.organization.level,
            pl.kind,
            pl.status,
        )
        assert summary.term_id == pl.term_id and summary.reference_date == pl.reference_date
        for metric in SummaryMetric.values:
            assert stored_counts(pl, metric) == want[metric], (pl, metric)
        assert set(SummaryCount.objects.filter(planning_list=pl).values_list("org_path", flat=True)) <= {
            pl.organization.path
        }


def test_the_fixture_covers_what_it_claims(lists: dict[str, PlanningList]) -> None:
    list_summaries_refresh()
    nxt = ListSummary.objects.get(planning_list=lists["next"])
    assert (nxt.people, nxt.entries, nxt.women, nxt.ethnic) == (
        4,
        5,
        2,
        1,
    )  # the removed entry is not counted
    assert nxt.ineligible_entries >= 2  # An is too old for a full term, Cường is disciplined
    assert stored_counts(lists["next"], SummaryMetric.BENCH) == {
        ("PHO_BI_THU", ""): 2,
        ("CT_UBND", ""): 2,
        ("TRUONG_PHONG", ""): 1,
    }
    assert stored_counts(lists["next"], SummaryMetric.RETIREMENT_YEAR) == {("2030", "M"): 1, ("2027", "F"): 1}
    ages = stored_counts(lists["next"], SummaryMetric.AGE_BAND)
    assert sum(ages.values()) == 4 and ages[("<30", "M")] == 1
    assert stored_counts(lists["current"], SummaryMetric.AGE_BAND)[("60+", "M")] == 1
    empty = ListSummary.objects.get(planning_list=lists["empty"])
    assert (empty.people, empty.entries, empty.errors) == (0, 0, 0)


def test_refresh_replaces_rows_and_touches_only_the_lists_asked(lists: dict[str, PlanningList]) -> None:
    list_summaries_refresh()
    rows = SummaryCount.objects.count()
    assert list_summaries_refresh() == 3
    assert SummaryCount.objects.count() == rows  # replaced, not added
    before = dict(ListSummary.objects.values_list("planning_list_id", "computed_at"))

    plan(
        lists["current"],
        person("Đỗ Thị Lan", dt.date(1992, 4, 4), "F", lists["current"].organization),
        "BI_THU",
    )
    assert list_summaries_refresh(list_ids=[lists["current"].pk]) == 1
    after = dict(ListSummary.objects.values_list("planning_list_id", "computed_at"))
    assert after[lists["next"].pk] == before[lists["next"].pk]  # not asked: not rewritten
    assert after[lists["current"].pk] > before[lists["current"].pk]
    current = ListSummary.objects.get(planning_list=lists["current"])
    assert (current.people, current.entries) == (3, 3)
    assert stored_counts(lists["current"], SummaryMetric.BENCH) == {("BI_THU", ""): 3}
    assert list_summaries_refresh(list_ids=[]) == 0


def test_chunks_give_the_same_rows(lists: dict[str, PlanningList]) -> None:
    def snapshot() -> set[tuple[object, ...]]:
        return set(SummaryCount.objects.values_list("planning_list_id", "metric", "key", "sex", "value"))

    calls: list[tuple[int, int]] = []
    assert (
        list_summaries_refresh(chunk_size=1, on_progress=lambda done, total: calls.append((done, total))) == 3
    )
    assert calls == [(1, 3), (2, 3), (3, 3)]
    one_by_one = snapshot()
    list_summaries_refresh(chunk_size=100)
    assert snapshot() == one_by_one


def test_only_the_newest_edition_has_a_summary(lists: dict[str, PlanningList]) -> None:
    old = lists["current"]
    list_summaries_refresh()
    old.status = ListStatus.APPROVED
    old.save()
    new = PlanningList.objects.create(
        organization=old.organization,
        term=old.term,
        kind=old.kind,
        version=2,
        previous=old,
        reference_date=old.reference_date,
    )
    assert list_summaries_refresh(list_ids=[old.pk]) == 0  # a superseded edition is skipped
    assert not ListSummary.objects.filter(planning_list=old).exists()
    assert not SummaryCount.objects.filter(planning_list=old).exists()
    assert list_summaries_refresh(list_ids=[new.pk]) == 1
    assert ListSummary.objects.filter(planning_list=new).exists()


def test_queries_do_not_grow_with_the_lists_of_a_chunk(tree: dict[str, Organization]) -> None:
    def refresh_queries(n_lists: int) -> int:
        PlanningList.objects.all().delete()
        for i in range(n_lists):
            # several lists of one organization, term and kind: distinct version numbers
            pl = plan_list(tree["C"], ListKind.NEXT, NEXT_REF, version=i + 1)
            plan(pl, person(f"Người {i}", dt.date(1985, 1, 1 + i), "M", tree["C"]), "BI_THU")
        with CaptureQueriesContext(connection) as queries:
            list_summaries_refresh()
        return len(queries)

    assert refresh_queries(2) == refresh_queries(8)


def test_counts_severities_like_the_engine(lists: dict[str, PlanningList]) -> None:
    list_summaries_refresh()
    result = planning_list_evaluate(planning_list=lists["next"]).result
    errors = sum(f.severity == Severity.ERROR for f in result.findings) + sum(
        f.severity == Severity.ERROR for e in result.entry_results for f in e.findings
    )
    assert ListSummary.objects.get(planning_list=lists["next"]).errors == errors > 0


def test_seed_scale_builds_a_national_tree_with_summaries(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("seed_scale", entries=1500, prefix="TST")
    out = capsys.readouterr().out
    assert "Đã tạo" in out and "Xong" in out
    provinces = Organization.objects.filter(code__startswith="TST-", level=Level.PROVINCE)
    assert provinces.count() == 34
    assert Organization.objects.filter(code__startswith="TST-", level=Level.COMMUNE).exists()
    generated = PlanningList.objects.filter(organization__code__startswith="TST-")
    assert set(generated.values_list("kind", flat=True)) == {ListKind.CURRENT, ListKind.NEXT}
    assert ListSummary.objects.filter(planning_list__in=generated).count() == generated.count()
    assert sum(ListSummary.objects.values_list("entries", flat=True)) == 1500
    with pytest.raises(CommandError):
        call_command("seed_scale", entries=10, prefix="TST")


def test_the_task_and_the_nightly_schedule(lists: dict[str, PlanningList], settings: object) -> None:
    from celery.schedules import crontab

    from apps.reports.tasks import summaries_refresh

    assert summaries_refresh.delay(list_ids=[lists["next"].pk]).get() == 1  # inline: no broker in tests
    assert list(ListSummary.objects.values_list("planning_list_id", flat=True)) == [lists["next"].pk]
    assert summaries_refresh.delay().get() == 3
    entry = settings.CELERY_BEAT_SCHEDULE["dashboard-summaries-nightly"]  # type: ignore[attr-defined]
    assert entry["task"] == summaries_refresh.name
    assert entry["schedule"] == crontab(hour=2, minute=0)
    assert settings.CELERY_TIMEZONE == "Asia/Ho_Chi_Minh"  # type: ignore[attr-defined]
