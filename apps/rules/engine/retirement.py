"""R1 retirement date and R2 remaining working months (domain.md §3)."""

from __future__ import annotations

from calendar import monthrange
from datetime import date

# R1 closed form (Labour Code 2019 art. 169, Decree 135/2020 art. 4): age in months at retirement.
# Men: 60y3m for births 01/1961-09/1961, +3 months per 9-month cohort, capped at 62y.
# Women: 55y4m for births 01/1966-08/1966, +4 months per 8-month cohort, capped at 60y.
_MEN_BASE_MONTHS = 720
_MEN_FIRST_YEAR = 1961
_MEN_COHORT_MONTHS = 9
_MEN_STEP_MONTHS = 3
_MEN_MAX_STEPS = 8
_WOMEN_BASE_MONTHS = 660
_WOMEN_FIRST_YEAR = 1966
_WOMEN_COHORT_MONTHS = 8
_WOMEN_STEP_MONTHS = 4
_WOMEN_MAX_STEPS = 15

# Cache of (retirement date, YM of it) per birth date, one dict per sex: a list of a million entries
# has only a few tens of thousands of distinct birth dates. evaluate.py reads it directly in its hot
# loop; entries are only ever added here, and a full dict is cleared in place (never replaced).
_CACHE_LIMIT = 1 << 18
_cache: dict[str, dict[date, tuple[date, int]]] = {"M": {}, "F": {}}


def year_month(d: date) -> int:
    """Return YM(d) = year * 12 + month - 1, the month index R2 subtracts."""
    return d.year * 12 + d.month - 1


def month_end(ym: int) -> date:
    """Return the last day of the month with index ym (see year_month)."""
    year, month0 = divmod(ym, 12)
    return date(year, month0 + 1, monthrange(year, month0 + 1)[1])


# R1: a woman official allowed to retire at 60 (Chỉ thị 45-CT/TW publishes her own cut-offs) retires at
# 60 years whatever the roadmap says; the flag with its legal basis is kept on the official.
AT_60_MONTHS = 720


def retirement_age_months(sex: str, birth_date: date, *, retires_at_60: bool = False) -> int:
    """Return the statutory retirement age in months for sex "M"/"F" born on birth_date (R1).

    `retires_at_60` (women only) gives 60 years instead of the roadmap age.
    """
    if retires_at_60 and sex == "F":
        return AT_60_MONTHS
    if sex == "M":
        ms = (birth_date.year - _MEN_FIRST_YEAR) * 12 + (birth_date.month - 1)
        if ms < 0:
            return _MEN_BASE_MONTHS
        return _MEN_BASE_MONTHS + _MEN_STEP_MONTHS * min(ms // _MEN_COHORT_MONTHS + 1, _MEN_MAX_STEPS)
    if sex == "F":
        ms = (birth_date.year - _WOMEN_FIRST_YEAR) * 12 + (birth_date.month - 1)
        if ms < 0:
            return _WOMEN_BASE_MONTHS
        return _WOMEN_BASE_MONTHS + _WOMEN_STEP_MONTHS * min(ms // _WOMEN_COHORT_MONTHS + 1, _WOMEN_MAX_STEPS)
    raise ValueError(f"sex must be 'M' or 'F', got {sex!r}")


def retirement_info(
    sex: str, birth_date: date, override: date | None = None, retires_at_60: bool = False
) -> tuple[date, int]:
    """Return (retirement date, its YM); override, when given, replaces the statutory date."""
    if override is not None:
        if sex != "M" and sex != "F":
            raise ValueError(f"sex must be 'M' or 'F', got {sex!r}")
        return override, override.year * 12 + override.month - 1
    if retires_at_60 and sex == "F":
        ym = birth_date.year * 12 + birth_date.month - 1 + AT_60_MONTHS
        return month_end(ym), ym
    try:
        return _cache[sex][birth_date]
    except KeyError:
        pass
    ym = birth_date.year * 12 + birth_date.month - 1 + retirement_age_months(sex, birth_date)
    info = (month_end(ym), ym)
    by_birth = _cache[sex]
    if len(by_birth) >= _CACHE_LIMIT:
        by_birth.clear()
    by_birth[birth_date] = info
    return info


def retirement_date(
    sex: str, birth_date: date, *, override: date | None = None, retires_at_60: bool = False
) -> date:
    """Return the last day of the retirement month (R1), or override when one is given."""
    return retirement_info(sex, birth_date, override, retires_at_60)[0]


def months_remaining(
    sex: str, birth_date: date, at: date, *, override: date | None = None, retires_at_60: bool = False
) -> int:
    """Return YM(retirement) - YM(at) (R2); zero in the retirement month, negative once retired."""
    return retirement_info(sex, birth_date, override, retires_at_60)[1] - (at.year * 12 + at.month - 1)
