"""Dashboard figures of a subtree, summed in SQL over the stored per-list summaries (never row by row).

Every read goes through `SummaryQuerySet.for_user(user).in_subtree(org)`. Rows are grouped by the child
organization they fall under with one expression: every child's path is the parent's path plus one
fixed-width step, so `substr(org_path, 1, len(child path))` is the child's path, or the organization's
own path for its own lists.

Structure targets come from the rule set's level rows, picked by the summary's rule set code and level
(the same rows the engine read), so the per-list checks are one CASE over the summaries, not a join.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Max,
    Min,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Least, Substr
from django.db.models.lookups import GreaterThanOrEqual, IsNull
from django.utils import timezone

from apps.accounts.access import Action, can, grants
from apps.organizations.models import PATH_STEP, Organization, Position, Term, TermKind
from apps.planning.models import PlanningList
from apps.reports.models import AGE_BANDS, QUOTA_FIELDS, ListSummary, SummaryCount, SummaryMetric
from apps.reports.selectors.measures import LONG_HELD_SHOWN, r8_measures
from apps.rules.engine import share_percent
from apps.rules.models import QuotaCode, RuleSetLevel

COUNT_FIELDS = ("lists", "people", "entries", "women", "young", "ethnic", "ineligible", "errors", "warnings")
TARGET_FIELDS = ("weighted", "weight", "plain", "targeted", "ok", "checked")
BENCH_MORE = 4  # "4 or more people planned for one position"
TARGET_SCALE = 100  # targets are compared in hundredths of a percent: integer arithmetic in SQL
CACHE_SECONDS = 24 * 60 * 60  # the key changes whenever the summaries of the scope do


@dataclass
class Share:
    """A structure measure over some lists: people counted, out of how many, and the target."""

    code: str
    count: int = 0
    total: int = 0
    target: float | None = None  # people-weighted mean of the lists' targets; None = no target
    lists_ok: int = 0
    lists_checked: int = 0  # lists with a target and at least one person

    @property
    def label(self) -> str:
        return str(QuotaCode(self.code).label)

    @property
    def percent(self) -> float | None:
        return share_percent(self.count, self.total)

    @property
    def target_text(self) -> str:
        return "" if self.target is None else f"{self.target:g}%"

    @property
    def ok(self) -> bool | None:
        if self.target is None or not self.total:
            return None
        return 100 * self.count >= self.target * self.total


@dataclass
class Figures:
    """Summed figures of the lists under one organization (or of a whole scope)."""

    organization: Organization | None = None  # None: the scope's own lists, or the totals
    lists: int = 0
    people: int = 0
    entries: int = 0
    women: int = 0
    young: int = 0
    ethnic: int = 0
    ineligible: int = 0
    errors: int = 0
    warnings: int = 0
    shares: dict[str, Share] = field(default_factory=dict)
    targets: dict[str, dict[str, Any]] = field(default_factory=dict)  # code -> TARGET_FIELDS sums

    @property
    def eligible(self) -> int:
        return self.entries - self.ineligible

    def add(self, other: Figures) -> None:
        for name in COUNT_FIELDS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for code, sums in other.targets.items():
            mine = self.targets.setdefault(code, dict.fromkeys(TARGET_FIELDS, 0))
            for name in TARGET_FIELDS:
                mine[name] += sums[name] or 0

    def share_list(self) -> list[Share]:
        return [self.shares[code] for code in QUOTA_FIELDS if code in self.shares]

    def finish(self) -> Figures:
        """Compute the shares from the sums (after the last `add`)."""
        for code, name in QUOTA_FIELDS.items():
            share = self.shares[code] = Share(code=code, count=getattr(self, name), total=self.people)
            sums = self.targets.get(code)
            if sums and sums["targeted"]:
                mean = (
                    sums["weighted"] / sums["weight"] if sums["weight"] else sums["plain"] / sums["targeted"]
                )
                share.target = round(float(mean) / TARGET_SCALE, 2)
                share.lists_ok, share.lists_checked = sums["ok"], sums["checked"]
        return self


@dataclass(frozen=True)
class PyramidRow:
    band: str
    men: int
    women: int

    @property
    def total(self) -> int:
        return self.men + self.women


@dataclass(frozen=True)
class BenchRow:
    """How many lists plan 1, 2, 3 or 4+ people for one position, and the people planned in all."""

    code: str
    name: str
    one: int
    two: int
    three: int
    more: int
    people: int

    @property
    def lists(self) -> int:
        return self.one + self.two + self.three + self.more


@dataclass(frozen=True)
class RetirementRow:
    year: str
    men: int
    women: int

    @property
    def total(self) -> int:
        return self.men + self.women


def default_term(today: dt.date | None = None) -> Term | None:
    """The party term running today (2025-2030 from mid-2025), else the latest one started, else any."""
    today = today or timezone.localdate()
    party = Term.objects.filter(kind=TermKind.PARTY)
    return (
        party.filter(start_date__lte=today, end_date__gte=today).order_by("-start_date").first()
        or party.filter(start_date__lte=today).order_by("-start_date").first()
        or Term.objects.order_by("-start_date").first()
    )


def _scoped(
    model: type[ListSummary] | type[SummaryCount],
    *,
    user: Any,
    organization: Organization | None,
    term: Term | None,
    kind: str | None,
) -> QuerySet:  # type: ignore[type-arg]
    # user None: no grant filter, what a reader of the whole organization sees (the cache pre-fill)
    rows = model.objects.all() if user is None else model.objects.for_user(user)  # type: ignore[attr-defined]
    if organization is not None:
        rows = rows.in_subtree(organization)
    if term is not None:
        rows = rows.filter(term=term)
    if kind:
        rows = rows.filter(kind=kind)
    return rows


def _target_cases() -> dict[str, Case]:
    """Per quota: the target of a summary's rule set at its level in 1/100 %, NULL where none is set.

    One WHEN per distinct target value (level rows mostly share their targets), so each summary row
    costs a few string comparisons, not one per (rule set, level).
    """
    rows = RuleSetLevel.objects.values_list(
        "rule_set__code", "level", "young_target", "women_target", "ethnic_target"
    )
    pairs: dict[str, dict[int, dict[str, list[str]]]] = {code: {} for code in QUOTA_FIELDS}
    for rule_set, level, *targets in rows:
        for code, percent in zip(QUOTA_FIELDS, targets, strict=True):
            if percent is not None:
                hundredths = int(Decimal(percent) * TARGET_SCALE)  # targets have two decimals
                pairs[code].setdefault(hundredths, {}).setdefault(rule_set, []).append(level)
    integer: IntegerField[Any, Any] = IntegerField()
    none = Cast(Value(None), output_field=integer)  # a typed NULL: SUM(NULL) alone is ambiguous
    cases = {}
    for code, by_target in pairs.items():
        whens = []
        for target, levels_of in by_target.items():
            condition = Q()
            for rule_set, levels in levels_of.items():
                condition |= Q(rule_set=rule_set, level__in=sorted(levels))
            whens.append(When(condition, then=Value(target)))
        cases[code] = Case(*whens, default=none, output_field=integer)
    return cases


def _sums() -> dict[str, Any]:
    """The aggregates that sum summaries, each quota's target sums included."""
    sums: dict[str, Any] = {
        "n_lists": Count("pk"),
        "n_people": Sum("people"),
        "n_entries": Sum("entries"),
        "n_women": Sum("women"),
        "n_young": Sum("young"),
        "n_ethnic": Sum("ethnic"),
        "n_ineligible": Sum("ineligible_entries"),
        "n_errors": Sum("errors"),
        "n_warnings": Sum("warnings"),
        "n_with_errors": Count("pk", filter=Q(errors__gt=0)),
        "latest": Max("computed_at"),
        "oldest": Min("computed_at"),
    }
    integer: IntegerField[Any, Any] = IntegerField()
    for code, target in _target_cases().items():
        name = QUOTA_FIELDS[code]
        people = F("people")
        # engine rule R5: a share passes when 100 * count >= target% * total; an empty list is not
        # checked. Without a target the comparison is NULL, so neither counts.
        met: GreaterThanOrEqual = GreaterThanOrEqual(F(name) * 100 * TARGET_SCALE, target * people)
        sums |= {
            f"{code}_weighted": Sum(target * people),
            f"{code}_weight": Sum(Case(When(IsNull(target, False), then=people), output_field=integer)),
            f"{code}_plain": Sum(target),
            f"{code}_targeted": Count(target),
            f"{code}_ok": Count(Case(When(Q(people__gt=0) & Q(met), then=Value(1)), output_field=integer)),
            f"{code}_checked": Count(Case(When(people__gt=0, then=target))),
        }
    return sums


