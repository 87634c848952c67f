"""Adapters from ORM rows to the rules engine's frozen types (the engine never sees Django)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from types import MappingProxyType

from apps.rules.engine import (
    DISCIPLINE_RANKS,
    Confidence,
    Discipline,
    EntryFacts,
    Proposal,
    QuotaTarget,
    RuleParams,
    Severity,
    Vote,
    resolve_target_group,
)
from apps.rules.engine.standards import education_rank, theory_rank
from apps.rules.models import RuleSet, RuleSetLevel

_NO_MAPPING = RuleParams(code="")


def _percent(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def rule_params(rule_set: RuleSet, levels: Iterable[RuleSetLevel]) -> RuleParams:
    """The engine parameters of one rule set and its per-level rows.

    A level without a row keeps the engine's defaults (young age limit, 15 % young and 25 % women
    targets, a woman per group at district level), so QUOTA_YOUNG and QUOTA_WOMEN are always listed.
    """
    rows = {row.level: row for row in levels}
    defaults = RuleParams(code=rule_set.code)
    young_age_by_level = dict(defaults.young_age_by_level)
    quota_targets = dict(defaults.quota_targets)
    woman_levels = {level for level in defaults.woman_per_group_levels if level not in rows}
    for level, row in rows.items():
        young_age_by_level[level] = row.young_age_below
        quota_targets[level] = QuotaTarget(
            young=_percent(row.young_target),
            women=_percent(row.women_target),
            ethnic=_percent(row.ethnic_target),
        )
        if row.woman_in_each_group:
            woman_levels.add(level)
    discipline_months = None
    if rule_set.discipline_from_decision:
        discipline_months = MappingProxyType(
            {
                "reprimand": rule_set.discipline_months_reprimand,
                "warning": rule_set.discipline_months_warning,
                "dismissal": rule_set.discipline_months_dismissal,
            }
        )
    group1_posts = (
        frozenset(rule_set.group1_current_posts) if rule_set.use_current_post_for_target_group else None
    )
    return RuleParams(
        code=rule_set.code,
        group1_current_posts=group1_posts,
        current_group1_months=rule_set.current_group1_months,
        current_group2_months=rule_set.current_group2_months,
        next_group1_min_months=rule_set.next_group1_min_months,
        next_group1_preferred_months=rule_set.next_group1_preferred_months,
        next_group2_months=rule_set.next_group2_months,
        young_age_by_level=MappingProxyType(young_age_by_level),
        quota_targets=MappingProxyType(quota_targets),
        woman_per_group_levels=frozenset(woman_levels),
        max_people_per_position=rule_set.max_people_per_position,
        max_positions_per_person=rule_set.max_positions_per_person,
        min_bench=rule_set.min_bench,
        require_higher_position=rule_set.require_higher_position,
        discipline_min_rank=DISCIPLINE_RANKS[rule_set.discipline_threshold],
        discipline_severity=Severity(rule_set.discipline_severity),
        auto_remove=rule_set.auto_remove,
        discipline_months=discipline_months,
        pending_proposal_warning=rule_set.pending_proposal_warning,
        vote_threshold_percent=float(rule_set.vote_threshold_percent),
        confidence_low_review_percent=float(rule_set.confidence_low_review_percent),
    )


class RuleSetCatalogue:
    """Every rule set with its parameters, read in two queries and resolved per list in memory."""

    def __init__(self) -> None:
        self.rule_sets = {rs.id: rs for rs in RuleSet.objects.prefetch_related("levels")}
        self.params = {rs_id: rule_params(rs, rs.levels.all()) for rs_id, rs in self.rule_sets.items()}

    def in_force_on(self, day: date) -> RuleSet | None:
        """The rule set in force on `day`: same semantics as RuleSet.objects.in_force_on(day).first()."""
        valid = [
            rs
            for rs in self.rule_sets.values()
            if (rs.valid_from is None or rs.valid_from <= day) and (rs.valid_to is None or rs.valid_to >= day)
        ]
        if not valid:
            return None
        return max(valid, key=lambda rs: (rs.valid_from is not None, rs.valid_from or date.min))

    def for_list(self, chosen_id: int | None, used_id: int | None, reference_date: date) -> RuleSet:
        """A list's rule set: the one chosen, else the one recorded at submission, else the one in force."""
        rule_set = self.rule_sets.get(chosen_id or used_id or 0) or self.in_force_on(reference_date)
        if rule_set is None:
            raise LookupError(f"no rule set in force on {reference_date:%d/%m/%Y}")
        return rule_set


