"""The demo's calendar: the tables of `apps.demo.data` are written for the 2020-2025 term being the
running one; loaded on another day, every date moves by whole terms so that the term running today is
reviewed and the next one is being built.

- every date of the tables (births, party admissions, work history, overrides) moves by `years`, a
  multiple of five: ages at the terms' reference dates, and so every deliberate fault, stay the same;
- the current lists' review date is the tables' one moved, or the first of this month when that is
  still to come; the events of the review (votes, decisions, removals, discipline) keep their distance
  to it and never fall after today;
- the next lists take the congress month of their level for the next term (domain R3, `TermLevelStart`),
  else that term's start; they were submitted and returned in the last weeks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from apps.rules.engine.eligibility import add_months

BASE_START = 2020  # the tables' running term: 2020-2025
TERM_YEARS = 5
TERM_START = (6, 1)  # party terms run from 1 June (organizations migration 0002)
BASE_REVIEW = date(2022, 4, 1)  # the tables' review of the current lists


def term_code(start_year: int) -> str:
    """The code of the party term starting in `start_year` ("2025-2030")."""
    return f"{start_year}-{start_year + TERM_YEARS}"


@dataclass(frozen=True)
class DemoDates:
    today: date
    years: int  # added to the tables' dates: whole terms
    review: date  # the reference date of the current lists
    level_starts: Mapping[str, date] = field(default_factory=dict)  # next term: level -> congress month

    @property
    def current_start(self) -> int:
        return BASE_START + self.years

    @property
    def current_term(self) -> str:
        return term_code(self.current_start)

    @property
    def next_term(self) -> str:
        return term_code(self.current_start + TERM_YEARS)

    @property
    def next_term_start(self) -> date:
        return date(self.current_start + TERM_YEARS, *TERM_START)

    def shift(self, day: date) -> date:
        """A date of the tables moved to the running term (29 February becomes the 28th)."""
        year = day.year + self.years
        try:
            return day.replace(year=year)
        except ValueError:
            return day.replace(year=year, day=28)

    def of_review(self, day: date) -> date:
        """A date of the tables' current review, at the same distance from this review, never after today."""
        return min(self.review + (day - BASE_REVIEW), self.today)

    def months_before_review(self, months: int) -> date:
        """The review date `months` months earlier (discipline decisions, conclusions)."""
        return add_months(self.review, -months)

    def days_ago(self, days: int) -> date:
        return self.today - timedelta(days=days)

    def next_reference(self, level: str) -> date:
        """Domain R3: the congress month of the level for the next term, else the term's start."""
        start = self.level_starts.get(level)
        return start.replace(day=1) if start else self.next_term_start


def demo_dates(today: date, level_starts: Mapping[str, date] | None = None) -> DemoDates:
    """The demo's calendar on `today` (not before the tables' own term, 1 June 2020)."""
    year = today.year if (today.month, today.day) >= TERM_START else today.year - 1
    terms = max(0, (year - BASE_START) // TERM_YEARS)
    years = terms * TERM_YEARS
    start = date(BASE_START + years, *TERM_START)
    moved = BASE_REVIEW.replace(year=BASE_REVIEW.year + years)
    review = max(min(moved, today.replace(day=1)), start)
    return DemoDates(today=today, years=years, review=review, level_starts=dict(level_starts or {}))
