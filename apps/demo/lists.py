"""Drawing the demo planning lists: both lists of every organization filled with eligible officials,
then the deliberate faults, then the vote figures of the lists past the draft stage."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from apps.accounts.models import Role
from apps.demo.data import (
    CATALOGUE,
    CURRENT_LIST_STATUS,
    DEMO_USERS,
    NEXT_LIST_STATUS,
    ORG_BY_CODE,
    ORGANIZATIONS,
    PLANNED_POSITIONS,
    PROVINCE_CODE,
    RETURN_COMMENT,
    SPECIAL_ENTRIES,
    TZ,
    VOTERS,
    YOUNG_BELOW,
)
from apps.demo.dates import DemoDates
from apps.demo.officials import under
from apps.demo.specs import EntrySpec, ListSpec, OfficialSpec, OrgSpec, VoteSpec
from apps.organizations.models import Level
from apps.people.models import Sex
from apps.planning.models import ListKind, ListStatus
from apps.rules.engine import age_in_years


class ListPlanner:
    """Draws the demo planning lists from the plan's seeded random generator, after the officials."""

    def __init__(self, rng: random.Random, officials: list[OfficialSpec], dates: DemoDates) -> None:
        self.rng = rng
        self.officials = officials
        self.dates = dates

    def pool(self, org: OrgSpec) -> list[OfficialSpec]:
        """Officials a list may draw from: the organization and the level just below it."""
        if org.level == Level.COMMUNE:
            codes = {org.code}
        else:
            codes = {org.code} | {o.code for o in ORGANIZATIONS if o.parent == org.code}
        return [p for p in self.officials if p.organization in codes and not p.special]

    def pick(
        self,
        lst: ListSpec,
        level: str,
        position: str,
        pool: list[OfficialSpec],
        load: Counter[str],
        count: int,
        *,
        exclude: Callable[[OfficialSpec], bool] | None = None,
    ) -> list[OfficialSpec]:
        """Up to `count` eligible officials for one position, younger and next-in-line preferred."""
        rng = self.rng
        _group, target, rank = CATALOGUE[position]
        ref = lst.reference_date
        thresholds: dict[tuple[str, int], int] = {
            (ListKind.CURRENT, 1): 72,
            (ListKind.CURRENT, 2): 120,
            (ListKind.NEXT, 1): 60,
        }
        needed = thresholds.get((lst.kind, target), 120)
        scored: list[tuple[float, OfficialSpec]] = []
        for person in pool:
            current_rank = CATALOGUE[person.position][2] if person.position else 0
            left = person.months_left(ref)
            if (
                left < needed
                or current_rank > rank
                or person.position == position
                or load[person.national_id] >= 2
                or person.disciplined_on(ref)
                or not person.meets_political_standard
                or (exclude and exclude(person))
            ):
                continue
            score = rng.random() + current_rank / rank - (0.5 if current_rank == rank else 0)
            if left >= 120:
                score += 0.4
            if age_in_years(person.birth_date, ref) < YOUNG_BELOW[level]:
                score += 0.5
            if person.sex == Sex.FEMALE:
                score += 0.4
            scored.append((score, person))
        scored.sort(key=lambda item: -item[0])
        chosen = [person for _, person in scored[:count]]
        for person in chosen:
            load[person.national_id] += 1
        return chosen

    def fill(
        self,
        lst: ListSpec,
        *,
        counts: dict[str, int] | None = None,
        exclude: dict[str, Callable[[OfficialSpec], bool]] | None = None,
        woman_in_each_group: bool = False,
    ) -> None:
        """Plan 2-3 eligible people for every position of the organization's level."""
        rng = self.rng
        org = ORG_BY_CODE[lst.organization]
        pool = self.pool(org)
        load: Counter[str] = Counter()
        planned: dict[str, list[OfficialSpec]] = {}
        for position in PLANNED_POSITIONS[org.level]:
            count = (counts or {}).get(position, rng.choice([2, 2, 3, 3, 3]))
            rule = (exclude or {}).get(position) or (exclude or {}).get("*")
            planned[position] = self.pick(lst, org.level, position, pool, load, count, exclude=rule)
        if woman_in_each_group:
            for group in ("committee", "leadership", "management"):
                in_group = [p for p in planned if CATALOGUE[p][0] == group]
                if not in_group or any(o.sex == Sex.FEMALE for p in in_group for o in planned[p]):
                    continue
                position = in_group[-1]
                taken = planned[position]

                def not_a_new_woman(person: OfficialSpec, taken: list[OfficialSpec] = taken) -> bool:
                    return person.sex != Sex.FEMALE or person in taken

                woman = self.pick(lst, org.level, position, pool, load, 1, exclude=not_a_new_woman)
                planned[position] = taken[:2] + woman
        for position, people in planned.items():
            for person in people:
                first_time = rng.random() < 0.7 if lst.kind == ListKind.CURRENT else True
                lst.entries.append(EntrySpec(person.national_id, position, first_time=first_time))

    def add_entry(self, lst: ListSpec, person: OfficialSpec, position: str, **extra: Any) -> EntrySpec:
        """Add one entry, dropping the last other person when the position already has three."""
        same = [e for e in lst.entries if e.position == position and not e.removed_reason]
        if len(same) >= 3 and not extra.get("removed_reason"):
            lst.entries.remove(same[-1])
        entry = EntrySpec(person.national_id, position, **extra)
        lst.entries.append(entry)
        return entry

    def planning_lists(self) -> list[ListSpec]:
        """Both lists of every organization, then the deliberate faults, then the vote figures."""
        dates = self.dates
        lists: dict[tuple[str, str], ListSpec] = {}
        for org in ORGANIZATIONS:
            editor = _editor_of(org.code)
            status, number, decided = CURRENT_LIST_STATUS.get(org.code, (ListStatus.DRAFT, "", None))
            current = ListSpec(org.code, dates.current_term, ListKind.CURRENT, dates.review, status)
            if status == ListStatus.APPROVED:
                assert decided is not None
                decided = dates.of_review(decided)
                current.decision_number, current.decision_date = number, decided
                current.submitted_at = _at(max(decided - timedelta(days=20), dates.review), 9)
                current.submitted_by = editor
                current.decided_at = _at(decided, 15)
                current.decided_by = "tinh.duyet" if org.code != PROVINCE_CODE else None
            nxt = ListSpec(
                org.code,
                dates.next_term,
                ListKind.NEXT,
                dates.next_reference(org.level),
                NEXT_LIST_STATUS.get(org.code, "draft"),
            )
            if nxt.status != ListStatus.DRAFT:
                nxt.submitted_at = _at(dates.days_ago(21), 9, 30)
                nxt.submitted_by = editor
            if nxt.status == ListStatus.RETURNED:
                nxt.decided_at = _at(dates.days_ago(14), 14)
                nxt.decided_by = "tinh.duyet"
                nxt.return_comment = RETURN_COMMENT
            lists[(org.code, ListKind.CURRENT)] = current
            lists[(org.code, ListKind.NEXT)] = nxt

        leadership = {p for p, (g, _, _) in CATALOGUE.items() if g == "leadership"}
        for (code, kind), lst in lists.items():
            org = ORG_BY_CODE[code]
            district = org.level == Level.DISTRICT
            if (code, kind) == ("HUYEN_B", ListKind.CURRENT):
                # R5: no woman in the leadership group of a district list
                men_only = {p: (lambda o: o.sex == Sex.FEMALE) for p in leadership}
                self.fill(lst, exclude=men_only, woman_in_each_group=False)
            elif (code, kind) == ("HUYEN_C", ListKind.NEXT):
                # R6: five people for one position (cap 4), one person for another (thin bench)
                self.fill(lst, counts={"PCT_UBND": 5, "CT_MTTQ": 1}, woman_in_each_group=True)
            elif (code, kind) == ("XA_B2", ListKind.NEXT):
                # R5: nobody young in the list
                ref = lst.reference_date

                def young(o: OfficialSpec, ref: Any = ref) -> bool:
                    return age_in_years(o.birth_date, ref) < 35

                self.fill(lst, exclude={"*": young})
            else:
                self.fill(lst, woman_in_each_group=district)

        # the hand-made officials' entries (SPECIAL_ENTRIES), in order
        special = {o.special: o for o in self.officials if o.special}
        for org_code, kind, case, position, first_time, removed_reason, removed_on in SPECIAL_ENTRIES:
            self.add_entry(
                lists[(org_code, kind)],
                special[case],
                position,
                first_time=first_time,
                removed_reason=removed_reason,
                removed_on=removed_on,
            )
        # one person moved away from the province: removed from the approved current list
        province_current = lists[(PROVINCE_CODE, ListKind.CURRENT)]
        per_position = Counter(e.position for e in province_current.entries)
        moved = next(e for e in reversed(province_current.entries) if per_position[e.position] >= 3)
        moved.removed_reason = "Được điều động, chuyển công tác ra ngoài tỉnh"
        moved.removed_on = dates.of_review(date(2023, 8, 25))

        # carried over: planned for the same post in both lists
        for org in ORGANIZATIONS:
            before = {(e.national_id, e.position) for e in lists[(org.code, ListKind.CURRENT)].entries}
            for entry in lists[(org.code, ListKind.NEXT)].entries:
                if (entry.national_id, entry.position) in before:
                    entry.first_time = False
        for lst in lists.values():
            self.votes(lst)
        # a conference vote below half of the valid ballots
        weak = next(
            e
            for e in lists[("HUYEN_B", ListKind.NEXT)].entries
            if e.national_id == special["four_positions"].national_id and e.position == "CT_HDND"
        )
        vote = weak.votes[0]
        vote.in_favour = vote.valid_ballots * 2 // 5
        return list(lists.values())

    def votes(self, lst: ListSpec) -> None:
        """Vote figures of every step for lists past the draft stage; the conference only for HUYEN_A."""
        rng = self.rng
        level = ORG_BY_CODE[lst.organization].level
        sizes = VOTERS[level]
        start = (
            self.dates.of_review(date(2022, 3, 10))
            if lst.kind == ListKind.CURRENT
            else self.dates.days_ago(60)
        )
        days = {"conference": 0, "standing": 10, "committee": 25}
        held_on = {step: min(start + timedelta(days=n), self.dates.today) for step, n in days.items()}
        if lst.status != ListStatus.DRAFT:
            steps = ["conference", "standing", "committee"]
        elif lst.organization == "HUYEN_A" and lst.kind == ListKind.NEXT:
            steps = ["conference"]
        else:
            return
        for entry in lst.entries:
            if entry.removed_reason and entry.removed_on and entry.removed_on < start:
                continue
            for step in steps:
                summoned = sizes[step]
                present = summoned - rng.randint(0, max(1, summoned // 20))
                valid = present - rng.randint(0, 1)
                in_favour = round(valid * rng.uniform(0.58, 0.98))
                entry.votes.append(VoteSpec(step, held_on[step], summoned, present, valid, in_favour))


def _editor_of(org_code: str) -> str | None:
    for user in DEMO_USERS:
        if user.role == Role.EDITOR and (
            user.organization == org_code or under(ORG_BY_CODE[org_code], user.organization)
        ):
            return user.username
    return None


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)
