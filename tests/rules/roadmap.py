"""The retirement roadmap of Labour Code 2019 art. 169 / Decree 135/2020, written year by year.

Independent of the engine's closed form: the tests compare the two.
"""

from __future__ import annotations

from datetime import date, timedelta


def roadmap_threshold(sex: str, calendar_year: int) -> int:
    """Retirement age in months in force during one calendar year."""
    if sex == "M":  # 60y3m in 2021, +3 months a year, 62y from 2028; 60y before the roadmap
        return 60 * 12 if calendar_year <= 2020 else min(60 * 12 + 3 * (calendar_year - 2020), 62 * 12)
    # 55y4m in 2021, +4 months a year, 60y from 2035; 55y before the roadmap
    return 55 * 12 if calendar_year <= 2020 else min(55 * 12 + 4 * (calendar_year - 2020), 60 * 12)


def roadmap_age(sex: str, birth_year: int, birth_month: int) -> int:
    """The threshold of the first calendar year in which the person reaches that year's threshold."""
    born = birth_year * 12 + birth_month - 1
    for calendar_year in range(birth_year, birth_year + 100):
        threshold = roadmap_threshold(sex, calendar_year)
        reached_in = (born + threshold) // 12  # calendar year of the month the person reaches it
        if reached_in <= calendar_year:
            assert reached_in == calendar_year
            return threshold
    raise AssertionError("unreachable")


def roadmap_retirement_date(sex: str, birth: date) -> date:
    """Last day of the month the person reaches the roadmap age: the day before the next month's 1st."""
    reached = birth.year * 12 + birth.month - 1 + roadmap_age(sex, birth.year, birth.month) + 1
    year, month0 = divmod(reached, 12)
    return date(year, month0 + 1, 1) - timedelta(days=1)
