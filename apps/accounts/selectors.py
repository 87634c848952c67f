"""The home page figures of a user's subtree: lists by status, findings, quota shares, retirements."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from apps.accounts.access import Action
from apps.organizations.models import Term
from apps.people.filters import planned_q, years_before
from apps.people.models import Official
from apps.planning.models import ListKind, ListStatus, PlanningList
from apps.planning.selectors import planning_list_evaluations
from apps.rules.engine import months_remaining, retirement_date, share_percent

QUOTA_LABELS = {
    "QUOTA_YOUNG": _("Young officials"),
    "QUOTA_WOMEN": _("Women"),
    "QUOTA_ETHNIC": _("Ethnic minorities"),
}
RETIRING_LIMIT = 50


@dataclass
class StatusRow:
    """The lists of one term and kind, counted by status."""

    term: str
    kind_label: str
    counts: list[int]  # in ListStatus order
    total: int


@dataclass
class QuotaShare:
    """One structure measure summed over the lists of a term: count/total and lists meeting the target."""

    code: str
    count: int = 0
    total: int = 0
    lists_ok: int = 0
    lists_checked: int = 0
    targets: set[float] = field(default_factory=set)

    @property
    def label(self) -> str:
        return str(QUOTA_LABELS[self.code])

    @property
    def percent(self) -> float | None:
        return share_percent(self.count, self.total)

    @property
    def target_text(self) -> str:
        if not self.targets:
            return ""
        low, high = min(self.targets), max(self.targets)
        fmt = "{:g}".format
        return f"{fmt(low)}%" if low == high else f"{fmt(low)}–{fmt(high)}%"


@dataclass
class Findings:
    """Errors and warnings over the lists of one term."""

    term: Term | None = None
    lists: int = 0
    lists_with_errors: int = 0
    errors: int = 0
    warnings: int = 0
    quotas: list[QuotaShare] = field(default_factory=list)


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
        .values("term__name", "term__start_date", "kind", "status")
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
                counts=[0] * len(column),
                total=0,
            ),
        )
        status_row.counts[column[row["status"]]] += row["n"]
        status_row.total += row["n"]
    return list(table.values())


def latest_term_findings(*, user: Any) -> Findings:
    """Errors, warnings and quota shares over the user's lists of the latest term they have lists in.

    TODO: the reports app's nightly compliance summaries can replace this live evaluation once they
    exist; at demo scale evaluating a term's lists on each visit is fast enough.
    """
    lists = PlanningList.objects.for_user(user, Action.READ).latest_versions()
    term_id = lists.order_by("-term__start_date").values_list("term_id", flat=True).first()
    if term_id is None:
        return Findings()
    found = Findings(term=Term.objects.get(pk=term_id))
    quotas = {code: QuotaShare(code=code) for code in QUOTA_LABELS}
    for evaluation in planning_list_evaluations(lists=lists.filter(term_id=term_id)):
        result = evaluation.result
        found.lists += 1
        found.errors += result.errors
        found.warnings += result.warnings
        found.lists_with_errors += result.errors > 0
        for q in result.quotas:
            share = quotas[q.code]
            share.count += q.count
            share.total += q.total
            if q.target is not None:  # a level whose rule set sets no target is not checked
                share.targets.add(q.target)
            if q.ok is not None:
                share.lists_checked += 1
                share.lists_ok += q.ok
    found.quotas = [q for q in quotas.values() if q.targets]
    return found


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
        .values_list("id", "full_name", "sex", "birth_date", "retirement_override", "organization__name")
    )
    found = []
    for pk, name, sex, born, override, org_name in rows:
        retires = retirement_date(sex, born, override=override)
        if today <= retires <= horizon:
            months = months_remaining(sex, born, today, override=override)
            found.append(Retiring(pk, name, org_name, retires, months))
    found.sort(key=lambda r: (r.retirement_date, r.full_name))
    return found[:limit], len(found)