# Columns of an active entry that the engine reads, in the order of entry_facts' row.
ENTRY_COLUMNS = (
    "planning_list_id",
    "id",
    "official_id",
    "official__full_name",
    "official__sex",
    "official__birth_date",
    "position__code",
    "position__group",
    "position__rank",
    "target_group_override",
    "position__default_target_group",
    "official__ethnic_minority",
    "official__retirement_override",
    "official__current_position__rank",
    "official__meets_political_standard",
    "position__name",
    "official__current_position__name",
    "official__organization__level",
    "official__retires_at_60",
    "official__current_position__code",
    "official__education",
    "official__political_theory",
)

# R9: (position code, level) -> (minimum education rank, minimum political theory rank)
Standards = dict[tuple[str, str], tuple[int | None, int | None]]


def entry_facts(
    row: tuple,  # type: ignore[type-arg]
    disciplines: dict[int, tuple[Discipline, ...]],
    proposals: dict[int, tuple[Proposal, ...]] | None = None,
    positions_at_level: int = 0,
    params: RuleParams | None = None,
    standards: Standards | None = None,
    level: str = "",
    *,
    votes: dict[int, tuple[Vote, ...]] | None = None,
    confidence: dict[int, Confidence] | None = None,
) -> EntryFacts:
    """One ENTRY_COLUMNS row (plus the official's discipline records, pending proposals, the entry's votes
    and the official's latest confidence vote) as engine facts.

    `positions_at_level` is the official's active entries in the lists of the same term, kind and level.
    """
    (
        _list_id,
        entry_id,
        official_id,
        full_name,
        sex,
        birth_date,
        position_code,
        position_group,
        position_rank,
        target_override,
        default_target,
        ethnic_minority,
        retirement_override,
        current_rank,
        meets_standard,
        position_name,
        current_position_name,
        current_level,
        retires_at_60,
        current_post_code,
        education,
        political_theory,
    ) = row
    min_education, min_theory = (standards or {}).get((position_code, level), (None, None))
    target_group, target_source = resolve_target_group(
        target_override, current_post_code, default_target, params or _NO_MAPPING
    )
    return EntryFacts(
        entry_id=entry_id,
        official_id=official_id,
        full_name=full_name,
        sex=sex,
        birth_date=birth_date,
        position_code=position_code,
        position_group=position_group,
        position_rank=position_rank,
        target_group=target_group,
        target_group_source=target_source,
        ethnic_minority=ethnic_minority,
        retirement_override=retirement_override,
        current_position_rank=current_rank,
        disciplines=disciplines.get(official_id, ()),
        fails_political_standard=not meets_standard,
        position_name=position_name,
        current_position_name=current_position_name or "",
        current_position_level=current_level,
        retires_at_60=retires_at_60,
        pending_proposals=(proposals or {}).get(official_id, ()),
        positions_at_level=positions_at_level,
        education_rank=education_rank(education) if education else None,
        theory_rank=theory_rank(political_theory),
        min_education_rank=min_education,
        min_theory_rank=min_theory,
        votes=votes.get(entry_id, ()) if votes else (),
        confidence=confidence.get(official_id) if confidence else None,
    )


# Columns of an active entry that planning_list_evaluations reads: the entry and its official only.
# The planned and the current post come from the position catalogue (EntryFactsBuilder.positions), so
# the rows of a national report (1,000,000) carry no post names and the query joins no position.
EVALUATION_COLUMNS = (
    "planning_list_id",
    "id",
    "official_id",
    "position_id",
    "target_group_override",
    "official__full_name",
    "official__sex",
    "official__birth_date",
    "official__ethnic_minority",
    "official__retirement_override",
    "official__current_position_id",
    "official__meets_political_standard",
    "official__organization_id",  # its level from EntryFactsBuilder.levels (a join less)
    "official__retires_at_60",
    "official__education",
    "official__political_theory",
)
# The catalogue row of a post: code, group, rank, name, default target group, sort order.
POSITION_COLUMNS = ("id", "code", "group", "rank", "name", "default_target_group", "sort_order")
PositionRow = tuple[str, str, int, str, int, int]


