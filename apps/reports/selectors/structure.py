"""Compliance reading: the report of a subtree and its structure counts as SQL aggregates."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.contrib.postgres.aggregates import BoolOr
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Expression,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)

from apps.organizations.models import Organization, Term
from apps.planning.models import PlanningEntry, PlanningList
from apps.planning.selectors import planning_lists_in_scope
from apps.rules.adapters import RuleSetCatalogue

STRUCTURE_KEYS = ("lists", "people", "distinct_people", "entries", "women", "ethnic", "young")


def report_list_order(*, organization: Organization, term: Term, kind: str | None = None) -> dict[int, int]:
    """Rank of every list of the scope in report order (organization path, then kind)."""
    ids = planning_lists_in_scope(organization=organization, term=term, kind=kind).values_list(
        "id", flat=True
    )
    return {list_id: rank for rank, list_id in enumerate(ids)}


class _YearsBefore(Func):
    """`day - years` as a date; PostgreSQL keeps 29 February right (2041-02-28 - 41 y = 2000-02-28)."""

    output_field = DateField()

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, tuple[Any, ...]]:  # type: ignore[override]
        day, years = self.get_source_expressions()
        day_sql, day_params = compiler.compile(day)
        years_sql, years_params = compiler.compile(years)
        return f"(({day_sql}) - make_interval(years => {years_sql}))::date", (*day_params, *years_params)


def _limit_by_level(limits: Mapping[str, int], level_field: str) -> Case:
    return Case(
        *[When(Q(**{level_field: level}), then=Value(limit)) for level, limit in limits.items()],
        default=Value(None),
        output_field=IntegerField(),
    )


def young_age_limit_expression(catalogue: RuleSetCatalogue, prefix: str = "") -> Expression:
    """R4 young-age limit of a list's level under its effective rule set, as a CASE over list columns."""
    # Rule sets are a handful of rows: inlined as constants they cost a few comparisons per row, where a
    # correlated subquery would run once per entry. Same choice as RuleSetCatalogue.for_list.
    level_field = f"{prefix}organization__level"
    reference = f"{prefix}reference_date"
    # the engine's parameters, so a level without a row falls back to the same default as the engine
    limits = {
        rs_id: _limit_by_level(params.young_age_by_level, level_field)
        for rs_id, params in catalogue.params.items()
    }
    none = Value(None, output_field=IntegerField())

    def by_id(column: str) -> Case:
        whens = [When(Q(**{column: rs_id}), then=limit) for rs_id, limit in limits.items()]
        return Case(*whens, default=none, output_field=IntegerField())

    # RuleSetCatalogue.in_force_on: the newest start wins, the first in catalogue order on a tie.
    ordered = sorted(
        catalogue.rule_sets.values(),
        key=lambda rs: (rs.valid_from is not None, rs.valid_from or date.min),
        reverse=True,
    )
    in_force: list[When] = []
    unbounded: Expression = none
    for rs in ordered:
        bounds = Q()
        if rs.valid_from is not None:
            bounds &= Q(**{f"{reference}__gte": rs.valid_from})
        if rs.valid_to is not None:
            bounds &= Q(**{f"{reference}__lte": rs.valid_to})
        if not bounds:
            unbounded = limits[rs.id]  # valid on every day: it takes whatever no earlier rule set claims
            break
        in_force.append(When(bounds, then=limits[rs.id]))
    return Case(
        When(Q(**{f"{prefix}rule_set_id__isnull": False}), then=by_id(f"{prefix}rule_set_id")),
        When(Q(**{f"{prefix}rule_set_used_id__isnull": False}), then=by_id(f"{prefix}rule_set_used_id")),
        default=Case(*in_force, default=unbounded, output_field=IntegerField()),
        output_field=IntegerField(),
    )


def young_q(catalogue: RuleSetCatalogue, prefix: str = "") -> Q:
    """Entry rows whose official is young (R4) at the list's reference date under its rule set."""
    cutoff = _YearsBefore(F(f"{prefix}reference_date"), young_age_limit_expression(catalogue, prefix))
    # age in completed years < limit  <=>  born after (reference date - limit years)
    return Q(official__birth_date__gt=cutoff)


def people_per_list(
    *, lists: QuerySet[PlanningList], catalogue: RuleSetCatalogue | None = None
) -> QuerySet[PlanningEntry, dict[str, Any]]:
    """One row per (list, official) with active entries: entries, woman, ethnic, young (R4, R5)."""
    catalogue = catalogue or RuleSetCatalogue()
    return (
        PlanningEntry.objects.active()
        .filter(planning_list__in=lists.values("id"))
        .values("planning_list_id", "official_id")
        .annotate(
            n_entries=Count("id"),
            is_woman=BoolOr(ExpressionWrapper(Q(official__sex="F"), output_field=BooleanField())),
            is_ethnic=BoolOr("official__ethnic_minority"),
            is_young=BoolOr(
                ExpressionWrapper(young_q(catalogue, "planning_list__"), output_field=BooleanField())
            ),
        )
        .order_by()
    )


def list_structure_counts(
    *, organization: Organization, term: Term, kind: str | None = None
) -> dict[int, dict[str, int]]:
    """Per list id with active entries: people, entries, women, ethnic and young, counted in SQL."""
    lists = planning_lists_in_scope(organization=organization, term=term, kind=kind)
    rows = (
        PlanningEntry.objects.active()
        .filter(planning_list__in=lists.values("id"))
        .values("planning_list_id")
        .annotate(
            people=Count("official_id", distinct=True),
            entries=Count("id"),
            women=Count("official_id", filter=Q(official__sex="F"), distinct=True),
            ethnic=Count("official_id", filter=Q(official__ethnic_minority=True), distinct=True),
            young=Count("official_id", filter=young_q(RuleSetCatalogue(), "planning_list__"), distinct=True),
        )
        .order_by()
    )
    return {row.pop("planning_list_id"): row for row in rows}


def subtree_structure_totals(
    *, organization: Organization, term: Term, kind: str | None = None
) -> dict[str, int]:
    """Structure totals of the subtree's lists in SQL: sums of per-list figures, and distinct_people."""
    lists = planning_lists_in_scope(organization=organization, term=term, kind=kind)
    totals = people_per_list(lists=lists).aggregate(
        people=Count("*"),
        distinct_people=Count("official_id", distinct=True),
        entries=Sum("n_entries"),
        women=Count("official_id", filter=Q(is_woman=True)),
        ethnic=Count("official_id", filter=Q(is_ethnic=True)),
        young=Count("official_id", filter=Q(is_young=True)),
    )
    result = {key: int(totals.get(key) or 0) for key in STRUCTURE_KEYS if key != "lists"}
    return {"lists": lists.count(), **result}
