"""Reading officials for the pages: the list rows and everything the official page shows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from apps.accounts.access import Action
from apps.people.models import Official
from apps.rules.engine import age_in_years, months_remaining, retirement_date

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
    "retires_at_60",
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
    at_60 = bool(getattr(official, "retires_at_60", False))
    return Working(
        age=age_in_years(official.birth_date, today),
        retirement_date=retirement_date(
            official.sex, official.birth_date, override=override, retires_at_60=at_60
        ),
        months_remaining=months_remaining(
            official.sex, official.birth_date, today, override=override, retires_at_60=at_60
        ),
    )


def official_list_queryset(*, user: Any) -> QuerySet[Official]:
    """The officials the user may read, with what one row of the list shows, in one query per page.

    Whether an official is planned is read for the rows of the page only (`official_rows`): as an
    annotation PostgreSQL computed it for every row it skipped to reach a later page too.
    """
    return Official.objects.for_user(user, Action.READ).select_related("organization").only(*LIST_COLUMNS)


def official_rows(
    officials: Any, *, today: dt.date, planned: Callable[[list[int]], set[int]]
) -> list[tuple[Official, Working]]:
    """Each official of a page with its working status on `today` (in Python) and `planned`.

    `planned` answers which of the page's official ids are planned (planning's selector: one query).
    """
    page = list(officials)
    planned_now = planned([official.pk for official in page])
    for official in page:
        official.planned = official.pk in planned_now
    return [(official, working_status(official, today)) for official in page]


def official_counts_by_organization(*, user: Any, organization_ids: list[int]) -> dict[int, int]:
    """How many officials the user may read work in each of these organizations: one grouped query."""
    return dict(
        Official.objects.for_user(user, Action.READ)
        .filter(organization_id__in=organization_ids)
        .values_list("organization_id")
        .annotate(n=Count("id"))
        .order_by()
    )


def officials_of_organization(*, user: Any, organization: Any) -> QuerySet[Official]:
    """The officials working in the organization itself (not below it), by name: the organization page."""
    return (
        Official.objects.for_user(user, Action.READ)
        .filter(organization=organization)
        .only("id", "full_name", "birth_date", "sex", "current_position_title", "political_theory")
        .order_by("search_name", "birth_date", "id")
    )
