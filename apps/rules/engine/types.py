"""Frozen input and output types of the rules engine (pure Python, no Django import)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from types import MappingProxyType


class Sex(StrEnum):
    MALE = "M"
    FEMALE = "F"


class Level(StrEnum):
    CENTRAL = "central"
    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"
    GRASSROOTS = "grassroots"


# Seniority of organization levels: central is 0, grassroots 4 (a smaller number is a higher level).
LEVEL_ORDER: Mapping[str, int] = MappingProxyType({lvl.value: i for i, lvl in enumerate(Level)})


class ListKind(StrEnum):
    CURRENT = "current"
    NEXT = "next"


class PositionGroup(StrEnum):
    COMMITTEE = "committee"
    LEADERSHIP = "leadership"
    MANAGEMENT = "management"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Code(StrEnum):
    """Finding codes of contracts.md §6."""

    AGE_CURRENT_TERM = "AGE_CURRENT_TERM"
    AGE_FULL_TERM = "AGE_FULL_TERM"
    AGE_PREFER_TWO_TERMS = "AGE_PREFER_TWO_TERMS"
    AGE_TWO_TERMS = "AGE_TWO_TERMS"
    PERSON_OVER_CAP = "PERSON_OVER_CAP"
    DISCIPLINED = "DISCIPLINED"
    NOT_HIGHER_POSITION = "NOT_HIGHER_POSITION"
    POSITION_OVER_CAP = "POSITION_OVER_CAP"
    THIN_BENCH = "THIN_BENCH"
    NO_WOMAN_IN_GROUP = "NO_WOMAN_IN_GROUP"
    QUOTA_YOUNG = "QUOTA_YOUNG"
    QUOTA_WOMEN = "QUOTA_WOMEN"
    QUOTA_ETHNIC = "QUOTA_ETHNIC"
    PENDING_PROPOSAL = "PENDING_PROPOSAL"
    TRAINING_NEEDED = "TRAINING_NEEDED"
    VOTE_BELOW_THRESHOLD = "VOTE_BELOW_THRESHOLD"
    LOW_CONFIDENCE = "LOW_CONFIDENCE"


def _frozen(mapping: Mapping) -> Mapping:  # type: ignore[type-arg]
    return MappingProxyType(dict(mapping))


# Discipline levels, lightest first (Quy định 69-QĐ/TW): the rank is what R7 compares.
DISCIPLINE_RANKS: Mapping[str, int] = _frozen({"reprimand": 1, "warning": 2, "dismissal": 3, "expulsion": 4})
DISCIPLINE_LABELS: Mapping[str, str] = _frozen(
    {"reprimand": "Khiển trách", "warning": "Cảnh cáo", "dismissal": "Cách chức", "expulsion": "Khai trừ"}
)


@dataclass(frozen=True, slots=True)
class QuotaTarget:
    """Percent targets of one organization level; None = no target (quota not checked)."""

    young: float | None = 15.0
    women: float | None = 25.0
    ethnic: float | None = None


@dataclass(frozen=True, slots=True)
class RuleParams:
    """Every configurable parameter of a rule set (domain.md §3)."""

    code: str
    # R3 age thresholds in months
    current_group1_months: int = 72
    current_group2_months: int = 120
    next_group1_min_months: int = 60
    next_group1_preferred_months: int = 120
    next_group2_months: int = 120
    # R4: young = completed years at the reference date strictly below this, per level
    young_age_by_level: Mapping[str, int] = field(
        default_factory=lambda: _frozen(
            {"central": 45, "province": 40, "district": 40, "commune": 35, "grassroots": 35}
        )
    )
    # R5: targets per level
    quota_targets: Mapping[str, QuotaTarget] = field(
        default_factory=lambda: _frozen({lvl: QuotaTarget() for lvl in Level})
    )
    # R5: levels at which each position group with entries needs at least one woman
    woman_per_group_levels: frozenset[str] = frozenset({"central", "province", "district"})
    # R3: the current posts (catalogue codes) whose holders are in target group 1; holders of another
    # catalogue post are in group 2; None = no mapping (the planned position's default applies)
    group1_current_posts: frozenset[str] | None = None
    # R6
    max_people_per_position: int = 3
    max_positions_per_person: int = 3
    min_bench: int = 2
    require_higher_position: bool = False
    # R7
    discipline_min_rank: int = 1  # reprimand or heavier
    discipline_severity: Severity = Severity.ERROR
    auto_remove: bool = True  # HD16: triggers remove the entry; QD377: flag for review
    # R7 under QD377: months from the decision, per discipline level, during which it counts; None = the
    # HD16 reading (a record counts while it is in effect). A level missing from the map counts while in effect.
    discipline_months: Mapping[str, int] | None = None
    # R6 under QD377: warn on entries of an official with a pending proposal to appoint or nominate them
    pending_proposal_warning: bool = False
    # Domain §4: a vote step passes with more than this share of valid ballots in favour ("to confirm")
    vote_threshold_percent: float = 50.0
    # Domain §4: the share of "low" in the latest confidence vote from which the official is reviewed
    confidence_low_review_percent: float = 50.0


@dataclass(frozen=True, slots=True)
class Discipline:
    level: str  # a key of DISCIPLINE_RANKS
    start: date
    end: date | None = None  # None = still in effect


@dataclass(frozen=True, slots=True)
class Proposal:
    """R6 (QD377): a pending proposal to appoint (bổ nhiệm) or nominate (giới thiệu ứng cử) an official."""

    kind: str  # "appoint" | "nominate"
    proposed_on: date
    body: str  # the body that made the proposal


@dataclass(frozen=True, slots=True)
class Vote:
    """The figures of one vote step on an entry (domain §4): summoned ≥ present ≥ valid ≥ in favour."""

    step: str  # "conference" | "standing" | "committee"
    held_on: date | None
    summoned: int
    present: int
    valid_ballots: int
    in_favour: int

    @property
    def share(self) -> float | None:
        """100 × in favour / valid ballots, 2 places; None without valid ballots."""
        if not self.valid_ballots:
            return None
        return round(100 * self.in_favour / self.valid_ballots, 2)


@dataclass(frozen=True, slots=True)
class Confidence:
    """The official's latest confidence vote (lấy phiếu tín nhiệm): high / medium / low counts."""

    conference: str
    held_on: date
    high: int
    medium: int
    low: int


