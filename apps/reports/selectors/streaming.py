"""The compliance report streamed (issue 13): evaluated part by part, never every entry in memory.

A report is cut into parts in report order: the lists of the root organization itself, then one part
per child organization (its whole subtree). `compliance_report_stream` gives the same report as
`compliance_report_build`, but its `lists` is a generator that evaluates one part at a time as a
writer consumes it, and its `totals` are filled in when the generator is exhausted (every writer reads
the totals after the lists). The Celery parts of a large report evaluate the same parts with
`compliance_part_lists`.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from typing import Any

from django.db import connection, connections
from django.db.models import Count
from django.utils import timezone

from apps.core.bulk import cyclic_gc_paused
from apps.organizations.models import PATH_STEP, Organization, Position, Term
from apps.planning.models import EntryStatus, PlanningEntry, PlanningList
from apps.planning.selectors import (
    PositionsAtLevel,
    planning_list_evaluations,
    planning_lists_in_scope,
    positions_at_level,
)
from apps.reports.selectors.compliance import (
    TOTAL_KEYS,
    ProgressCallback,
    _ListBuilder,
    measures_dict,
    report_timestamp,
)
from apps.reports.selectors.measures import r8_measures

# The figures of a list that the report's totals sum.
SUMMED_KEYS = ("people", "entries", "ineligible", "errors", "warnings", "young", "women", "ethnic")


@dataclass(frozen=True)
class ReportPart:
    """A run of the report's lists, in report order: the root's own lists or one child's subtree."""

    number: int
    organization: str  # code of the child organization (the root's for its own lists)
    organization_name: str
    list_ids: tuple[int, ...]
    entries: int  # active entries of these lists


def compliance_report_parts(
    *, organization: Organization, term: Term, kind: str | None = None
) -> list[ReportPart]:
    """The report's lists cut into parts in report order (the root's own lists, then each child's)."""
    lists = planning_lists_in_scope(organization=organization, term=term, kind=kind)
    # counted on the index of active entries alone (0.12 s for a national report's million, against
    # 0.4 s for the lists joined with their entries)
    active = dict(
        PlanningEntry.objects.filter(status=EntryStatus.ACTIVE, planning_list__in=lists.values("id"))
        .values_list("planning_list_id")
        .annotate(n=Count("*"))
        .order_by()
    )
    rows = [
        (list_id, path, active.get(list_id, 0))
        for list_id, path in lists.values_list("id", "organization__path")
    ]
    children = {
        path: (code, name)
        for path, code, name in Organization.objects.filter(parent=organization).values_list(
            "path", "code", "name"
        )
    }
    width = len(organization.path) + PATH_STEP + 1
    parts: list[ReportPart] = []
    key: str | None = None
    ids: list[int] = []
    entries = 0

    def close() -> None:
        if key is not None and ids:
            code, name = children.get(key, (organization.code, organization.name))
            parts.append(ReportPart(len(parts) + 1, code, name, tuple(ids), entries))

    for list_id, path, active in rows:
        head = path[:width] if path[:width] in children else organization.path
        if head != key:
            close()
            key, ids, entries = head, [], 0
        ids.append(list_id)
        entries += active
    close()
    return parts


def compliance_report_header(
    *, organization: Organization, term: Term, kind: str | None, generated_at: datetime | None = None
) -> dict[str, Any]:
    """The report's keys before `lists`, in the order of compliance_report_build."""
    return {
        "organization": organization.code,
        "organization_name": organization.name,
        "level": organization.level,
        "term": term.code,
        "term_name": term.name,
        "kind": kind,
        "generated_at": report_timestamp(generated_at),
    }


def compliance_report_measures(*, organization: Organization, term: Term) -> dict[str, Any]:
    """The report's `measures` key (R8), as compliance_report_build computes it."""
    return measures_dict(r8_measures(organization=organization, term=term, today=timezone.localdate()))


def report_builder(*, entries_detail: bool = True) -> _ListBuilder:
    """The builder that turns evaluations into the report's list dicts."""
    return _ListBuilder(
        position_names=dict(Position.objects.values_list("code", "name")), detail=entries_detail
    )


@cyclic_gc_paused()
def compliance_part_lists(
    *, list_ids: Sequence[int], builder: _ListBuilder, at_level: PositionsAtLevel | None = None
) -> list[dict[str, Any]]:
    """The report's dicts of these lists, in the order given (one part: bounded by one child's subtree);
    `at_level`: the report's R6 counts (report_at_level), counted once for all its parts."""
    rank = {list_id: n for n, list_id in enumerate(list_ids)}
    built = [
        builder.build(evaluation)
        for evaluation in planning_list_evaluations(
            lists=PlanningList.objects.filter(id__in=list_ids), at_level=at_level
        )
    ]
    built.sort(key=lambda data: rank[data["id"]])
    return built


