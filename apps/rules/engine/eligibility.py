"""Entry-level rules: R3 age eligibility, R4 young cadre, R6 higher post, R7 discipline."""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterable, Mapping
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
    Proposal,
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


TARGET_OVERRIDE = "override"
TARGET_CURRENT_POST = "current_post"
TARGET_PLANNED_POST = "planned_post"


def resolve_target_group(
    override: int | None, current_post: str | None, planned_default: int, params: RuleParams
) -> tuple[int, str]:
    """R3: an entry's target group and why: its override, else the official's current post through the
    rule set's mapping (group 1 for the posts it lists, 2 for another catalogue post), else the planned
    position's default (current post unknown, or no mapping in the rule set)."""
    if override:
        return override, TARGET_OVERRIDE
    posts = params.group1_current_posts
    if posts is not None and current_post:
        return (1 if current_post in posts else 2), TARGET_CURRENT_POST
    return planned_default, TARGET_PLANNED_POST


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


def add_months(day: date, months: int) -> date:
    """Return the same day `months` later (the last day of a shorter month)."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month0 + 1, min(day.day, monthrange(year, month0 + 1)[1]))


def discipline_period_end(discipline: Discipline, months_by_level: Mapping[str, int] | None) -> date | None:
    """The day before which the discipline counts under QD377 (decision + months); None = not by period."""
    if months_by_level is None:
        return None
    months = months_by_level.get(discipline.level)
    return None if months is None else add_months(discipline.start, months)


def discipline_counting(
    disciplines: Iterable[Discipline], at: date, min_rank: int, months_by_level: Mapping[str, int] | None
) -> tuple[Discipline, date | None] | None:
    """R7: the heaviest discipline of rank >= min_rank that counts at `at`, with its period end.

    With `months_by_level` (QD377), a level with a period counts from the decision until the decision
    plus its months, whatever the record's own end; a level without one counts while in effect (HD16).
    """
    found: tuple[Discipline, date | None] | None = None
    found_key = (0, date.min)
    for d in disciplines:
        rank = discipline_rank(d.level)
        if rank < min_rank or d.start > at:
            continue
        until = discipline_period_end(d, months_by_level)
        counts = at < until if until is not None else (d.end is None or d.end >= at)
        key = (rank, d.start)
        if counts and (found is None or key > found_key):
            found, found_key = (d, until), key
    return found


def discipline_period_message(discipline: Discipline, until: date, at: date, months: int) -> str:
    """The Vietnamese sentence of a discipline counted for a period from its decision (QD377)."""
    return msg.DISCIPLINED_PERIOD.format(
        label=DISCIPLINE_LABELS.get(discipline.level, discipline.level).lower(),
        start=msg.fmt_date(discipline.start),
        months=months,
        until=msg.fmt_date(until),
        ref=msg.fmt_date(at),
    )


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
    text = discipline_text(entry.disciplines, ref, params)
    if text is None:
        return None
    return Finding(Code.DISCIPLINED.value, str(params.discipline_severity), text)


def discipline_text(disciplines: Iterable[Discipline], at: date, params: RuleParams) -> str | None:
    """The sentence of the discipline that counts at `at` under the rule set, None when none does."""
    found = discipline_counting(disciplines, at, params.discipline_min_rank, params.discipline_months)
    if found is None:
        return None
    discipline, until = found
    if until is None:
        return discipline_message(discipline, at)
    assert params.discipline_months is not None
    return discipline_period_message(discipline, until, at, params.discipline_months[discipline.level])


PROPOSAL_LABELS = {"appoint": "bổ nhiệm", "nominate": "giới thiệu ứng cử"}


def pending_proposal_finding(entry: EntryFacts, params: RuleParams) -> Finding | None:
    """R6 (QD377): PENDING_PROPOSAL while a proposal to appoint or nominate the official is pending."""
    if not params.pending_proposal_warning or not entry.pending_proposals:
        return None
    latest: Proposal = max(entry.pending_proposals, key=lambda p: p.proposed_on)
    return Finding(
        Code.PENDING_PROPOSAL.value,
        _WARNING,
        msg.PENDING_PROPOSAL.format(
            kind=PROPOSAL_LABELS.get(latest.kind, latest.kind),
            date=msg.fmt_date(latest.proposed_on),
            body=latest.body or msg.UNKNOWN_BODY,
        ),
    )


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


def person_over_cap_finding(entry: EntryFacts, count: int, params: RuleParams, in_list: int = 0) -> Finding:
    """Return PERSON_OVER_CAP for an official planned for `count` positions at the list's level (R6).

    `in_list` is how many of them are in this list; when all are, the message says "in the list".
    """
    cap = params.max_positions_per_person
    template = msg.PERSON_OVER_CAP if in_list in (0, count) else msg.PERSON_OVER_CAP_AT_LEVEL
    return Finding(
        Code.PERSON_OVER_CAP.value,
        _ERROR,
        template.format(name=entry.full_name, count=count, cap=cap, excess=count - cap, in_list=in_list),
    )