def _figures(row: dict[str, Any], organization: Organization | None = None) -> Figures:
    figures = Figures(organization=organization)
    for name in COUNT_FIELDS:
        setattr(figures, name, row[f"n_{name}"] or 0)
    for code in QUOTA_FIELDS:
        figures.targets[code] = {name: row[f"{code}_{name}"] or 0 for name in TARGET_FIELDS}
    return figures


WHOLE = "*"  # the reader may read the whole organization: one cache entry for all such readers


def _reader_scope(user: Any, organization: Organization) -> str:
    # A user who may read the organization sees its whole subtree; anyone else sees their grants in it.
    if can(user, Action.READ, organization.path):
        return WHOLE
    return ",".join(sorted(g.path for g in grants(user) if g.path.startswith(organization.path)))


def _cache_key(organization: Organization, term: Term, kind: str | None, reader: str) -> str:
    # One key per scope and reader scope, without the summaries' version: a refresh overwrites the entry
    # (the version is stored in it and compared), so old figures never pile up or come back.
    raw = f"{organization.path}|{term.pk}|{kind or ''}|{reader}"
    return "dashboard:" + hashlib.sha256(raw.encode()).hexdigest()


def _version(scope: dict[str, Any]) -> dict[str, Any]:
    """The summaries' version of a scope: their count and newest time (one cheap query)."""
    return _scoped(ListSummary, **scope).aggregate(n=Count("pk"), latest=Max("computed_at"))