def report_at_level(*, organization: Organization, term: Term, kind: str | None = None) -> PositionsAtLevel:
    """R6's counts for every list of the report, once (0.6 s for a national report, where each of its
    35 parts took 0.07 s to count its own)."""
    return positions_at_level(lists=planning_lists_in_scope(organization=organization, term=term, kind=kind))


def distinct_people(*, list_ids: Sequence[int]) -> int:
    """Officials with an active entry in any of these lists (the report's distinct_people)."""
    return (
        PlanningEntry.objects.filter(planning_list_id__in=list_ids, status=EntryStatus.ACTIVE)
        .values("official_id")
        .distinct()
        .count()
    )


def totals_new() -> dict[str, int]:
    """Empty report totals, keys in the order of compliance_report_build."""
    return dict.fromkeys(TOTAL_KEYS, 0)


def totals_add(totals: dict[str, int], lst: dict[str, Any]) -> None:
    """Add one list's figures to the report totals."""
    totals["lists"] += 1
    for key in SUMMED_KEYS:
        totals[key] += lst[key]


# the builder and the R6 counts of the evaluating processes (set before the fork)
_forked: tuple[_ListBuilder, PositionsAtLevel] | None = None


def _forked_part_lists(list_ids: tuple[int, ...]) -> list[dict[str, Any]]:
    assert _forked is not None
    builder, at_level = _forked
    return compliance_part_lists(list_ids=list_ids, builder=builder, at_level=at_level)


def _parts_lists(
    parts: Sequence[ReportPart], builder: _ListBuilder, at_level: PositionsAtLevel, processes: int
) -> Iterator[list[dict[str, Any]]]:
    """Each part's list dicts, in report order: evaluated here, or by `processes` forked processes.

    The processes work ahead of the consumer by at most one part each, so memory still holds a few
    parts, never the report. They read the committed data on their own connections, so inside a
    transaction (a test, an atomic block) the parts are evaluated here.
    """
    global _forked
    if processes < 2 or len(parts) < 2 or connection.in_atomic_block:
        for part in parts:
            yield compliance_part_lists(list_ids=part.list_ids, builder=builder, at_level=at_level)
        return
    connections.close_all()  # a forked process opens its own connection, never shares this one
    _forked = (builder, at_level)
    try:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            waiting = iter(parts)
            pending = deque(
                pool.apply_async(_forked_part_lists, (part.list_ids,))
                for part in islice(waiting, processes + 1)
            )
            while pending:
                lists = pending.popleft().get()
                following = next(waiting, None)
                if following is not None:
                    pending.append(pool.apply_async(_forked_part_lists, (following.list_ids,)))
                yield lists
    finally:
        _forked = None


def compliance_report_stream(
    *,
    organization: Organization,
    term: Term,
    kind: str | None = None,
    on_progress: ProgressCallback | None = None,
    generated_at: datetime | None = None,
    entries_detail: bool = True,
    processes: int = 1,
) -> dict[str, Any]:
    """compliance_report_build's report with `lists` a generator (a few parts in memory at a time).

    With `processes` of 2 or more (the `compliance_report` command: settings.REPORT_PROCESSES), the
    parts are evaluated that many at a time in forked processes; the report is the same.
    """
    parts = compliance_report_parts(organization=organization, term=term, kind=kind)
    builder = report_builder(entries_detail=entries_detail)
    totals = totals_new()
    report = compliance_report_header(
        organization=organization, term=term, kind=kind, generated_at=generated_at
    )

    def lists() -> Iterator[dict[str, Any]]:
        count = sum(len(part.list_ids) for part in parts)
        done = 0
        at_level = report_at_level(organization=organization, term=term, kind=kind)
        for part, part_lists in zip(parts, _parts_lists(parts, builder, at_level, processes), strict=True):
            for lst in part_lists:
                totals_add(totals, lst)
                yield lst
            done += len(part.list_ids)
            if on_progress is not None:
                on_progress(100 * done // max(count, 1))
        totals["distinct_people"] = distinct_people(list_ids=[i for part in parts for i in part.list_ids])
        if on_progress is not None and not parts:
            on_progress(100)

    report["lists"] = lists()
    report["totals"] = totals
    report["measures"] = compliance_report_measures(organization=organization, term=term)
    return report
