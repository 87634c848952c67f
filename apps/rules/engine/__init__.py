"""The cadre-planning rules engine (domain.md §3): pure Python, no Django, no clock, no database.

Callers build the frozen facts of `types`, pick the RuleParams of a rule set and a reference date,
and read back findings; adapters elsewhere turn ORM rows into these types.
"""

from .eligibility import age_in_years, discipline_in_effect, is_young, resolve_target_group
from .evaluate import evaluate_list
from .removal import removal_triggers
from .retirement import months_remaining, retirement_age_months, retirement_date, year_month
from .structure import share_ok, share_percent
from .types import (
    DISCIPLINE_LABELS,
    DISCIPLINE_RANKS,
    Code,
    Confidence,
    Discipline,
    EntryFacts,
    EntryResult,
    Finding,
    Level,
    ListFacts,
    ListKind,
    ListResult,
    PositionGroup,
    Proposal,
    Quota,
    QuotaTarget,
    RemovalTrigger,
    RuleParams,
    Severity,
    Sex,
    Vote,
)
from .votes import STEP_LABELS, low_confidence_finding, vote_findings, vote_passed

__all__ = [
    "DISCIPLINE_LABELS",
    "DISCIPLINE_RANKS",
    "Code",
    "Confidence",
    "Discipline",
    "Proposal",
    "EntryFacts",
    "EntryResult",
    "Finding",
    "Level",
    "ListFacts",
    "ListKind",
    "ListResult",
    "PositionGroup",
    "Quota",
    "QuotaTarget",
    "RemovalTrigger",
    "RuleParams",
    "Severity",
    "STEP_LABELS",
    "Sex",
    "Vote",
    "age_in_years",
    "discipline_in_effect",
    "evaluate_list",
    "is_young",
    "months_remaining",
    "removal_triggers",
    "resolve_target_group",
    "retirement_age_months",
    "retirement_date",
    "share_ok",
    "share_percent",
    "low_confidence_finding",
    "vote_findings",
    "vote_passed",
    "year_month",
]
