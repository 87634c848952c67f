"""R1 retirement date and R2 remaining months, checked against an independent roadmap computation."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apps.rules.engine import months_remaining, retirement_age_months, retirement_date, year_month

from .roadmap import roadmap_age, roadmap_retirement_date, roadmap_threshold

HYPOTHESIS = settings(database=None, deadline=None, max_examples=300)
sexes = st.sampled_from(["M", "F"])
births = st.dates(min_value=date(1900, 1, 1), max_value=date(2010, 12, 31))
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2080, 12, 31))


BIRTH_MONTHS = [(sex, year, month) for sex in "MF" for year in range(1950, 1996) for month in range(1, 13)]


def test_closed_form_matches_the_roadmap_for_every_birth_month_1950_1995() -> None:
    mismatches = [
        (sex, year, month, roadmap_age(sex, year, month), retirement_age_months(sex, date(year, month, 1)))
        for sex, year, month in BIRTH_MONTHS
        if roadmap_age(sex, year, month) != retirement_age_months(sex, date(year, month, 1))
    ]
    assert mismatches == []
    assert len(BIRTH_MONTHS) == 2 * 46 * 12


@pytest.mark.parametrize("day", [1, 15, 28])
def test_retirement_date_matches_the_roadmap_for_every_birth_month_1950_1995(day: int) -> None:
    mismatches = [
        (sex, birth)
        for sex, year, month in BIRTH_MONTHS
        if retirement_date(sex, birth := date(year, month, day)) != roadmap_retirement_date(sex, birth)
    ]
    assert mismatches == []


# (sex, birth month, age in years and months, first month of pension = the month after retirement),
# rows of Decree 135/2020 Annex I at the edges of each cohort.
ANNEX_ROWS = [
    ("M", (1960, 12), (60, 0), (2021, 1)),
    ("M", (1961, 1), (60, 3), (2021, 5)),
    ("M", (1961, 9), (60, 3), (2022, 1)),
    ("M", (1961, 10), (60, 6), (2022, 5)),
    ("M", (1962, 6), (60, 6), (2023, 1)),
    ("M", (1962, 7), (60, 9), (2023, 5)),
    ("M", (1963, 3), (60, 9), (2024, 1)),
    ("M", (1963, 4), (61, 0), (2024, 5)),
    ("M", (1964, 1), (61, 3), (2025, 5)),
    ("M", (1966, 3), (61, 9), (2028, 1)),
    ("M", (1966, 4), (62, 0), (2028, 5)),
    ("M", (1990, 7), (62, 0), (2052, 8)),
    ("F", (1965, 12), (55, 0), (2021, 1)),
    ("F", (1966, 1), (55, 4), (2021, 6)),
    ("F", (1966, 8), (55, 4), (2022, 1)),
    ("F", (1966, 9), (55, 8), (2022, 6)),
    ("F", (1967, 4), (55, 8), (2023, 1)),
    ("F", (1967, 5), (56, 0), (2023, 6)),
    ("F", (1975, 4), (59, 8), (2035, 1)),
    ("F", (1975, 5), (60, 0), (2035, 6)),
    ("F", (1990, 7), (60, 0), (2050, 8)),
]


@pytest.mark.parametrize(("sex", "born", "age", "pension"), ANNEX_ROWS)
def test_decree_135_annex_rows(
    sex: str, born: tuple[int, int], age: tuple[int, int], pension: tuple[int, int]
) -> None:
    birth = date(*born, 20)
    assert retirement_age_months(sex, birth) == age[0] * 12 + age[1]
    retired = retirement_date(sex, birth)
    assert year_month(retired) + 1 == pension[0] * 12 + pension[1] - 1


def test_domain_example_man_born_15_03_1968() -> None:
    birth = date(1968, 3, 15)
    assert retirement_date("M", birth) == date(2030, 3, 31)
    assert months_remaining("M", birth, date(2022, 4, 1)) == 95
    assert months_remaining("M", birth, date(2025, 6, 1)) == 57


def test_retirement_takes_effect_on_the_last_day_of_the_month() -> None:
    assert retirement_date("F", date(1976, 2, 29)) == date(2036, 2, 29)  # 60y: leap February
    assert retirement_date("F", date(1977, 2, 1)) == date(2037, 2, 28)
    assert retirement_date("M", date(1970, 1, 31)) == date(2032, 1, 31)
    assert retirement_date("M", date(1955, 11, 30)) == date(2015, 11, 30)  # before the roadmap: 60y


def test_birth_year_only_means_1_january() -> None:
    assert retirement_date("M", date(1964, 1, 1)) == date(2025, 4, 30)  # 61y3m


def test_months_remaining_ignores_the_day_and_goes_negative_once_retired() -> None:
    birth = date(1968, 3, 15)  # retires 31/03/2030
    assert months_remaining("M", birth, date(2030, 3, 1)) == 0
    assert months_remaining("M", birth, date(2030, 3, 31)) == 0
    assert months_remaining("M", birth, date(2030, 2, 28)) == 1
    assert months_remaining("M", birth, date(2030, 4, 1)) == -1
    assert months_remaining("M", birth, date(2031, 3, 1)) == -12


def test_override_replaces_the_statutory_date() -> None:
    birth = date(1968, 3, 15)
    override = date(2032, 9, 30)
    assert retirement_date("M", birth, override=override) == override
    assert months_remaining("M", birth, date(2025, 6, 1), override=override) == 87
    # an override before the statutory date counts too
    assert months_remaining("M", birth, date(2025, 6, 1), override=date(2025, 5, 31)) == -1


@pytest.mark.parametrize("sex", ["", "m", "X", "Nam"])
def test_unknown_sex_is_rejected(sex: str) -> None:
    with pytest.raises(ValueError, match="sex"):
        retirement_date(sex, date(1970, 1, 1))
    with pytest.raises(ValueError, match="sex"):
        months_remaining(sex, date(1970, 1, 1), date(2025, 1, 1), override=date(2030, 1, 31))


def test_sex_enum_values_are_accepted() -> None:
    from apps.rules.engine import Sex

    assert retirement_date(Sex.MALE, date(1968, 3, 15)) == date(2030, 3, 31)
    assert retirement_date(Sex.FEMALE, date(1968, 3, 15)) == retirement_date("F", date(1968, 3, 15))


# --- Properties --------------------------------------------------------------------------------------


@HYPOTHESIS
@given(sex=sexes, birth=births, first=days, second=days)
def test_months_remaining_is_non_increasing_in_time(sex: str, birth: date, first: date, second: date) -> None:
    early, late = sorted((first, second))
    assert months_remaining(sex, birth, early) >= months_remaining(sex, birth, late)
    assert months_remaining(sex, birth, early) - months_remaining(sex, birth, late) == year_month(
        late
    ) - year_month(early)


@HYPOTHESIS
@given(sex=sexes, birth=births)
def test_retirement_date_is_a_month_end(sex: str, birth: date) -> None:
    assert (retirement_date(sex, birth) + timedelta(days=1)).day == 1


@HYPOTHESIS
@given(sex=sexes, first=births, second=births)
def test_retirement_age_and_date_are_monotone_in_birth_date(sex: str, first: date, second: date) -> None:
    early, late = sorted((first, second))
    assert retirement_age_months(sex, early) <= retirement_age_months(sex, late)
    assert retirement_date(sex, early) <= retirement_date(sex, late)


@HYPOTHESIS
@given(sex=sexes, birth=births)
def test_retirement_age_stays_within_the_legal_bounds(sex: str, birth: date) -> None:
    age = year_month(retirement_date(sex, birth)) - year_month(birth)
    assert age == retirement_age_months(sex, birth)
    if sex == "F":
        assert 55 * 12 <= age <= 60 * 12
    else:
        assert 60 * 12 <= age <= 62 * 12


@HYPOTHESIS
@given(sex=sexes, birth=births)
def test_retirement_age_is_the_threshold_of_the_retirement_year(sex: str, birth: date) -> None:
    retired = retirement_date(sex, birth)
    assert retirement_age_months(sex, birth) == roadmap_threshold(sex, retired.year)