def _cached_sums(
    scope: dict[str, Any], organization: Organization, version: dict[str, Any]
) -> dict[str, Any]:
    return {
        "version": (version["n"], version["latest"]),
        "by_child": _sums_by_child(scope, organization),
        "buckets": _buckets(scope),
    }


def dashboard_cache_fill(*, organization: Organization, term: Term, kind: str | None = None) -> bool:
    """Compute and cache the sums every reader of the whole organization gets; False when it has none.

    Run by the summaries refresh for the scopes opened first (national, provinces), so that the first
    visit after a refresh finds them. Readers who see only part of the organization have their own
    entries (their grants are in the key) and never read this one.
    """
    scope = {"user": None, "organization": organization, "term": term, "kind": kind}
    version = _version(scope)
    key = _cache_key(organization, term, kind, WHOLE)
    if not version["n"]:
        cache.delete(key)
        return False
    cache.set(key, _cached_sums(scope, organization, version), CACHE_SECONDS)
    if not kind:  # the R8 measures do not depend on the kind: warm their cache as the dashboard reads them
        r8_measures(
            organization=organization, term=term, today=timezone.localdate(), long_held_limit=LONG_HELD_SHOWN
        )
    return True


def _sums_by_child(scope: dict[str, Any], organization: Organization) -> list[dict[str, Any]]:
    """List figures and quota target sums per child organization (or the organization's own lists)."""
    child_path = Substr("org_path", 1, len(organization.path) + PATH_STEP + 1)
    rows = _scoped(ListSummary, **scope).annotate(child=child_path).values("child").annotate(**_sums())
    return list(rows.order_by())


def _buckets(scope: dict[str, Any]) -> list[dict[str, Any]]:
    """Pyramid, retirement and bench buckets of the scope: one pass over the counted rows."""
    bench_size = Case(
        When(metric=SummaryMetric.BENCH, then=Least("value", Value(BENCH_MORE))),
        default=Value(0),
        output_field=IntegerField(),
    )
    rows = (
        _scoped(SummaryCount, **scope)
        .filter(metric__in=[SummaryMetric.AGE_BAND, SummaryMetric.BENCH, SummaryMetric.RETIREMENT_YEAR])
        .annotate(size=bench_size)
        .values("metric", "key", "sex", "size")
        .annotate(n=Count("pk"), total=Sum("value"))
        .order_by()
    )
    return list(rows)


