"""Small builders of engine facts for the rules tests."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import date
from typing import Any

from apps.rules.engine import (
    Discipline,
    EntryFacts,
    ListFacts,
    RuleParams,
    Severity,
    retirement_age_months,
    year_month,
)

HD16 = RuleParams(code="HD16-2022")
QD377 = RuleParams(
    code="QD377-2025",
    max_people_per_position=3,
    require_higher_position=True,
    discipline_severity=Severity.WARNING,
    auto_remove=False,
    discipline_months={"reprimand": 24, "warning": 36, "dismissal": 60},
    pending_proposal_warning=True,
)

_ids = itertools.count(1)


def birth_for_months(months: int, ref: date, sex: str = "M", day: int = 15) -> date:
    """The birth date (on `day`) that leaves exactly `months` of work at ref under the roadmap."""
    retires = year_month(ref) + months
    for age in range(55 * 12, 62 * 12 + 1):
        year, month0 = divmod(retires - age, 12)
        birth = date(year, month0 + 1, day)
        if retirement_age_months(sex, birth) == age:
            return birth
    raise ValueError(f"nobody of sex {sex} retires in month {retires}: a step of the roadmap")


def entry(
    *,
    official_id: int | None = None,
    full_name: str = "Nguyễn Văn An",
    sex: str = "M",
    birth_date: date = date(1985, 6, 15),
    position_code: str = "PHO_BI_THU",
    position_group: str = "committee",
    position_rank: int = 9,
    target_group: int = 1,
    ethnic_minority: bool = False,
    retirement_override: date | None = None,
    current_position_rank: int | None = None,
    disciplines: Iterable[Discipline] = (),
    fails_political_standard: bool = False,
    position_name: str = "",
    current_position_name: str = "",
    current_position_level: str | None = None,
    **extra: Any,
) -> EntryFacts:
    """One entry; a fresh official unless official_id is given."""
    entry_id = next(_ids)
    return EntryFacts(
        entry_id=entry_id,
        official_id=entry_id + 100_000 if official_id is None else official_id,
        full_name=full_name,
        sex=sex,
        birth_date=birth_date,
        position_code=position_code,
        position_group=position_group,
        position_rank=position_rank,
        target_group=target_group,
        ethnic_minority=ethnic_minority,
        retirement_override=retirement_override,
        current_position_rank=current_position_rank,
        disciplines=tuple(disciplines),
        fails_political_standard=fails_political_standard,
        position_name=position_name,
        current_position_name=current_position_name,
        current_position_level=current_position_level,
        **extra,
    )


def planning_list(
    entries: Iterable[EntryFacts],
    *,
    kind: str = "current",
    level: str = "district",
    reference_date: date = date(2025, 6, 1),
    list_id: int = 1,
) -> ListFacts:
    """A planning list of these entries."""
    return ListFacts(
        list_id=list_id, kind=kind, level=level, reference_date=reference_date, entries=tuple(entries)
    )
