"""Reading planning lists and evaluating them against their rule set, set-based and streamed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from operator import itemgetter
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from apps.accounts.access import Action
from apps.organizations.models import Organization, Term
from apps.people.models import ConfidenceVote, DisciplineRecord, Official
from apps.planning.models import (
    EntryStatus,
    NominationVote,
    PlanningEntry,
    PlanningList,
    VoteSession,
    VoteStep,
)
from apps.rules.adapters import ENTRY_COLUMNS, RuleSetCatalogue, entry_facts
from apps.rules.engine import (
    Confidence,
    Discipline,
    EntryFacts,
    EntryResult,
    ListFacts,
    ListResult,
    RuleParams,
    Vote,
    evaluate_list,
)

LIST_COLUMNS = (
    "id",
    "organization_id",
    "organization__code",
    "organization__name",
    "organization__level",
    "term__code",
    "kind",
    "status",
    "version",
    "reference_date",
    "rule_set_id",
    "rule_set_used_id",
)
ENTRY_CHUNK = 20_000


@dataclass(frozen=True, slots=True)
class ListInfo:
    id: int
    organization_id: int
    organization_code: str
    organization_name: str
    level: str
    term: str
    kind: str
    status: str
    version: int
    reference_date: date
    rule_set_id: int | None
    rule_set_used_id: int | None


@dataclass(frozen=True, slots=True)
class ListEvaluation:
    """A list, the facts the engine read (in entry order) and what it found."""

    info: ListInfo
    rule_set_id: int
    params: RuleParams
    facts: ListFacts
    result: ListResult


def planning_lists_in_scope(*, organization: Organization, term: Term, kind: str | None = None) -> QuerySet:  # type: ignore[type-arg]
    """The newest edition of every list of `term` (and `kind`) in the organization's subtree."""
    lists = PlanningList.objects.in_subtree(organization).latest_versions().filter(term=term)
    if kind:
        lists = lists.filter(kind=kind)
    return lists.order_by("organization__path", "kind", "id")


def _disciplines_by_official(list_ids: QuerySet | list[int]) -> dict[int, tuple[Discipline, ...]]:  # type: ignore[type-arg]
    rows = (
        DisciplineRecord.objects.filter(
            official__planning_entries__planning_list__in=list_ids,
            official__planning_entries__status=EntryStatus.ACTIVE,
        )
        .values_list("official_id", "level", "start_date", "end_date")
        .distinct()
    )
    found: dict[int, list[Discipline]] = defaultdict(list)
    for official_id, level, start, end in rows:
        found[official_id].append(Discipline(level=level, start=start, end=end))
    return {official_id: tuple(items) for official_id, items in found.items()}


STEP_ORDER = {step: index for index, step in enumerate(VoteStep.values)}


def _votes_by_entry(list_ids: QuerySet | list[int]) -> dict[int, tuple[Vote, ...]]:  # type: ignore[type-arg]
    """The recorded vote steps of the active entries of these lists, per entry in step order: one query."""
    rows = NominationVote.objects.filter(
        entry__planning_list__in=list_ids, entry__status=EntryStatus.ACTIVE
    ).values_list("entry_id", "step", "held_on", "summoned", "present", "valid_ballots", "in_favour")
    found: dict[int, list[Vote]] = defaultdict(list)
    for entry_id, step, held_on, summoned, present, valid_ballots, in_favour in rows:
        found[entry_id].append(Vote(step, held_on, summoned, present, valid_ballots, in_favour))
    return {
        entry_id: tuple(sorted(votes, key=lambda v: STEP_ORDER.get(v.step, 99)))
        for entry_id, votes in found.items()
    }


def _confidence_by_official(list_ids: QuerySet | list[int]) -> dict[int, Confidence]:  # type: ignore[type-arg]
    """The latest confidence vote of every official with an active entry in these lists: one query."""
    rows = (
        ConfidenceVote.objects.filter(
            official__planning_entries__planning_list__in=list_ids,
            official__planning_entries__status=EntryStatus.ACTIVE,
        )
        .order_by("official_id", "-held_on", "-id")
        .distinct("official_id")
        .values_list("official_id", "conference", "held_on", "high", "medium", "low")
    )
    return {
        official_id: Confidence(conference, held_on, high, medium, low)
        for official_id, conference, held_on, high, medium, low in rows
    }


def planning_list_evaluations(*, lists: QuerySet) -> Iterator[ListEvaluation]:  # type: ignore[type-arg]
    """Evaluate every list of `lists` in a bounded number of queries, yielding one list at a time."""
    # Lists and entries are both read in list-id order and merged, so memory holds one list at a time.
    infos = [ListInfo(*row) for row in lists.order_by("id").values_list(*LIST_COLUMNS)]
    if not infos:
        return
    catalogue = RuleSetCatalogue()
    list_ids = lists.values("id")
    disciplines = _disciplines_by_official(list_ids)
    votes = _votes_by_entry(list_ids)
    confidence = _confidence_by_official(list_ids)
    rows = (
        PlanningEntry.objects.filter(planning_list__in=list_ids, status=EntryStatus.ACTIVE)
        .order_by("planning_list_id", "position__sort_order", "id")
        .values_list(*ENTRY_COLUMNS)
        .iterator(chunk_size=ENTRY_CHUNK)
    )
    groups = groupby(rows, key=itemgetter(0))
    current = next(groups, None)
    for info in infos:
        entries: tuple[EntryFacts, ...] = ()
        if current is not None and current[0] == info.id:
            entries = tuple(entry_facts(row, disciplines, votes, confidence) for row in current[1])
            current = next(groups, None)
        rule_set = catalogue.for_list(info.rule_set_id, info.rule_set_used_id, info.reference_date)
        params = catalogue.params[rule_set.id]
        facts = ListFacts(
            list_id=info.id,
            kind=info.kind,
            level=info.level,
            reference_date=info.reference_date,
            entries=entries,
        )
        yield ListEvaluation(
            info=info,
            rule_set_id=rule_set.id,
            params=params,
            facts=facts,
            result=evaluate_list(facts, params),
        )


