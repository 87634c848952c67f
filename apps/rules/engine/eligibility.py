"""Entry-level rules: R3 age eligibility, R4 young cadre, R6 higher post, R7 discipline."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache

from . import messages as msg
from .types import (
    DISCIPLINE_LABELS,
    DISCIPLINE_RANKS,
    LEVEL_ORDER,
    Code,
    Discipline,
    EntryFacts,
    Finding,
    ListKind,
    RuleParams,
    Severity,
)

_ERROR = Severity.ERROR.value
_WARNING = Severity.WARNING.value
_AGE_CURRENT_TERM = Code.AGE_CURRENT_TERM.value
_AGE_FULL_TERM = Code.AGE_FULL_TERM.value
_AGE_PREFER_TWO_TERMS = Code.AGE_PREFER_TWO_TERMS.value
_AGE_TWO_TERMS = Code.AGE_TWO_TERMS.value


def age_in_years(birth: date, at: date) -> int:
    """Return the age in completed years at date at (a 29 February birthday falls on 1 March)."""
    return at.year - birth.year - ((at.month, at.day) < (birth.month, birth.day))


def young_age_limit(level: str, params: RuleParams) -> int | None:
    """Return the R4 age below which an official is young at this level, None if the level has none."""
    return params.young_age_by_level.get(level)


def is_young(birth: date, at: date, level: str, params: RuleParams) -> bool:
    """Return True when the completed age at date at is strictly below the level's young age (R4)."""
    limit = young_age_limit(level, params)
    return limit is not None and age_in_years(birth, at) < limit


def check_kind_and_group(kind: str, target_group: int) -> None:
    """Raise ValueError unless kind is a ListKind value and target_group is 1 or 2."""
    if kind not in (ListKind.CURRENT, ListKind.NEXT):
        raise ValueError(f"list kind must be 'current' or 'next', got {kind!r}")
    if target_group not in (1, 2):
        raise ValueError(f"target group must be 1 or 2, got {target_group!r}")


# An R3 rule for one (list kind, target group): error code and months, warning code (or None) and months.
AgeRule = tuple[str, int, str | None, int]


def age_thresholds(kind: str, target_group: int, params: RuleParams) -> AgeRule:
    """Return the R3 rule (error code, error months, warning code or None, warning months)."""
    check_kind_and_group(kind, target_group)
    if kind == ListKind.CURRENT:
        if target_group == 1:
            return _AGE_CURRENT_TERM, params.current_group1_months, None, 0
        return _AGE_TWO_TERMS, params.current_group2_months, None, 0
    if target_group == 1:
        return (
            _AGE_FULL_TERM,
            params.next_group1_min_months,
            _AGE_PREFER_TWO_TERMS,
            params.next_group1_preferred_months,
        )
    return _AGE_TWO_TERMS, params.next_group2_months, None, 0


def pass_months(rule: AgeRule) -> int:
    """Return the months left from which an entry has no R3 finding under this rule."""
    _, error_months, warning_code, warning_months = rule
    return max(error_months, warning_months) if warning_code is not None else error_months


_AGE_TEMPLATES = {
    _AGE_CURRENT_TERM: msg.AGE_CURRENT_TERM,
    _AGE_FULL_TERM: msg.AGE_FULL_TERM,
    _AGE_PREFER_TWO_TERMS: msg.AGE_PREFER_TWO_TERMS,
    _AGE_TWO_TERMS: msg.AGE_TWO_TERMS,
}


def age_message(code: str, months: int, required: int, retirement: date, ref: date) -> str:
    """Return the Vietnamese message of an R3 finding: months left, months required, shortfall."""
    if months < 0:
        remaining = msg.RETIRED.format(retirement=msg.fmt_date(retirement), ref=msg.fmt_date(ref))
    else:
        remaining = msg.REMAINING.format(months=months, ref=msg.fmt_date(ref))
    return _AGE_TEMPLATES[code].format(remaining=remaining, required=required, short=required - months)


# Findings are immutable and, while months >= 0, depend only on (rule, months, reference date): the
# lists of one report share a reference date, so a million entries need only a few hundred messages.
_AGE_CACHE_LIMIT = 1 << 16
_age_cache: dict[tuple[AgeRule, int, date], Finding | None] = {}


def _age_finding(rule: AgeRule, months: int, retirement: date, ref: date) -> Finding | None:
    error_code, error_months, warning_code, warning_months = rule
    if months < error_months:
        return Finding(error_code, _ERROR, age_message(error_code, months, error_months, retirement, ref))
    if warning_code is not None and months < warning_months:
        return Finding(
            warning_code, _WARNING, age_message(warning_code, months, warning_months, retirement, ref)
        )
    return None


