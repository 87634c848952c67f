"""The records of the demo plan: organizations and users of the tables, then the officials, their work
history and discipline, the planning lists, entries and votes that the planner draws."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from apps.demo.dates import DemoDates
from apps.planning.models import ListStatus
from apps.rules.engine import months_remaining


@dataclass(frozen=True)
class OrgSpec:
    code: str
    name: str
    level: str
    parent: str | None
    place: str


@dataclass(frozen=True)
class UserSpec:
    username: str
    full_name: str
    role: str
    organization: str
    superuser: bool = False


@dataclass
class HistorySpec:
    organization: str | None
    position: str | None
    title: str
    start: date
    end: date | None
    rotation: bool = False


@dataclass
class DisciplineSpec:
    level: str
    decision_number: str
    start: date
    end: date | None
    reason: str


@dataclass
class OfficialSpec:
    national_id: str
    full_name: str
    sex: str
    birth_date: date
    ethnicity: str
    home_town: str
    organization: str
    position: str | None
    title: str
    party_admission_date: date
    education: str
    political_theory: str
    is_local: bool
    science_technology: bool = False  # R8: engineers and doctors are counted as trained in S&T
    meets_political_standard: bool = True
    political_standard_note: str = ""
    retirement_override: date | None = None
    retirement_override_reason: str = ""
    note: str = ""
    special: str = ""  # key of a hand-made official of a deliberate case, "" for the generated ones
    history: list[HistorySpec] = field(default_factory=list)
    disciplines: list[DisciplineSpec] = field(default_factory=list)

    def months_left(self, at: date) -> int:
        """Months of work left at `at` (domain R2), honouring the override."""
        return months_remaining(self.sex, self.birth_date, at, override=self.retirement_override)

    def disciplined_on(self, day: date) -> bool:
        """Whether a discipline record is in effect on `day`."""
        return any(d.start <= day and (d.end is None or d.end >= day) for d in self.disciplines)


@dataclass
class VoteSpec:
    step: str
    held_on: date
    summoned: int
    present: int
    valid_ballots: int
    in_favour: int


@dataclass
class EntrySpec:
    national_id: str
    position: str
    first_time: bool = True
    note: str = ""
    removed_reason: str = ""
    removed_on: date | None = None
    votes: list[VoteSpec] = field(default_factory=list)


@dataclass
class ListSpec:
    organization: str
    term: str
    kind: str
    reference_date: date
    status: str = ListStatus.DRAFT
    decision_number: str = ""
    decision_date: date | None = None
    return_comment: str = ""
    submitted_at: datetime | None = None
    submitted_by: str | None = None
    decided_at: datetime | None = None
    decided_by: str | None = None
    entries: list[EntrySpec] = field(default_factory=list)


@dataclass
class DemoPlan:
    officials: list[OfficialSpec]
    lists: list[ListSpec]
    dates: DemoDates

    def official(self, special: str) -> OfficialSpec:
        """The hand-made official of a deliberate case."""
        return next(o for o in self.officials if o.special == special)
