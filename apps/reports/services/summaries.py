"""Per-list summaries: the engine's figures of each planning list, stored for dashboards to sum in SQL.

`list_summaries_refresh` evaluates lists through `planning_list_evaluations` (the one evaluation path)
and replaces their ListSummary and SummaryCount rows. It works chunk by chunk of lists, so memory holds
one chunk's evaluations and rows, and each chunk is replaced in its own transaction: a dashboard reads
either the old or the new figures of a list, never a mix.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from django.db import connection, transaction
from django.utils import timezone

from apps.organizations.models import PATH_STEP, Organization, Term
from apps.planning.models import ListKind, PlanningList
from apps.planning.selectors import ListEvaluation, planning_list_evaluations
from apps.reports.models import ListSummary, MeasureCount, SummaryCount, SummaryMetric, age_band
from apps.reports.selectors.dashboards import dashboard_cache_fill
from apps.reports.services.measures import measure_organization_ids, organization_measures_refresh
from apps.rules.engine import Severity

PREFILL_DEPTH = 1  # dashboards pre-filled after a refresh: the national root (depth 0) and the provinces
PREFILL_KINDS = (None, *ListKind.values)  # both kinds together (the default view), then each kind
CHUNK_LISTS = 500  # lists evaluated and replaced per transaction (about 30,000 entries at national scale)
BATCH_SIZE = 5_000  # rows per INSERT of bulk_create
ANALYZE_AFTER = 1_000  # lists: after a refresh this big, fresh planner statistics keep dashboards fast

ProgressCallback = Callable[[int, int], None]  # (lists done, lists in all)
_ERROR = Severity.ERROR.value
_WARNING = Severity.WARNING.value


def _chunks(ids: list[int], size: int) -> Iterator[list[int]]:
    it = iter(ids)
    while chunk := list(islice(it, size)):
        yield chunk


def summary_rows(
    evaluation: ListEvaluation, *, org_path: str, term: Term, computed_at: dt.datetime
) -> tuple[ListSummary, list[SummaryCount]]:
    """The summary row and counted buckets of one evaluated list (unsaved model instances)."""
    info, facts, result = evaluation.info, evaluation.facts, evaluation.result
    errors = sum(f.severity == _ERROR for f in result.findings)
    warnings = sum(f.severity == _WARNING for f in result.findings)
    ineligible = 0
    seen: set[int] = set()
    ages: Counter[tuple[str, str]] = Counter()
    retirements: Counter[tuple[str, str]] = Counter()
    start, end = term.start_date, term.end_date
    for entry, entry_result in zip(facts.entries, result.entry_results, strict=True):
        bad = False
        for finding in entry_result.findings:
            if finding.severity == _ERROR:
                errors += 1
                bad = True
            elif finding.severity == _WARNING:
                warnings += 1
        ineligible += bad
        # people are counted once per list, like the engine's structure figures
        if entry.official_id in seen:
            continue
        seen.add(entry.official_id)
        ages[(age_band(entry_result.age), entry.sex)] += 1
        retires = entry_result.retirement_date
        if start <= retires <= end:
            retirements[(str(retires.year), entry.sex)] += 1
    bench = Counter(code for code, _ in {(e.position_code, e.official_id) for e in facts.entries})

    summary = ListSummary(
        planning_list_id=info.id,
        organization_id=info.organization_id,
        org_path=org_path,
        level=info.level,
        term_id=term.id,
        kind=info.kind,
        status=info.status,
        reference_date=info.reference_date,
        rule_set=result.rule_set,
        people=result.people,
        entries=result.entries,
        women=result.women,
        young=result.young,
        ethnic=result.ethnic,
        ineligible_entries=ineligible,
        errors=errors,
        warnings=warnings,
        computed_at=computed_at,
    )

    def count(metric: str, key: str, sex: str, value: int) -> SummaryCount:
        return SummaryCount(
            planning_list_id=info.id,
            org_path=org_path,
            term_id=term.id,
            kind=info.kind,
            metric=metric,
            key=key,
            sex=sex,
            value=value,
        )

    counts = [count(SummaryMetric.AGE_BAND, band, sex, n) for (band, sex), n in sorted(ages.items())]
    counts += [count(SummaryMetric.BENCH, code, "", n) for code, n in sorted(bench.items())]
    counts += [count(SummaryMetric.RETIREMENT_YEAR, y, sex, n) for (y, sex), n in sorted(retirements.items())]
    # Quota targets are not copied here: dashboards read them from the rule set's level rows by
    # (ListSummary.rule_set, level), which spares a join of every bucket row with its summary.
    return summary, counts


def _refresh_chunk(list_ids: list[int], terms: dict[str, Term]) -> int:
    """Evaluate one chunk of lists and replace their rows in one transaction; return the lists written."""
    lists = PlanningList.objects.filter(id__in=list_ids)
    paths = dict(Organization.objects.filter(planning_lists__in=lists).values_list("id", "path").distinct())
    computed_at = timezone.now()
    summaries: list[ListSummary] = []
    counts: list[SummaryCount] = []
    for evaluation in planning_list_evaluations(lists=lists):
        info = evaluation.info
        summary, rows = summary_rows(
            evaluation, org_path=paths[info.organization_id], term=terms[info.term], computed_at=computed_at
        )
        summaries.append(summary)
        counts.extend(rows)
    with transaction.atomic():
        # a list deleted since it was read must not get a summary (its foreign key would fail)
        existing = set(PlanningList.objects.filter(id__in=list_ids).values_list("id", flat=True))
        SummaryCount.objects.filter(planning_list_id__in=list_ids).delete()
        ListSummary.objects.filter(planning_list_id__in=list_ids).delete()
        summaries = [s for s in summaries if s.planning_list_id in existing]
        ListSummary.objects.bulk_create(summaries, batch_size=BATCH_SIZE)
        SummaryCount.objects.bulk_create(
            [c for c in counts if c.planning_list_id in existing], batch_size=BATCH_SIZE
        )
    return len(summaries)


def list_summaries_refresh(
    *,
    list_ids: Iterable[int] | None = None,
    official_ids: Iterable[int] | None = None,
    chunk_size: int = CHUNK_LISTS,
    on_progress: ProgressCallback | None = None,
) -> int:
    """Re-evaluate lists and replace their summary rows; None = every latest-version list. Returns lists done.

    Ids of superseded editions are skipped, and the summaries of every superseded edition are removed, so
    the summaries always describe the newest edition of each list. The stored R8 measures are replaced
    too: of every organization when neither ids are given, else of the workplaces of the officials
    planned on these lists and of `official_ids`.
    """
    lists = PlanningList.objects.latest_versions()
    if list_ids is not None or official_ids is not None:
        list_ids = sorted({int(pk) for pk in list_ids or ()})
        lists = lists.filter(id__in=list_ids)
    ids = list(lists.order_by("id").values_list("id", flat=True))
    terms = {term.code: term for term in Term.objects.all()}
    done = 0
    for chunk in _chunks(ids, chunk_size):
        done += _refresh_chunk(chunk, terms)
        if on_progress is not None:
            on_progress(done, len(ids))
    superseded = {"planning_list__next_version__isnull": False}
    SummaryCount.objects.filter(**superseded).delete()
    ListSummary.objects.filter(**superseded).delete()
    if list_ids is None:
        organization_measures_refresh(organization_ids=None)
    else:
        organization_measures_refresh(
            organization_ids=measure_organization_ids(
                list_ids=list_ids, official_ids=sorted({int(pk) for pk in official_ids or ()})
            )
        )
    if done >= ANALYZE_AFTER:
        # bulk-written tables have no statistics until autovacuum comes by: without them PostgreSQL
        # plans the dashboard's aggregates for one row and sorts half a million on disk
        with connection.cursor() as cursor:
            for model in (ListSummary, SummaryCount, MeasureCount):
                cursor.execute(f'ANALYZE "{model._meta.db_table}"')
    if ids:
        dashboard_caches_fill(list_ids=None if list_ids is None else ids)
    return done


def dashboard_caches_fill(*, list_ids: Iterable[int] | None = None) -> int:
    """Pre-fill the dashboard cache of the national and province scopes holding these lists (None: all).

    A refresh changes the summaries' version of every scope above the lists it touched; the first visit
    of such a dashboard would sum up to half a million rows. The scopes people open first are summed
    here instead, for each term of the lists and each kind. Returns the scopes filled.
    """
    orgs = Organization.objects.filter(depth__lte=PREFILL_DEPTH)
    summaries = ListSummary.objects.all()
    if list_ids is not None:
        summaries = summaries.filter(planning_list_id__in=list(list_ids))
        # the prefixes of the touched lists' paths at depth 0 and 1: their ancestors that get a dashboard
        paths = set(summaries.values_list("org_path", flat=True).distinct())
        prefixes = {path[: (PATH_STEP + 1) * (depth + 1) + 1] for path in paths for depth in (0, 1)}
        orgs = orgs.filter(path__in=prefixes)
    term_ids = set(summaries.values_list("term_id", flat=True).distinct())
    filled = 0
    for term in Term.objects.filter(pk__in=term_ids):
        for organization in orgs.order_by("path"):
            for kind in PREFILL_KINDS:
                filled += dashboard_cache_fill(organization=organization, term=term, kind=kind)
    return filled