def rule_age_finding(rule: AgeRule, months: int, retirement: date, ref: date) -> Finding | None:
    """Return the R3 finding under rule of an entry with `months` left at ref, None when it passes."""
    if months < 0:
        return _age_finding(rule, months, retirement, ref)
    key = (rule, months, ref)
    try:
        return _age_cache[key]
    except KeyError:
        pass
    found = _age_finding(rule, months, retirement, ref)
    if len(_age_cache) >= _AGE_CACHE_LIMIT:
        _age_cache.clear()
    _age_cache[key] = found
    return found


def age_finding(
    kind: str, target_group: int, months: int, retirement: date, ref: date, params: RuleParams
) -> Finding | None:
    """Return the R3 finding of an entry with `months` left at ref, or None when it passes."""
    return rule_age_finding(age_thresholds(kind, target_group, params), months, retirement, ref)


def discipline_rank(level: str) -> int:
    """Return the rank of a discipline level (DISCIPLINE_RANKS); ValueError for an unknown level."""
    try:
        return DISCIPLINE_RANKS[level]
    except KeyError:
        raise ValueError(f"unknown discipline level {level!r}") from None


def discipline_in_effect(disciplines: Iterable[Discipline], at: date, min_rank: int) -> Discipline | None:
    """Return the heaviest discipline of rank >= min_rank in effect at date at (latest start on ties)."""
    found: Discipline | None = None
    found_key = (0, date.min)
    for d in disciplines:
        rank = discipline_rank(d.level)
        if rank >= min_rank and d.start <= at and (d.end is None or d.end >= at):
            key = (rank, d.start)
            if found is None or key > found_key:
                found, found_key = d, key
    return found


def discipline_message(discipline: Discipline, at: date) -> str:
    """Return the Vietnamese sentence describing a discipline in effect at date at."""
    return msg.DISCIPLINED.format(
        label=DISCIPLINE_LABELS.get(discipline.level, discipline.level).lower(),
        start=msg.fmt_date(discipline.start),
        end=msg.DISCIPLINE_OPEN_END if discipline.end is None else msg.fmt_date(discipline.end),
        ref=msg.fmt_date(at),
    )


def disciplined_finding(entry: EntryFacts, ref: date, params: RuleParams) -> Finding | None:
    """Return the DISCIPLINED finding (R7) when a heavy enough discipline is in effect at ref."""
    if not entry.disciplines:
        return None
    found = discipline_in_effect(entry.disciplines, ref, params.discipline_min_rank)
    if found is None:
        return None
    return Finding(Code.DISCIPLINED.value, str(params.discipline_severity), discipline_message(found, ref))


def is_not_higher(entry: EntryFacts, list_level: str | None) -> bool:
    """Whether the planned post is not higher than the one held (R6, QD377).

    A post at a higher organization level is higher whatever its rank, one at a lower level never is,
    and at the same level (or when the official's level is unknown) the catalogue ranks compare.
    """
    current_rank = entry.current_position_rank
    if current_rank is None:
        return False
    current_level = entry.current_position_level
    if current_level is not None and list_level is not None and current_level != list_level:
        held = LEVEL_ORDER.get(current_level)
        planned = LEVEL_ORDER.get(list_level)
        if held is not None and planned is not None:
            return planned > held
    return entry.position_rank <= current_rank


def not_higher_position_finding(
    entry: EntryFacts, params: RuleParams, list_level: str | None = None
) -> Finding | None:
    """Return NOT_HIGHER_POSITION when the rule set requires a higher post and the planned one is not.

    `list_level` is the level of the planning list's organization; None compares ranks only.
    """
    if not params.require_higher_position or not is_not_higher(entry, list_level):
        return None
    return _not_higher_position(
        entry.position_name or entry.position_code,
        entry.current_position_name or f"bậc {entry.current_position_rank}",
    )


@lru_cache(maxsize=4096)
def _not_higher_position(position: str, current: str) -> Finding:
    message = msg.NOT_HIGHER_POSITION.format(position=position, current=current)
    return Finding(Code.NOT_HIGHER_POSITION.value, _ERROR, message)


def person_over_cap_finding(entry: EntryFacts, count: int, params: RuleParams) -> Finding:
    """Return the PERSON_OVER_CAP finding of an official holding `count` entries in one list (R6)."""
    cap = params.max_positions_per_person
    return Finding(
        Code.PERSON_OVER_CAP.value,
        _ERROR,
        msg.PERSON_OVER_CAP.format(name=entry.full_name, count=count, cap=cap, excess=count - cap),
    )
