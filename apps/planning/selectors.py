"""Reading planning lists and evaluating them against their rule set, set-based and streamed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from operator import itemgetter

from django.db.models import QuerySet

from apps.organizations.models import Organization, Term
from apps.people.models import DisciplineRecord
from apps.planning.models import EntryStatus, PlanningEntry, PlanningList
from apps.rules.adapters import ENTRY_COLUMNS, RuleSetCatalogue, entry_facts
from apps.rules.engine import Discipline, EntryFacts, ListFacts, ListResult, RuleParams, evaluate_list

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


def planning_list_evaluations(*, lists: QuerySet) -> Iterator[ListEvaluation]:  # type: ignore[type-arg]
    """Evaluate every list of `lists` in a bounded number of queries, yielding one list at a time."""
    # Lists and entries are both read in list-id order and merged, so memory holds one list at a time.
    infos = [ListInfo(*row) for row in lists.order_by("id").values_list(*LIST_COLUMNS)]
    if not infos:
        return
    catalogue = RuleSetCatalogue()
    list_ids = lists.values("id")
    disciplines = _disciplines_by_official(list_ids)
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
            entries = tuple(entry_facts(row, disciplines) for row in current[1])
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
