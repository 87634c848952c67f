"""Stored R8 measures: the MeasureCount rows of each organization, replaced with the list summaries.

`list_summaries_refresh` calls `organization_measures_refresh` for every organization on the nightly
refresh, and for the organizations of the officials that a change touches otherwise. The rows count the
officials of one organization (not its subtree) as of the day they are computed, under the rule set in
force that day; dashboards and reports sum them over a subtree (`r8_measures`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.db import transaction
from django.utils import timezone

from apps.organizations.models import Organization, Term
from apps.people.models import Official
from apps.planning.models import PlanningEntry
from apps.reports.models import MeasureCount
from apps.reports.selectors.measure_counts import OFFICIALS, MeasureRow, measure_counts_by_organization
from apps.rules.models import RuleSet

BATCH_SIZE = 5_000


def measure_organization_ids(
    *, list_ids: Collection[int] = (), official_ids: Collection[int] = ()
) -> set[int]:
    """The workplaces of the officials planned on these lists (any entry, removed too) and of these officials."""
    found: set[int] = set()
    if list_ids:
        found |= set(
            PlanningEntry.objects.filter(planning_list_id__in=sorted(set(list_ids)))
            .values_list("official__organization_id", flat=True)
            .distinct()
        )
    if official_ids:
        found |= set(
            Official.objects.filter(pk__in=sorted(set(official_ids)))
            .values_list("organization_id", flat=True)
            .distinct()
        )
    return found


def organization_measures_refresh(
    *, organization_ids: Collection[int] | None = None, today: dt.date | None = None
) -> int:
    """Replace the stored R8 rows of these organizations (None: all of them); return the rows written."""
    today = today or timezone.localdate()
    if organization_ids is not None and not organization_ids:
        return 0
    rule_set = RuleSet.objects.in_force_on(today).prefetch_related("levels").first()
    terms = list(Term.objects.filter(start_date__lte=today).order_by("start_date"))
    rows = []
    if rule_set is not None:
        counted = measure_counts_by_organization(
            organization_ids=organization_ids, terms=terms, today=today, rule_set=rule_set
        )
        orgs = Organization.objects.all()
        if organization_ids is not None:
            orgs = orgs.filter(pk__in=sorted(set(organization_ids)))
        paths = dict(orgs.values_list("id", "path"))
        # every organization refreshed gets its OFFICIALS row, zero included: a refresh always writes,
        # so the newest id (the cache version of `r8_measures`) moves on with every one
        seen = {row.organization_id for row in counted if row.code == OFFICIALS}
        counted += [MeasureRow(org_id, None, OFFICIALS, 0) for org_id in paths if org_id not in seen]
        rows = [
            MeasureCount(
                organization_id=row.organization_id,
                org_path=paths[row.organization_id],
                term_id=row.term_id,
                code=row.code,
                count=row.count,
                total=row.total,
                rule_set=rule_set.code,
                computed_on=today,
            )
            for row in counted
            if row.organization_id in paths
        ]
    with transaction.atomic():
        stale = MeasureCount.objects.all()
        if organization_ids is not None:
            stale = stale.filter(organization_id__in=sorted(set(organization_ids)))
        stale.delete()
        MeasureCount.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return len(rows)
