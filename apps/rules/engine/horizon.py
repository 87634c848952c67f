"""Foresight helpers over R1-R3: the month an official stops meeting an age condition."""

from __future__ import annotations

from datetime import date

from .eligibility import age_thresholds
from .retirement import month_end
from .types import ListKind, RuleParams


def last_month_meeting(retirement_ym: int, required_months: int) -> int:
    """Return the YM of the last month in which YM(retirement) - YM(month) >= required_months (R2)."""
    return retirement_ym - required_months


def stops_meeting(
    retirement: date, target_group: int, params: RuleParams, kind: str = ListKind.CURRENT
) -> date:
    """Return the first day of the month from which an entry of `kind` and group fails its R3 error rule."""
    _code, required, _warning, _months = age_thresholds(kind, target_group, params)
    ym = last_month_meeting(retirement.year * 12 + retirement.month - 1, required) + 1
    end = month_end(ym)
    return end.replace(day=1)
