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
from apps.organizations.models import Organization, PositionStandard, Term
from apps.people.models import DisciplineRecord, Official, Proposal
from apps.planning.models import EntryStatus, PlanningEntry, PlanningList
from apps.rules.adapters import ENTRY_COLUMNS, RuleSetCatalogue, Standards, entry_facts
from apps.rules.engine import (
    Discipline,
    EntryFacts,
    EntryResult,
    ListFacts,
    ListResult,
    RuleParams,
    evaluate_list,
)
from apps.rules.engine import (
    Proposal as ProposalFacts,
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
    "term_id",
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
    term_id: int


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


def position_standards() -> Standards:
    """R9: every post's standards per level, in one query."""
    return {
        (code, level): (education, theory)
        for code, level, education, theory in PositionStandard.objects.values_list(
            "position__code", "level", "min_education", "min_political_theory"
        )
    }


def _pending_proposals_by_official(list_ids: QuerySet | list[int]) -> dict[int, tuple[ProposalFacts, ...]]:  # type: ignore[type-arg]
    """R6 (QD377): the pending proposals to appoint or nominate the officials planned in these lists."""
    rows = (
        Proposal.objects.filter(
            decided_on__isnull=True,
            official__planning_entries__planning_list__in=list_ids,
            official__planning_entries__status=EntryStatus.ACTIVE,
        )
        .values_list("official_id", "kind", "proposed_on", "body")
        .distinct()
    )
    found: dict[int, list[ProposalFacts]] = defaultdict(list)
    for official_id, kind, proposed_on, body in rows:
        found[official_id].append(ProposalFacts(kind=kind, proposed_on=proposed_on, body=body))
    return {official_id: tuple(items) for official_id, items in found.items()}


def _positions_at_level(
    infos: list[ListInfo],
    list_ids: QuerySet,
    above: int,  # type: ignore[type-arg]
) -> dict[tuple[int, int, str, str], int]:
    """R6: per (official, term, kind, level), the official's active entries in the newest lists there.

    Only officials above `above` entries (the smallest cap of any rule set) are returned: the others
    cannot be over any cap, and the entries of their own list are counted by the engine.
    """
    scopes = {(info.term_id, info.kind, info.level) for info in infos}
    in_scope = Q()
    for term_id, kind, level in scopes:
        in_scope |= Q(
            planning_list__term_id=term_id, planning_list__kind=kind, planning_list__organization__level=level
        )
    rows = (
        PlanningEntry.objects.filter(in_scope, status=EntryStatus.ACTIVE)
        .filter(
            official_id__in=PlanningEntry.objects.filter(
                planning_list__in=list_ids, status=EntryStatus.ACTIVE
            ).values("official_id")
        )
        .filter(~Exists(PlanningList.objects.filter(previous=OuterRef("planning_list_id"))))
        .values_list(
            "official_id",
            "planning_list__term_id",
            "planning_list__kind",
            "planning_list__organization__level",
        )
        .annotate(n=Count("id"))
        .filter(n__gt=above)
        .order_by()
    )
    return {(official, term, kind, level): n for official, term, kind, level, n in rows}


def planning_list_evaluations(*, lists: QuerySet) -> Iterator[ListEvaluation]:  # type: ignore[type-arg]
    """Evaluate every list of `lists` in a bounded number of queries, yielding one list at a time."""
    # Lists and entries are both read in list-id order and merged, so memory holds one list at a time.
    infos = [ListInfo(*row) for row in lists.order_by("id").values_list(*LIST_COLUMNS)]
    if not infos:
        return
    catalogue = RuleSetCatalogue()
    list_ids = lists.values("id")
    disciplines = _disciplines_by_official(list_ids)
    proposals = _pending_proposals_by_official(list_ids)
    smallest_cap = min((p.max_positions_per_person for p in catalogue.params.values()), default=0)
    at_level = _positions_at_level(infos, list_ids, smallest_cap)
    standards = position_standards()
    rows = (
        PlanningEntry.objects.filter(planning_list__in=list_ids, status=EntryStatus.ACTIVE)
        .order_by("planning_list_id", "position__sort_order", "id")
        .values_list(*ENTRY_COLUMNS)
        .iterator(chunk_size=ENTRY_CHUNK)
    )
    groups = groupby(rows, key=itemgetter(0))
    current = next(groups, None)
    for info in infos:
        rule_set = catalogue.for_list(info.rule_set_id, info.rule_set_used_id, info.reference_date)
        params = catalogue.params[rule_set.id]
        entries: tuple[EntryFacts, ...] = ()
        if current is not None and current[0] == info.id:
            scope = (info.term_id, info.kind, info.level)
            entries = tuple(
                entry_facts(
                    row,
                    disciplines,
                    proposals,
                    at_level.get((row[2], *scope), 0),
                    params,
                    standards,
                    info.level,
                )
                for row in current[1]
            )
            current = next(groups, None)
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
class TrainingRow:
    """R9: one planned official below a standard of the planned post, or whose level is not recorded."""

    list_id: int
    organization: str
    official_id: int
    full_name: str
    birth_date: date
    position: str
    education: str
    political_theory: str
    missing: tuple[str, ...]  # "cần đào tạo, bồi dưỡng": the standards not met
    unknown: tuple[str, ...]  # "chưa có thông tin"


def training_needs(*, lists: QuerySet) -> list[TrainingRow]:  # type: ignore[type-arg]
    """The training-needs list of these lists (domain R9), through the one evaluation path."""
    from apps.rules.engine.standards import missing_standards, unknown_standards

    found = []
    officials: dict[int, tuple[str, str]] = {}
    rows: list[tuple[ListEvaluation, EntryFacts, list[str], list[str]]] = []
    for evaluation in planning_list_evaluations(lists=lists):
        for facts in evaluation.facts.entries:
            missing, unknown = missing_standards(facts), unknown_standards(facts)
            if missing or unknown:
                rows.append((evaluation, facts, missing, unknown))
    if rows:
        theory = dict(Official._meta.get_field("political_theory").choices or [])  # type: ignore[arg-type]
        for pk, education, political_theory in Official.objects.filter(
            pk__in={f.official_id for _, f, _, _ in rows}
        ).values_list("pk", "education", "political_theory"):
            officials[pk] = (education, str(theory.get(political_theory, "")))
    for evaluation, facts, missing, unknown in rows:
        education, political_theory = officials.get(facts.official_id, ("", ""))
        found.append(
            TrainingRow(
                list_id=evaluation.info.id,
                organization=evaluation.info.organization_name,
                official_id=facts.official_id,
                full_name=facts.full_name,
                birth_date=facts.birth_date,
                position=facts.position_name or facts.position_code,
                education=education,
                political_theory=political_theory,
                missing=tuple(missing),
                unknown=tuple(unknown),
            )
        )
    found.sort(key=lambda r: (not r.missing, r.organization, r.full_name, r.list_id))
    return found
