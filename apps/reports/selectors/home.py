"""The home page figures of a user's subtree: lists by status, the stored findings, retirements soon.

The findings come from the per-list summaries (`subtree_summary_totals`), the same figures as the
dashboards: one figure, one source.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Count, Q

from apps.accounts.access import Action
from apps.core.calendar import years_before
from apps.people.models import Official
from apps.planning.models import ListKind, ListStatus, PlanningList
from apps.planning.selectors import planned_q
from apps.rules.engine import months_remaining, retirement_date

RETIRING_LIMIT = 50


@dataclass
class StatusRow:
    """The lists of one term and kind, counted by status."""

    term: str
    kind_label: str
    term_id: int
    kind: str
    counts: list[int]  # in ListStatus order
    total: int


@dataclass(frozen=True)
class Retiring:
    official_id: int
    full_name: str
    organization: str
    retirement_date: dt.date
    months_remaining: int


def lists_by_status(*, user: Any) -> list[StatusRow]:
    """The newest edition of each list the user may read, counted per term, kind and status in SQL."""
    rows = (
        PlanningList.objects.for_user(user, Action.READ)
        .latest_versions()
        .values("term__name", "term__start_date", "term_id", "kind", "status")
        .annotate(n=Count("id"))
        .order_by("-term__start_date", "term__name", "kind")
    )
    kinds = dict(ListKind.choices)
    column = {status: i for i, status in enumerate(ListStatus.values)}
    table: dict[tuple[str, str], StatusRow] = {}
    for row in rows:
        status_row = table.setdefault(
            (row["term__name"], row["kind"]),
            StatusRow(
                term=row["term__name"],
                kind_label=str(kinds.get(row["kind"], row["kind"])),
                term_id=row["term_id"],
                kind=row["kind"],
                counts=[0] * len(column),
                total=0,
            ),
        )
        status_row.counts[column[row["status"]]] += row["n"]
        status_row.total += row["n"]
    return list(table.values())


def retiring_soon(*, user: Any, today: dt.date, limit: int = RETIRING_LIMIT) -> tuple[list[Retiring], int]:
    """Planned officials whose retirement date (R1, or its override) falls within 12 months of today.

    Returns the first `limit` by date and the total. The birth-date window narrows the rows in SQL
    (nobody retires younger than 55 or older than 62 by statute); the engine decides exactly.
    """
    horizon = years_before(today, -1)
    window = Q(birth_date__gte=years_before(today, 63), birth_date__lte=years_before(today, 54))
    rows = (
        Official.objects.for_user(user, Action.READ)
        .filter(planned_q())
        .filter(window | Q(retirement_override__range=(today, horizon)))
        .values_list(
            "id",
            "full_name",
            "sex",
            "birth_date",
            "retirement_override",
            "retires_at_60",
            "organization__name",
        )
    )
    found = []
    for pk, name, sex, born, override, at_60, org_name in rows:
        retires = retirement_date(sex, born, override=override, retires_at_60=at_60)
        if today <= retires <= horizon:
            months = months_remaining(sex, born, today, override=override, retires_at_60=at_60)
            found.append(Retiring(pk, name, org_name, retires, months))
    found.sort(key=lambda r: (r.retirement_date, r.full_name))
    return found[:limit], len(found)


REVIEW_LIMIT = 50


@dataclass(frozen=True)
class ReviewDue:
    list_id: int
    organization: str
    term: str
    kind_label: str
    last_reviewed_on: dt.date | None


def review_due_q(today: dt.date) -> Q:
    """R7, the one definition: a list of a running term last reviewed a year ago or more, or never reviewed
    and made a year ago or more."""
    year_ago = years_before(today, 1)
    return Q(term__end_date__gte=today) & (
        Q(last_reviewed_on__lte=year_ago) | Q(last_reviewed_on__isnull=True, created_at__date__lte=year_ago)
    )


def reviews_due(*, user: Any, today: dt.date, limit: int = REVIEW_LIMIT) -> tuple[list[ReviewDue], int]:
    """R7: the newest lists of running terms the user may read whose yearly review is due: never reviewed
    and made more than a year ago, or last reviewed more than a year ago. Oldest first; and the total."""
    rows = (
        PlanningList.objects.for_user(user, Action.READ)
        .latest_versions()
        .filter(review_due_q(today))
        .order_by(models.F("last_reviewed_on").asc(nulls_first=True), "organization__path", "id")
        .values_list("id", "organization__name", "term__name", "kind", "last_reviewed_on")
    )
    kinds = dict(ListKind.choices)
    total = rows.count()
    found = [
        ReviewDue(pk, org, term, str(kinds.get(kind, kind)), last)
        for pk, org, term, kind, last in rows[:limit]
    ]
    return found, total