def planning_list_evaluate(*, planning_list: PlanningList) -> ListEvaluation:
    """Evaluate one list: the same function, and so the same result, as in a subtree report."""
    return next(planning_list_evaluations(lists=PlanningList.objects.filter(pk=planning_list.pk)))


def planning_list_ids_of_officials(*, official_ids: Iterable[int]) -> list[int]:
    """Ids of the newest edition of every list that plans one of these officials (active entries)."""
    return list(
        PlanningList.objects.latest_versions()
        .filter(entries__official_id__in=list(official_ids), entries__status=EntryStatus.ACTIVE)
        .values_list("id", flat=True)
        .distinct()
        .order_by("id")
    )


def planned_q() -> Exists:
    """True for an official with an active entry in the newest edition of some planning list.

    "Newest edition" is written as NOT EXISTS (a list whose `previous` is this one): PostgreSQL runs it
    per official on the entries' `official_id` index and the unique `previous_id` index. The reverse
    one-to-one lookup (`planning_list__next_version__isnull`) became a LEFT JOIN it estimated at one
    row, and it then hashed every active entry of the database to label a page of 25 officials.
    """
    return Exists(
        PlanningEntry.objects.filter(official=OuterRef("pk"), status=EntryStatus.ACTIVE).filter(
            ~Exists(PlanningList.objects.filter(previous=OuterRef("planning_list_id")))
        )
    )


def planned_official_ids(official_ids: list[int]) -> set[int]:
    """Which of these officials have an active entry in the newest edition of some list: one query."""
    if not official_ids:
        return set()
    return set(Official.objects.filter(planned_q(), pk__in=official_ids).values_list("pk", flat=True))


def planning_lists_of_organization(*, user: Any, organization: Organization) -> list[PlanningList]:
    """Every edition of the organization's own lists the user may read, with its active entry count."""
    return list(
        PlanningList.objects.for_user(user, Action.READ)
        .filter(organization=organization)
        .select_related("term")
        .annotate(entry_count=Count("entries", filter=Q(entries__status=EntryStatus.ACTIVE)))
        .order_by("-term__start_date", "kind", "-version")
    )


@dataclass(frozen=True)
class EntryView:
    """A planning entry of the official page, with the engine's result for it when it is active."""

    entry: PlanningEntry
    result: EntryResult | None


def official_entries(*, official: Official, user: Any) -> list[EntryView]:
    """Every planning entry of the official in lists the user may read, across terms, with findings.

    Findings come from evaluating the whole lists (caps and structure depend on the other entries),
    through the same function the list pages and reports use.
    """
    entries = list(
        PlanningEntry.objects.for_user(user, Action.READ)
        .filter(official=official)
        .select_related("planning_list__organization", "planning_list__term", "position")
        .order_by("-planning_list__term__start_date", "planning_list__kind", "-planning_list__version", "id")
    )
    list_ids = {e.planning_list_id for e in entries if e.status == EntryStatus.ACTIVE}
    results: dict[int, EntryResult] = {}
    if list_ids:
        for evaluation in planning_list_evaluations(lists=PlanningList.objects.filter(id__in=list_ids)):
            for result in evaluation.result.entry_results:
                if result.official_id == official.pk:
                    results[result.entry_id] = result
    return [EntryView(entry=e, result=results.get(e.pk)) for e in entries]


@dataclass(frozen=True)
class StepSheet:
    """What the grid page shows: the step's record (or None) and every active entry with its figures."""

    step: str
    session: VoteSession | None
    held_on: date | None
    entries: list[PlanningEntry]
    figures: dict[int, NominationVote]

    @property
    def revision(self) -> int:
        return self.session.revision if self.session else 0


def vote_step_sheet(*, planning_list: PlanningList, step: str) -> StepSheet:
    """The active entries of the list (in the list's order) and their recorded figures of `step`."""
    session = (
        VoteSession.objects.filter(planning_list=planning_list, step=step)
        .select_related("updated_by")
        .first()
    )
    entries = list(
        planning_list.entries.filter(status=EntryStatus.ACTIVE)
        .select_related("official__organization", "position")
        .order_by("position__sort_order", "official__search_name", "id")
    )
    votes = {
        v.entry_id: v for v in NominationVote.objects.filter(entry__planning_list=planning_list, step=step)
    }
    held_on = session.held_on if session else next((v.held_on for v in votes.values() if v.held_on), None)
    return StepSheet(step=step, session=session, held_on=held_on, entries=entries, figures=votes)


def planning_list_params(*, planning_list: PlanningList) -> RuleParams:
    """The engine parameters of the list's rule set (chosen, recorded or in force), without evaluating it."""
    catalogue = RuleSetCatalogue()
    rule_set = catalogue.for_list(
        planning_list.rule_set_id, planning_list.rule_set_used_id, planning_list.reference_date
    )
    return catalogue.params[rule_set.id]
