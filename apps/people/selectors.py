"""Reading officials for the pages: the list rows and everything the official page shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from apps.accounts.access import Action
from apps.people.filters import planned_q
from apps.people.models import Official
from apps.planning.models import EntryStatus, PlanningEntry, PlanningList
from apps.planning.selectors import planning_list_evaluations
from apps.rules.engine import EntryResult, age_in_years, months_remaining, retirement_date

LIST_COLUMNS = (
    "id",
    "full_name",
    "birth_date",
    "birth_year_only",
    "sex",
    "ethnicity",
    "political_theory",
    "current_position_title",
    "retirement_override",
    "organization__id",
    "organization__name",
)


@dataclass(frozen=True)
class Working:
    """Where an official stands on `today`: age, retirement date (R1) and months left (R2)."""

    age: int
    retirement_date: dt.date
    months_remaining: int

    @property
    def retired(self) -> bool:
        return self.months_remaining < 0


def working_status(official: Any, today: dt.date) -> Working:
    """Age, retirement date and months remaining of an official (or row with the same fields) today."""
    override = official.retirement_override
    return Working(
        age=age_in_years(official.birth_date, today),
        retirement_date=retirement_date(official.sex, official.birth_date, override=override),
        months_remaining=months_remaining(official.sex, official.birth_date, today, override=override),
    )


def official_list_queryset(*, user: Any) -> QuerySet[Official]:
    """The officials the user may read, with what one row of the list shows, in one query per page.

    Whether an official is planned is read for the rows of the page only (`official_rows`): as an
    annotation PostgreSQL computed it for every row it skipped to reach a later page too.
    """
    return Official.objects.for_user(user, Action.READ).select_related("organization").only(*LIST_COLUMNS)


def planned_ids(official_ids: list[int]) -> set[int]:
    """Which of these officials have an active entry in the newest edition of some list: one query."""
    if not official_ids:
        return set()
    return set(Official.objects.filter(planned_q(), pk__in=official_ids).values_list("pk", flat=True))


def official_rows(officials: Any, *, today: dt.date) -> list[tuple[Official, Working]]:
    """Each official of a page with its working status on `today` (in Python) and `planned` (one query)."""
    page = list(officials)
    planned = planned_ids([official.pk for official in page])
    for official in page:
        official.planned = official.pk in planned
    return [(official, working_status(official, today)) for official in page]


@dataclass(frozen=True)
class EntryView:
    """A planning entry of the official page, with the engine's result for it when it is active."""

    entry: PlanningEntry
    result: EntryResult | None


def official_entries(*, official: Official, user: Any) -> list[EntryView]:
    """Every planning entry of the official in lists the user may read, across terms, with findings.

    Findings come from evaluating the whole lists (caps and structure depend on the other entries),
    through the same function the list pages and reports use.
    """
    entries = list(
        PlanningEntry.objects.for_user(user, Action.READ)
        .filter(official=official)
        .select_related("planning_list__organization", "planning_list__term", "position")
        .order_by("-planning_list__term__start_date", "planning_list__kind", "-planning_list__version", "id")
    )
    list_ids = {e.planning_list_id for e in entries if e.status == EntryStatus.ACTIVE}
    results: dict[int, EntryResult] = {}
    if list_ids:
        for evaluation in planning_list_evaluations(lists=PlanningList.objects.filter(id__in=list_ids)):
            for result in evaluation.result.entry_results:
                if result.official_id == official.pk:
                    results[result.entry_id] = result
    return [EntryView(entry=e, result=results.get(e.pk)) for e in entries]
