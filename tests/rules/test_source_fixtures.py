"""R1/R2 held against the published sources, row by row (domain.md R1; tests/rules/data/).

`retirement_roadmap_decree135.csv`: the 102 rows of Decree 135/2020/NĐ-CP Appendix I that public sites
re-typed. `ct45_cutoffs.csv`: the 15 birth-month cut-offs published with Chỉ thị 45-CT/TW (14/04/2025,
appendix 2). Both are copies: the project never reads ../shared.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from apps.rules.engine import months_remaining, retirement_age_months, retirement_date

DATA = Path(__file__).parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _month(text: str) -> tuple[int, int]:
    year, month = text.split("-")
    return int(year), int(month)


def _months(start: tuple[int, int], end: tuple[int, int]) -> list[tuple[int, int]]:
    ym, last = start[0] * 12 + start[1] - 1, end[0] * 12 + end[1] - 1
    return [divmod(i, 12) for i in range(ym, last + 1)]


ROADMAP = _rows("retirement_roadmap_decree135.csv")
CUTOFFS = _rows("ct45_cutoffs.csv")


def test_the_fixtures_hold_every_published_row() -> None:
    assert len(ROADMAP) == 102
    assert len(CUTOFFS) == 15
    assert sum(r["retires_at_60"] == "yes" for r in CUTOFFS) == 4


@pytest.mark.parametrize("row", ROADMAP, ids=lambda r: f"{r['sex']}-{r['birth_from']}")
def test_retirement_month_of_every_appendix_row(row: dict[str, str]) -> None:
    year, month = _month(row["retire_month"])
    expected_age = int(row["retire_age_years"]) * 12 + int(row["retire_age_months"])
    for birth_year, month0 in _months(_month(row["birth_from"]), _month(row["birth_to"])):
        for day in (1, 28):
            birth = date(birth_year, month0 + 1, day)
            assert retirement_age_months(row["sex"], birth) == expected_age
            retires = retirement_date(row["sex"], birth)
            assert (retires.year, retires.month) == (year, month)
            assert retires.day >= 28  # the end of the last day of that month (art. 3(1))


@pytest.mark.parametrize("row", CUTOFFS, ids=lambda r: f"{r['case']}-{r['sex']}-{r['retires_at_60']}")
def test_every_ct45_cutoff_is_an_r2_boundary(row: dict[str, str]) -> None:
    ref_year, ref_month = _month(row["reference_month"])
    reference = date(ref_year, ref_month, 1)
    needed = int(row["months_needed"])
    at_60 = row["retires_at_60"] == "yes"
    year, month = _month(row["earliest_birth_month"])
    earliest = date(year, month, 1)
    before = date(year - 1, 12, 1) if month == 1 else date(year, month - 1, 1)
    sex = row["sex"]
    at_earliest = months_remaining(sex, earliest, reference, retires_at_60=at_60)
    at_before = months_remaining(sex, before, reference, retires_at_60=at_60)
    if (row["case"], sex, row["retires_at_60"]) in STEP_ROWS:
        # A roadmap step falls between the two birth months: nobody has exactly the months needed.
        assert retirement_age_months(sex, earliest) - retirement_age_months(sex, before) == 4
        assert at_earliest > needed > at_before
    else:
        assert at_earliest == needed
        assert at_before == needed - 1


# Women born 12/1971 retire at 58 years (12/2029), those born 01/1972 at 58 years 4 months (05/2030): at
# the grassroots congress month 04/2025 they have 56 and 61 months, so 01/1972 is the earliest birth
# month with the 60 months and no birth month has exactly 60.
STEP_ROWS = {("grassroots first time", "F", "no")}


def test_retires_at_60_changes_women_only() -> None:
    birth = date(1970, 9, 1)
    assert retirement_date("F", birth) == date(2028, 5, 31)  # roadmap: 57 years 8 months
    assert retirement_date("F", birth, retires_at_60=True) == date(2030, 9, 30)
    assert retirement_date("M", birth, retires_at_60=True) == retirement_date("M", birth)
    override = date(2029, 1, 31)
    assert retirement_date("F", birth, override=override, retires_at_60=True) == override