class EntryFactsBuilder:
    """`entry_facts` for many EVALUATION_COLUMNS rows: the same EntryFacts, built with the posts read from
    the catalogue and each rank and target group computed once per distinct value instead of per row."""

    def __init__(
        self,
        *,
        positions: dict[int, PositionRow],
        disciplines: dict[int, tuple[Discipline, ...]],
        proposals: dict[int, tuple[Proposal, ...]],
        standards: Standards,
        votes: dict[int, tuple[Vote, ...]],
        confidence: dict[int, Confidence],
        levels: dict[int, str],
    ) -> None:
        self.positions = positions
        self.levels = levels  # organization id -> level, for the officials' workplaces
        self.disciplines = disciplines
        self.proposals = proposals
        self.standards = standards
        self.votes = votes
        self.confidence = confidence
        self._education: dict[str, int | None] = {"": None}
        self._theory: dict[str, int | None] = {}
        self._targets: dict[tuple[int, int | None, str | None, int], tuple[int, str]] = {}
        self._params: dict[int, RuleParams] = {}

    def facts(
        self,
        rows: Iterable[tuple],  # type: ignore[type-arg]
        *,
        params: RuleParams,
        level: str,
        positions_at_level: dict[int, int],
    ) -> tuple[EntryFacts, ...]:
        """The EntryFacts of one list's rows (already in entry order), at the list's level and rule set."""
        positions = self.positions
        disciplines = self.disciplines
        proposals = self.proposals
        votes = self.votes
        confidence = self.confidence
        standards = self.standards
        education_ranks = self._education
        theory_ranks = self._theory
        targets = self._targets
        new_facts = EntryFacts
        levels = self.levels
        params_key = id(params)
        self._params[params_key] = params  # keeps the id unique while the cache lives
        found = []
        for (
            _list_id,
            entry_id,
            official_id,
            position_id,
            target_override,
            full_name,
            sex,
            birth_date,
            ethnic_minority,
            retirement_override,
            current_position_id,
            meets_standard,
            workplace_id,
            retires_at_60,
            education,
            political_theory,
        ) in rows:
            code, group, rank, name, default_target, _order = positions[position_id]
            current = positions.get(current_position_id) if current_position_id is not None else None
            current_code = current[0] if current is not None else None
            key = (params_key, target_override, current_code, default_target)
            target = targets.get(key)
            if target is None:
                target = targets[key] = resolve_target_group(
                    target_override, current_code, default_target, params
                )
            education_rank_ = education_ranks.get(education, -1)
            if education_rank_ == -1:
                education_rank_ = education_ranks[education] = education_rank(education)
            theory = theory_ranks.get(political_theory, -1)
            if theory == -1:
                theory = theory_ranks[political_theory] = theory_rank(political_theory)
            min_education, min_theory = standards.get((code, level), (None, None))
            # by position, in EntryFacts' field order (keywords cost 1 µs more per entry), and no lookup
            # in a mapping that is empty (most lists have no votes, most reports nobody over a cap); the test
            # tests/planning/test_evaluation_facts.py compares every field with entry_facts
            found.append(
                new_facts(
                    entry_id,
                    official_id,
                    full_name,
                    sex,
                    birth_date,
                    code,
                    group,
                    rank,
                    target[0],
                    ethnic_minority,
                    retirement_override,
                    current[2] if current is not None else None,
                    disciplines.get(official_id, ()) if disciplines else (),
                    not meets_standard,
                    name,
                    current[3] if current is not None else "",
                    levels.get(workplace_id),
                    retires_at_60,
                    proposals.get(official_id, ()) if proposals else (),
                    positions_at_level.get(official_id, 0) if positions_at_level else 0,
                    (),
                    education_rank_,
                    theory,
                    min_education,
                    min_theory,
                    target[1],
                    votes.get(entry_id, ()) if votes else (),
                    confidence.get(official_id) if confidence else None,
                )
            )
        return tuple(found)