def dashboard_data(
    *, user: Any, organization: Organization, term: Term, kind: str | None = None
) -> dict[str, Any]:
    """Every dashboard figure of `term` (and `kind`) in the organization's subtree, in a fixed few queries.

    Keys: organization, term, kind, rows (one Figures per child organization, the organization's own
    lists first when it has any), totals (Figures), pyramid, bench, retirements, computed_at, oldest,
    missing (when the scope has no summary: its latest-edition lists, which a refresh would summarize).

    The sums are cached under the scope with the summaries' version (their count and newest time, one
    cheap query) and recomputed when the version differs: summaries change nightly and after imports,
    and at national scale the sums read half a million bucket rows. The summaries refresh pre-fills
    the national and province scopes (`dashboard_cache_fill`).
    """
    scope = {"user": user, "organization": organization, "term": term, "kind": kind}
    version = _version(scope)
    sums: dict[str, Any] = {"by_child": [], "buckets": []}
    if version["n"]:
        key = _cache_key(organization, term, kind, _reader_scope(user, organization))
        cached = cache.get(key)
        if cached is None or cached.get("version") != (version["n"], version["latest"]):
            cached = _cached_sums(scope, organization, version)
            cache.set(key, cached, CACHE_SECONDS)
        sums = cached
    children = {
        child.path: child for child in Organization.objects.filter(parent=organization).order_by("path")
    }

    figures: dict[str, Figures] = {}
    totals = Figures()
    oldest: dt.datetime | None = None
    for row in sums["by_child"]:
        child = figures[row["child"]] = _figures(row, children.get(row["child"])).finish()
        totals.add(child)
        oldest = min(filter(None, (oldest, row["oldest"])), default=None)
    totals.finish()

    ages: dict[tuple[str, str], int] = {}
    retirements: dict[tuple[str, str], int] = {}
    bench_rows: dict[str, dict[int | str, int]] = {}
    for row in sums["buckets"]:
        if row["metric"] == SummaryMetric.AGE_BAND:
            ages[(row["key"], row["sex"])] = ages.get((row["key"], row["sex"]), 0) + row["total"]
        elif row["metric"] == SummaryMetric.RETIREMENT_YEAR:
            retirements[(row["key"], row["sex"])] = (
                retirements.get((row["key"], row["sex"]), 0) + row["total"]
            )
        else:
            sizes = bench_rows.setdefault(row["key"], {"people": 0})
            sizes[row["size"]] = sizes.get(row["size"], 0) + row["n"]
            sizes["people"] += row["total"]
    positions = dict(Position.objects.order_by("sort_order", "code").values_list("code", "name"))
    order = {code: i for i, code in enumerate(positions)}
    bench = [
        BenchRow(
            code, positions.get(code, code), s.get(1, 0), s.get(2, 0), s.get(3, 0), s.get(4, 0), s["people"]
        )
        for code, s in sorted(bench_rows.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))
    ]

    rows = [figures[organization.path]] if organization.path in figures else []
    rows += [figures.get(path) or Figures(organization=child).finish() for path, child in children.items()]
    missing = 0
    if not version["n"]:
        unsummarized = PlanningList.objects.for_user(user).in_subtree(organization).latest_versions()
        unsummarized = unsummarized.filter(term=term, summary__isnull=True)
        missing = (unsummarized.filter(kind=kind) if kind else unsummarized).count()
    return {
        "organization": organization,
        "term": term,
        "kind": kind or "",
        "rows": rows,
        "totals": totals,
        "pyramid": [
            PyramidRow(band, ages.get((band, "M"), 0), ages.get((band, "F"), 0)) for band in AGE_BANDS
        ],
        "bench": bench,
        "retirements": [
            RetirementRow(year, retirements.get((year, "M"), 0), retirements.get((year, "F"), 0))
            for year in (str(y) for y in range(term.start_date.year, term.end_date.year + 1))
        ],
        "computed_at": version["latest"],
        "oldest": oldest,
        "missing": missing,
    }


def subtree_summary_totals(
    *, user: Any, organization: Organization | None = None, term: Term | None = None
) -> dict[str, Any]:
    """Totals of the stored summaries the user may read (in `organization`'s subtree, of `term`).

    Without a term: the latest term that has summaries in scope. Keys: term, lists, lists_with_errors,
    people, entries, ineligible, errors, warnings, young, women, ethnic, quotas (a Share per measure
    with a target), computed_at. The home page's figures, read from the summaries instead of evaluating.
    """
    base = _scoped(ListSummary, user=user, organization=organization, term=None, kind=None)
    if term is None:
        term_id = base.order_by("-term__start_date").values_list("term_id", flat=True).first()
        term = Term.objects.filter(pk=term_id).first() if term_id else None
    result: dict[str, Any] = {"term": term, "quotas": [], "computed_at": None, "lists_with_errors": 0}
    result.update(dict.fromkeys(COUNT_FIELDS, 0))
    if term is None:
        return result
    row = base.filter(term=term).aggregate(**_sums())
    figures = _figures(row).finish()
    result.update({name: getattr(figures, name) for name in COUNT_FIELDS})
    result["lists_with_errors"] = row["n_with_errors"]
    result["computed_at"] = row["latest"]
    result["quotas"] = [share for share in figures.share_list() if share.target is not None]
    return result