# EntryFacts and EntryResult are made a million times in a national report: they are not frozen,
# because a frozen dataclass's __init__ sets each field through object.__setattr__ (3 µs more per
# entry with 27 fields). Nothing changes them after they are made (dataclasses.replace makes a new
# one), and unsafe_hash keeps them hashable by value as the frozen ones were.
@dataclass(slots=True, unsafe_hash=True)
class EntryFacts:
    """One active planning entry with the facts of its official that the rules read.

    The field order is part of the interface: EntryFactsBuilder (apps/rules/adapters.py) passes them
    by position in the hot loop.
    """

    entry_id: int
    official_id: int
    full_name: str
    sex: str  # "M" | "F"
    birth_date: date
    position_code: str
    position_group: str  # PositionGroup value
    position_rank: int
    target_group: int  # 1 | 2, after the entry's override
    ethnic_minority: bool = False
    retirement_override: date | None = None
    current_position_rank: int | None = None  # None = unknown / not a catalogue post
    disciplines: tuple[Discipline, ...] = ()
    fails_political_standard: bool = False
    position_name: str = ""  # shown in messages; the code stands in when empty
    current_position_name: str = ""
    # Level of the organization where the official works; None = the list's own level (ranks compare).
    current_position_level: str | None = None
    retires_at_60: bool = False  # R1: a woman allowed to retire at 60 (flag on the official)
    pending_proposals: tuple[Proposal, ...] = ()
    # R6: the official's active entries in the lists of the same term, kind and level (this list included);
    # 0 = not counted, the entries in this list are used.
    positions_at_level: int = 0
    # R7: the board's conclusions (kind "task_failure" | "violation", date): read by the removal run only
    conclusions: tuple[tuple[str, date], ...] = ()
    # R9: the official's levels and the planned post's standards at the list's level, as ranks
    # (apps.rules.engine.standards); None = not recorded / no standard
    education_rank: int | None = None
    theory_rank: int | None = None
    min_education_rank: int | None = None
    min_theory_rank: int | None = None
    # R3: why the entry is in its target group: "override" | "current_post" | "planned_post"
    target_group_source: str = "planned_post"
    votes: tuple[Vote, ...] = ()  # the recorded vote steps, in step order
    confidence: Confidence | None = None  # the official's latest confidence vote


@dataclass(frozen=True, slots=True)
class ListFacts:
    """One planning list: kind, level of its organization, reference date and active entries."""

    list_id: int
    kind: str  # ListKind value
    level: str  # Level value
    reference_date: date
    entries: tuple[EntryFacts, ...]


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: str
    message: str
    position: str | None = None
    position_group: str | None = None


@dataclass(frozen=True, slots=True)
class Quota:
    code: str  # QUOTA_YOUNG | QUOTA_WOMEN | QUOTA_ETHNIC
    count: int
    total: int
    actual: float | None  # percent rounded to 2 places; None when total == 0
    target: float | None  # None = no target set (young/women are still counted, not checked)
    ok: bool | None  # None when total == 0 ("not applicable") or when there is no target


@dataclass(slots=True, unsafe_hash=True)  # not frozen: see EntryFacts
class EntryResult:
    entry_id: int
    official_id: int
    retirement_date: date
    months_remaining: int
    age: int  # completed years at the reference date
    young: bool
    findings: tuple[Finding, ...]
    target_group: int = 1
    target_group_source: str = "planned_post"

    @property
    def eligible(self) -> bool:
        return not any(f.severity == Severity.ERROR for f in self.findings)


@dataclass(frozen=True, slots=True)
class ListResult:
    list_id: int
    rule_set: str
    people: int  # distinct officials with active entries
    entries: int
    young: int
    women: int
    ethnic: int
    quotas: tuple[Quota, ...]
    findings: tuple[Finding, ...]  # list-level findings
    entry_results: tuple[EntryResult, ...]

    @property
    def errors(self) -> int:
        return sum(f.severity == Severity.ERROR for f in self.findings) + sum(
            f.severity == Severity.ERROR for e in self.entry_results for f in e.findings
        )

    @property
    def warnings(self) -> int:
        return sum(f.severity == Severity.WARNING for f in self.findings) + sum(
            f.severity == Severity.WARNING for e in self.entry_results for f in e.findings
        )


@dataclass(frozen=True, slots=True)
class RemovalTrigger:
    """R7: why an entry must leave the list (HD16) or be reviewed (QD377)."""

    entry_id: int
    reason: str  # "over_age" | "disciplined" | "political_standard" | "task_failure" | "violation"
    message: str
