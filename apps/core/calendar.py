"""Calendar helpers: whole years back from a day."""

from __future__ import annotations

import datetime as dt


def years_before(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` earlier (29 February falls back to the 28th); negative = later."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)
